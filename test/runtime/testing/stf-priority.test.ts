/**
 * The P4Runtime priority of an STF entry (`runtime/testing/stf-priority.ts`): the data-plane
 * priority the server makes of it (`runtime/control/priorities.ts`) ranks as the STF priority does
 * in the direct run, for tables of either priority order, with and without entries of the program.
 */
import { describe, expect, it } from 'vitest';
import { dataPlanePriority, MAX_PRIORITY } from '../../../runtime/control/priorities.ts';
import { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import type { EntryDescription } from '../../../runtime/control/description.ts';
import { stfP4RuntimePriority } from '../../../runtime/testing/stf-priority.ts';

function table(lowerWins: boolean, programPriorities: readonly number[]): RuntimeTable {
  const initialEntries: EntryDescription[] = programPriorities.map((priority, i) => ({ matches: [{ kind: 'ternary', value: String(i), mask: '255' }], actionId: 1, args: [], priority }));
  return new RuntimeTable(
    {
      name: 'Ing.t',
      id: 1,
      keys: [{ name: 'hdr.h.key', matchKind: 'ternary', width: 8 }],
      actions: [{ id: 1, name: 'a', params: [] }],
      defaultAction: { actionId: 1, args: [], isConst: false },
      ...(initialEntries.length > 0 ? { initialEntries } : {}),
    },
    { priorityOrder: lowerWins ? 'lower-wins' : 'higher-wins' },
  );
}

/** The data-plane priority an STF priority ends up at through P4Runtime. */
function served(t: RuntimeTable, p: number): number {
  const q = stfP4RuntimePriority(t, p);
  if (!q.ok) throw new Error(q.reason);
  expect(q.priority).toBeGreaterThanOrEqual(1);
  expect(q.priority).toBeLessThanOrEqual(MAX_PRIORITY);
  return dataPlanePriority(t, q.priority);
}

const STF = [0, 1, 2, 3, 9, 10, 11, 15, 19, 20, 1000, MAX_PRIORITY - 1];

describe('stfP4RuntimePriority', () => {
  for (const lowerWins of [false, true]) {
    const order = lowerWins ? 'the smallest wins' : 'the largest wins';
    it(`${order}, no entries of the program: every order among STF priorities 0 .. 2^31 - 2 is kept (0, none written, too)`, () => {
      const t = table(lowerWins, []);
      for (const a of STF) for (const b of STF) expect(Math.sign(served(t, a) - served(t, b))).toBe(Math.sign(a - b));
    });

    it(`${order}, entries of the program at 10 and 20: an STF entry sits at its own data-plane priority (ties with the program's entries kept)`, () => {
      const t = table(lowerWins, [10, 20]);
      for (const p of STF.filter((p) => (lowerWins ? p <= 20 : p >= 1))) expect(served(t, p)).toBe(p);
    });
  }

  it('refuses, clearly, an STF priority that must lose to every entry of the program', () => {
    const higher = stfP4RuntimePriority(table(false, [10, 20]), 0);
    expect(higher).toEqual({ ok: false, reason: expect.stringContaining('STF priority 0 ranks below every entry of the program') });
    const lower = stfP4RuntimePriority(table(true, [10, 20]), 21);
    expect(lower).toEqual({ ok: false, reason: expect.stringContaining('STF priority 21 ranks below every entry of the program (largest_priority_wins = false)') });
  });

  it('refuses an STF priority whose P4Runtime priority would not be an int32 (instead of wrapping)', () => {
    expect(stfP4RuntimePriority(table(false, []), MAX_PRIORITY)).toEqual({ ok: false, reason: expect.stringContaining(`STF priority ${MAX_PRIORITY} has no P4Runtime priority`) });
    expect(stfP4RuntimePriority(table(false, [10]), 2 ** 31)).toEqual({ ok: false, reason: expect.stringContaining('has no P4Runtime priority') });
    expect(stfP4RuntimePriority(table(true, []), MAX_PRIORITY)).toEqual({ ok: false, reason: expect.stringContaining('has no P4Runtime priority') });
  });
});
