/**
 * Arithmetic on unsigned `bit<W>` values with 33 ≤ W ≤ 53 held as JS numbers (exact in a
 * double). JS bitwise operators work on 32 bits only, so these split values into a high and a
 * low 32-bit half. Generated code calls them for such widths; narrower values use the plain
 * operators and wider ones use bigint.
 */
const TWO_32 = 4294967296;

/** 2^W as a number (exact for W ≤ 53). */
export function pow2(width: number): number {
  return 2 ** width;
}

/** `value mod 2^W` for any finite integer-valued number (negative values wrap). */
export function wrap53(value: number, width: number): number {
  const m = 2 ** width;
  const r = value % m;
  return r < 0 ? r + m : r;
}

export function and53(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_32) & Math.floor(b / TWO_32)) >>> 0;
  const lo = ((a % TWO_32) & (b % TWO_32)) >>> 0;
  return hi * TWO_32 + lo;
}

export function or53(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_32) | Math.floor(b / TWO_32)) >>> 0;
  const lo = ((a % TWO_32) | (b % TWO_32)) >>> 0;
  return hi * TWO_32 + lo;
}

export function xor53(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  const lo = ((a % TWO_32) ^ (b % TWO_32)) >>> 0;
  return hi * TWO_32 + lo;
}

/** `~a` within W bits. */
export function not53(a: number, width: number): number {
  return 2 ** width - 1 - a;
}

export function mul53(a: number, b: number, width: number): number {
  return Number(BigInt.asUintN(width, BigInt(a) * BigInt(b)));
}

export function shl53(a: number, shift: number, width: number): number {
  if (shift >= width) return 0;
  return Number(BigInt.asUintN(width, BigInt(a) << BigInt(shift)));
}

export function shr53(a: number, shift: number): number {
  if (shift >= 53) return 0;
  return Math.floor(a / 2 ** shift);
}

/** `a[hi:lo]` of a wide value, as a number (the slice is at most 53 bits wide). */
export function slice53(a: number, hi: number, lo: number): number {
  return Math.floor(a / 2 ** lo) % 2 ** (hi - lo + 1);
}

/** `a` with bits `[hi:lo]` replaced by `v` (slice assignment). */
export function setSlice53(a: number, hi: number, lo: number, v: number): number {
  const low = 2 ** lo;
  const width = hi - lo + 1;
  const above = Math.floor(a / (low * 2 ** width));
  return (above * 2 ** width + (v % 2 ** width)) * low + (a % low);
}

export function div53(a: number, b: number): number {
  return b === 0 ? 0 : Math.floor(a / b);
}

export function mod53(a: number, b: number): number {
  return b === 0 ? 0 : a % b;
}

/** Saturating `|+|` for unsigned W-bit numbers. */
export function addSat53(a: number, b: number, width: number): number {
  const max = 2 ** width - 1;
  const s = a + b;
  return s > max ? max : s;
}

/** Saturating `|-|` for unsigned W-bit numbers. */
export function subSat53(a: number, b: number): number {
  return a > b ? a - b : 0;
}
