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

type Op = { op: 'set'; k: number; v: number } | { op: 'delete'; k: number } | { op: 'clear' };

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), k: key, v: fc.integer({ min: 0, max: 2 ** 30 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), k: key }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  ),
  { maxLength: 300 },
);

describe('NumberKeyMap', () => {
  it('behaves like a Map<number, number> under any sequence of set/delete/clear', () => {
    fc.assert(
      fc.property(ops, fc.array(key, { maxLength: 50 }), (script: Op[], probes) => {
        const m = new NumberKeyMap(4);
        const ref = new Map<number, number>();
        for (const s of script) {
          if (s.op === 'set') {
            m.set(s.k, s.v);
            ref.set(s.k, s.v);
          } else if (s.op === 'delete') {
            expect(m.delete(s.k)).toBe(ref.delete(s.k));
          } else {
            m.clear();
            ref.clear();
          }
          expect(m.size).toBe(ref.size);
        }
        for (const k of [...ref.keys(), ...probes]) {
          const want = ref.get(k) ?? -1;
          expect(m.get(k)).toBe(want);
          expect(m.getSplit((k - (k >>> 0)) / 2 ** 32, k | 0)).toBe(m.get(k));
        }
      }),
      { numRuns: 200 },
    );
  });
});
