/**
 * Compile-time constant values, as computed by the checker's constant folding.
 *
 * Integers are exact `bigint`s; a value of a fixed-width type is stored already wrapped to its
 * type (`bit<W>` in `[0, 2^W)`, `int<W>` in `[-2^(W-1), 2^(W-1))`); the expression's type in
 * `CheckedProgram.types` says which.
 */
import type { EnumType, SerializableEnumType } from './types.ts';

export type ConstValue =
  | bigint
  | boolean
  | string
  | EnumMemberValue
  | ErrorMemberValue
  | MatchKindMemberValue
  | TupleValue
  | StructValue;

/** A member of a (non-serializable or serializable) enum; `value` is set for serializable ones. */
export interface EnumMemberValue {
  readonly kind: 'enum_member';
  readonly type: EnumType | SerializableEnumType;
  readonly member: string;
  readonly value: bigint | undefined;
}

export interface ErrorMemberValue { readonly kind: 'error_member'; readonly member: string }
export interface MatchKindMemberValue { readonly kind: 'match_kind_member'; readonly member: string }
export interface TupleValue { readonly kind: 'tuple'; readonly items: readonly ConstValue[] }
export interface StructValue { readonly kind: 'struct'; readonly fields: ReadonlyMap<string, ConstValue> }

export function constValueEquals(a: ConstValue, b: ConstValue): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  switch (a.kind) {
    case 'enum_member': return b.kind === 'enum_member' && a.type.decl === b.type.decl && a.member === b.member;
    case 'error_member': return b.kind === 'error_member' && a.member === b.member;
    case 'match_kind_member': return b.kind === 'match_kind_member' && a.member === b.member;
    case 'tuple': return b.kind === 'tuple' && a.items.length === b.items.length && a.items.every((x, i) => constValueEquals(x, b.items[i]!));
    case 'struct': {
      if (b.kind !== 'struct' || a.fields.size !== b.fields.size) return false;
      for (const [k, v] of a.fields) {
        const w = b.fields.get(k);
        if (w === undefined || !constValueEquals(v, w)) return false;
      }
      return true;
    }
  }
}

export function constValueToString(v: ConstValue): string {
  if (typeof v !== 'object') return String(v);
  switch (v.kind) {
    case 'enum_member': return `${v.type.name}.${v.member}`;
    case 'error_member': return `error.${v.member}`;
    case 'match_kind_member': return v.member;
    case 'tuple': return `{ ${v.items.map(constValueToString).join(', ')} }`;
    case 'struct': return `{ ${[...v.fields].map(([k, x]) => `${k} = ${constValueToString(x)}`).join(', ')} }`;
  }
}
