/**
 * Controls: their local declarations (variables, instances, actions, tables) and apply bodies,
 * and tables: their control-plane description (`IrTable`) and each application (`applyTable`,
 * with the bodies of the table's actions inlined).
 */
import type {
  Annotation,
  ControlDeclaration,
  Expression,
  Instantiation,
  KeyElement,
  TableDeclaration,
} from '../ast/nodes.ts';
import type { ActionSymbol } from '../check/scope.ts';
import type { TableEntryInfo, TableInfo } from '../check/checked-program.ts';
import { derivedEntryPriorities } from '../check/tables.ts';
import { matchKindNeedsPriority } from '../../contract/table-keys.ts';
import { Frame, LoweringError, type Binding, type StatementSink, type StageBuilder, type TableInstance } from './lowering-context.ts';
import type {
  IrAction,
  IrConstant,
  IrEntryMatch,
  IrExpression,
  IrExternInstance,
  IrTable,
  IrTableActionBody,
  IrTableEntry,
  IrTableResult,
  IrType,
} from './nodes.ts';
import { bindParameters, elideCopyIns, type CopyIn } from './lower-call.ts';
import { constantValue, lowerExpression } from './lower-expression.ts';
import { lowerStatement, lowerStatements } from './lower-statement.ts';
import { annotationMap, controlPlaneWidth } from './types.ts';
import type { Span } from '../source/span.ts';

/** The `@name("...")` of a declaration, if any. */
function nameAnnotation(annotations: readonly Annotation[]): string | undefined {
  for (const a of annotations) {
    if (a.name.name !== 'name') continue;
    if (a.body.kind === 'Expressions' && a.body.items[0]?.kind === 'StringLiteral') return a.body.items[0].value;
  }
  return undefined;
}

/**
 * The control-plane name of a declaration in a control instance, as the reference compiler
 * forms it: `Prefix.local`, where `@name("x")` replaces the local name and `@name(".x")` is
 * absolute.
 */
export function controlPlaneName(prefix: string, localName: string, annotations: readonly Annotation[]): string {
  const named = nameAnnotation(annotations);
  if (named !== undefined) {
    if (named.startsWith('.')) return named.slice(1);
    localName = named;
  }
  return prefix === '' ? localName : `${prefix}.${localName}`;
}

/** Registers (once) the control-plane description of an action. */
export function irActionOf(b: StageBuilder, symbol: ActionSymbol, frame: Frame): IrAction {
  const name = frame.action(symbol.decl)?.name ?? controlPlaneName('', symbol.name, symbol.decl.annotations);
  const existing = b.program.actions.get(name);
  if (existing) return existing;
  const action: IrAction = {
    name,
    id: b.program.actions.size,
    parameters: symbol.type.parameters
      .filter((p) => p.direction === 'none')
      .map((p) => ({ name: p.name, type: b.program.structs.lower(p.type), annotations: annotationMap(p.decl?.annotations ?? []) })),
    annotations: annotationMap(symbol.decl.annotations),
    span: symbol.decl.span,
  };
  b.program.actions.set(name, action);
  return action;
}

/** A compile-time argument value (constructor arguments, default action data, entries). */
function constantArgument(b: StageBuilder, e: Expression | undefined): IrConstant {
  if (e === undefined) return 0n;
  const v = b.program.checked.constants.get(e);
  if (v === undefined) throw new LoweringError('expected a compile-time constant', e.span);
  const type = b.program.typeOf(e);
  const c = constantValue(b, v, type, e.span);
  if (c?.kind !== 'constant') throw new LoweringError('expected a scalar constant', e.span);
  return c.value;
}

/**
 * The most elements a counter, register or meter array may have: the runtime allocates them
 * whole when the program loads (16 Mi counters or register cells: 128 MB for a register of
 * `bit<W>`, W ≤ 53; 64 Ki meters, each a two-rate state object).
 */
export const MAX_EXTERN_ARRAY_SIZE: Readonly<Record<'counter' | 'register' | 'meter', number>> = { counter: 1 << 24, register: 1 << 24, meter: 1 << 16 };

