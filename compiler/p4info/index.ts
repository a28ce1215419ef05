/**
 * The standard P4Info (`p4.config.v1.P4Info`) of a lowered v1model program, with the reference
 * compiler's ids (`symbols.ts`), names, aliases and P4Info layout for v1model: tables (match
 * fields with their match kinds, action references with their scopes, default action, size —
 * 1024 when the program gives none —, implementation, direct resources, idle timeout), actions,
 * action profiles and selectors, counters, meters, registers (direct and indexed),
 * `@controller_header` packet metadata, parser value sets and the digests of `digest` calls.
 */
import { actionProfileShape } from '../ir/action-profile.ts';
import { childLists, stageStatements } from '../ir/walk.ts';
import type { IrAction, IrConstant, IrExternInstance, IrProgram, IrStatement, IrStructType, IrTable, IrType } from '../ir/nodes.ts';
import { stageOf, stageOrder } from '../ir/nodes.ts';
import { widthOf } from '../ir/types.ts';
import type * as P from '../../runtime/p4runtime/p4info.ts';
import { annotationTexts, documentationOf, idAnnotation, nameAnnotation, type AnnotationMap } from './annotations.ts';
import { fieldIds, P4RuntimeSymbols, type SymbolProblem } from './symbols.ts';
import { TypeInfoBuilder, typeName } from './type-spec.ts';

export { jenkinsOneAtATime, P4RuntimeSymbols } from './symbols.ts';

/** The table size the P4Info states when a table declares none (v1model's default, as p4c). */
export const DEFAULT_TABLE_SIZE = 1024;

export interface P4InfoResult {
  readonly p4info: P.P4Info;
  /** Wrong `@id`s and other problems (p4c reports them as errors). */
  readonly problems: readonly SymbolProblem[];
}

const MATCH_TYPES: Readonly<Record<string, P.MatchType>> = { exact: 'EXACT', lpm: 'LPM', ternary: 'TERNARY', range: 'RANGE', optional: 'OPTIONAL' };
/**
 * The extern types of each P4Info resource, v1model's and PSA's: their constructor arguments are
 * in the same places (size, then the counter or meter unit; a direct resource's unit) and the
 * units' enums number their members alike.
 */
const RESOURCE_TYPES = {
  counter: ['counter', 'Counter'],
  direct_counter: ['direct_counter', 'DirectCounter'],
  meter: ['meter', 'Meter'],
  direct_meter: ['direct_meter', 'DirectMeter'],
  register: ['register', 'Register'],
} as const satisfies Record<string, readonly string[]>;
type Resource = keyof typeof RESOURCE_TYPES;

const COUNTER_UNITS: readonly P.CounterUnit[] = ['PACKETS', 'BYTES', 'BOTH'];
const METER_UNITS: readonly P.MeterUnit[] = ['PACKETS', 'BYTES'];

/** A digest of the program: the data type's control-plane name and the type. */
export interface DigestType {
  readonly name: string;
  readonly type: IrType;
}

/**
 * The digests of a program, named as p4c names them. v1model: the data type of every `digest`
 * call, in program order, under the struct type's control-plane name (`digest_N` for a type
 * without a name). PSA: every `Digest<T>` instance, under its own control-plane name.
 */
export function digestTypesOf(ir: IrProgram): DigestType[] {
  const out: DigestType[] = [];
  let unnamed = 0;
  const visit = (list: readonly IrStatement[]): void => {
    for (const s of list) {
      if (s.kind === 'callExtern' && s.call.name === 'digest' && s.call.instance === undefined) {
        const type = s.call.typeArguments[0] ?? s.call.arguments[1]?.type;
        if (type !== undefined) {
          const name = type.kind === 'struct' || type.kind === 'header' ? typeName(type.decl) : `digest_${unnamed++}`;
          if (!out.some((d) => d.name === name)) out.push({ name, type });
        }
      }
      for (const child of childLists(s)) visit(child.list);
    }
  };
  for (const stage of stageOrder(ir)) visit(stageStatements(stageOf(ir, stage)));
  for (const x of ir.externs) {
    const type = x.typeArguments[0];
    if (x.type === 'Digest' && type !== undefined) out.push({ name: x.name, type });
  }
  return out;
}

function numberOf(c: IrConstant | undefined): number {
  return typeof c === 'bigint' ? Number(c) : 0;
}

