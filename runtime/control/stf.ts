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
import type { KeyDescription } from './description.ts';
import { type ControlDiagnostic, ControlError } from './errors.ts';
import { resolveName } from './names.ts';
import type { RuntimeTable } from './runtime-table.ts';

export type StfTableCommand = Extract<StfCommand, { kind: 'add' } | { kind: 'setdefault' }>;

/** Applies one `add`/`setdefault`; returns a diagnostic (with the command's line) instead of throwing. */
export function applyStfTableCommand(cmd: StfTableCommand, tables: readonly RuntimeTable[], file: string): ControlDiagnostic | undefined {
  try {
    const r = resolveName(cmd.table, tables, (t) => t.name, 'table');
    if (!r.ok) throw new ControlError(r.error);
    const table = r.value;
    if (cmd.kind === 'add') {
      const matches = stfMatches(table, cmd.keys);
      const action = stfAction(table, cmd.action);
      table.insert(matches, action.id, action.args, cmd.priority, cmd.id);
    } else {
      const action = stfAction(table, cmd.action);
      table.setDefault(action.id, action.args);
    }
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

function stfKeyField(table: RuntimeTable, name: string): KeyDescription {
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

export function stfMatches(table: RuntimeTable, keys: readonly StfKey[]): FieldMatch[] {
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

function stfAction(table: RuntimeTable, call: StfActionCall): { id: number; args: Record<string, bigint> } {
  const action = table.action(call.name);
  const args: Record<string, bigint> = {};
  for (const a of call.args) {
    const r = resolveName(a.name, action.params, (p) => p.name, `parameter of ${action.name}`);
    if (!r.ok) throw new ControlError(r.error);
    args[r.value.name] = a.value;
  }
  return { id: action.id, args };
}
