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
 *   "clone_session_entries": [ { "clone_session_id": 5, "replicas": [ { "egress_port": 2, "instance": 0 } ] } ],
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
 * Match values by key kind: exact and optional `value`; lpm `[value, prefixLength]`; ternary
 * `[value, mask]`; range `[low, high]` (a single value on an lpm/ternary/range key matches it
 * exactly); a non-exact key left out is a wildcard. Values: JSON numbers, decimal or 0x-hex
 * strings, MAC, IPv4 and IPv6 text. Table, key and action names: exact or unique suffix.
 *
 * Never throws: every problem is a diagnostic `FILE(LINE): error: table_entries[3]: TABLE: …`
 * with the line of the offending entry (or of the field inside it), and the other entries are
 * still applied.
 */
import type { FieldMatch } from '../tables/entry.ts';
import type { KeyDescription } from './description.ts';
import { type ControlDiagnostic, ControlError } from './errors.ts';
import { type ElementSpan, lineAt, scanJson } from './json-scan.ts';
import { resolveName } from './names.ts';
import type { RuntimeTable } from './runtime-table.ts';
import { describe as describeValue, parseValue } from './values.ts';

/** The parts of the v1model switch's replication engine the loader configures (`V1Switch.multicast`). */
export interface MulticastTarget {
  setGroup(group: number, members: readonly { readonly rid: number; readonly port: number }[]): void;
}

/** `V1Switch.mirroring`. */
export interface MirroringTarget {
  add(session: number, config: { readonly egressPort?: number; readonly mcastGrp?: number }): void;
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

  section('table_entries', (item) => tableEntry(item, target.tables), 'table');

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
    if (replicas.length !== 1) throw new EntryProblem(`clone session ${session}: exactly one replica is supported, got ${replicas.length}`, 'replicas');
    try {
      target.mirroring.add(session, { egressPort: replicas[0]!.port });
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
    const actionName = item['action_name'];
    if (typeof actionName !== 'string') throw new EntryProblem('missing "action_name"', 'action_name');
    const paramsJson = item['action_params'] ?? {};
    if (!isObject(paramsJson)) throw new EntryProblem('"action_params" must be an object', 'action_params');
    let action;
    try {
      action = table.action(actionName);
    } catch (e) {
      throw new EntryProblem(e instanceof Error ? e.message.replace(`table ${table.name}: `, '') : String(e), actionName);
    }
    const args: Record<string, bigint> = {};
    for (const [k, v] of Object.entries(paramsJson)) {
      const p = action.params.find((x) => x.name === k);
      if (!p) throw new EntryProblem(`action ${action.name}: unknown parameter "${k}" (parameters: ${action.params.map((x) => x.name).join(', ') || 'none'})`, k);
      const value = parseValue(v);
      if (typeof value === 'string') throw new EntryProblem(`action ${action.name}: parameter ${k}: ${value}`, k);
      args[k] = value;
    }
    const isDefault = item['default_action'] === true;
    const matchJson = item['match'] ?? {};
    if (!isObject(matchJson)) throw new EntryProblem('"match" must be an object', 'match');
    if (isDefault) {
      if (Object.keys(matchJson).length > 0) throw new EntryProblem('a default_action entry has no match', 'match');
      table.setDefault(action.id, args);
      return `${table.name} (default action)`;
    }
    const matches = matchesOf(table.keys, matchJson);
    const priority = item['priority'];
    if (priority !== undefined && (typeof priority !== 'number' || !Number.isInteger(priority))) throw new EntryProblem('"priority" must be an integer', 'priority');
    table.insert(matches, action.id, args, priority);
    return table.name;
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
