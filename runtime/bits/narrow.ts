/**
 * P4 `bit<W>` / `int<W>` arithmetic for widths 1..32, on plain JS numbers.
 *
 * Representation:
 * - `bit<W>` (W ≤ 32): a number in [0, 2^W - 1], kept unsigned (`>>> 0` for W = 32).
 * - `int<W>` (W ≤ 32): a number in [-2^(W-1), 2^(W-1) - 1], i.e. two's complement sign-extended
 *   to 32 bits (`<< (32-W) >> (32-W)`).
 *
 * Every function takes operands already in that representation and returns a value in it.
 * Nothing here allocates. Widths outside 1..32 belong to `wide.ts` (bigint); `bit<0>` is always 0.
 * Names: `…Bits` for unsigned `bit<W>`, `…Int` for signed `int<W>`.
 */

/** Truncates any integer-valued number (|v| < 2^53) to `bit<W>`: v mod 2^W, unsigned. */
export function truncBits(v: number, width: number): number {
  if (width === 0) return 0;
  const s = 32 - width;
  return ((v << s) >>> s);
}

/** Truncates any integer-valued number (|v| < 2^53) to `int<W>`: two's complement wrap, signed. */
export function truncInt(v: number, width: number): number {
  if (width === 0) return 0;
  const s = 32 - width;
  return (v << s) >> s;
}

/** Largest `bit<W>` value, 2^W - 1. */
export function maxBits(width: number): number {
  return width === 32 ? 0xffffffff : (1 << width) - 1 >>> 0;
}

/** Largest `int<W>` value, 2^(W-1) - 1. */
export function maxInt(width: number): number {
  return width === 32 ? 0x7fffffff : (1 << (width - 1)) - 1;
}

/** Smallest `int<W>` value, -2^(W-1). */
export function minInt(width: number): number {
  return width === 32 ? -0x80000000 : -(1 << (width - 1));
}

// ---- wrapping arithmetic -------------------------------------------------------------------

export function addBits(a: number, b: number, width: number): number {
  return truncBits(a + b, width);
}
export function subBits(a: number, b: number, width: number): number {
  return truncBits(a - b, width);
}
/** Multiplication modulo 2^W (Math.imul keeps the low 32 bits exactly). */
export function mulBits(a: number, b: number, width: number): number {
  return truncBits(Math.imul(a, b), width);
}
/** Unary minus on `bit<W>`: 2^W - a. */
export function negBits(a: number, width: number): number {
  return truncBits(-a, width);
}
export function notBits(a: number, width: number): number {
  return truncBits(~a, width);
}

export function addInt(a: number, b: number, width: number): number {
  return truncInt(a + b, width);
}
export function subInt(a: number, b: number, width: number): number {
  return truncInt(a - b, width);
}
export function mulInt(a: number, b: number, width: number): number {
  return truncInt(Math.imul(a, b), width);
}
export function negInt(a: number, width: number): number {
  return truncInt(-a, width);
}
export function notInt(a: number, width: number): number {
  return truncInt(~a, width);
}

// ---- saturating arithmetic (|+|, |-|) -------------------------------------------------------

/** `a |+| b` on `bit<W>`: clamps at 2^W - 1. */
export function satAddBits(a: number, b: number, width: number): number {
  const r = a + b;
  const max = maxBits(width);
  return r > max ? max : r;
}
/** `a |-| b` on `bit<W>`: clamps at 0. */
export function satSubBits(a: number, b: number, width: number): number {
  const r = a - b;
  return r < 0 ? 0 : r;
}
/** `a |+| b` on `int<W>`: clamps to [-2^(W-1), 2^(W-1) - 1]. */
export function satAddInt(a: number, b: number, width: number): number {
  const r = a + b;
  const max = maxInt(width);
  if (r > max) return max;
  const min = minInt(width);
  return r < min ? min : r;
}
/** `a |-| b` on `int<W>`: clamps to [-2^(W-1), 2^(W-1) - 1]. */
export function satSubInt(a: number, b: number, width: number): number {
  const r = a - b;
  const max = maxInt(width);
  if (r > max) return max;
  const min = minInt(width);
  return r < min ? min : r;
}

// ---- division (P4 defines / and % for unsigned operands only) ----------------------------------

