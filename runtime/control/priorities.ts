/**
 * Entry priorities at the P4Runtime boundary. P4Runtime has one rule for every table: "a higher
 * priority number indicates that the entry must be given higher priority" (specification,
 * `TableEntry`). A table declared with `largest_priority_wins = false` ranks its entries the other
 * way in the data plane (the runtime table's `lower-wins` order), so its priorities are turned
 * around where they cross the boundary: a data-plane priority p is the P4Runtime priority `K - p`,
 * where K is one more than the largest priority among the program's entries of the table (its
 * `entries` or `const entries` list; 1 when it has none). The translation is its own inverse
 * (`p = K - q`), keeps equal priorities equal, and makes the program's entries read between 1 and
 * K - 1 with the winning one highest: the same numbers the list gets in a table whose largest
 * priority wins (the first of N entries 1 + (N - 1) * priority_delta, the last 1). A client's
 * entry of a higher P4Runtime priority wins, as in every other table. Every other table's
 * priorities are the data plane's.
 *
 * The P4Runtime server, and the entries JSON files (`entries-json.ts`, whose priorities are the
 * P4Runtime ones, what the P4 tutorials' client sends), cross the boundary here.
 */
import { matchKindNeedsPriority } from '../../contract/table-keys.ts';
import type { RuntimeTable } from './runtime-table.ts';

/** The largest P4Runtime priority (the field is an int32). */
export const MAX_PRIORITY = 2 ** 31 - 1;

/** Whether `value` fits P4Runtime's priority field (an int32) as it is, without wrapping. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 31) && value <= MAX_PRIORITY;
}

/** Whether a P4Runtime priority can be `priority`: an int32 above 0 (what a table that needs priorities accepts). */
export function isP4RuntimePriority(priority: number): boolean {
  return Number.isInteger(priority) && priority >= 1 && priority <= MAX_PRIORITY;
}

/** Whether `table`'s entries need a priority: it has a ternary, range or optional key. */
export function needsPriority(table: RuntimeTable): boolean {
  return table.keys.some((k) => matchKindNeedsPriority(k.matchKind));
}

/** Whether the program has entries (`entries` or `const entries`) in `table`. */
export function hasProgramEntries(table: RuntimeTable): boolean {
  const d = table.description;
  return (d.initialEntries?.length ?? 0) + (d.constEntries?.length ?? 0) > 0;
}

/** K of a lower-wins table (worked out once: the program's entries do not change). */
const offsets = new WeakMap<RuntimeTable, number>();

function offsetOf(table: RuntimeTable): number {
  let k = offsets.get(table);
  if (k === undefined) {
    const d = table.description;
    const program = [...(d.initialEntries ?? []), ...(d.constEntries ?? [])];
    k = 1 + program.reduce((max, e) => Math.max(max, e.priority ?? 0), 0);
    offsets.set(table, k);
  }
  return k;
}

/** The P4Runtime priority of an entry of `table` with data-plane priority `priority`. */
export function p4runtimePriority(table: RuntimeTable, priority: number): number {
  return table.priorityOrder === 'lower-wins' ? offsetOf(table) - priority : priority;
}

/** The data-plane priority of an entry of `table` with P4Runtime priority `priority`. */
export function dataPlanePriority(table: RuntimeTable, priority: number): number {
  // the translation is its own inverse
  return p4runtimePriority(table, priority);
}