/** Refuses a counter, meter or register array too large to allocate (at its instantiation). */
function checkArraySize(instance: IrExternInstance): void {
  if (instance.type !== 'counter' && instance.type !== 'meter' && instance.type !== 'register') return;
  const size = instance.constructorArguments[0];
  const max = MAX_EXTERN_ARRAY_SIZE[instance.type];
  if (typeof size !== 'bigint' || (size >= 0n && size <= BigInt(max))) return;
  throw new LoweringError(`${instance.type} ${instance.name} has ${size} elements: p4ts allocates ${instance.type}s whole, at most ${max}`, instance.span);
}

/** A local `T(args) name;` of a control or parser: an extern instance or a sub-block instance. */
export function lowerLocalInstantiation(b: StageBuilder, inst: Instantiation, frame: Frame): void {
  const resolved = b.program.checked.instances.get(inst);
  if (resolved === undefined) throw new LoweringError(`${inst.name.name}: unresolved instance`, inst.span);
  const name = controlPlaneName(frame.prefix, inst.name.name, inst.annotations);
  const type = resolved.type;
  switch (type.kind) {
    case 'extern': {
      let instance = b.program.externs.get(name);
      if (instance === undefined) {
        instance = {
          name,
          type: type.name,
          typeArguments: type.typeArgs.map((t) => b.program.structs.lower(t)),
          constructorArguments: resolved.call.arguments.map((a) => constantArgument(b, a.argument?.value ?? a.defaultValue)),
          annotations: annotationMap(inst.annotations),
          span: inst.span,
        };
        checkArraySize(instance);
        b.program.externs.set(name, instance);
      }
      b.declaredExtern(instance);
      frame.bind(inst, { kind: 'extern', instance });
      return;
    }
    case 'control':
    case 'parser': {
      const decl = type.decl;
      if (decl.kind !== 'ControlDeclaration' && decl.kind !== 'ParserDeclaration') {
        throw new LoweringError(`${inst.name.name}: instance of a declaration without a body`, inst.span);
      }
      const constructorFrame = new Frame(b.topFrame, name, undefined, undefined);
      for (const arg of resolved.call.arguments) {
        const value = arg.argument?.value ?? arg.defaultValue;
        if (value === undefined) continue;
        const paramType = b.program.structs.lower(arg.parameter.type);
        if (paramType.kind === 'void') {
          const bound = constructorArgumentBinding(b, value, `${name}.${arg.parameter.name}`, frame);
          if (bound) constructorFrame.bind(arg.parameter.decl, bound);
          continue;
        }
        constructorFrame.bind(arg.parameter.decl, { kind: 'value', expression: lowerExpression(b, value, frame, []) });
      }
      frame.bind(inst, { kind: 'block', decl, prefix: name, constructorFrame });
      return;
    }
    default:
      b.program.unsupported(`instantiating a ${type.kind} inside a control`, inst.span);
  }
}

/**
 * What a non-value constructor argument denotes: a named instance (`C2(c1)`) or an anonymous
 * one created in place (`C2(C1())`), named after the parameter it is bound to.
 */
function constructorArgumentBinding(b: StageBuilder, value: Expression, name: string, frame: Frame): Binding | undefined {
  if (value.kind === 'PathExpression') {
    const symbol = b.program.checked.names.get(value);
    return symbol && 'decl' in symbol && symbol.decl ? frame.lookup(symbol.decl) : undefined;
  }
  if (value.kind !== 'CallExpression') return undefined;
  const call = b.program.checked.calls.get(value);
  if (call?.target.kind !== 'constructor') return undefined;
  const type = call.target.type;
  if (type.kind === 'control' || type.kind === 'parser') {
    const decl = type.decl;
    if (decl.kind !== 'ControlDeclaration' && decl.kind !== 'ParserDeclaration') return undefined;
    const constructorFrame = new Frame(b.topFrame, name, undefined, undefined);
    for (const arg of call.arguments) {
      const v = arg.argument?.value ?? arg.defaultValue;
      if (v === undefined) continue;
      if (b.program.structs.lower(arg.parameter.type).kind === 'void') {
        const inner = constructorArgumentBinding(b, v, `${name}.${arg.parameter.name}`, frame);
        if (inner) constructorFrame.bind(arg.parameter.decl, inner);
      } else {
        constructorFrame.bind(arg.parameter.decl, { kind: 'value', expression: lowerExpression(b, v, frame, []) });
      }
    }
    return { kind: 'block', decl, prefix: name, constructorFrame };
  }
  return undefined;
}