/** Bytes of `value` in `width` bits, padded to whole bytes (as p4c writes P4Info values). */
function paddedBytes(value: bigint, width: number): Uint8Array {
  const n = Math.max(1, Math.ceil(width / 8));
  const out = new Uint8Array(n);
  let v = BigInt.asUintN(n * 8, value);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function typeBits(t: IrType): number {
  return widthOf(t);
}

function preamble(symbols: P4RuntimeSymbols, id: number, name: string, annotations: AnnotationMap, skip: readonly string[] = []): P.Preamble {
  const texts = annotationTexts(annotations, skip);
  const doc = documentationOf(annotations);
  return { id, name, alias: symbols.alias(name), ...(texts ? { annotations: texts } : {}), ...(doc ? { doc } : {}) };
}

function controllerHeaders(ir: IrProgram): { decl: IrStructType; role: string }[] {
  const out: { decl: IrStructType; role: string }[] = [];
  for (const s of ir.structs) {
    if (s.kind !== 'header') continue;
    const role = s.annotations.get('controller_header')?.[0];
    if (typeof role === 'string') out.push({ decl: s, role });
  }
  return out;
}

const NO_ANNOTATIONS: AnnotationMap = new Map();

export function buildP4Info(ir: IrProgram): P4InfoResult {
  const symbols = new P4RuntimeSymbols();
  const problems: SymbolProblem[] = [];
  const profiles = ir.externs.flatMap((x) => {
    const shape = actionProfileShape(x);
    return shape !== undefined ? [{ x, shape }] : [];
  });
  const byType = (resource: Resource) => ir.externs.filter((x) => (RESOURCE_TYPES[resource] as readonly string[]).includes(x.type));
  const digests = digestTypesOf(ir);
  const headers = controllerHeaders(ir);

  // Collect every symbol first: ids depend on the whole set.
  for (const a of ir.actions) symbols.add('ACTION', a.name, idAnnotation(a.annotations));
  for (const t of ir.tables) symbols.add('TABLE', t.name, idAnnotation(t.annotations));
  for (const v of ir.valueSets) symbols.add('VALUE_SET', v.name);
  for (const h of headers) symbols.add('CONTROLLER_HEADER', typeName(h.decl), idAnnotation(h.decl.annotations));
  for (const { x } of profiles) symbols.add('ACTION_PROFILE', x.name, idAnnotation(x.annotations));
  for (const x of byType('counter')) symbols.add('COUNTER', x.name, idAnnotation(x.annotations));
  for (const x of byType('direct_counter')) symbols.add('DIRECT_COUNTER', x.name, idAnnotation(x.annotations));
  for (const x of byType('meter')) symbols.add('METER', x.name, idAnnotation(x.annotations));
  for (const x of byType('direct_meter')) symbols.add('DIRECT_METER', x.name, idAnnotation(x.annotations));
  for (const x of byType('register')) symbols.add('REGISTER', x.name, idAnnotation(x.annotations));
  for (const d of digests) symbols.add('DIGEST', d.name);

  const types = new TypeInfoBuilder(ir.errors);
  const tableOf = (x: IrExternInstance): IrTable | undefined => ir.tables.find((t) => t.directCounter === x || t.directMeter === x);

  const actions: P.Action[] = ir.actions.map((a) => actionOf(symbols, a, problems));
  const tables: P.Table[] = ir.tables.map((t) => tableOf_(symbols, t, problems));
  const action_profiles: P.ActionProfile[] = profiles.map(({ x, shape }) => ({
    preamble: preamble(symbols, symbols.id('ACTION_PROFILE', x.name), x.name, x.annotations, ['max_group_size', 'selector_size_semantics', 'max_member_weight']),
    table_ids: ir.tables.filter((t) => t.implementation === x).map((t) => symbols.id('TABLE', t.name)),
    ...(shape.selector ? { with_selector: true } : {}),
    size: shape.size,
    ...(shape.selector && typeof x.annotations.get('max_group_size')?.[0] === 'bigint' ? { max_group_size: Number(x.annotations.get('max_group_size')![0]) } : {}),
  }));
  const counters: P.Counter[] = byType('counter').map((x) => ({
    preamble: preamble(symbols, symbols.id('COUNTER', x.name), x.name, x.annotations),
    spec: { unit: COUNTER_UNITS[numberOf(x.constructorArguments[1])] ?? 'UNSPECIFIED' },
    size: numberOf(x.constructorArguments[0]),
  }));
  const direct_counters: P.DirectCounter[] = byType('direct_counter').map((x) => {
    const table = tableOf(x);
    return {
      preamble: preamble(symbols, symbols.id('DIRECT_COUNTER', x.name), x.name, x.annotations),
      spec: { unit: COUNTER_UNITS[numberOf(x.constructorArguments[0])] ?? 'UNSPECIFIED' },
      ...(table ? { direct_table_id: symbols.id('TABLE', table.name) } : {}),
    };
  });
  const meters: P.Meter[] = byType('meter').map((x) => ({
    preamble: preamble(symbols, symbols.id('METER', x.name), x.name, x.annotations),
    spec: { unit: METER_UNITS[numberOf(x.constructorArguments[1])] ?? 'UNSPECIFIED' },
    size: numberOf(x.constructorArguments[0]),
  }));
  const direct_meters: P.DirectMeter[] = byType('direct_meter').map((x) => {
    const table = tableOf(x);
    return {
      preamble: preamble(symbols, symbols.id('DIRECT_METER', x.name), x.name, x.annotations),
      spec: { unit: METER_UNITS[numberOf(x.constructorArguments[0])] ?? 'UNSPECIFIED' },
      ...(table ? { direct_table_id: symbols.id('TABLE', table.name) } : {}),
    };
  });
  const controller_packet_metadata: P.ControllerPacketMetadata[] = headers.map(({ decl, role }) => {
    const ids = fieldIds(decl.fields.map((f) => idAnnotation(f.annotations)), problems, role);
    return {
      preamble: { id: symbols.id('CONTROLLER_HEADER', typeName(decl)), name: role, alias: role, ...optional('annotations', annotationTexts(decl.annotations, ['controller_header'])), ...optional('doc', documentationOf(decl.annotations)) },
      metadata: decl.fields.map((f, i) => ({
        id: ids[i]!,
        name: nameAnnotation(f.annotations) ?? f.name,
        ...optional('annotations', annotationTexts(f.annotations)),
        bitwidth: typeBits(f.type),
      })),
    };
  });
  const value_sets: P.ValueSet[] = ir.valueSets.map((v) => ({
    preamble: preamble(symbols, symbols.id('VALUE_SET', v.name), v.name, NO_ANNOTATIONS),
    match: valueSetMatch(v.type, problems, v.name),
    size: v.size,
  }));
  const registers: P.Register[] = byType('register').map((x) => ({
    preamble: preamble(symbols, symbols.id('REGISTER', x.name), x.name, x.annotations),
    type_spec: types.specOf(x.typeArguments[0] ?? { kind: 'bits', width: 32, signed: false }),
    size: numberOf(x.constructorArguments[0]),
  }));
  const digestInfos: P.Digest[] = digests.map((d) => ({
    preamble: { id: symbols.id('DIGEST', d.name), name: d.name, alias: symbols.alias(d.name) },
    type_spec: types.specOf(d.type),
  }));
  problems.push(...symbols.problems);

  const typeInfo = types.build();
  const p4info: P.P4Info = {
    pkg_info: { arch: ir.architecture },
    ...nonEmpty('tables', tables),
    ...nonEmpty('actions', actions),
    ...nonEmpty('action_profiles', action_profiles),
    ...nonEmpty('counters', counters),
    ...nonEmpty('direct_counters', direct_counters),
    ...nonEmpty('meters', meters),
    ...nonEmpty('direct_meters', direct_meters),
    ...nonEmpty('controller_packet_metadata', controller_packet_metadata),
    ...nonEmpty('value_sets', value_sets),
    ...nonEmpty('registers', registers),
    ...nonEmpty('digests', digestInfos),
    ...(typeInfo ? { type_info: typeInfo } : {}),
  };
  return { p4info, problems };
}

function nonEmpty<K extends string, T>(key: K, list: readonly T[]): { [k in K]?: readonly T[] } {
  return (list.length > 0 ? { [key]: list } : {}) as { [k in K]?: readonly T[] };
}

function optional<K extends string, T>(key: K, value: T | undefined): { [k in K]?: T } {
  return (value !== undefined ? { [key]: value } : {}) as { [k in K]?: T };
}

function actionOf(symbols: P4RuntimeSymbols, a: IrAction, problems: SymbolProblem[]): P.Action {
  const ids = fieldIds(a.parameters.map((p) => idAnnotation(p.annotations)), problems, a.name);
  return {
    preamble: preamble(symbols, symbols.id('ACTION', a.name), a.name, a.annotations),
    ...nonEmpty(
      'params',
      a.parameters.map((p, i) => ({
        id: ids[i]!,
        name: nameAnnotation(p.annotations) ?? p.name,
        ...optional('annotations', annotationTexts(p.annotations)),
        ...(p.type.kind === 'enum' ? { type_name: { name: p.type.name } } : { bitwidth: typeBits(p.type) }),
        ...optional('doc', documentationOf(p.annotations)),
      })),
    ),
  };
}

function tableOf_(symbols: P4RuntimeSymbols, t: IrTable, problems: SymbolProblem[]): P.Table {
  // Ids count every key element, selector ones too; the selector ones are not match fields.
  const ids = fieldIds(t.keys.map((k) => idAnnotation(k.annotations)), problems, t.name);
  const keys = t.keys.map((k, i) => ({ k, i })).filter(({ k }) => k.matchKind !== 'selector');
  const match_fields: P.MatchField[] = keys.map(({ k, i }) => {
    const type = MATCH_TYPES[k.matchKind];
    return {
      id: ids[i]!,
      name: k.name,
      ...optional('annotations', annotationTexts(k.annotations)),
      bitwidth: typeBits(k.type),
      ...(type !== undefined ? { match_type: type } : { other_match_type: k.matchKind }),
      ...optional('doc', documentationOf(k.annotations)),
    };
  });
  const scopeOf = (a: IrAction): P.ActionScope =>
    t.tableOnly.includes(a) ? 'TABLE_ONLY' : t.defaultOnly.includes(a) ? 'DEFAULT_ONLY' : 'TABLE_AND_DEFAULT';
  const d = t.defaultAction;
  const defaultId = symbols.id('ACTION', d.action.name);
  const directs = [
    ...(t.directCounter ? [symbols.id('DIRECT_COUNTER', t.directCounter.name)] : []),
    ...(t.directMeter ? [symbols.id('DIRECT_METER', t.directMeter.name)] : []),
  ];
  const entries = t.constEntries ?? t.initialEntries;
  return {
    preamble: preamble(symbols, symbols.id('TABLE', t.name), t.name, t.annotations),
    ...nonEmpty('match_fields', match_fields),
    action_refs: [
      ...t.actions.map((a) => ({ id: symbols.id('ACTION', a.name), ...scopeAnnotation(scopeOf(a)), scope: scopeOf(a) })),
      // a table declared without default_action defaults to NoAction: listed as the reference
      // compiler lists it, as an action of the default entry only
      ...(t.actions.includes(d.action) ? [] : [{ id: defaultId, ...scopeAnnotation('DEFAULT_ONLY'), scope: 'DEFAULT_ONLY' as const }]),
    ],
    ...(d.isConst ? { const_default_action_id: defaultId } : {}),
    initial_default_action: {
      action_id: defaultId,
      ...nonEmpty(
        'arguments',
        d.arguments.map((v, i) => ({ param_id: i + 1, value: paddedBytes(typeof v === 'bigint' ? v : v === true ? 1n : 0n, typeBits(d.action.parameters[i]?.type ?? { kind: 'bits', width: 8, signed: false })) })),
      ),
    },
    ...(t.implementation ? { implementation_id: symbols.id('ACTION_PROFILE', t.implementation.name) } : {}),
    ...nonEmpty('direct_resource_ids', directs),
    size: t.size !== undefined && t.size > 0 ? t.size : DEFAULT_TABLE_SIZE,
    ...(t.supportTimeout ? { idle_timeout_behavior: 'NOTIFY_CONTROL' as const } : {}),
    ...(t.constEntries !== undefined ? { is_const_table: true } : {}),
    ...(entries.length > 0 ? { has_initial_entries: true } : {}),
  };
}

/** The annotation an action reference's scope comes from, as P4Info carries it. */
function scopeAnnotation(scope: P.ActionScope): { annotations?: readonly string[] } {
  return scope === 'TABLE_ONLY' ? { annotations: ['@tableonly'] } : scope === 'DEFAULT_ONLY' ? { annotations: ['@defaultonly'] } : {};
}

function valueSetMatch(type: IrType, problems: SymbolProblem[], name: string): P.MatchField[] {
  if (type.kind === 'struct') {
    const ids = fieldIds(type.decl.fields.map((f) => idAnnotation(f.annotations)), problems, name);
    return type.decl.fields.map((f, i) => {
      const declared = f.annotations.get('match')?.[0];
      const kind = typeof declared === 'string' ? MATCH_TYPES[declared.trim()] : undefined;
      return { id: ids[i]!, name: nameAnnotation(f.annotations) ?? f.name, bitwidth: typeBits(f.type), match_type: kind ?? 'EXACT', ...optional('annotations', annotationTexts(f.annotations, ['match'])) };
    });
  }
  return [{ id: 1, name: '', bitwidth: typeBits(type), match_type: 'EXACT' }];
}
