/**
 * v1model externs in generated code: creating the extern objects of a program (counters,
 * registers, meters) and emitting each extern call as a call into the runtime.
 */
import { isNumberWidth } from '../../contract/value-representation.ts';
import type { IrExpression, IrExternCall, IrExternInstance, IrType } from '../ir/nodes.ts';
import { actionProfileShape } from '../ir/action-profile.ts';
import { widthOf } from '../ir/types.ts';
import { EmitError, type ExpressionEmitter } from './expressions.ts';
import type { RuntimeImports } from './imports.ts';
import { jsName, property } from './naming.ts';
import { valueKind } from './representation.ts';
import { createPsaExtern, psaExternCallStatements } from './psa-externs.ts';

/** The JS identifier of an extern instance in generated code. */
export function externVariable(instance: IrExternInstance): string {
  return `x_${jsName(instance.name.replace(/\./g, '_'))}`;
}

function numberArg(c: bigint | boolean | string | undefined, fallback = 0): number {
  if (typeof c === 'bigint') return Number(c);
  if (typeof c === 'boolean') return c ? 1 : 0;
  return fallback;
}

/**
 * The statement creating an extern instance and registering it for the control plane, or
 * `undefined` for externs p4ts does not implement (reported by the caller).
 */
export function createExtern(instance: IrExternInstance, imports: RuntimeImports): string | undefined {
  const v = externVariable(instance);
  const name = JSON.stringify(instance.name);
  const args = instance.constructorArguments;
  const register = (kind: string, value: string) => `const ${v} = objects.add(${name}, '${kind}', ${value});`;
  // PSA's Counter, DirectCounter, Meter, DirectMeter and Register are v1model's runtime objects
  // with their arguments in the same places (a PSA Register may add an initial value).
  switch (instance.type) {
    case 'counter':
    case 'Counter':
      return register('counter', `new ${imports.use('v1model', 'Counter')}(${name}, ${numberArg(args[0])}, ${numberArg(args[1])} as 0 | 1 | 2)`);
    case 'direct_counter':
    case 'DirectCounter':
      return register('direct_counter', `new ${imports.use('v1model', 'DirectCounter')}(${name}, ${numberArg(args[0])} as 0 | 1 | 2)`);
    case 'meter':
    case 'Meter':
      return register('meter', `new ${imports.use('v1model', 'Meter')}(${name}, ${numberArg(args[0])}, ${numberArg(args[1])} as 0 | 1)`);
    case 'direct_meter':
    case 'DirectMeter':
      return register('direct_meter', `new ${imports.use('v1model', 'DirectMeter')}(${name}, ${numberArg(args[0])} as 0 | 1)`);
    case 'register':
    case 'Register': {
      const element = instance.typeArguments[0];
      const width = element ? widthOf(element) : 32;
      const size = numberArg(args[0]);
      const initial = args[1];
      if (!isNumberWidth(width)) {
        const init = initial === undefined ? '' : `.initialize(${String(initial)}n)`;
        return register('register', `new ${imports.use('v1model', 'BigRegister')}(${name}, ${size}, ${width})${init}`);
      }
      const signed = element?.kind === 'bits' && element.signed;
      const init = initial === undefined ? '' : `.initialize(${numberArg(initial)})`;
      return register('register', `new ${imports.use('v1model', 'Register')}(${name}, ${size}, ${Math.max(1, width)}${signed ? ', true' : ''})${init}`);
    }
    default: {
      const profile = actionProfileShape(instance);
      if (profile === undefined) return createPsaExtern(instance, imports);
      const maxGroupSize = instance.annotations.get('max_group_size')?.[0];
      const description = `{ name: ${name}, withSelector: ${profile.selector}, size: ${profile.size}${typeof maxGroupSize === 'bigint' ? `, maxGroupSize: ${maxGroupSize}` : ''} }`;
      return register(profile.selector ? 'action_selector' : 'action_profile', `new ${imports.use('control', 'ActionProfile')}(${description})`);
    }
  }
}

/** `@name("x")` of a type (the control-plane name of a digest's data type). */
function nameAnnotationOf(annotations: ReadonlyMap<string, readonly unknown[]>): string | undefined {
  const v = annotations.get('name')?.[0];
  return typeof v === 'string' ? v.replace(/^\./, '') : undefined;
}

/** The hash/checksum algorithm named by a `HashAlgorithm` enum constant. */
function algorithmName(e: IrExpression | undefined): string {
  if (e?.kind === 'constant' && typeof e.value === 'bigint' && e.type.kind === 'enum') {
    const name = e.type.members[Number(e.value)];
    if (name !== undefined) return name;
  }
  throw new EmitError('the hash algorithm must be a constant HashAlgorithm member');
}