/**
 * Lowers a control's locals and apply body in `frame` (its parameters already bound). `return`
 * in the apply body leaves this control only.
 */
export function lowerControlApply(b: StageBuilder, decl: ControlDeclaration, frame: Frame, out: StatementSink): void {
  const label = b.newLabel(decl.name.name);
  const controlFrame = new Frame(frame, frame.prefix, label, undefined);
  const body: StatementSink = [];
  for (const local of decl.locals) {
    switch (local.kind) {
      case 'VariableDeclaration':
      case 'ConstantDeclaration':
        lowerStatement(b, local, controlFrame, body);
        break;
      case 'Instantiation':
        lowerLocalInstantiation(b, local, controlFrame);
        break;
      case 'ActionDeclaration': {
        const name = controlPlaneName(controlFrame.prefix, local.name.name, local.annotations);
        controlFrame.actions.set(local, { name, frame: controlFrame });
        break;
      }
      case 'TableDeclaration':
        declareTable(b, local, controlFrame);
        break;
    }
  }
  lowerStatements(b, decl.apply.statements, controlFrame, body);
  out.push({ kind: 'labeled', label, body, span: decl.apply.span });
}

/**
 * The text of a key expression as the control plane names it, as p4c does: the expression as
 * written (`hdr.ipv4.dstAddr`, `h.f[7:0]`, `hdr.eth.dst & 0xff`), fields by their `@name` when
 * they have one, `h.isValid()` as `h.$valid$`; a key's own `@name` replaces it all.
 */
function keyName(b: StageBuilder, element: KeyElement): string {
  const named = nameAnnotation(element.annotations);
  if (named !== undefined) return named;
  return expressionText(b, element.expression);
}

/** A field's control-plane name: its `@name`, where `@name(".x")` is absolute (drops the path before it). */
function fieldName(b: StageBuilder, object: Expression, member: string): { name: string; absolute: boolean } {
  const t = b.program.semanticTypeOf(object);
  if (t !== undefined && (t.kind === 'header' || t.kind === 'header_union' || t.kind === 'struct')) {
    const decl = t.decl.fields.find((f) => f.name.name === member);
    const named = decl ? nameAnnotation(decl.annotations) : undefined;
    if (named !== undefined) return named.startsWith('.') ? { name: named.slice(1), absolute: true } : { name: named, absolute: false };
  }
  return { name: member, absolute: false };
}

function expressionText(b: StageBuilder, e: Expression): string {
  switch (e.kind) {
    case 'PathExpression': return e.path.name.name;
    case 'MemberExpression': {
      const field = fieldName(b, e.object, e.member.name);
      return field.absolute ? field.name : `${expressionText(b, e.object)}.${field.name}`;
    }
    case 'IndexExpression': return `${expressionText(b, e.object)}[${expressionText(b, e.index)}]`;
    case 'SliceExpression': return `${expressionText(b, e.object)}[${expressionText(b, e.hi)}:${expressionText(b, e.lo)}]`;
    case 'IntLiteral': return e.text;
    case 'BinaryExpression': return `${expressionText(b, e.left)} ${e.op} ${expressionText(b, e.right)}`;
    case 'CallExpression':
      if (e.callee.kind === 'MemberExpression' && e.callee.member.name === 'isValid' && e.args.length === 0) return `${expressionText(b, e.callee.object)}.$valid$`;
      return `${expressionText(b, e.callee)}()`;
    default: return e.kind;
  }
}

