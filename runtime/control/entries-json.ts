/**
 * Loads table entries, multicast groups and clone sessions from the P4Runtime-style JSON of the
 * P4 tutorials:
 *
 * ```json
 * { "table_entries": [ { "table": "MyIngress.ipv4_lpm",
 *                        "match": { "hdr.ipv4.dstAddr": ["10.0.1.1", 32] },
 *                        "action_name": "MyIngress.ipv4_forward",
 *                        "action_params": { "dstAddr": "08:00:00:00:01:11", "port": 1 },
 *                        "priority": 10, "default_action": false } ],
 *   "multicast_group_entries": [ { "multicast_group_id": 1, "replicas": [ { "egress_port": 1, "instance": 1 } ] } ],
 *   "clone_session_entries": [ { "clone_session_id": 5, "replicas": [ { "egress_port": 2, "instance": 0 } ],
 *                                "packet_length_bytes": 128 } ],
 *   "action_profile_members": [ { "action_profile": "MyIngress.ecmp", "member_id": 1,
 *                                 "action_name": "MyIngress.set_nhop", "action_params": { "port": 2 } } ],
 *   "action_profile_groups": [ { "action_profile": "MyIngress.ecmp", "group_id": 1,
 *                                "members": [ { "member_id": 1, "weight": 1 } ], "max_size": 8 } ],
 *   "value_set_entries": [ { "value_set": "MyParser.tpids", "members": [ "0x8100", ["0x9100", "0xff00"] ] } ],
 *   "p4ts_security_associations": [ { "index": 0, "spi": "0x1001", "suite": "aes128-cbc-hmac-md5-96",
 *                                      "enc_key": "2b7e…", "auth_key": "0001…", "src": "10.0.0.1",
 *                                      "dst": "10.0.0.2", "iv": "random" } ],
 *   "p4ts_keys": [ { "index": 0, "aes": "2b7e…", "iv": "0001…", "hmac": "0f0e…" } ] }
 * ```
 *
 * Sections beyond the P4Runtime ones are given by the caller (`ControlPlaneTarget.sections`):
 * the p4ts extern library adds `p4ts_security_associations` and `p4ts_keys`
 * (`runtime/p4ts/entries-sections.ts`), which configure the program's `SecurityStore`.
 *
 * A table entry of a table with an action profile names `action_profile_member_id` or
 * `action_profile_group_id` instead of an action; members and groups are applied before the
 * table entries. A value set's `members` (VALUE, or [VALUE, MASK] over the set's width) replace
 * the set's.
 *
 * Match values by key kind: exact and optional `value`; lpm `[value, prefixLength]`; ternary
 * `[value, mask]`; range `[low, high]` (a single value on an lpm/ternary/range key matches it
 * exactly); a non-exact key left out is a wildcard. Values: JSON numbers, decimal or 0x-hex
 * strings, MAC, IPv4 and IPv6 text. Table, key and action names: exact or unique suffix.
 * `priority` is the P4Runtime priority (1 to 2^31 - 1, the larger wins; required where a key is
 * ternary, range or optional), translated to the data plane's as the P4Runtime server does
 * (`priorities.ts`).
 *
 * Never throws: every problem is a diagnostic `FILE(LINE): error: table_entries[3]: TABLE: …`
 * with the line of the offending entry (or of the field inside it), and the other entries are
 * still applied.
 */
import type { FieldMatch } from '../tables/entry.ts';
import type { ValueSet } from '../support/value-set.ts';
import type { ActionProfile } from './action-profile.ts';
import type { KeyDescription } from './description.ts';
import { type ControlDiagnostic, ControlError } from './errors.ts';
import { type ElementSpan, lineAt, scanJson } from './json-scan.ts';
import { resolveName } from './names.ts';
import { dataPlanePriority, isP4RuntimePriority, MAX_PRIORITY, needsPriority } from './priorities.ts';
import type { RuntimeTable } from './runtime-table.ts';
import { describe as describeValue, fitsWidth, parseValue } from './values.ts';

/** The parts of the v1model switch's replication engine the loader configures (`V1Switch.multicast`). */
export interface MulticastTarget {
  setGroup(group: number, members: readonly { readonly rid: number; readonly port: number }[]): void;
}

/** `V1Switch.mirroring`. */
export interface MirroringTarget {
  add(session: number, config: { readonly egressPort?: number; readonly replicas?: readonly { readonly rid: number; readonly port: number }[]; readonly truncateBytes?: number }): void;
}

