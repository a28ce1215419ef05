/**
 * The idle timeout ager (`IdleTimeouts`) on its own, over one RuntimeTable and a clock the test
 * moves: the timer a report restarts, MODIFY and its undo, entries removed or added other than
 * through the server, and sweeps that report nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import { IdleTimeouts } from '../../../runtime/p4runtime/server/idle-timeouts.ts';
import type { TableInfo } from '../../../runtime/p4runtime/server/pipeline.ts';

function ageing() {
  const runtime = new RuntimeTable({
    name: 'I.flows',
    id: 1,
    keys: [{ name: 'k', matchKind: 'exact', width: 16 }],
    actions: [{ id: 1, name: 'I.drop', params: [] }],
    defaultAction: { actionId: 1, args: [], isConst: false },
    supportTimeout: true,
  });
  const table = { runtime, ages: true } as unknown as TableInfo;
  let now = 1000; // µs
  const ager = new IdleTimeouts([table], () => now);
  return {
    runtime,
    table,
    ager,
    insert: (k: number) => runtime.insert([{ kind: 'exact', value: k }], 'I.drop'),
    /** What generated code does when entry `k` matches a packet. */
    hit: (k: number) => {
      runtime.hitFlags[runtime.match1(k)] = 1;
    },
    advance: (us: number) => {
      now += us;
    },
  };
}