/**
 * The extern a table property names: a declared instance, or one constructed in place, named by
 * the property's `@name` as p4c names it (`@name("ap") implementation = action_profile(128)` is
 * `ap`), else `TABLE.PROPERTY`.
 */
function externOfProperty(b: StageBuilder, decl: TableDeclaration, table: string, property: string, e: Expression | undefined, frame: Frame): IrExternInstance | undefined {
  if (e === undefined) return undefined;
  if (e.kind === 'PathExpression') {
    const symbol = b.program.checked.names.get(e);
    if (symbol?.kind === 'instance') {
      const binding = frame.lookup(symbol.decl);
      if (binding?.kind === 'extern') return binding.instance;
    }
    return undefined;
  }
  if (e.kind === 'CallExpression') {
    const call = b.program.checked.calls.get(e);
    if (call?.target.kind === 'constructor' && call.target.type.kind === 'extern') {
      const written = decl.properties.find((p) => p.kind === 'ValueProperty' && p.name.name === property);
      const named = written ? nameAnnotation(written.annotations) : undefined;
      const name = named !== undefined ? (named.startsWith('.') ? named.slice(1) : named) : `${table}.${property}`;
      const instance: IrExternInstance = {
        name,
        type: call.target.type.name,
        typeArguments: call.target.type.typeArgs.map((t) => b.program.structs.lower(t)),
        constructorArguments: call.arguments.map((a) => constantArgument(b, a.argument?.value ?? a.defaultValue)),
        annotations: written ? annotationMap(written.annotations) : new Map(),
        span: e.span,
      };
      checkArraySize(instance);
      b.program.externs.set(name, instance);
      return instance;
    }
  }
  return undefined;
}

function entryMatch(b: StageBuilder, keyset: Expression, matchKind: string, keyType: IrType): IrEntryMatch {
  const width = controlPlaneWidth(keyType);
  const all = (1n << BigInt(width)) - 1n;
  const value = (e: Expression): bigint => {
    const c = constantArgument(b, e);
    return typeof c === 'bigint' ? BigInt.asUintN(width, c) : c === true ? 1n : 0n;
  };
  switch (keyset.kind) {
    case 'DontCareExpression':
    case 'DefaultExpression':
      return { kind: 'any' };
    case 'MaskExpression': {
      const v = value(keyset.value);
      const mask = value(keyset.mask);
      if (matchKind === 'lpm') {
        let prefixLength = 0;
        for (let bit = width - 1; bit >= 0 && ((mask >> BigInt(bit)) & 1n) === 1n; bit--) prefixLength++;
        return { kind: 'lpm', value: v & mask, prefixLength };
      }
      return { kind: 'ternary', value: v & mask, mask };
    }
    case 'RangeExpression':
      return { kind: 'range', lo: value(keyset.lo), hi: value(keyset.hi) };
    default: {
      const v = value(keyset);
      switch (matchKind) {
        case 'lpm': return { kind: 'lpm', value: v, prefixLength: width };
        case 'ternary': return { kind: 'ternary', value: v, mask: all };
        case 'range': return { kind: 'range', lo: v, hi: v };
        default: return { kind: 'exact', value: v };
      }
    }
  }
}

function entryOf(b: StageBuilder, info: TableInfo, entry: TableEntryInfo, frame: Frame, priority: number | undefined): IrTableEntry {
  const keys = info.keys;
  const matches = entry.keys.map((k, i) => entryMatch(b, k, keys[i]?.matchKind ?? 'exact', b.program.structs.lower(keys[i]!.type)));
  const action = irActionOf(b, entry.action, frame);
  const call = entry.entry.action.args ?? [];
  const actionArguments = call.map((a) => constantArgument(b, a.value));
  return { matches, action, actionArguments, priority, isConst: entry.entry.isConst };
}

