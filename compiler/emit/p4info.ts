/**
 * The P4Info-like description the compiler writes next to the generated module: tables (as the
 * runtime's `TableDescription`s), actions, stateful externs, value sets and extern sites. Plain
 * JSON: values that may exceed 2^53 are decimal strings.
 */
import type { ExternSite, IrAction, IrConstant, IrEntryMatch, IrExternInstance, IrProgram, IrTable, IrTableEntry, StageName } from '../ir/nodes.ts';
import { actionProfileShape } from '../ir/action-profile.ts';
import { controlPlaneWidth } from '../ir/types.ts';
import type {
  ActionDescription,
  EntryDescription,
  KeyDescription,
  MatchDescription,
  TableActionDescription,
  TableDescription,
  WireValue,
} from '../../runtime/control/description.ts';
import type { MatchKind } from '../../runtime/tables/entry.ts';

export interface ExternObjectDescription {
  /** Control-plane name (`MyIngress.port_counter`). */
  readonly name: string;
  /** The extern type (`counter`, `direct_counter`, `meter`, `register` ...). */
  readonly type: string;
  /** Number of cells (indexed externs). */
  readonly size?: number;
  /** Cell width in bits (registers). */
  readonly width?: number;
  /** Counter/meter kind (`packets`, `bytes`, `packets_and_bytes`). */
  readonly kind?: string;
  /** Direct externs: the table they are attached to. */
  readonly table?: string;
}

export interface ValueSetDescription {
  readonly name: string;
  readonly width: number;
  readonly size: number;
}

export interface ExternSiteDescription {
  readonly id: number;
  readonly stage: StageName;
  readonly extern: string;
  readonly live: readonly string[];
}

export interface P4Info {
  readonly tables: readonly TableDescription[];
  readonly actions: readonly ActionDescription[];
  readonly counters: readonly ExternObjectDescription[];
  readonly directCounters: readonly ExternObjectDescription[];
  readonly meters: readonly ExternObjectDescription[];
  readonly directMeters: readonly ExternObjectDescription[];
  readonly registers: readonly ExternObjectDescription[];
  /** Any other extern object (action profiles, hashes, checksums ...). */
  readonly externs: readonly ExternObjectDescription[];
  readonly valueSets: readonly ValueSetDescription[];
  readonly externSites: readonly ExternSiteDescription[];
}

const MATCH_KINDS: readonly string[] = ['exact', 'lpm', 'ternary', 'range', 'optional'];

/** Width of a key field or action parameter: bits as declared, bool 1, enums by member count. */
function wire(c: IrConstant): WireValue {
  if (typeof c === 'bigint') return c.toString();
  if (typeof c === 'boolean') return c ? '1' : '0';
  return c;
}

function wireBig(v: bigint | boolean): WireValue {
  return typeof v === 'boolean' ? (v ? '1' : '0') : v.toString();
}

export function actionDescriptionOf(a: IrAction): ActionDescription {
  return { id: a.id, name: a.name, params: a.parameters.map((p) => ({ name: p.name, width: controlPlaneWidth(p.type) })) };
}

function matchDescriptionOf(m: IrEntryMatch, key: KeyDescription | undefined): MatchDescription {
  switch (m.kind) {
    case 'exact':
      return key?.matchKind === 'optional' ? { kind: 'optional', value: wireBig(m.value) } : { kind: 'exact', value: wireBig(m.value) };
    case 'ternary':
      return { kind: 'ternary', value: m.value.toString(), mask: m.mask.toString() };
    case 'lpm':
      return { kind: 'lpm', value: m.value.toString(), prefixLength: m.prefixLength };
    case 'range':
      return { kind: 'range', low: m.lo.toString(), high: m.hi.toString() };
    case 'any':
      return { kind: 'any' };
  }
}

/** An entry of the program (`initial`: of a non-const `entries` list, where an entry may be marked `const`). */
function entryDescriptionOf(e: IrTableEntry, keys: readonly KeyDescription[], initial: boolean): EntryDescription {
  return {
    matches: e.matches.map((m, i) => matchDescriptionOf(m, keys[i])),
    actionId: e.action.id,
    args: e.actionArguments.map(wire),
    ...(e.priority !== undefined ? { priority: e.priority } : {}),
    ...(initial && e.isConst ? { isConst: true as const } : {}),
  };
}

