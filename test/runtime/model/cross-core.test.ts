import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STATE_RATIO, STATE_SHARE, calibrationCrossCore, crossCoreChanged, calibrationStateNs, crossCoreStates, runStateNs, sameCrossCoreState } from '../../../runtime/model/cross-core.ts';

/** `n` samples around `level`, each within ±20 % (one state's spread: the least of 20 trials). */
const around = (level: number, n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => level * (0.8 + 0.4 * (((seed + i) * 7919) % 101) / 100));

describe('crossCoreStates', () => {
  it('one state: samples of one level, however noisy within ±20 %', () => {
    const s = crossCoreStates(around(900, 12, 3));
    expect(s.levels).toHaveLength(1);
    expect(s.stateOf.every((x) => x === 0)).toBe(true);
  });

  it("two states: the samples of this machine's two (about 0.2 and 0.9 µs), each labelled, in any order", () => {
    const near = around(210, 5, 1);
    const far = around(900, 7, 2);
    fc.assert(
      fc.property(fc.shuffledSubarray([...near.map((ns) => ({ ns, near: true })), ...far.map((ns) => ({ ns, near: false }))], { minLength: 12, maxLength: 12 }), (xs) => {
        const s = crossCoreStates(xs.map((x) => x.ns));
        expect(s.levels).toHaveLength(2);
        expect(s.levels[0]!).toBeGreaterThan(150);
        expect(s.levels[0]!).toBeLessThan(260);
        expect(s.levels[1]!).toBeGreaterThan(700);
        xs.forEach((x, i) => expect(s.stateOf[i]).toBe(x.near ? 0 : 1));
      }),
    );
  });

  it(`splits only at a ratio of ${STATE_RATIO} or more between neighbours; a failed probe is in no state`, () => {
    expect(crossCoreStates([500, 0.99 * STATE_RATIO * 500]).levels).toHaveLength(1);
    expect(crossCoreStates([500, STATE_RATIO * 500]).levels).toEqual([500, STATE_RATIO * 500]);
    expect(crossCoreStates([900, Number.NaN, 0]).stateOf).toEqual([0, -1, -1]);
    expect(crossCoreStates([])).toEqual({ levels: [], stateOf: [] });
  });
});

describe('calibrationCrossCore', () => {
  it("each draw's state from its start and end samples; a draw measured again from its second pair; a draw whose pair disagrees in none", () => {
    const c = calibrationCrossCore([
      { at: 'draw 1 start', ns: 880 },
      { at: 'draw 1 end', ns: 910 },
      { at: 'draw 2 start', ns: 900 },
      { at: 'draw 2 end', ns: 215 }, // changed while draw 2 ran
      { at: 'draw 2 again start', ns: 205 },
      { at: 'draw 2 again end', ns: 230 },
      { at: 'draw 3 start', ns: 220 },
      { at: 'draw 3 end', ns: 950 },
    ]);
    expect(c.levels).toHaveLength(2);
    expect([...c.drawState]).toEqual([
      [1, 1],
      [2, 0],
      [3, -1],
    ]);
    expect(c.measuredAgain).toEqual([2]);
  });

  it('samples between the two levels do not merge them: two states when the largest and least are 2x apart, split at the widest gap', () => {
    const s = crossCoreStates([200, 320, 580, 900]);
    expect(s.levels).toHaveLength(2);
    expect(s.stateOf).toEqual([0, 0, 1, 1]);
    // a draw measured again is never summarised as one state: its first pair is 2x apart
    const c = calibrationCrossCore([
      { at: 'draw 1 start', ns: 200 },
      { at: 'draw 1 end', ns: 900 },
      { at: 'draw 1 again start', ns: 880 },
      { at: 'draw 1 again end', ns: 900 },
      { at: 'draw 2 start', ns: 320 },
      { at: 'draw 2 end', ns: 580 }, // under 2x apart (not measured again), but across the split: unknown
    ]);
    expect(c.levels).toHaveLength(2);
    expect([...c.drawState]).toEqual([
      [1, 1],
      [2, -1],
    ]);
  });

  it('a failed probe (null or NaN) leaves its draw unknown, not decided by the one sample left', () => {
    const c = calibrationCrossCore([
      { at: 'draw 1 start', ns: 880 },
      { at: 'draw 1 end', ns: null },
      { at: 'draw 2 start', ns: Number.NaN },
      { at: 'draw 2 end', ns: 900 },
      { at: 'draw 3 start', ns: 890 },
      { at: 'draw 3 end', ns: 905 },
      { at: 'draw 4 start', ns: 900 }, // no end sample at all
    ]);
    expect(c.levels).toHaveLength(1);
    expect([...c.drawState]).toEqual([
      [1, -1],
      [2, -1],
      [3, 0],
      [4, -1],
    ]);
  });

  it('crossCoreChanged, the re-measure rule: both samples there and 2x or more apart', () => {
    expect(crossCoreChanged(210, 900)).toBe(true);
    expect(crossCoreChanged(900, 2 * 900)).toBe(true);
    expect(crossCoreChanged(320, 580)).toBe(false);
    expect(crossCoreChanged(210, null)).toBe(false);
    expect(crossCoreChanged(Number.NaN, 900)).toBe(false);
  });
});

