/** The control-plane side of tables: descriptions, `RuntimeTable`, entries JSON and STF loaders. */
export type {
  ActionDescription,
  ActionParamDescription,
  DefaultActionDescription,
  EntryDescription,
  KeyDescription,
  MatchDescription,
  TableActionDescription,
  TableDescription,
  WireValue,
} from './description.ts';
export { ControlError, type ControlDiagnostic, formatControlDiagnostic } from './errors.ts';
export { resolveName, type Resolution } from './names.ts';
export { parseValue, valueForWidth } from './values.ts';
export { type ActionArgs, type ArgValue, type IndirectAction, RuntimeTable, type RuntimeTableOptions, TableResult } from './runtime-table.ts';
export { ActionGroup, ActionProfile, type ActionProfileDescription } from './action-profile.ts';
export { type ControlPlaneTarget, type LoadResult, loadEntriesJson, type MirroringTarget, type MulticastTarget } from './entries-json.ts';
export { applyStfTableCommand, applyStfTableCommands, type StfTableCommand } from './stf.ts';