/**
 * A top-level array of the file that an extern library configures: each element is given to
 * `apply`, which throws `EntryProblem` (or any error) to reject it with a message; the problem
 * is reported at the line of the element, or of the field named by `EntryProblem.near` (else
 * `defaultNear`) inside it.
 */
export interface EntrySection {
  readonly key: string;
  apply(item: JsonValue): void;
  readonly defaultNear?: string;
}

export interface ControlPlaneTarget {
  readonly tables: readonly RuntimeTable[];
  readonly multicast?: MulticastTarget;
  readonly mirroring?: MirroringTarget;
  /** The program's action profiles and selectors. */
  readonly profiles?: readonly ActionProfile[];
  /** The program's parser value sets. */
  readonly valueSets?: readonly ValueSet[];
  /** Further sections (an extern library's own configuration). */
  readonly sections?: readonly EntrySection[];
}

export interface LoadResult {
  readonly diagnostics: readonly ControlDiagnostic[];
  /** Entries, defaults, groups and sessions applied. */
  readonly applied: number;
}

/** A parsed JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
type Json = JsonValue;

export function isJsonObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isObject = isJsonObject;

/** A problem with one element of a section, pointing at the field `near` when given. */
export class EntryProblem extends Error {
  constructor(
    message: string,
    /** A name to look for inside the entry's text, to point at its line. */
    readonly near?: string,
  ) {
    super(message);
  }
}

export function loadEntriesJson(text: string, file: string, target: ControlPlaneTarget): LoadResult {
  const diagnostics: ControlDiagnostic[] = [];
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    const scan = scanJson(text);
    const pos = /position (\d+)/.exec(String(e));
    const offset = pos ? Number(pos[1]) : scan.ok ? text.length : scan.offset;
    const detail = e instanceof Error ? e.message : String(e);
    return { diagnostics: [{ file, line: lineAt(text, offset), message: `invalid JSON: ${detail}` }], applied: 0 };
  }
  if (!isObject(doc)) return { diagnostics: [{ file, line: 1, message: 'expected a JSON object with "table_entries"' }], applied: 0 };
  const scan = scanJson(text);
  const spans = scan.ok ? scan.arrays : new Map<string, readonly ElementSpan[]>();
  let applied = 0;

  const section = (key: string, apply: (item: Json, index: number) => string | undefined, defaultNear?: string): void => {
    const list = doc[key];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      const at = text.indexOf(`"${key}"`);
      diagnostics.push({ file, line: lineAt(text, Math.max(0, at)), message: `${key}: expected an array` });
      return;
    }
    const elementSpans = spans.get(key) ?? [];
    list.forEach((item, index) => {
      const span = elementSpans[index];
      const label = `${key}[${index}]`;
      try {
        apply(item, index);
        applied++;
      } catch (e) {
        const near = e instanceof EntryProblem ? e.near : e instanceof ControlError ? e.field : undefined;
        let offset = span?.start ?? 0;
        for (const n of [near, defaultNear]) {
          if (!span || n === undefined) continue;
          const at = text.indexOf(JSON.stringify(n), span.start);
          if (at >= 0 && at < span.end) {
            offset = at;
            break;
          }
        }
        const message = e instanceof Error ? e.message : String(e);
        diagnostics.push({ file, line: lineAt(text, offset), message: `${label}: ${message}` });
      }
    });
  };

  section('action_profile_members', (item) => void profileMember(item, target.profiles ?? [], target.tables), 'action_profile');
  section('action_profile_groups', (item) => void profileGroup(item, target.profiles ?? []), 'action_profile');
  section('table_entries', (item) => tableEntry(item, target.tables), 'table');
  section('value_set_entries', (item) => void valueSetEntry(item, target.valueSets ?? []), 'value_set');

  section('multicast_group_entries', (item) => {
    if (!target.multicast) throw new EntryProblem('no multicast engine to configure');
    if (!isObject(item)) throw new EntryProblem(`expected an object, got ${describeValue(item)}`);
    const group = intField(item, 'multicast_group_id');
    const replicas = replicaList(item);
    try {
      target.multicast.setGroup(group, replicas.map((r) => ({ rid: r.instance, port: r.port })));
    } catch (e) {
      throw new EntryProblem(e instanceof Error ? e.message : String(e));
    }
    return undefined;
  });

  section('clone_session_entries', (item) => {
    if (!target.mirroring) throw new EntryProblem('no mirroring sessions to configure');
    if (!isObject(item)) throw new EntryProblem(`expected an object, got ${describeValue(item)}`);
    const session = intField(item, 'clone_session_id');
    const replicas = replicaList(item);
    if (replicas.length === 0) throw new EntryProblem(`clone session ${session}: at least one replica is needed`, 'replicas');
    const truncate = item['packet_length_bytes'] === undefined ? 0 : intField(item, 'packet_length_bytes');
    if (truncate < 0) throw new EntryProblem(`clone session ${session}: "packet_length_bytes" must not be negative`, 'packet_length_bytes');
    try {
      target.mirroring.add(
        session,
        replicas.length === 1 && replicas[0]!.instance === 0 && truncate === 0
          ? { egressPort: replicas[0]!.port }
          : { replicas: replicas.map((r) => ({ rid: r.instance, port: r.port })), ...(truncate > 0 ? { truncateBytes: truncate } : {}) },
      );
    } catch (e) {
      throw new EntryProblem(e instanceof Error ? e.message : String(e));
    }
    return undefined;
  });

  for (const extra of target.sections ?? []) {
    section(extra.key, (item) => {
      extra.apply(item);
      return undefined;
    }, extra.defaultNear);
  }

  return { diagnostics, applied };
}

