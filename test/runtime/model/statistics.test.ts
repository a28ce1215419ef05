import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { medianOf, quantileOf } from '../../../runtime/model/statistics.ts';

describe('medianOf', () => {
  it('is the middle value of an odd list and the mean of the two middle ones of an even list, in any order', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const m = medianOf(xs);
        // at least half the values on each side of it
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        // (== : a list holding 0 and -0 may give either, which are the same number)
        expect(medianOf([...xs].reverse()) === m).toBe(true);
      }),
    );
  });

  it('is NaN for no values and for a list holding NaN (a run that measured nothing has no median)', () => {
    expect(medianOf([])).toBeNaN();
    expect(medianOf([1, Number.NaN, 3])).toBeNaN();
  });
});

describe('quantileOf', () => {
  it('interpolates between order statistics, NaN for an empty list', () => {
    expect(quantileOf([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantileOf([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileOf([1, 2], 0.25)).toBe(1.25);
    expect(quantileOf([], 0.5)).toBeNaN();
  });
});