/** The value of an entry's `@priority(N)` annotation (bmv2's own, non-standard), if any. */
function priorityAnnotation(entry: TableEntryInfo): number | undefined {
  const annotation = entry.entry.annotations.find((a) => a.name.name === 'priority');
  if (annotation === undefined) return undefined;
  const body = annotation.body;
  if (body.kind === 'Expressions' && body.items[0]?.kind === 'IntLiteral') return Number(body.items[0].value);
  if (body.kind === 'Unparsed' && /^\s*\d+\s*$/.test(body.text)) return Number(body.text);
  return undefined;
}

/**
 * The priority of each entry, in the table's convention (a larger number wins, a smaller one with
 * `largest_priority_wins = false`; equal priorities: the earlier entry wins). Once any entry writes `priority = N :`, that is its priority and an entry
 * without one gets the previous one's less `priority_delta` (`derivedEntryPriorities`, spec
 * 14.2.1.4). When none does, bmv2's `@priority(N)`
 * annotation applies as bmv2 reads it: the entry at (0-based) index i without one has priority
 * i + 1 and a *smaller* number wins; those are turned around into our convention (kept as they
 * are in a table with `largest_priority_wins = false`, where the smallest wins anyway).
 *
 * When neither is written and `assignStep` is given (a table whose keys need priorities: a
 * ternary, range or optional key), the entries get the priorities the language gives them (spec 14.2.1.4, as the
 * reference compiler assigns them): the entry that wins first the highest, 1 for the one that wins
 * last, `assignStep` apart: the first of N entries 1 + (N - 1) * assignStep down to 1, or with
 * `largest_priority_wins = false` 1 up to 1 + (N - 1) * assignStep. The caller passes
 * `priority_delta` for an `entries` list and 1 for a `const entries` list (which the language does not
 * number: the earlier entry wins; P4Runtime numbers it N for the first of N down to 1, as the
 * reference compiler does). The control plane sees those (P4Runtime reads them, and a client may
 * MODIFY or DELETE an entry by them), and entries it inserts rank among them by priority.
 */
function entryPriorities(entries: readonly TableEntryInfo[], largestWins: boolean, step: bigint, assignStep: bigint | undefined): (number | undefined)[] {
  if (entries.some((e) => e.priority !== undefined)) {
    return derivedEntryPriorities(entries.map((e) => e.priority), step, largestWins).map((p) => (p === undefined ? undefined : Number(p)));
  }
  const annotated = entries.map(priorityAnnotation);
  if (annotated.every((p) => p === undefined)) {
    if (assignStep === undefined) return annotated;
    const n = entries.length;
    return entries.map((_, i) => Number(1n + BigInt(largestWins ? n - 1 - i : i) * assignStep));
  }
  const bmv2 = annotated.map((p, i) => p ?? i + 1);
  if (!largestWins) return bmv2;
  const largest = Math.max(...bmv2);
  return bmv2.map((p) => largest + 1 - p);
}

/** Builds the control-plane description of a table declared in `frame`'s control instance. */
/** Which table declaration, in which control instance, made each table (to catch name clashes). */
const tableOrigins = new WeakMap<IrTable, { readonly decl: TableDeclaration; readonly prefix: string }>();