/** The control plane's view of one table; the code generator passes it to `RuntimeTable`. */
export function tableDescriptionOf(table: IrTable): TableDescription {
  // Selector keys (action selectors) are not part of the match.
  const keys: KeyDescription[] = table.keys
    .filter((k) => MATCH_KINDS.includes(k.matchKind))
    .map((k) => ({ name: k.name, matchKind: k.matchKind as MatchKind, width: controlPlaneWidth(k.type) }));
  const defaultOnly = new Set(table.defaultOnly.map((a) => a.id));
  const tableOnly = new Set(table.tableOnly.map((a) => a.id));
  const actions: TableActionDescription[] = table.actions.map((a) => ({
    ...actionDescriptionOf(a),
    ...(defaultOnly.has(a.id) ? { defaultOnly: true } : {}),
    ...(tableOnly.has(a.id) ? { tableOnly: true } : {}),
  }));
  const d = table.defaultAction;
  return {
    name: table.name,
    id: table.id,
    keys,
    actions,
    defaultAction: { actionId: d.action.id, args: d.arguments.map(wire), isConst: d.isConst },
    ...(table.constEntries !== undefined ? { constEntries: table.constEntries.map((e) => entryDescriptionOf(e, keys, false)) } : {}),
    ...(table.initialEntries.length > 0 ? { initialEntries: table.initialEntries.map((e) => entryDescriptionOf(e, keys, true)) } : {}),
    ...(table.size !== undefined ? { size: table.size } : {}),
    ...(table.directCounter !== undefined ? { directCounter: table.directCounter.name } : {}),
    ...(table.directMeter !== undefined ? { directMeter: table.directMeter.name } : {}),
    ...(table.supportTimeout ? { supportTimeout: true as const } : {}),
  };
}

function externDescriptionOf(x: IrExternInstance, tables: readonly IrTable[]): ExternObjectDescription {
  const size = x.constructorArguments.find((c): c is bigint => typeof c === 'bigint');
  const kind = x.constructorArguments.find((c): c is string => typeof c === 'string');
  const typeArg = x.typeArguments[0];
  const table = tables.find((t) => t.directCounter === x || t.directMeter === x || t.implementation === x);
  const indexed = x.type === 'counter' || x.type === 'meter' || x.type === 'register' || actionProfileShape(x) !== undefined;
  return {
    name: x.name,
    type: x.type,
    ...(indexed && size !== undefined ? { size: Number(size) } : {}),
    ...(x.type === 'register' && typeArg !== undefined ? { width: controlPlaneWidth(typeArg) } : {}),
    ...(kind !== undefined ? { kind: kind.toLowerCase() } : {}),
    ...(table !== undefined ? { table: table.name } : {}),
  };
}

function siteDescriptionOf(s: ExternSite): ExternSiteDescription {
  return { id: s.id, stage: s.stage, extern: s.extern, live: s.live.map((v) => v.name) };
}

export function p4infoOf(ir: IrProgram): P4Info {
  const byType = (...types: string[]): ExternObjectDescription[] =>
    ir.externs.filter((x) => types.includes(x.type)).map((x) => externDescriptionOf(x, ir.tables));
  const known = ['counter', 'direct_counter', 'meter', 'direct_meter', 'register'];
  return {
    tables: ir.tables.map(tableDescriptionOf),
    actions: ir.actions.map(actionDescriptionOf),
    counters: byType('counter'),
    directCounters: byType('direct_counter'),
    meters: byType('meter'),
    directMeters: byType('direct_meter'),
    registers: byType('register'),
    externs: ir.externs.filter((x) => !known.includes(x.type)).map((x) => externDescriptionOf(x, ir.tables)),
    valueSets: ir.valueSets.map((v) => ({ name: v.name, width: controlPlaneWidth(v.type), size: v.size })),
    externSites: ir.sites.map(siteDescriptionOf),
  };
}