/** The integer field `name` of an element, or an `EntryProblem` pointing at it. */
export function intField(item: { [k: string]: Json }, name: string): number {
  const v = item[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new EntryProblem(`"${name}" must be an integer`, name);
  return v;
}

function replicaList(item: { [k: string]: Json }): { port: number; instance: number }[] {
  const r = item['replicas'];
  if (!Array.isArray(r)) throw new EntryProblem('"replicas" must be an array', 'replicas');
  return r.map((x, i) => {
    if (!isObject(x)) throw new EntryProblem(`replicas[${i}]: expected an object`, 'replicas');
    const port = x['egress_port'];
    const instance = x['instance'] ?? 0;
    if (typeof port !== 'number' || !Number.isInteger(port)) throw new EntryProblem(`replicas[${i}]: "egress_port" must be an integer`, 'egress_port');
    if (typeof instance !== 'number' || !Number.isInteger(instance)) throw new EntryProblem(`replicas[${i}]: "instance" must be an integer`, 'instance');
    return { port, instance };
  });
}

/** Applies one table entry; returns the table name for messages. Throws EntryProblem/ControlError. */
function tableEntry(item: Json, tables: readonly RuntimeTable[]): string {
  if (!isObject(item)) throw new EntryProblem(`expected an object, got ${describeValue(item)}`);
  const tableName = item['table'];
  if (typeof tableName !== 'string') throw new EntryProblem('missing "table" (the table name)');
  const r = resolveName(tableName, tables, (t) => t.name, 'table');
  if (!r.ok) throw new EntryProblem(r.error, tableName);
  const table = r.value;
  const prefix = `${table.name}: `;
  const wrap = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof EntryProblem) throw new EntryProblem(prefix + e.message, e.near);
      if (e instanceof ControlError) throw new EntryProblem(prefix + e.message.replace(`table ${table.name}: `, ''), e.field);
      throw e;
    }
  };
  return wrap(() => {
    const member = item['action_profile_member_id'];
    const group = item['action_profile_group_id'];
    if (member !== undefined || group !== undefined) {
      if (item['action_name'] !== undefined) throw new EntryProblem('an entry names an action, or an action profile member or group, not both', 'action_name');
      if (member !== undefined && group !== undefined) throw new EntryProblem('an entry names a member or a group, not both', 'action_profile_group_id');
      if (item['default_action'] === true) throw new EntryProblem('the default action of a table with an action profile cannot be set', 'default_action');
      const target = member !== undefined ? { member: intField(item, 'action_profile_member_id') } : { group: intField(item, 'action_profile_group_id') };
      const matchJson = item['match'] ?? {};
      if (!isObject(matchJson)) throw new EntryProblem('"match" must be an object', 'match');
      table.insertIndirect(matchesOf(table.keys, matchJson), target, priorityOf(item, table));
      return table.name;
    }
    const actionName = item['action_name'];
    if (typeof actionName !== 'string') throw new EntryProblem('missing "action_name" (or "action_profile_member_id" / "action_profile_group_id")', 'action_name');
    let action;
    try {
      action = table.action(actionName);
    } catch (e) {
      throw new EntryProblem(e instanceof Error ? e.message.replace(`table ${table.name}: `, '') : String(e), actionName);
    }
    const args = actionArgs(item, action);
    const isDefault = item['default_action'] === true;
    const matchJson = item['match'] === undefined ? {} : item['match'];
    if (!isObject(matchJson)) throw new EntryProblem('"match" must be an object', 'match');
    if (isDefault) {
      if (Object.keys(matchJson).length > 0) throw new EntryProblem('a default_action entry has no match', 'match');
      table.setDefault(action.id, args);
      return `${table.name} (default action)`;
    }
    const matches = matchesOf(table.keys, matchJson);
    table.insert(matches, action.id, args, priorityOf(item, table));
    return table.name;
  });
}

