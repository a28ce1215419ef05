/**
 * A digest's data (the switch's snapshot: numbers, bigints, booleans, nested objects and arrays in
 * field order) as `p4.v1.P4Data`, typed by the digest's P4Info `type_spec`: an `int<W>` member is a
 * signed byte string whatever its sign (200 in an `int<16>` is `\x00\xc8`, so that a client reads it
 * back as 200, not -56), a `bit<W>` member an unsigned one. The value alone cannot tell the two apart.
 */
import type { DataTypeSpec, TypeInfo } from '../p4info.ts';
import { bigToBytes, bigToSignedBytes } from './bytes.ts';
import type * as M from './messages.ts';

/** `v` as P4Data; `spec` its type (without one, only a negative number is taken as signed). */
export function p4DataOf(v: unknown, spec: DataTypeSpec | undefined, types: TypeInfo | undefined): M.P4Data {
  if (typeof v === 'boolean') return { bool: v };
  if (typeof v === 'number' || typeof v === 'bigint') return { bitstring: bitstringOf(BigInt(v), spec) };
  if (Array.isArray(v)) {
    const members = spec?.tuple?.members;
    return { tuple: { members: v.map((x, i) => p4DataOf(x, members?.[i], types)) } };
  }
  if (typeof v === 'object' && v !== null) {
    const declared = spec?.struct !== undefined ? types?.structs?.[spec.struct.name]?.members : undefined;
    const entries = Object.entries(v as Record<string, unknown>);
    return { struct: { members: entries.map(([name, x], i) => p4DataOf(x, (declared?.find((m) => m.name === name) ?? declared?.[i])?.type_spec, types)) } };
  }
  return { bitstring: bigToBytes(0) };
}

function bitstringOf(v: bigint, spec: DataTypeSpec | undefined): Uint8Array {
  const int = spec?.bitstring?.int;
  if (int !== undefined) return bigToSignedBytes(BigInt.asIntN(Math.max(1, int.bitwidth), v));
  const bit = spec?.bitstring?.bit;
  if (bit !== undefined) return bigToBytes(BigInt.asUintN(Math.max(1, bit.bitwidth), v));
  // no type: a negative value can only be an int<W>'s (two's complement in the fewest bytes)
  return v < 0n ? bigToSignedBytes(v) : bigToBytes(v);
}
