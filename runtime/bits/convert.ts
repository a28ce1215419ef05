/**
 * Crossing between the 32-bit number helpers (`narrow.ts`) and the bigint ones (`wide.ts`).
 * Which representation a width has is the contract's `bitsRepresentation`
 * (`contract/value-representation.ts`).
 */

/** A `bit<V>` number (V ≤ 32) as the bigint of a wider `bit<W>` (zero-extension). */
export function bitsToWide(v: number): bigint {
  return BigInt(v >>> 0);
}
/** An `int<V>` number (V ≤ 32) as the bigint of a wider `int<W>` (sign-extension). */
export function intToWide(v: number): bigint {
  return BigInt(v | 0);
}
/** `(bit<W>) x` with W ≤ 32 from a wide value (either signedness): truncates. */
export function wideToBits(v: bigint, width: number): number {
  return Number(BigInt.asUintN(width, v));
}
/** `(int<W>) x` with W ≤ 32 from a wide value: truncates, signed. */
export function wideToInt(v: bigint, width: number): number {
  return Number(BigInt.asIntN(width, v));
}
/** `(bit<W>) x` with W > 32 from a narrow `bit<V>` or `int<V>` number. */
export function narrowToWideBits(v: number, width: number): bigint {
  return BigInt.asUintN(width, BigInt(v));
}
/** `(int<W>) x` with W > 32 from a narrow `int<V>` or `bit<V>` number. */
export function narrowToWideInt(v: number, width: number): bigint {
  return BigInt.asIntN(width, BigInt(v));
}

/**
 * `a[hi:lo]` of a wide value when the slice is ≤ 32 bits wide (a common case: the low bits of a
 * MAC address): returns a number.
 */
export function sliceWideToBits(v: bigint, hi: number, lo: number): number {
  return Number(BigInt.asUintN(hi - lo + 1, v >> BigInt(lo)));
}

/** `a ++ b` of two narrow values when the result is wider than 32 bits: returns a bigint. */
export function concatNarrowToWide(a: number, aWidth: number, b: number, bWidth: number): bigint {
  return (BigInt.asUintN(aWidth, BigInt(a)) << BigInt(bWidth)) | BigInt.asUintN(bWidth, BigInt(b));
}

/** Parses a P4-style literal body (decimal, 0x, 0o, 0b; `_` separators allowed) to a bigint. */
export function parseBigIntLiteral(text: string): bigint | undefined {
  const t = text.replace(/_/g, '');
  if (!/^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)$/.test(t)) return undefined;
  return BigInt(t);
}