const PRIORITY_RANGE = `1 to ${MAX_PRIORITY}; the larger wins`;

/**
 * The data-plane priority of an entry. `"priority"` is the P4Runtime priority (what the tutorials'
 * client sends as `TableEntry.priority`): in a table with ternary, range or optional keys it must
 * be there, from 1 to 2^31 - 1, and the larger wins whatever `largest_priority_wins` says; it is
 * turned into the data plane's as the P4Runtime server does (`priorities.ts`), so an entry loaded
 * here reads back over P4Runtime with the priority written. Other tables take it as given.
 */
function priorityOf(item: { [k: string]: Json }, table: RuntimeTable): number | undefined {
  const priority = item['priority'];
  if (priority !== undefined && (typeof priority !== 'number' || !Number.isInteger(priority))) throw new EntryProblem('"priority" must be an integer', 'priority');
  if (!needsPriority(table)) return priority;
  if (priority === undefined) throw new EntryProblem(`an entry of a table with ternary, range or optional keys needs a "priority" (${PRIORITY_RANGE})`, 'match');
  if (!isP4RuntimePriority(priority)) throw new EntryProblem(`"priority" ${priority} is not a P4Runtime priority (${PRIORITY_RANGE})`, 'priority');
  return dataPlanePriority(table, priority);
}

/** Action parameters by name (`action_params`), checked against the action's. */
function actionArgs(item: { [k: string]: Json }, action: { readonly name: string; readonly params: readonly { readonly name: string }[] }): Record<string, bigint> {
  const paramsJson = item['action_params'] ?? {};
  if (!isObject(paramsJson)) throw new EntryProblem('"action_params" must be an object', 'action_params');
  const args: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(paramsJson)) {
    const p = action.params.find((x) => x.name === k);
    if (!p) throw new EntryProblem(`action ${action.name}: unknown parameter "${k}" (parameters: ${action.params.map((x) => x.name).join(', ') || 'none'})`, k);
    const value = parseValue(v);
    if (typeof value === 'string') throw new EntryProblem(`action ${action.name}: parameter ${k}: ${value}`, k);
    args[k] = value;
  }
  return args;
}

function named<T extends { readonly name: string }>(item: Json, key: string, list: readonly T[], what: string): { item: { [k: string]: Json }; object: T } {
  if (!isObject(item)) throw new EntryProblem(`expected an object, got ${describeValue(item)}`);
  const name = item[key];
  if (typeof name !== 'string') throw new EntryProblem(`missing "${key}" (the ${what}'s name)`);
  const r = resolveName(name, list, (o) => o.name, what);
  if (!r.ok) throw new EntryProblem(r.error, name);
  return { item, object: r.value };
}

/** Runs `f`, reporting a runtime error as the element's problem, prefixed with the object's name. */
function about<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof EntryProblem) throw new EntryProblem(`${name}: ${e.message}`, e.near);
    throw new EntryProblem(`${name}: ${(e instanceof Error ? e.message : String(e)).replace(`action profile ${name}: `, '')}`);
  }
}

function profileMember(json: Json, profiles: readonly ActionProfile[], tables: readonly RuntimeTable[]): void {
  const { item, object: profile } = named(json, 'action_profile', profiles, 'action profile');
  about(profile.name, () => {
    const id = intField(item, 'member_id');
    const actionName = item['action_name'];
    if (typeof actionName !== 'string') throw new EntryProblem('missing "action_name"', 'action_name');
    const table = tables.find((t) => t.profile === profile);
    if (table === undefined) throw new EntryProblem('the action profile is used by no table');
    let action;
    try {
      action = table.action(actionName);
    } catch (e) {
      throw new EntryProblem(e instanceof Error ? e.message.replace(`table ${table.name}: `, '') : String(e), actionName);
    }
    profile.insertMember(id, action.id, actionArgs(item, action));
  });
}

