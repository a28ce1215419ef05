import { describe, expect, it } from 'vitest';
import { formatCalibration, formatValidation, validationJson } from '../../../cli/model/local.ts';
import type { Validation, ValidationRow } from '../../../cli/model/validate.ts';
import { CALIBRATION } from '../../runtime/model/local-calibration.ts';
import { SUPERSEDED } from '../../../runtime/model/local.ts';

const run = (name: string, helped: number, offloaded: number) => ({ name, mainNs: 300, processNs: 400, pps: 1e6, helped, offloaded });

describe('formatCalibration', () => {
  it('warns when a streaming run\'s worker took few of the tasks (the costs solved from it divide by its share)', () => {
    const busy = formatCalibration({ ...CALIBRATION, measurements: [run('stream longjump share 1', 70, 30), run('stream context share 1', 10, 90)] });
    expect(busy).toMatch(/warning: in 1 streaming run\(s\) the main thread ran over 60% of the tasks itself/);
    expect(busy).toContain('longjump share 1 70%, context share 1 10%');
    const quiet = formatCalibration({ ...CALIBRATION, measurements: [run('stream longjump share 1', 30, 70)] });
    expect(quiet).not.toMatch(/warning/);
  });

  it('warns when an operation of a header, a lookup or a primitive is priced at 0 (its shape ran no slower than one-header: dead work or noise)', () => {
    const ops = { ...CALIBRATION.ops, sync: { ...CALIBRATION.ops.sync, primitive: 0, lookup: { ...CALIBRATION.ops.sync.lookup, range: 0 } } };
    expect(formatCalibration({ ...CALIBRATION, ops })).toContain('warning: priced at 0 ns: sync range, sync primitive');
    // a byte priced at 0 is common (emit/B came out 0 in the calibration of 2026-12-07 08:29): no warning
    const bytes = { ...CALIBRATION.ops, sync: { ...CALIBRATION.ops.sync, emitByte: 0, parseByte: 0 } };
    expect(formatCalibration({ ...CALIBRATION, ops: bytes })).not.toMatch(/priced at 0/);
  });

  it('does not count a run superseded by a draw measured again (it is not solved from) as starved', () => {
    const out = formatCalibration({ ...CALIBRATION, measurements: [run(`stream longjump share 1 ${SUPERSEDED}`, 70, 30), run('stream longjump share 1', 30, 70)] });
    expect(out).not.toMatch(/warning: in \d+ streaming run/);
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

  it('says "one state throughout" only when it was: not after a draw was measured again, nor with a failed probe', () => {
    const sample = (at: string, ns: number | null) => ({ at, ns });
    // draw 1 changed (0.2 -> 0.9 µs) and was measured again in the slow state; samples in between bridge the 2x gap
    const again = formatCalibration({
      ...CALIBRATION,
      crossCore: { lineSamples: [sample('draw 1 start', 200), sample('draw 1 end', 900), sample('draw 1 again start', 880), sample('draw 1 again end', 900), sample('draw 2 start', 320), sample('draw 2 end', 580)] },
    });
    expect(again).not.toContain('one state throughout');
    expect(again).toMatch(/draw 2 unknown/);
    expect(again).toContain('but not throughout');
    const failed = formatCalibration({ ...CALIBRATION, crossCore: { lineSamples: [sample('draw 1 start', 880), sample('draw 1 end', null), sample('draw 2 start', 900), sample('draw 2 end', 905)] } });
    expect(failed).toMatch(/draw 1 unknown/);
    expect(failed).not.toContain('one state throughout');
  });

  it('warns when the machine was busy (load average above the cores and one) when the calibration ended', () => {
    const busy = formatCalibration({ ...CALIBRATION, machine: { ...CALIBRATION.machine, cpus: 2, loadAverage: [12.3, 10, 8] } });
    expect(busy).toMatch(/warning: load average 12.3 on 2 cores when the calibration ended/);
    expect(formatCalibration({ ...CALIBRATION, machine: { ...CALIBRATION.machine, cpus: 2, loadAverage: [2.9, 3, 3] } })).not.toMatch(/load average/);
  });
});

describe("formatValidation: the bench's cross-core state beside the calibration's", () => {
  /** A point of `scenario` predicted with |error| `error` on every measure. */
  const row = (scenario: string, error: number): ValidationRow => ({
    run: { scenario, mode: 'sync-offload', share: 1, cycles: 0, burst: 32, pps: 1e6, mainNsPerPacket: 1000 },
    predictedPps: 1e6 * (1 + error),
    error,
    predictedCpuPps: 1e6 * (1 + error),
    measuredCpuPps: 1e6,
    cpuError: error,
    predictedCpuPpsGivenHelp: 1e6 * (1 + error),
    cpuErrorGivenHelp: error,
    predictedCores: 2,
    measuredCores: 2,
    starved: false,
    bottleneck: 'main',
    helpedShare: 0,
    measuredHelpedShare: undefined,
  });
  const v: Validation = { rows: [row('l2fwd', 0.05), row('l2fwd', 0.07), row('ipsec', 0.6)], skipped: [] };
  const sample = (at: string, ns: number) => ({ at, ns });
  const fast = { ...CALIBRATION, crossCore: { lineSamples: [sample('draw 1 start', 200), sample('draw 1 end', 215), sample('draw 2 start', 205), sample('draw 2 end', 210)] } };

  it('says per scenario where the states differ, and summarises the points whose states agree', () => {
    const out = formatValidation(v, fast, { name: 'b.json', crossCore: new Map([['l2fwd', 190], ['ipsec', 905]]) });
    expect(out).toMatch(/beside the calibration's \(\d+ ns\):\n {2}l2fwd +bench state 190 ns: one state\n {2}ipsec +bench state 905 ns: the states differ/);
    expect(out).toMatch(/\n3 points predicted \(0 not\): .*\n2 points whose scenario ran in the calibration's cross-core state \(1 in the other, 0 unknown\): main-thread CPU 2 of 2 \(100%\) within 25%, median \|error\| 6\.0%/);
  });

  it('says the states agree when every scenario ran in the calibration\'s, and "bench state unknown" for a bench without the record', () => {
    expect(formatValidation(v, fast, { name: 'b.json', crossCore: new Map([['l2fwd', 190], ['ipsec', 230]]) })).toContain("cross-core: states agree (every scenario ran in the calibration's state)");
    const old = formatValidation(v, fast, { name: 'old.json' });
    expect(old).toContain('bench state unknown: old.json has no cross-core record');
    expect(old).toMatch(/\n3 points predicted .*\ncross-core: bench state unknown\n/);
    // the predictions themselves are the same whatever the states: only the report differs
    const rowsOf = (t: string): string[] => t.split('\n').filter((l) => /^ {2}(l2fwd|ipsec) +sync-offload /.test(l));
    expect(rowsOf(old)).toHaveLength(3);
    expect(rowsOf(old)).toEqual(rowsOf(formatValidation(v, fast, { name: 'b.json', crossCore: new Map([['l2fwd', 190], ['ipsec', 905]]) })));
  });

  it("--json: each scenario's state beside the calibration's, or null for a bench without the record", () => {
    const j = validationJson(v, fast, new Map([['l2fwd', 190], ['ipsec', null]])) as { cross_core: { scenario: string; bench_ns: number | null; calibration_ns: number; agree: boolean | null }[] };
    expect(j.cross_core.map((c) => [c.scenario, c.bench_ns, c.agree])).toEqual([
      ['l2fwd', 190, true],
      ['ipsec', null, null],
    ]);
    expect(j.cross_core[0]!.calibration_ns).toBeLessThan(250);
    expect((validationJson(v, fast, undefined) as { cross_core: unknown }).cross_core).toBeNull();
  });
});