describe("a bench scenario's state beside a calibration's", () => {
  it('runStateNs, two samples (before and after) or one: the level of one state; null for two states or a failed probe', () => {
    expect(runStateNs([215, 188])).toBe(188);
    expect(runStateNs([900])).toBe(900);
    expect(runStateNs([210, 900])).toBeNull();
    expect(runStateNs([210, Number.NaN])).toBeNull();
    expect(runStateNs([null])).toBeNull();
    expect(runStateNs([])).toBeNull();
  });

  it(`runStateNs, samples through a run: the state at least ${STATE_SHARE} of the stretches between them ran in`, () => {
    const fast = around(210, 9, 4);
    const slow = around(900, 9, 5);
    // the change after the 8th of 9 stretches: 7 of 8 in the fast state (0.875)
    expect(runStateNs([...fast.slice(0, 8), slow[0]!])).toBeLessThan(260);
    // the change half-way: neither state holds
    expect(runStateNs([...fast.slice(0, 5), ...slow.slice(0, 4)])).toBeNull();
    // a flip and back (one sample in the other state) spoils two stretches: 6 of 8
    expect(runStateNs([...slow.slice(0, 4), fast[0]!, ...slow.slice(4, 8)])).toBeGreaterThan(700);
    // failed probes tell nothing: the span between the measured samples around them counts whole
    expect(runStateNs([fast[0]!, null, null, null, null, null, fast[1]!])).toBeLessThan(260);
    expect(runStateNs([fast[0]!, null, null, null, null, null, slow[1]!])).toBeNull();
    // before the first and after the last measured sample: the nearest reading's state
    expect(runStateNs([null, null, null, ...fast.slice(0, 6)])).toBeLessThan(260);
    expect(runStateNs([null, null, slow[0]!, slow[1]!, null, null, null, null, null])).toBeGreaterThan(700);
    // a change seen between the readings still counts: 2 stretches slow, 1 fast, 5 across the change
    expect(runStateNs([null, null, slow[0]!, null, null, null, null, fast[0]!, null])).toBeNull();
    // but never from one reading alone
    expect(runStateNs([null, null, fast[0]!, null])).toBeNull();
    expect(runStateNs([null, null])).toBeNull();
  });

  it('fast-check runStateNs: a state holds exactly when three quarters of the stretches have it at their nearest readings on both sides (one side at the ends); its level is of that state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('fast', 'slow', 'failed'), { minLength: 2, maxLength: 40 }), fc.nat(100), (kinds, seed) => {
        const xs = kinds.map((k, i) => (k === 'failed' ? null : around(k === 'fast' ? 210 : 900, 1, seed + i)[0]!));
        const stretches = kinds.length - 1;
        // stretch i (samples i, i+1): the nearest measured sample at or before i and at or after i + 1 (one of them at the ends); none from a single reading
        const readings = kinds.filter((k) => k !== 'failed').length;
        const stateOfStretch = (i: number): string | undefined => {
          const before = kinds.slice(0, i + 1).filter((k) => k !== 'failed').at(-1);
          const after = kinds.slice(i + 1).find((k) => k !== 'failed');
          if (readings < 2) return undefined;
          return before === undefined ? after : after === undefined ? before : before === after ? before : undefined;
        };
        const count = (k: string): number => Array.from({ length: stretches }, (_, i) => stateOfStretch(i)).filter((x) => x === k).length;
        const got = runStateNs(xs);
        const holding = ['fast', 'slow'].filter((k) => count(k) >= STATE_SHARE * stretches);
        if (holding.length === 0) expect(got).toBeNull();
        else expect(got === null ? 'none' : got < 500 ? 'fast' : 'slow').toBe(holding[0]);
      }),
    );
  });

  it("calibrationStateNs: the median draw's level (the state most draws ran in); null without a draw in one state", () => {
    const s = (at: string, ns: number) => ({ at, ns });
    // draws 1 and 3 slow, draw 2 fast: the costs are the median draw's, a slow one
    const mostlySlow = [s('draw 1 start', 880), s('draw 1 end', 900), s('draw 2 start', 210), s('draw 2 end', 205), s('draw 3 start', 910), s('draw 3 end', 890)];
    expect(calibrationStateNs(mostlySlow)!).toBeGreaterThan(800);
    expect(calibrationStateNs([s('draw 1 start', 200), s('draw 1 end', 220)])!).toBeLessThan(250);
    expect(calibrationStateNs([s('draw 1 start', 200), s('draw 1 end', 900)])).toBeNull();
    expect(calibrationStateNs([])).toBeNull();
  });

  it(`sameCrossCoreState: one state under a ratio of ${STATE_RATIO}, either way round`, () => {
    expect(sameCrossCoreState(188, 230)).toBe(true);
    expect(sameCrossCoreState(900, 210)).toBe(false);
    expect(sameCrossCoreState(210, 900)).toBe(false);
    expect(sameCrossCoreState(500, STATE_RATIO * 500)).toBe(false);
  });
});
