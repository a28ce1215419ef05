/**
 * The P4Runtime priority the STF-through-P4Runtime runner (`stf-p4runtime.ts`) sends for an STF
 * entry, so that the entry ranks exactly as the direct run ranks it (`stf.ts` inserts the STF
 * priority p itself into the data plane; an entry without one has priority 0; of equal priorities
 * the entry inserted first wins, so a program's entry beats an STF entry of the same priority).
 *
 * The server turns the P4Runtime priority q into the data-plane priority `dataPlanePriority(q)`
 * (`runtime/control/priorities.ts`: q itself, or K - q in a table with
 * `largest_priority_wins = false`). Each table gets one monotone function of p:
 *
 * - a table with entries of the program: q is the P4Runtime priority that stands for the
 *   data-plane priority p (p itself, or K - p), so the STF entry sits at the same data-plane
 *   priority as in the direct run and every rank and tie against the program's entries and the
 *   other STF entries is the direct run's. A p whose q would fall outside 1..2^31 - 1 has no
 *   P4Runtime counterpart: an entry that must lose to the program's weakest entry (which reads as
 *   P4Runtime priority 1), that is p = 0 where the largest priority wins and p ≥ K where the
 *   smallest does. Such a p is refused as unsupported.
 * - a table without entries of the program: only the order among the STF entries matters, and
 *   p + 1 (the largest wins) or 2^31 - 1 - p (the smallest wins, as the server turns it around
 *   to the data-plane priority p + 2 - 2^31) keeps it for every p from 0 to 2^31 - 2.
 */
import { hasProgramEntries, isP4RuntimePriority, MAX_PRIORITY, p4runtimePriority } from '../control/priorities.ts';
import type { RuntimeTable } from '../control/runtime-table.ts';

/** The P4Runtime priority for STF priority `p` (0: none written) in `table`, or why there is none. */
export function stfP4RuntimePriority(table: RuntimeTable, p: number): { ok: true; priority: number } | { ok: false; reason: string } {
  const lowerWins = table.priorityOrder === 'lower-wins';
  const q = hasProgramEntries(table) ? p4runtimePriority(table, p) : lowerWins ? MAX_PRIORITY - p : p + 1;
  if (isP4RuntimePriority(q)) return { ok: true, priority: q };
  if (!hasProgramEntries(table) || p < 0 || q >= 1) return { ok: false, reason: `STF priority ${p} has no P4Runtime priority (they are 1 to 2^31 - 1)` };
  const weakest = lowerWins ? 'the largest' : 'the smallest';
  return {
    ok: false,
    reason: `STF priority ${p} ranks below every entry of the program${lowerWins ? ' (largest_priority_wins = false)' : ''}, and through P4Runtime no entry can: the program's entry of ${weakest} priority reads as priority 1, the lowest there is`,
  };
}