function declareTable(b: StageBuilder, decl: TableDeclaration, frame: Frame): void {
  const info = b.program.checked.tables.get(decl);
  if (info === undefined) throw new LoweringError(`${decl.name.name}: unchecked table`, decl.span);
  const name = controlPlaneName(frame.prefix, decl.name.name, decl.annotations);
  let table = b.program.tables.get(name);
  if (table === undefined) {
    const actions = info.actions.map((a) => irActionOf(b, a.action, frame));
    const flagged = (flag: string) =>
      info.actions.filter((a) => a.reference.annotations.some((x) => x.name.name === flag)).map((a) => irActionOf(b, a.action, frame));
    const def = info.defaultAction;
    let defaultAction: IrTable['defaultAction'];
    if (def !== undefined) {
      const action = irActionOf(b, def.action, frame);
      const args = (def.call?.arguments ?? []).filter((a) => a.parameter.direction === 'none');
      defaultAction = { action, arguments: args.map((a) => constantArgument(b, a.argument?.value)), isConst: def.isConst };
    } else {
      defaultAction = { action: noAction(b, decl.span), arguments: [], isConst: false };
    }
    const largestWinsExpr = info.otherProperties.get('largest_priority_wins');
    const largestPriorityWins = largestWinsExpr === undefined || constantArgument(b, largestWinsExpr) !== false;
    const deltaExpr = info.otherProperties.get('priority_delta');
    const delta = deltaExpr === undefined ? undefined : constantArgument(b, deltaExpr);
    const isConstList = info.entriesProperty?.isConst === true;
    // as P4Runtime decides it (P4Info match fields of these kinds need a priority above 0)
    const needsPriorities = info.keys.some((k) => matchKindNeedsPriority(k.matchKind));
    const step = typeof delta === 'bigint' ? delta : 1n;
    const priorities = entryPriorities(info.entries, largestPriorityWins, step, needsPriorities ? (isConstList ? 1n : step) : undefined);
    const entries = info.entries.map((e, i) => entryOf(b, info, e, frame, priorities[i]));
    for (const k of info.keys) {
      if (controlPlaneWidth(b.program.structs.lower(k.type)) === 0) b.program.unsupported('a zero-width (bit<0>) table key', k.element.span);
    }
    const sizeExpr = info.otherProperties.get('size');
    const size = sizeExpr ? Number(constantArgument(b, sizeExpr)) : undefined;
    table = {
      name,
      id: b.program.tables.size,
      keys: info.keys.map((k) => ({ name: keyName(b, k.element), matchKind: k.matchKind, type: b.program.structs.lower(k.type), annotations: annotationMap(k.element.annotations) })),
      actions,
      defaultOnly: flagged('defaultonly'),
      tableOnly: flagged('tableonly'),
      defaultAction,
      constEntries: isConstList ? entries : undefined,
      initialEntries: isConstList ? [] : entries,
      size,
      largestPriorityWins,
      directCounter: tableExtern(b, decl, name, info, 'counters', 'psa_direct_counter', frame),
      directMeter: tableExtern(b, decl, name, info, 'meters', 'psa_direct_meter', frame),
      implementation: tableExtern(b, decl, name, info, 'implementation', 'psa_implementation', frame),
      supportTimeout: supportTimeout(b, info),
      annotations: annotationMap(decl.annotations),
      span: decl.span,
    };
    b.program.tables.set(name, table);
    tableOrigins.set(table, { decl, prefix: frame.prefix });
  } else {
    const origin = tableOrigins.get(table);
    if (origin !== undefined && (origin.decl !== decl || origin.prefix !== frame.prefix)) {
      // Two table instances (a control instantiated twice with `@name(".t")` on its table, or two
      // tables given one `@name`) would be one P4Runtime table: p4c refuses this, and sharing one
      // set of entries between them is not what either instance means.
      throw new LoweringError(`${name}: two tables have this control-plane name (${origin.prefix}.${origin.decl.name.name} and ${frame.prefix}.${decl.name.name}); P4Info names each table once`, decl.name.span);
    }
  }
  const instance: TableInstance = { table, decl, frame, localName: decl.name.name };
  frame.bind(decl, { kind: 'table', instance });
}

/** The v1model `support_timeout = true;` property, or PSA's `psa_idle_timeout = PSA_IdleTimeout_t.NOTIFY_CONTROL;`. */
function supportTimeout(b: StageBuilder, info: TableInfo): boolean {
  const psa = info.otherProperties.get('psa_idle_timeout');
  if (psa !== undefined) {
    const v = b.program.checked.constants.get(psa);
    return typeof v === 'object' && v.kind === 'enum_member' && v.type.name === 'PSA_IdleTimeout_t' && v.member === 'NOTIFY_CONTROL';
  }
  const e = info.otherProperties.get('support_timeout');
  return e !== undefined && constantArgument(b, e) === true;
}

