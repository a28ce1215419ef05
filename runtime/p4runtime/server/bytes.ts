/**
 * P4Runtime byte strings (big-endian integers, two's complement for int<W>): reading one against a
 * P4Info bit width (any length accepted while the value fits, else `OUT_OF_RANGE`; an empty string
 * refused: `INVALID_ARGUMENT`), and writing the canonical form (the shortest string, at least one
 * byte).
 */
import { Code, fail } from './status.ts';

export function bytesToBig(bytes: Uint8Array | undefined, width: number, what: string): bigint {
  if (bytes === undefined || bytes.length === 0) fail(Code.INVALID_ARGUMENT, `${what}: empty byte string`);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (width > 0 && v >> BigInt(width) !== 0n) fail(Code.OUT_OF_RANGE, `${what}: value 0x${v.toString(16)} does not fit in ${width} bits`);
  return v;
}

/**
 * A byte string as a signed value of an int<W> (two's complement, sign-extended to whole bytes:
 * any length, the value undone of its sign extension must fit in `width` bits: `OUT_OF_RANGE`).
 */
export function signedBytesToBig(bytes: Uint8Array | undefined, width: number, what: string): bigint {
  if (bytes === undefined || bytes.length === 0) fail(Code.INVALID_ARGUMENT, `${what}: empty byte string`);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  v = BigInt.asIntN(bytes.length * 8, v);
  const limit = 1n << BigInt(Math.max(0, width - 1));
  if (v < -limit || v >= limit) fail(Code.OUT_OF_RANGE, `${what}: value ${v} does not fit in int<${width}>`);
  return v;
}

/** The canonical byte string of a signed value: the fewest bytes holding it in two's complement. */
export function bigToSignedBytes(value: bigint | number): Uint8Array {
  const v = BigInt(value);
  let n = 1;
  while (v < -(1n << BigInt(8 * n - 1)) || v >= 1n << BigInt(8 * n - 1)) n++;
  let u = BigInt.asUintN(8 * n, v);
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return out;
}

/** The canonical byte string of a non-negative value. */
export function bigToBytes(value: bigint | number | boolean): Uint8Array {
  let v = typeof value === 'bigint' ? value : typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
  if (v < 0n) v = -v;
  const out: number[] = [];
  do {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  return new Uint8Array(out);
}

/** A 128-bit election id (`Uint128` with decimal-string halves) as one bigint; undefined if unset. */
export function electionIdOf(id: { high?: string | number; low?: string | number } | null | undefined): bigint | undefined {
  if (id === undefined || id === null) return undefined;
  return (BigInt(id.high ?? 0) << 64n) | BigInt(id.low ?? 0);
}

export function electionIdMessage(id: bigint): { high: string; low: string } {
  return { high: (id >> 64n).toString(), low: (id & 0xffffffffffffffffn).toString() };
}