/** Everything an extern call needs from the statement emitter. */
export interface ExternEmitContext {
  readonly exprs: ExpressionEmitter;
  readonly imports: RuntimeImports;
  /** Declares a module-level constant (hash engines) and returns its name. */
  moduleConstant(hint: string, initializer: string): string;
  /** The result variable of the innermost table application, for direct meters/counters. */
  readonly currentTableResult: string | undefined;
  /** A field-list number for an old-style `resubmit(data)`/`recirculate(data)`/`clone3` list. */
  fieldListOf(data: IrExpression | undefined): number;
  /** Emits an assignment of a runtime value (of `type`'s representation) to an l-value. */
  assign(target: IrExpression, value: string): string;
  /**
   * The straight path: standard-metadata fields as its locals (`std(name)`), the packet's bytes,
   * cursor and end, and the drop port. Absent: the stage functions' `d.std`, `d.data`, ...
   */
  readonly straight?: {
    std(field: string): string;
    readonly data: string;
    readonly cursor: string;
    readonly end: string;
    /** Where the frame starts in `data`, and its length as received (the packet's descriptor may not exist). */
    readonly start: string;
    readonly length: string;
    readonly dropPort: string;
  };
}

/** Pushes the bits of `e` (flattening aggregates, headers and structs) onto `input`. */
export function hashPushes(ctx: ExternEmitContext, input: string, e: IrExpression): string[] {
  if (e.kind === 'aggregate') return e.items.flatMap((i) => hashPushes(ctx, input, i));
  return pushValue(ctx, input, ctx.exprs.emit(e), e.type);
}

function pushValue(ctx: ExternEmitContext, input: string, value: string, type: IrType): string[] {
  switch (type.kind) {
    case 'header':
    case 'struct':
    case 'union':
      return type.decl.fields.flatMap((f) => pushValue(ctx, input, `${value}${property(f.name)}`, f.type));
    case 'tuple':
      return type.elements.flatMap((t, i) => pushValue(ctx, input, `${value}[${i}]`, t));
    case 'stack':
      return Array.from({ length: type.size }, (_, i) => pushValue(ctx, input, `${value}.items[${i}]`, type.element)).flat();
    case 'bool':
      return [`${input}.push(${value} ? 1 : 0, 1);`];
    case 'varbit':
      return [`${input}.pushWide(${value}, ${value}$width);`];
    default: {
      const width = widthOf(type);
      switch (valueKind(type)) {
        case 'wide': return [`${input}.pushWide(${value}, ${width});`];
        case 'number53': return [`${input}.pushWide(BigInt(${value}), ${width});`];
        default: return [`${input}.push(${value}, ${width});`];
      }
    }
  }
}

/** A numeric (JS number) form of an argument. */
export function num(ctx: ExternEmitContext, e: IrExpression | undefined): string {
  if (e === undefined) return '0';
  const v = ctx.exprs.emit(e);
  if (e.type.kind === 'bool') return `(${v} ? 1 : 0)`;
  return valueKind(e.type) === 'wide' ? `Number(${v})` : v;
}

/** A snapshot object of `e` for digests and log messages. */
export function snapshot(ctx: ExternEmitContext, e: IrExpression): string {
  if (e.kind === 'aggregate') {
    if (e.type.kind === 'struct' || e.type.kind === 'header') {
      return `{ ${e.type.decl.fields.map((f, i) => `${jsName(f.name)}: ${snapshot(ctx, e.items[i]!)}`).join(', ')} }`;
    }
    return `[${e.items.map((i) => snapshot(ctx, i)).join(', ')}]`;
  }
  if (e.type.kind === 'struct' || e.type.kind === 'header') {
    const base = ctx.exprs.emit(e);
    return `{ ${e.type.decl.fields.map((f) => `${jsName(f.name)}: ${base}${property(f.name)}`).join(', ')} }`;
  }
  return ctx.exprs.emit(e);
}

/**
 * `counter.count(i)` on the straight path with a constant index inside the counter's declared
 * size and a constant counter type: the counts updated in place, as `Counter.countLength` would
 * (packets always; bytes, `length`, unless the counter counts packets only), without its range
 * check and its type test. `undefined` when the index or the declaration is not constant.
 */