/**
 * `a / b` on `bit<W>`: truncating division. P4 leaves division by zero undefined; this runtime
 * returns 0 so that every mode computes the same value.
 */
export function divBits(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b);
}
/** `a % b` on `bit<W>`; 0 when b is 0 (see `divBits`). */
export function modBits(a: number, b: number): number {
  return b === 0 ? 0 : a % b;
}

// ---- shifts --------------------------------------------------------------------------------

/** `a << n` on `bit<W>`: n ≥ W gives 0. `n` is a non-negative shift count. */
export function shlBits(a: number, n: number, width: number): number {
  return n >= width ? 0 : truncBits(a << n, width);
}
/** `a >> n` on `bit<W>` (logical): n ≥ W gives 0. */
export function shrBits(a: number, n: number, width: number): number {
  return n >= width ? 0 : a >>> n;
}
/** `a << n` on `int<W>`: n ≥ W gives 0. */
export function shlInt(a: number, n: number, width: number): number {
  return n >= width ? 0 : truncInt(a << n, width);
}
/** `a >> n` on `int<W>` (arithmetic): n ≥ W gives the sign fill (0 or -1). */
export function shrInt(a: number, n: number, width: number): number {
  return n >= width ? (a < 0 ? -1 : 0) : a >> n;
}

// ---- slices and concatenation --------------------------------------------------------------

/**
 * `a[hi:lo]` on a value of width ≤ 32 (signed or unsigned): the result is `bit<hi-lo+1>`.
 * Requires 31 ≥ hi ≥ lo ≥ 0.
 */
export function sliceBits(a: number, hi: number, lo: number): number {
  return truncBits(a >>> lo, hi - lo + 1);
}

/**
 * Writes `v` into bits [hi:lo] of `a` (an lvalue slice assignment); returns the new `bit<W>` value.
 * `v` is truncated to hi-lo+1 bits.
 */
export function setSliceBits(a: number, hi: number, lo: number, v: number, width: number): number {
  const w = hi - lo + 1;
  const m = maxBits(w) * 2 ** lo; // exact (≤ 2^32)
  const cleared = (a & ~m) >>> 0;
  return truncBits(cleared | ((truncBits(v, w) << lo) >>> 0), width);
}

/** Same as `setSliceBits` for an `int<W>` lvalue. */
export function setSliceInt(a: number, hi: number, lo: number, v: number, width: number): number {
  return truncInt(setSliceBits(truncBits(a, width), hi, lo, v, width), width);
}

/**
 * `a ++ b` where the result width aWidth + bWidth ≤ 32; the result is `bit<aWidth+bWidth>`
 * (the bit patterns of signed operands are used as they are).
 */
export function concatBits(a: number, aWidth: number, b: number, bWidth: number): number {
  if (bWidth === 32) return b >>> 0;
  return truncBits((a << bWidth) | truncBits(b, bWidth), aWidth + bWidth);
}

/** `a ++ b` with a signed left operand: the result is `int<aWidth+bWidth>` (P4 takes the left signedness). */
export function concatInt(a: number, aWidth: number, b: number, bWidth: number): number {
  return truncInt(concatBits(a, aWidth, b, bWidth), aWidth + bWidth);
}

// ---- casts between widths and signedness (all ≤ 32 bits) ---------------------------------------

/** `(bit<W>) x` from `bit<V>`: truncates or zero-extends. */
export function castBits(a: number, toWidth: number): number {
  return truncBits(a, toWidth);
}
/** `(int<W>) x` from `int<V>`: truncates or sign-extends. */
export function castInt(a: number, toWidth: number): number {
  return truncInt(a, toWidth);
}
/** `(int<W>) x` from `bit<W>` (same width): reinterprets the bit pattern. */
export function bitsToInt(a: number, width: number): number {
  return truncInt(a, width);
}
/** `(bit<W>) x` from `int<W>` (same width): reinterprets the bit pattern. */
export function intToBits(a: number, width: number): number {
  return truncBits(a, width);
}
/** `(bool) b` from `bit<1>` and back. */
export function bitToBool(a: number): boolean {
  return a !== 0;
}
export function boolToBit(b: boolean): number {
  return b ? 1 : 0;
}