describe('the idle timeout ager', () => {
  it('a report restarts the timer: the entry is reported again after each further timeout while unhit; a hit restarts it', () => {
    const { table, ager, insert, hit, advance } = ageing();
    const r = insert(1);
    ager.set(table, r, 1_000_000n); // 1 ms
    advance(999);
    expect(ager.sweep()).toEqual([]);
    advance(1);
    expect(ager.sweep().map((e) => [e.record, e.timeoutNs])).toEqual([[r, 1_000_000n]]);
    advance(999);
    expect(ager.sweep()).toEqual([]);
    advance(1);
    expect(ager.sweep()).toHaveLength(1);
    expect(ager.sinceLastHitNs(table, r)).toBe(2_000_000n); // a report does not reset the time since the last hit
    advance(300);
    hit(1);
    expect(ager.sweep()).toEqual([]); // the hit is seen here
    advance(999);
    expect(ager.sweep()).toEqual([]);
    expect(ager.sinceLastHitNs(table, r)).toBe(999_000n);
    advance(1);
    expect(ager.sweep()).toHaveLength(1);
  });

  it('without anyone to tell, a sweep takes the hits in and leaves the timers that ran out for the next one', () => {
    const { table, ager, insert, advance } = ageing();
    const r = insert(1);
    ager.set(table, r, 1_000_000n);
    advance(5000);
    expect(ager.sweep(false)).toEqual([]);
    expect(ager.sweep()).toHaveLength(1);
  });

  it('MODIFY changes only the timeout; its undo puts the timeout back and keeps a hit marked meanwhile', () => {
    const { table, ager, insert, hit, advance } = ageing();
    const r = insert(1);
    ager.set(table, r, 1_000_000n);
    advance(800);
    hit(1); // not looked at yet
    const undo = ager.set(table, r, 5_000_000n);
    undo();
    expect(ager.timeoutOf(table, r)).toBe(1_000_000n);
    advance(500); // the hit is seen here, 1.3 ms after the insertion
    expect(ager.sweep()).toEqual([]);
    advance(999);
    expect(ager.sweep()).toEqual([]);
    advance(1);
    expect(ager.sweep()).toHaveLength(1);
  });

  it('forgets an entry removed other than through the server, also when another entry takes its index', () => {
    const { runtime, table, ager, insert, hit, advance } = ageing();
    const a = insert(1);
    ager.set(table, a, 1_000_000n);
    runtime.remove(a.handle);
    const b = insert(2);
    expect(b.index).toBe(a.index);
    advance(5000);
    expect(ager.sweep()).toEqual([]);
    expect(ager.timeoutOf(table, b)).toBe(0n);
    // the new entry is known from its first hit
    hit(2);
    expect(ager.sweep()).toEqual([]);
    advance(7);
    expect(ager.sinceLastHitNs(table, b)).toBe(7000n);
  });

  it('a rolled-back INSERT and a DELETE forget the entry; a rolled-back DELETE gives its age to the new record', () => {
    const { runtime, table, ager, insert, advance } = ageing();
    const a = insert(1);
    const undoInsert = ager.set(table, a, 1_000_000n);
    undoInsert();
    const b = insert(2);
    ager.set(table, b, 2_000_000n);
    const age = ager.forget(table, b);
    runtime.remove(b.handle);
    advance(5000);
    expect(ager.sweep()).toEqual([]);
    const again = insert(2);
    ager.restore(table, again, age);
    expect(ager.timeoutOf(table, again)).toBe(2_000_000n);
    expect(ager.sweep().map((e) => e.record)).toEqual([again]);
  });

  it('a sweep that reports nothing returns one shared empty list (it allocates no list per sweep)', () => {
    const { table, ager, insert, advance } = ageing();
    for (let k = 0; k < 100; k++) ager.set(table, insert(k), 10_000_000n);
    advance(10);
    const first = ager.sweep();
    expect(first).toEqual([]);
    expect(ager.sweep()).toBe(first);
  });

  it('fast-check: after any script of inserts, timeouts changed, hits, removals and clock steps, each sweep reports exactly the entries a plain scan would', () => {
    type Step = { op: 'insert' | 'modify' | 'hit' | 'remove'; key: number; timeoutUs: number } | { op: 'advance'; us: number } | { op: 'sweep' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ op: fc.constantFrom('insert' as const, 'modify' as const, 'hit' as const, 'remove' as const), key: fc.integer({ min: 0, max: 11 }), timeoutUs: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ op: fc.constant('advance' as const), us: fc.integer({ min: 0, max: 8 }) }),
      fc.record({ op: fc.constant('sweep' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 40, maxLength: 160 }), (steps) => {
        const { runtime, table, ager, insert, hit, advance } = ageing();
        // the reference: per key its timeout, the start of its timer and whether it was hit since the last sweep
        const model = new Map<number, { timeoutUs: number; startUs: number; hit: boolean }>();
        const records = new Map<number, ReturnType<typeof insert>>();
        let now = 1000;
        for (const s of [...steps, { op: 'sweep' } as Step]) {
          if (s.op === 'advance') {
            advance(s.us);
            now += s.us;
          } else if (s.op === 'sweep') {
            for (const m of model.values()) if (m.hit) [m.startUs, m.hit] = [now, false];
            const expected: number[] = [];
            for (const [key, m] of model) {
              if (m.timeoutUs > 0 && now - m.startUs >= m.timeoutUs) {
                expected.push(key);
                m.startUs = now;
              }
            }
            const reported = ager.sweep().map((e) => [...records].find(([, r]) => r === e.record)![0]);
            expect(reported.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
          } else if (s.op === 'insert' && !records.has(s.key)) {
            const r = insert(s.key);
            records.set(s.key, r);
            ager.set(table, r, BigInt(s.timeoutUs) * 1000n);
            model.set(s.key, { timeoutUs: s.timeoutUs, startUs: now, hit: false });
          } else if (s.op === 'modify' && records.has(s.key)) {
            ager.set(table, records.get(s.key)!, BigInt(s.timeoutUs) * 1000n);
            model.get(s.key)!.timeoutUs = s.timeoutUs;
          } else if (s.op === 'hit' && records.has(s.key)) {
            hit(s.key);
            model.get(s.key)!.hit = true;
          } else if (s.op === 'remove' && records.has(s.key)) {
            const r = records.get(s.key)!;
            // half through the server (forget), half out of band
            if (s.timeoutUs % 2 === 0) ager.forget(table, r);
            runtime.remove(r.handle);
            records.delete(s.key);
            model.delete(s.key);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
