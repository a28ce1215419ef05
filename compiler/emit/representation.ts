/**
 * How IR values look in generated TypeScript: `bit<W>` up to 53 bits as numbers (see
 * `BitsRepresentation`), wider as bigint; bool as boolean; error and enum values as numbers;
 * headers, unions and structs as instances of generated classes; stacks as `{ items, nextIndex }`.
 */
import type { IrStructType, IrType } from '../ir/nodes.ts';
import { bitsRepresentation } from '../ir/types.ts';
import { jsName } from './naming.ts';

export type ValueKind = 'narrow' | 'number53' | 'wide' | 'bool' | 'string' | 'object';

export function valueKind(type: IrType): ValueKind {
  switch (type.kind) {
    case 'bits': return bitsRepresentation(type.width, type.signed);
    case 'bool': return 'bool';
    case 'error':
    case 'enum':
      return 'narrow';
    case 'string': return 'string';
    case 'varbit': return 'wide';
    case 'void': return 'narrow';
    default: return 'object';
  }
}

/** The class name of a struct-like type in generated code. */
export function className(struct: IrStructType): string {
  return `${jsName(struct.name)}`;
}

export function stackClassName(type: IrType & { kind: 'stack' }): string {
  return `${elementName(type.element)}_stack${type.size}`;
}

function elementName(type: IrType): string {
  return type.kind === 'header' || type.kind === 'union' || type.kind === 'struct' ? className(type.decl) : 'value';
}

/** The TypeScript type of a value. */
export function tsType(type: IrType): string {
  switch (type.kind) {
    case 'bits': return bitsRepresentation(type.width, type.signed) === 'wide' ? 'bigint' : 'number';
    case 'varbit': return 'bigint';
    case 'bool': return 'boolean';
    case 'string': return 'string';
    case 'error':
    case 'enum':
    case 'void':
      return 'number';
    case 'header':
    case 'union':
    case 'struct':
      return className(type.decl);
    case 'stack': return stackClassName(type);
    case 'tuple': return `[${type.elements.map(tsType).join(', ')}]`;
  }
}

/** A literal of a constant of `type`. */
export function literal(type: IrType, value: bigint | boolean | string): string {
  if (typeof value === 'boolean') {
    if (type.kind === 'bool') return String(value);
    return value ? '1' : '0';
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (type.kind === 'bool') return value !== 0n ? 'true' : 'false';
  const kind = valueKind(type);
  let v = value;
  if (type.kind === 'bits') v = type.signed ? BigInt.asIntN(type.width, value) : BigInt.asUintN(type.width, value);
  if (kind === 'wide') return `${v}n`;
  return numberLiteral(v);
}

export function numberLiteral(v: bigint | number): string {
  const n = typeof v === 'bigint' ? v : BigInt(v);
  if (n < 0n) return `-${numberLiteral(-n)}`;
  return n > 255n ? `0x${n.toString(16)}` : n.toString();
}

/** The zero value of a scalar type as a literal. */
export function zeroLiteral(type: IrType): string {
  switch (valueKind(type)) {
    case 'wide': return '0n';
    case 'bool': return 'false';
    case 'string': return "''";
    default: return '0';
  }
}
