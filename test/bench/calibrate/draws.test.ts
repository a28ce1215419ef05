import { describe, expect, it } from 'vitest';
import { runDraws, type DrawPlan } from '../../../bench/calibrate/draws.ts';

/** A plan whose line readings come from `readings` in order, recording what ran. */
function scripted(readings: readonly number[], draws = 3) {
  const log: string[] = [];
  let next = 0;
  const plan: DrawPlan = {
    draws,
    readLine: async () => {
      if (next >= readings.length) throw new Error('more readings than scripted');
      return readings[next++]!;
    },
    measureDraw: async (draw) => {
      log.push(`measure ${draw}`);
      return () => log.push(`supersede ${draw}`);
    },
    afterDraw: async (draw) => {
      log.push(`after ${draw}`);
    },
  };
  return { plan, log, readingsTaken: () => next };
}

describe("the calibration's draws and their cross-core readings (one line reader for the whole calibration)", () => {
  it('reads the state before and after each draw through the one reader, and runs what comes between the draws in order', async () => {
    const s = scripted([905, 910, 899, 921, 930, 912]);
    const samples = await runDraws(s.plan);
    expect(samples).toEqual([
      { at: 'draw 1 start', ns: 905 },
      { at: 'draw 1 end', ns: 910 },
      { at: 'draw 2 start', ns: 899 },
      { at: 'draw 2 end', ns: 921 },
      { at: 'draw 3 start', ns: 930 },
      { at: 'draw 3 end', ns: 912 },
    ]);
    expect(s.readingsTaken()).toBe(6);
    expect(s.log).toEqual(['measure 1', 'after 1', 'measure 2', 'after 2', 'measure 3', 'after 3']);
  });

  it('a draw the state changed in (2x or more between its readings) is superseded and measured again, once, before what follows it', async () => {
    // draw 2 starts in the slow state and ends in the fast one; it changes again while measured again: left to the median
    const s = scripted([905, 910, 900, 210, 215, 880, 212, 220]);
    const samples = await runDraws(s.plan);
    expect(samples.map((x) => x.at)).toEqual(['draw 1 start', 'draw 1 end', 'draw 2 start', 'draw 2 end', 'draw 2 again start', 'draw 2 again end', 'draw 3 start', 'draw 3 end']);
    expect(s.log).toEqual(['measure 1', 'after 1', 'measure 2', 'supersede 2', 'measure 2', 'after 2', 'measure 3', 'after 3']);
  });

  it('a failed reading is recorded as null and is no change of state (nothing measured again)', async () => {
    const s = scripted([905, Number.NaN, 0, 210], 2);
    const samples = await runDraws(s.plan);
    expect(samples).toEqual([
      { at: 'draw 1 start', ns: 905 },
      { at: 'draw 1 end', ns: null },
      { at: 'draw 2 start', ns: null },
      { at: 'draw 2 end', ns: 210 },
    ]);
    expect(s.log).toEqual(['measure 1', 'after 1', 'measure 2', 'after 2']);
  });

  it('a draw that fails stops the draws (the caller closes its probe)', async () => {
    const s = scripted([905, 910, 900, 901]);
    const plan: DrawPlan = { ...s.plan, measureDraw: async (draw) => (draw === 2 ? Promise.reject(new Error('draw 2 failed')) : s.plan.measureDraw(draw)) };
    await expect(runDraws(plan)).rejects.toThrow('draw 2 failed');
    expect(s.readingsTaken()).toBe(3);
  });
});
