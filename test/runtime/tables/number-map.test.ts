import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberKeyMap } from '../../../runtime/tables/number-map.ts';

/** Keys of up to 52 bits, biased to collide in their low or high halves. */
const key = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 31 }),
  fc.integer({ min: 0, max: 2 ** 52 - 1 }),
  fc.integer({ min: 0, max: 7 }).map((hi) => hi * 2 ** 32 + 5),
  fc.integer({ min: 0, max: 7 }).map((lo) => 3 * 2 ** 32 + lo),
);

type Op = { op: 'set'; k: number; v: number; tag: number } | { op: 'tag'; k: number; tag: number } | { op: 'delete'; k: number } | { op: 'clear' };

const tag = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), k: key, v: fc.integer({ min: 0, max: 2 ** 30 }), tag }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('tag' as const), k: key, tag }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), k: key }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  ),
  { maxLength: 300 },
);

describe('NumberKeyMap', () => {
  it('behaves like a Map<number, [value, tag]> under any sequence of set/setTag/delete/clear (the tag moves with its key through growth and deletions)', () => {
    fc.assert(
      fc.property(ops, fc.array(key, { maxLength: 50 }), (script: Op[], probes) => {
        const m = new NumberKeyMap(4);
        const ref = new Map<number, number>();
        const tags = new Map<number, number>();
        for (const s of script) {
          if (s.op === 'set') {
            m.set(s.k, s.v, s.tag);
            ref.set(s.k, s.v);
            tags.set(s.k, s.tag);
          } else if (s.op === 'tag') {
            expect(m.setTag(s.k, s.tag)).toBe(ref.has(s.k));
            if (ref.has(s.k)) tags.set(s.k, s.tag);
          } else if (s.op === 'delete') {
            expect(m.delete(s.k)).toBe(ref.delete(s.k));
          } else {
            m.clear();
            ref.clear();
          }
          for (const k of tags.keys()) if (!ref.has(k)) tags.delete(k);
          expect(m.size).toBe(ref.size);
        }
        for (const k of [...ref.keys(), ...probes]) {
          const want = ref.get(k) ?? -1;
          expect(m.get(k)).toBe(want);
          expect(m.getSplit((k - (k >>> 0)) / 2 ** 32, k | 0)).toBe(m.get(k));
          const c = m.cellOfSplit((k - (k >>> 0)) / 2 ** 32, k | 0);
          expect(c >= 0).toBe(ref.has(k));
          if (c >= 0) {
            expect(m.valueAt(c)).toBe(want);
            expect(m.tagAt(c)).toBe(tags.get(k));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps each key\'s tag beside it when deletions shift the entries of a probe run back', () => {
    const m = new NumberKeyMap(4);
    const keys = Array.from({ length: 3000 }, (_, i) => 0x0a00_0000_0000 + i * 977);
    keys.forEach((k, i) => m.set(k, i, -i | 0));
    keys.forEach((k, i) => {
      if (i % 3 !== 0) expect(m.delete(k)).toBe(true);
    });
    keys.forEach((k, i) => {
      const c = m.cellOfSplit((k - (k >>> 0)) / 2 ** 32, k | 0);
      if (i % 3 !== 0) expect(c).toBe(-1);
      else expect([m.valueAt(c), m.tagAt(c)]).toEqual([i, -i | 0]);
    });
  });
});
