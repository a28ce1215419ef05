/**
 * PSA externs in generated code: creating the extern objects of a PSA program and emitting each
 * call as a call into the runtime. Counters, meters and registers are the runtime's shared ones
 * (PSA's enums number their types as v1model's do); Hash uses the shared hash engines;
 * InternetChecksum, Checksum, Random and Digest are `runtime/psa/externs/`. Checksum and
 * InternetChecksum hold per-packet state: they live in the packet's state (`d.state.x_NAME`,
 * see `perPacketExternFields`), not among the program's objects.
 */
import { PSA_HASH_ENGINE, PSA_PER_PACKET_EXTERNS, type PsaHashAlgorithm } from '../../contract/psa.ts';
import type { IrExpression, IrExternCall, IrExternInstance } from '../ir/nodes.ts';
import { widthOf } from '../ir/types.ts';
import { EmitError } from './expressions.ts';
import { externVariable, hashPushes, num, snapshot, type ExternEmitContext } from './externs.ts';
import type { RuntimeImports } from './imports.ts';
import { valueKind } from './representation.ts';

/** `PSA_HashAlgorithm_t` members in declaration order (the enum constants' numbers). */
const HASH_ALGORITHMS: readonly PsaHashAlgorithm[] = ['IDENTITY', 'CRC32', 'CRC32_CUSTOM', 'CRC16', 'CRC16_CUSTOM', 'ONES_COMPLEMENT16', 'TARGET_DEFAULT'];

/** The hash engine name of a `PSA_HashAlgorithm_t` constructor argument. */
export function psaHashEngine(instance: IrExternInstance, argument = 0): string {
  const c = instance.constructorArguments[argument];
  const name = typeof c === 'bigint' ? HASH_ALGORITHMS[Number(c)] : undefined;
  if (name === undefined) throw new EmitError(`${instance.type} ${instance.name}: the hash algorithm must be a PSA_HashAlgorithm_t constant`);
  return PSA_HASH_ENGINE[name];
}

/** Whether an instance's state belongs to each packet (kept in the packet's state). */
export function isPerPacketExtern(instance: IrExternInstance): boolean {
  return PSA_PER_PACKET_EXTERNS.has(instance.type);
}

/** The packet-state field of a per-packet extern instance: `x_NAME = new …()`. */
export function perPacketExternField(instance: IrExternInstance, imports: RuntimeImports): string {
  const v = externVariable(instance);
  if (instance.type === 'InternetChecksum') return `readonly ${v} = new ${imports.use('psa', 'InternetChecksum')}();`;
  return `readonly ${v} = new ${imports.use('psa', 'Checksum')}('${psaHashEngine(instance)}');`;
}

/**
 * The statement creating a PSA extern object that v1model has no counterpart of (counters,
 * meters and registers are created with v1model's, `createExtern`), or undefined for types p4ts
 * does not implement.
 */
export function createPsaExtern(instance: IrExternInstance, imports: RuntimeImports): string | undefined {
  const v = externVariable(instance);
  const name = JSON.stringify(instance.name);
  const args = instance.constructorArguments;
  const register = (kind: string, value: string) => `const ${v} = objects.add(${name}, '${kind}', ${value});`;
  switch (instance.type) {
    case 'Random': {
      const element = instance.typeArguments[0];
      const wide = element !== undefined && valueKind(element) === 'wide';
      const [lo, hi] = [args[0], args[1]].map((a) => (typeof a === 'bigint' ? a : 0n));
      return wide
        ? `const ${v} = new ${imports.use('psa', 'RandomWide')}(${lo}n, ${hi}n);`
        : `const ${v} = new ${imports.use('psa', 'Random')}(${Number(lo)}, ${Number(hi)});`;
    }
    case 'Hash':
      return `const ${v} = new ${imports.use('hash', 'HashEngine')}('${psaHashEngine(instance)}');`;
    case 'Digest':
      return register('digest', `new ${imports.use('psa', 'Digest')}(${name})`);
    default:
      return undefined;
  }
}

/** The per-packet object of a Checksum / InternetChecksum instance. */
function perPacket(instance: IrExternInstance | undefined): string {
  if (instance === undefined) throw new EmitError('a checksum method without an instance');
  return `d.state.${externVariable(instance)}`;
}

/** Zero bits in front of `data` so the hash input is whole bytes (BMv2's psa_switch pads in front). */
function frontPadding(data: IrExpression): number {
  const items = data.kind === 'aggregate' ? data.items : [data];
  let bits = 0;
  for (const item of items) {
    if (item.type.kind === 'varbit') return 0;
    bits += widthOf(item.type);
  }
  return (8 - (bits % 8)) % 8;
}

