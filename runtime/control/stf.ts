/**
 * Applies the table commands of STF files (`add`, `setdefault`) to `RuntimeTable`s.
 *
 * Names as the reference compiler's STF files write them resolve by `resolveName`: exact,
 * unique dotted suffix (`rewrite_mac` → `egress.rewrite_mac`), or with dots written as
 * underscores (`pipe_Check_src_ip`, `_NoAction`). Key fields also accept the STF runners'
 * `key.` prefix (`key.headers_ipv4_srcAddr`) and the positional `key.fieldN`. Key fields an `add`
 * leaves out are wildcards when their match kind allows it.
 */
import type { FieldMatch } from '../tables/entry.ts';
import { type StfActionCall, type StfCommand, type StfKey, stfKeyToFieldMatch } from '../io/stf.ts';
import type { KeyDescription, TableActionDescription } from './description.ts';
import { type ControlDiagnostic, ControlError } from './errors.ts';
import { resolveName } from './names.ts';
import type { RuntimeTable } from './runtime-table.ts';

export type StfTableCommand = Extract<StfCommand, { kind: 'add' } | { kind: 'setdefault' }>;

/** An action as STF names resolve it: its name and its parameters' names. */
export interface StfActionShape {
  readonly name: string;
  readonly params: readonly { readonly name: string }[];
}

/**
 * What STF name resolution needs of a table: its name, key fields and actions. A `RuntimeTable`
 * gives it (`stfTableShape`), and so does a P4Info table (the P4Runtime back end of the STF
 * runner), so both resolve the names of an STF file the same way.
 */
export interface StfTableShape<A extends StfActionShape = StfActionShape> {
  readonly name: string;
  readonly keys: readonly KeyDescription[];
  readonly actions: readonly A[];
}

export function stfTableShape(table: RuntimeTable): StfTableShape<TableActionDescription> {
  return { name: table.name, keys: table.keys, actions: table.description.actions };
}

/** Applies one `add`/`setdefault`; returns a diagnostic (with the command's line) instead of throwing. */
export function applyStfTableCommand(cmd: StfTableCommand, tables: readonly RuntimeTable[], file: string): ControlDiagnostic | undefined {
  try {
    const r = resolveName(cmd.table, tables, (t) => t.name, 'table');
    if (!r.ok) throw new ControlError(r.error);
    const table = r.value;
    const shape = stfTableShape(table);
    const { action, args } = stfActionCall(shape, cmd.action);
    if (cmd.kind === 'add') table.insert(stfMatches(shape, cmd.keys), action.id, args, cmd.priority, cmd.id);
    else table.setDefault(action.id, args);
    return undefined;
  } catch (e) {
    return { file, line: cmd.line, message: `${cmd.kind} ${cmd.table}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Applies every `add`/`setdefault` of a parsed STF file in order; other commands are skipped. */
export function applyStfTableCommands(commands: readonly StfCommand[], tables: readonly RuntimeTable[], file: string): ControlDiagnostic[] {
  const out: ControlDiagnostic[] = [];
  for (const c of commands) {
    if (c.kind !== 'add' && c.kind !== 'setdefault') continue;
    const d = applyStfTableCommand(c, tables, file);
    if (d) out.push(d);
  }
  return out;
}

function stfKeyField(table: StfTableShape, name: string): KeyDescription {
  const positional = /^key\.field(\d+)$/.exec(name);
  if (positional) {
    const k = table.keys[Number(positional[1])];
    if (k) return k;
  }
  const r = resolveName(name, table.keys, (k) => k.name, 'key field');
  if (r.ok) return r.value;
  if (name.startsWith('key.')) {
    const r2 = resolveName(name.slice(4), table.keys, (k) => k.name, 'key field');
    if (r2.ok) return r2.value;
  }
  throw new ControlError(`${r.error} (keys: ${table.keys.map((k) => k.name).join(', ') || 'none'})`);
}

/** The matches of an STF key list, one per key field of the table (`any` for the ones left out). */
export function stfMatches(table: StfTableShape, keys: readonly StfKey[]): FieldMatch[] {
  const given = new Map<KeyDescription, FieldMatch>();
  for (const key of keys) {
    const k = stfKeyField(table, key.field);
    if (given.has(k)) throw new ControlError(`key field ${k.name} given twice`);
    const m = stfKeyToFieldMatch(key.match, k.matchKind, k.width);
    if (typeof m === 'string') throw new ControlError(`key field ${k.name} (${k.matchKind} ${k.width}): ${m}`);
    given.set(k, m);
  }
  return table.keys.map((k) => {
    const m = given.get(k);
    if (m) return m;
    if (k.matchKind === 'exact') throw new ControlError(`missing key field ${k.name} (exact)`);
    return { kind: 'any' };
  });
}

/** The action an STF call names, among the table's, and its arguments by parameter name. */
export function stfActionCall<A extends StfActionShape>(table: StfTableShape<A>, call: StfActionCall): { action: A; args: Record<string, bigint> } {
  const r = resolveName(call.name, table.actions, (a) => a.name, 'action');
  if (!r.ok) throw new ControlError(`table ${table.name}: ${r.error}${r.error.startsWith('unknown') ? ` (actions: ${table.actions.map((a) => a.name).join(', ')})` : ''}`);
  const action = r.value;
  const args: Record<string, bigint> = {};
  for (const a of call.args) {
    const p = resolveName(a.name, action.params, (x) => x.name, `parameter of ${action.name}`);
    if (!p.ok) throw new ControlError(p.error);
    args[p.value.name] = a.value;
  }
  return { action, args };
}
