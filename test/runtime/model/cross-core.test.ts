import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STATE_RATIO, calibrationCrossCore, crossCoreStates } from '../../../runtime/model/cross-core.ts';

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
});