function straightCount(instance: string, call: IrExternCall, length: string): string[] | undefined {
  const index = call.arguments[0]?.value;
  const declaration = call.instance?.constructorArguments;
  if (index?.kind !== 'constant' || typeof index.value !== 'bigint' || declaration === undefined) return undefined;
  const size = declaration[0];
  const type = declaration[1];
  if (typeof size !== 'bigint' || typeof type !== 'bigint' || !(type >= 0n && type <= 2n)) return undefined;
  if (!(index.value >= 0n && index.value < size)) return undefined; // out of range: countLength counts it in outOfRange
  const i = index.value.toString();
  const what = type === 0n ? 'packets' : type === 1n ? 'bytes' : 'packets and bytes';
  const lines = [`${instance}.packets[${i}]! += 1; // count(${i}), a counter of ${what}: in range`];
  if (type !== 0n) lines.push(`${instance}.bytes[${i}]! += ${length};`);
  return lines;
}

/** The statements performing an extern call (synchronously, on this thread). */
export function externCallStatements(call: IrExternCall, ctx: ExternEmitContext): string[] {
  const arg = (name: string): IrExpression | undefined => call.arguments.find((a) => a.name === name)?.value;
  const argAt = (i: number): IrExpression | undefined => call.arguments[i]?.value;
  const v1 = (name: string) => ctx.imports.use('v1model', name);
  const instance = call.instance ? externVariable(call.instance) : '';
  const out = (target: IrExpression | undefined, value: string): string[] => (target ? [ctx.assign(target, value)] : [value + ';']);

  switch (call.name) {
    case 'mark_to_drop':
      if (ctx.straight) return [`${ctx.straight.std('egress_spec')} = ${ctx.straight.dropPort};`, `${ctx.straight.std('mcast_grp')} = 0;`];
      return [`${v1('markToDrop')}(d);`];
    case 'clone':
      return [`${v1('clone')}(d, ${num(ctx, argAt(0))}, ${num(ctx, argAt(1))});`];
    case 'clone3':
    case 'clone_preserving_field_list': {
      const index = call.name === 'clone3' ? ctx.fieldListOf(argAt(2)) : num(ctx, argAt(2));
      return [`${v1('clonePreservingFieldList')}(d, ${num(ctx, argAt(0))}, ${num(ctx, argAt(1))}, ${index});`];
    }
    case 'resubmit':
      return [`${v1('resubmitPreservingFieldList')}(d, ${ctx.fieldListOf(argAt(0))});`];
    case 'resubmit_preserving_field_list':
      return [`${v1('resubmitPreservingFieldList')}(d, ${num(ctx, argAt(0))});`];
    case 'recirculate':
      return [`${v1('recirculatePreservingFieldList')}(d, ${ctx.fieldListOf(argAt(0))});`];
    case 'recirculate_preserving_field_list':
      return [`${v1('recirculatePreservingFieldList')}(d, ${num(ctx, argAt(0))});`];
    case 'truncate':
      return [`${v1('truncate')}(d, ${num(ctx, argAt(0))});`];
    case 'assert':
      return [`${v1('v1Assert')}(d, ${ctx.exprs.emit(argAt(0)!)});`];
    case 'assume':
      return [`${v1('v1Assume')}(d, ${ctx.exprs.emit(argAt(0)!)});`];
    case 'log_msg': {
      const message = argAt(0);
      const format = message?.kind === 'constant' ? JSON.stringify(String(message.value)) : '""';
      const data = argAt(1);
      if (data === undefined) return [`${v1('logMsg')}(d, ${format});`];
      const values = data.kind === 'aggregate' ? data.items.map((i) => ctx.exprs.emit(i)) : [ctx.exprs.emit(data)];
      return [`${v1('logMsg')}(d, ${format}, [${values.join(', ')}]);`];
    }
    case 'digest': {
      const data = argAt(1)!;
      const type = call.typeArguments[0] ?? data.type;
      const name = type.kind === 'struct' || type.kind === 'header' ? (nameAnnotationOf(type.decl.annotations) ?? type.decl.name) : '';
      return [`${v1('digest')}(d, ${num(ctx, argAt(0))}, ${snapshot(ctx, data)}, ${JSON.stringify(name)});`];
    }
    case 'random': {
      const result = arg('result');
      if (!result) return [];
      if (valueKind(result.type) === 'wide') {
        return out(result, `${v1('randomBig')}(d, ${ctx.exprs.emit(arg('lo')!)}, ${ctx.exprs.emit(arg('hi')!)})`);
      }
      return out(result, `${v1('random')}(d, ${num(ctx, arg('lo'))}, ${num(ctx, arg('hi'))})`);
    }
    case 'hash': {
      const input = ctx.moduleConstant('hashInput', `new ${ctx.imports.use('hash', 'HashInput')}()`);
      const algorithm = algorithmName(arg('algo'));
      const engine = ctx.moduleConstant(`hash_${algorithm}`, `new ${ctx.imports.use('hash', 'HashEngine')}('${algorithm}')`);
      const result = arg('result')!;
      const data = arg('data')!;
      const width = widthOf(result.type);
      const base = arg('base');
      const max = arg('max');
      const computed = valueKind(result.type) === 'wide'
        ? `BigInt.asUintN(${width}, ${engine}.computeWide(${input}) % (${max ? ctx.exprs.convert(ctx.exprs.emit(max), max.type, result.type) : '1n'} || 1n) + ${base ? ctx.exprs.convert(ctx.exprs.emit(base), base.type, result.type) : '0n'})`
        : `${engine}.hash(${input}, ${num(ctx, base)}, ${num(ctx, max)}, ${width})`;
      return [`${input}.reset();`, ...hashPushes(ctx, input, data), ...out(result, computed)];
    }
    case 'verify_checksum':
    case 'update_checksum':
    case 'verify_checksum_with_payload':
    case 'update_checksum_with_payload': {
      const input = ctx.moduleConstant('hashInput', `new ${ctx.imports.use('hash', 'HashInput')}()`);
      const algorithm = algorithmName(arg('algo'));
      const engine = ctx.moduleConstant(`hash_${algorithm}`, `new ${ctx.imports.use('hash', 'HashEngine')}('${algorithm}')`);
      const checksum = arg('checksum')!;
      const width = widthOf(checksum.type);
      const packet = ctx.straight ?? { data: 'd.data', cursor: 'd.cursor', end: 'd.end' };
      const payload = call.name.endsWith('_with_payload')
        ? [`for (let i = ${packet.cursor}; i < ${packet.end}; i++) ${input}.push(${packet.data}[i]!, 8);`]
        : [];
      const computed = `${engine}.compute(${input})`;
      const value = ctx.exprs.convert(
        valueKind(checksum.type) === 'wide' ? `BigInt(${computed})` : width >= 32 ? `(${computed} >>> 0)` : `(${computed} & ${2 ** width - 1})`,
        { kind: 'bits', width, signed: false },
        checksum.type,
      );
      const body = [`${input}.reset();`, ...hashPushes(ctx, input, arg('data')!), ...payload];
      const action = call.name.startsWith('verify')
        ? `if (${value} !== ${ctx.exprs.emit(checksum)}) ${ctx.straight ? ctx.straight.std('checksum_error') : 'd.std.checksum_error'} = 1;`
        : ctx.assign(checksum, value);
      return [`if (${ctx.exprs.emit(arg('condition')!)}) {`, ...body.map((l) => `  ${l}`), `  ${action}`, '}'];
    }
    case 'counter.count':
      if (ctx.straight) return straightCount(instance, call, ctx.straight.length) ?? [`${instance}.countLength(${num(ctx, argAt(0))}, ${ctx.straight.length});`];
      return [`${instance}.count(${num(ctx, argAt(0))}, d);`];
    case 'direct_counter.count':
      // Deprecated in v1model: direct counters count every hit of their table by themselves.
      return [];
    case 'meter.execute_meter': {
      const result = arg('result')!;
      const current = ctx.exprs.emit(result);
      return out(result, ctx.exprs.convert(`${instance}.execute(${num(ctx, argAt(0))}, d, ${valueKind(result.type) === 'wide' ? `Number(${current})` : current})`, { kind: 'bits', width: 32, signed: false }, result.type));
    }
    case 'direct_meter.read': {
      const result = arg('result')!;
      if (!ctx.currentTableResult) return [];
      return out(result, ctx.exprs.convert(`${instance}.read(${ctx.currentTableResult}.handle, d)`, { kind: 'bits', width: 32, signed: false }, result.type));
    }
    case 'register.read': {
      const result = arg('result')!;
      return out(result, `${instance}.read(${num(ctx, arg('index'))})`);
    }
    case 'register.write': {
      const value = arg('value')!;
      const v = valueKind(value.type) === 'wide' ? ctx.exprs.emit(value) : num(ctx, value);
      return [`${instance}.write(${num(ctx, arg('index'))}, ${v});`];
    }
    case 'packet_in.length':
      return out(call.result, ctx.straight ? `(${ctx.straight.end} - ${ctx.straight.start})` : '(d.end - d.start)');
    default: {
      const psa = psaExternCallStatements(call, ctx);
      if (psa === undefined) throw new EmitError(`extern ${call.name} is not supported by p4ts yet`);
      return psa;
    }
  }
}