/** The statements of a PSA extern call, or undefined when `call` is not one. */
export function psaExternCallStatements(call: IrExternCall, ctx: ExternEmitContext): string[] | undefined {
  const arg = (name: string): IrExpression | undefined => call.arguments.find((a) => a.name === name)?.value;
  const psa = (name: string) => ctx.imports.use('psa', name);
  const instance = call.instance ? externVariable(call.instance) : '';
  /** The result (already in the result's representation) assigned, or the call as a statement. */
  const out = (value: string): string[] => (call.result ? [ctx.assign(call.result, value)] : [`${value};`]);
  const tableEntry = (): string => {
    if (ctx.currentTableResult === undefined) throw new EmitError(`${call.name} outside an action of the table that owns it`);
    return `${ctx.currentTableResult}.handle`;
  };
  const color = arg('color');
  const length = arg('pkt_len');
  // the colour (GREEN, colour-blind, when only a length is given) and the DPDK forms' length
  const meterColor = color ? `, ${num(ctx, color)}` : length ? `, ${psa('PsaMeterColor')}.GREEN` : '';
  const meterTail = `${meterColor}${length ? `, ${num(ctx, length)}` : ''}`;

  switch (call.name) {
    case 'Counter.count':
      return [length ? `${instance}.countLength(${num(ctx, arg('index'))}, ${num(ctx, length)});` : `${instance}.count(${num(ctx, arg('index'))}, d);`];
    case 'DirectCounter.count':
      return [length ? `${instance}.countLength(${tableEntry()}, ${num(ctx, length)});` : `${instance}.count(${tableEntry()}, d);`];
    case 'Meter.execute':
    case 'Meter.dpdk_execute':
      return out(`${psa('meterExecute')}(${instance}, ${num(ctx, arg('index'))}, d${meterTail})`);
    case 'DirectMeter.execute':
    case 'DirectMeter.dpdk_execute':
      return out(`${psa('directMeterExecute')}(${instance}, ${tableEntry()}, d${meterTail})`);
    case 'Register.read': {
      const result = call.result;
      if (result === undefined) return [];
      return [ctx.assign(result, `${instance}.read(${num(ctx, arg('index'))})`)];
    }
    case 'Register.write': {
      const value = arg('value')!;
      const v = valueKind(value.type) === 'wide' ? ctx.exprs.emit(value) : num(ctx, value);
      return [`${instance}.write(${num(ctx, arg('index'))}, ${v});`];
    }
    case 'Random.read':
      return out(`${instance}.read(d)`);
    case 'Hash.get_hash': {
      const result = call.result;
      const data = arg('data')!;
      if (result === undefined) return [];
      const input = ctx.moduleConstant('hashInput', `new ${ctx.imports.use('hash', 'HashInput')}()`);
      const width = widthOf(result.type);
      const base = arg('base');
      const max = arg('max');
      const pad = frontPadding(data);
      const pushes = [`${input}.reset();`, ...(pad > 0 ? [`${input}.push(0, ${pad});`] : []), ...hashPushes(ctx, input, data)];
      if (valueKind(result.type) === 'wide') {
        const wide = (e: IrExpression | undefined) => (e === undefined ? '0n' : ctx.exprs.convert(ctx.exprs.emit(e), e.type, result.type));
        return [...pushes, ctx.assign(result, `${psa('getHashWide')}(${instance}, ${input}, ${wide(base)}, ${wide(max)}, ${width})`)];
      }
      const value = base === undefined ? `${psa('getHash')}(${instance}, ${input}, ${width})` : `${psa('getHashModulo')}(${instance}, ${input}, ${num(ctx, base)}, ${num(ctx, max)}, ${width})`;
      return [...pushes, ctx.assign(result, value)];
    }
    case 'Checksum.clear':
    case 'InternetChecksum.clear':
      return [`${perPacket(call.instance)}.clear();`];
    case 'Checksum.update': {
      const target = `${perPacket(call.instance)}.input`;
      return hashPushes(ctx, target, arg('data')!);
    }
    case 'Checksum.get': {
      const result = call.result;
      if (result === undefined) return [];
      const width = widthOf(result.type);
      const ck = perPacket(call.instance);
      return [ctx.assign(result, valueKind(result.type) === 'wide' ? `${ck}.getWide(${width})` : `${ck}.get(${width})`)];
    }
    case 'InternetChecksum.add':
    case 'InternetChecksum.subtract': {
      const input = ctx.moduleConstant('hashInput', `new ${ctx.imports.use('hash', 'HashInput')}()`);
      const method = call.name.endsWith('.add') ? 'add' : 'subtract';
      return [`${input}.reset();`, ...hashPushes(ctx, input, arg('data')!), `${perPacket(call.instance)}.${method}(${input});`];
    }
    case 'InternetChecksum.get':
      return out(`${perPacket(call.instance)}.get()`);
    case 'InternetChecksum.get_state':
      return out(`${perPacket(call.instance)}.getState()`);
    case 'InternetChecksum.set_state':
      return [`${perPacket(call.instance)}.setState(${num(ctx, arg('checksum_state'))});`];
    case 'Digest.pack':
      return [`${instance}.pack(d, ${snapshot(ctx, arg('data')!)});`];
    case 'psa_clone_i2e':
    case 'psa_clone_e2e':
      return out(`${ctx.exprs.emit(arg('istd')!)}.clone`);
    case 'psa_resubmit': {
      const istd = ctx.exprs.emit(arg('istd')!);
      return out(`(!${istd}.drop && ${istd}.resubmit)`);
    }
    case 'psa_normal': {
      const istd = ctx.exprs.emit(arg('istd')!);
      return out(`(!${istd}.drop && !${istd}.resubmit)`);
    }
    case 'psa_recirculate': {
      const istd = ctx.exprs.emit(arg('istd')!);
      const edstd = ctx.exprs.emit(arg('edstd')!);
      return out(`(!${istd}.drop && ${edstd}.egress_port === ${ctx.imports.use('psa', 'PSA_PORT_RECIRCULATE')})`);
    }
    default:
      return undefined;
  }
}
