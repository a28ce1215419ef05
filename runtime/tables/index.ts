/** Match-action table engines. `createTable` picks the engine a key calls for. */
import type { KeyField, MatchActionTable, TableOptions } from './entry.ts';
import { ExactTable } from './exact.ts';
import { LpmTable } from './lpm.ts';
import { MultiFieldTable } from './multi.ts';

export * from './entry.ts';
export { ExactTable } from './exact.ts';
export { LpmTable } from './lpm.ts';
export { MultiFieldTable, RangeTable, TernaryTable } from './multi.ts';

/**
 * The engine for a key: all exact (or no key) → `ExactTable`; a single lpm field → `LpmTable`;
 * anything else → `MultiFieldTable`.
 */
export function createTable(keys: readonly KeyField[], options: TableOptions = {}): MatchActionTable {
  if (keys.every((k) => k.kind === 'exact')) return new ExactTable(keys, options);
  if (keys.length === 1 && keys[0]!.kind === 'lpm') return new LpmTable(keys[0]!, options);
  return new MultiFieldTable(keys, options);
}
