/** Match-action table engines. `createTable` picks the engine a key calls for. */
import { tableEngineKind } from '../../contract/table-keys.ts';
import type { KeyField, MatchActionTable, TableOptions } from './entry.ts';
import { ExactTable } from './exact.ts';
import { LpmTable } from './lpm.ts';
import { MultiFieldTable } from './multi.ts';

export * from './entry.ts';
export { ExactTable } from './exact.ts';
export { LpmTable } from './lpm.ts';
export { MultiFieldTable, RangeTable, TernaryTable } from './multi.ts';

/** The engine for a key (`tableEngineKind`, contract/table-keys.ts: the compiler's flat-row scans depend on it). */
export function createTable(keys: readonly KeyField[], options: TableOptions = {}): MatchActionTable {
  switch (tableEngineKind(keys)) {
    case 'exact':
      return new ExactTable(keys, options);
    case 'lpm':
      return new LpmTable(keys[0]!, options);
    case 'multi':
      return new MultiFieldTable(keys, options);
  }
}