function profileGroup(json: Json, profiles: readonly ActionProfile[]): void {
  const { item, object: profile } = named(json, 'action_profile', profiles, 'action profile');
  about(profile.name, () => {
    const id = intField(item, 'group_id');
    const list = item['members'] ?? [];
    if (!Array.isArray(list)) throw new EntryProblem('"members" must be an array', 'members');
    const members = list.map((m, i) => {
      if (typeof m === 'number' && Number.isInteger(m)) return { id: m, weight: 1 };
      if (!isObject(m)) throw new EntryProblem(`members[${i}]: expected a member id or { "member_id": N, "weight": W }`, 'members');
      const weight = m['weight'] === undefined ? 1 : intField(m, 'weight');
      if (weight < 1) throw new EntryProblem(`members[${i}]: "weight" must be at least 1`, 'weight');
      return { id: intField(m, 'member_id'), weight };
    });
    const maxSize = item['max_size'] === undefined ? 0 : intField(item, 'max_size');
    if (maxSize < 0) throw new EntryProblem('"max_size" must not be negative', 'max_size');
    profile.insertGroup(id, members, maxSize);
  });
}

function valueSetEntry(json: Json, sets: readonly ValueSet[]): void {
  const { item, object: set } = named(json, 'value_set', sets, 'value set');
  about(set.name, () => {
    const list = item['members'];
    if (!Array.isArray(list)) throw new EntryProblem('"members" must be an array', 'members');
    if (list.length > set.size) throw new EntryProblem(`${list.length} members exceed the set's size ${set.size}`, 'members');
    const all = (1n << BigInt(set.width)) - 1n;
    const entries = list.map((m, i) => {
      const [v, k] = Array.isArray(m) ? (m.length === 2 ? [m[0], m[1]] : [undefined, undefined]) : [m, undefined];
      if (v === undefined) throw new EntryProblem(`members[${i}]: expected VALUE or [VALUE, MASK]`, 'members');
      const value = parseValue(v);
      const mask = k === undefined ? all : parseValue(k);
      if (typeof value === 'string') throw new EntryProblem(`members[${i}]: ${value}`, 'members');
      if (typeof mask === 'string') throw new EntryProblem(`members[${i}]: mask: ${mask}`, 'members');
      if (!fitsWidth(value, set.width) || !fitsWidth(mask, set.width)) throw new EntryProblem(`members[${i}]: does not fit in ${set.width} bits`, 'members');
      return { value: value & mask, mask };
    });
    set.clear();
    const narrow = set.width <= 52;
    for (const e of entries) set.add(narrow ? Number(e.value) : e.value, narrow ? Number(e.mask) : e.mask);
  });
}

function matchesOf(keys: readonly KeyDescription[], json: { [k: string]: Json }): FieldMatch[] {
  const given = new Map<KeyDescription, Json>();
  for (const [name, v] of Object.entries(json)) {
    const r = resolveName(name, keys, (k) => k.name, 'match field');
    if (!r.ok) throw new EntryProblem(`${r.error}${r.error.startsWith('unknown') ? ` (keys: ${keys.map((k) => k.name).join(', ') || 'none'})` : ''}`, name);
    if (given.has(r.value)) throw new EntryProblem(`match field "${r.value.name}" given twice`, name);
    given.set(r.value, v);
  }
  return keys.map((k) => {
    const v = given.get(k);
    if (v === undefined) {
      if (k.matchKind === 'exact') throw new EntryProblem(`missing match field "${k.name}" (exact)`);
      return { kind: 'any' };
    }
    return matchOf(k, v);
  });
}

function matchOf(k: KeyDescription, v: Json): FieldMatch {
  const val = (x: Json | undefined, what: string): bigint => {
    const r = parseValue(x);
    if (typeof r === 'string') throw new EntryProblem(`match field ${k.name}: ${what}: ${r}`, k.name);
    return r;
  };
  if (!Array.isArray(v)) {
    const value = val(v, 'value');
    return k.matchKind === 'optional' ? { kind: 'optional', value } : { kind: 'exact', value };
  }
  const form: Record<string, string> = { lpm: '[value, prefixLength]', ternary: '[value, mask]', range: '[low, high]' };
  const expected = form[k.matchKind];
  if (expected === undefined) throw new EntryProblem(`match field ${k.name} (${k.matchKind}): expected a single value, got an array`, k.name);
  if (v.length !== 2) throw new EntryProblem(`match field ${k.name} (${k.matchKind}): expected ${expected}`, k.name);
  if (k.matchKind === 'lpm') {
    const len = v[1];
    if (typeof len !== 'number' || !Number.isInteger(len)) throw new EntryProblem(`match field ${k.name} (lpm): prefix length must be an integer`, k.name);
    return { kind: 'lpm', value: val(v[0], 'value'), prefixLength: len };
  }
  if (k.matchKind === 'ternary') return { kind: 'ternary', value: val(v[0], 'value'), mask: val(v[1], 'mask') };
  return { kind: 'range', low: val(v[0], 'low'), high: val(v[1], 'high') };
}
