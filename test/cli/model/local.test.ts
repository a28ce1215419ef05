import { describe, expect, it } from 'vitest';
import { formatCalibration } from '../../../cli/model/local.ts';
import { CALIBRATION } from '../../runtime/model/local-calibration.ts';

const run = (name: string, helped: number, offloaded: number) => ({ name, mainNs: 300, processNs: 400, pps: 1e6, helped, offloaded });

describe('formatCalibration', () => {
  it('warns when a streaming run\'s worker took few of the tasks (the costs solved from it divide by its share)', () => {
    const busy = formatCalibration({ ...CALIBRATION, measurements: [run('stream longjump share 1', 70, 30), run('stream context share 1', 10, 90)] });
    expect(busy).toMatch(/warning: in 1 streaming run\(s\) the main thread ran over 60% of the tasks itself/);
    expect(busy).toContain('longjump share 1 70%, context share 1 10%');
    const quiet = formatCalibration({ ...CALIBRATION, measurements: [run('stream longjump share 1', 30, 70)] });
    expect(quiet).not.toMatch(/warning/);
  });

  it("prints a suspended ESP / AES site's extra per variant, or says it was not measured", () => {
    const with_ = formatCalibration({ ...CALIBRATION, asyncOpGlue: { context: { esp: 70, aes: 30 }, longjump: { esp: 120, aes: -20 } } });
    expect(with_).toContain('context 70.0 / 30.0 ns, longjump 120 / -20.0 ns');
    const { asyncOpGlue: _, ...without } = { ...CALIBRATION, asyncOpGlue: undefined };
    expect(formatCalibration(without)).toContain('suspended ESP / AES sites in context and longjump: not measured');
  });

  it('prints every draw of each drawn cost and how far the farthest is from the median, or nothing for a calibration of one draw', () => {
    const out = formatCalibration({ ...CALIBRATION, draws: { 'stream.context.plainBase': [40, 64, 42], workerTaskNs: [300, 310, 290] } });
    expect(out).toContain('each cost solved from each of 3 draws');
    expect(out).toMatch(/stream\.context\.plainBase +40\.0 +64\.0 +42\.0 +±52%/);
    expect(out).toMatch(/workerTaskNs +300 +310 +290 +±3%/);
    expect(formatCalibration(CALIBRATION)).not.toContain('draws');
  });

  it("prints the cross-core state of each draw, warns when the draws ran in two states, and says so for a calibration without the record", () => {
    const sample = (at: string, ns: number) => ({ at, ns });
    const one = formatCalibration({ ...CALIBRATION, crossCore: { lineSamples: [sample('draw 1 start', 880), sample('draw 1 end', 900), sample('draw 2 start', 910), sample('draw 2 end', 905)] } });
    expect(one).toMatch(/cross-core state .*: draw 1 \d+ ns, draw 2 \d+ ns\n/);
    expect(one).toContain('one state throughout');
    expect(one).not.toMatch(/warning/);
    const two = formatCalibration({
      ...CALIBRATION,
      crossCore: { lineSamples: [sample('draw 1 start', 880), sample('draw 1 end', 210), sample('draw 1 again start', 900), sample('draw 1 again end', 890), sample('draw 2 start', 200), sample('draw 2 end', 220)] },
    });
    expect(two).toContain('measured again, the state having changed while it ran: draw 1');
    expect(two).toMatch(/warning: the draws ran in two states of the machine \(\d+ ns and \d+ ns\)/);
    expect(formatCalibration(CALIBRATION)).toContain('cross-core state: not measured');
  });

  it('warns when the machine was busy (load average above the cores and one) when the calibration ended', () => {
    const busy = formatCalibration({ ...CALIBRATION, machine: { ...CALIBRATION.machine, cpus: 2, loadAverage: [12.3, 10, 8] } });
    expect(busy).toMatch(/warning: load average 12.3 on 2 cores when the calibration ended/);
    expect(formatCalibration({ ...CALIBRATION, machine: { ...CALIBRATION.machine, cpus: 2, loadAverage: [2.9, 3, 3] } })).not.toMatch(/load average/);
  });
});