/** The extern instance a table property names: v1model's name for it, or PSA's. */
function tableExtern(b: StageBuilder, decl: TableDeclaration, table: string, info: TableInfo, v1model: string, psa: string, frame: Frame): IrExternInstance | undefined {
  const property = info.otherProperties.has(psa) ? psa : v1model;
  return externOfProperty(b, decl, table, property, info.otherProperties.get(property), frame);
}

/** A table with no default action behaves as if it were `NoAction`. */
function noAction(b: StageBuilder, span: Span): IrAction {
  const existing = b.program.actions.get('NoAction');
  if (existing) return existing;
  const action: IrAction = { name: 'NoAction', id: b.program.actions.size, parameters: [], annotations: new Map(), span };
  b.program.actions.set('NoAction', action);
  return action;
}

/** The table instance an `x.apply()` object denotes. */
export function tableOf(b: StageBuilder, object: Expression, frame: Frame): TableInstance {
  if (object.kind === 'PathExpression') {
    const symbol = b.program.checked.names.get(object);
    if (symbol?.kind === 'table') {
      const binding = frame.lookup(symbol.decl);
      if (binding?.kind === 'table') return binding.instance;
    }
  }
  throw new LoweringError('cannot tell which table is applied', object.span);
}

/** Lowers one application of a table: key evaluation, lookup, and the inlined action bodies. */
export function lowerTableApply(
  b: StageBuilder,
  instance: TableInstance,
  result: IrTableResult,
  frame: Frame,
  out: StatementSink,
  span: Span,
): void {
  const info = b.program.checked.tables.get(instance.decl)!;
  const home = instance.frame;
  const keys: IrExpression[] = info.keys.map((k) => lowerExpression(b, k.element.expression, home, out));
  const actions: IrTableActionBody[] = [];
  const bodies = new Map<IrAction, TableInfo['actions'][number] | undefined>();
  for (const a of info.actions) bodies.set(irActionOf(b, a.action, home), a);
  if (!bodies.has(instance.table.defaultAction.action)) bodies.set(instance.table.defaultAction.action, undefined);
  for (const [action, ref] of bodies) {
    const label = b.newLabel(action.name.replace(/.*\./, ''));
    const declared = ref ? home.action(ref.action.decl) : undefined;
    const declFrame = declared?.frame ?? b.topFrame;
    const inner = new Frame(declFrame, declFrame.prefix, label, undefined);
    const parameters = [];
    const body: StatementSink = [];
    if (ref !== undefined) {
      // Parameters bound in the actions list are arguments; the rest are action data.
      const bound = ref.boundArguments.filter((a) => a.argument !== undefined);
      const copyIns: CopyIn[] = [];
      const copyOut = bindParameters(b, bound, inner, home, body, false, copyIns);
      inner.exitCopyOut = [...copyOut, ...frame.exitCopyOut];
      for (const p of ref.action.type.parameters) {
        if (bound.some((a) => a.parameter.decl === p.decl)) continue;
        const type = b.program.structs.lower(p.type);
        const pspan = p.decl?.span ?? span;
        const local = b.newLocal(p.name, type, pspan);
        parameters.push(local);
        inner.bind(p.decl, { kind: 'value', expression: { kind: 'variable', type, variable: local, span: pspan } });
      }
      const statements: StatementSink = [];
      b.program.inline(ref.action.name, span, () =>
        b.within({ kind: 'table', name: instance.localName, span }, () =>
          b.within({ kind: 'action', name: ref.action.decl.name.name, span }, () => lowerStatements(b, ref.action.decl.body.statements, inner, statements)),
        ),
      );
      body.push({ kind: 'labeled', label, body: elideCopyIns(b, copyIns, body, statements), span: ref.action.decl.body.span }, ...copyOut);
    }
    actions.push({ action, parameters, body });
  }
  out.push({ kind: 'applyTable', table: instance.table, keys, result, actions, span });
}
