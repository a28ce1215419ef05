/**
 * P4 `bit<W>` / `int<W>` arithmetic for widths > 32, on bigint (exact at every width).
 *
 * Representation mirrors `narrow.ts`: `bit<W>` is a bigint in [0, 2^W - 1], `int<W>` a bigint in
 * [-2^(W-1), 2^(W-1) - 1]. These helpers work for any width ≥ 1 (they are also the reference the
 * number variants are tested against). bigint operations allocate; wide values are rarer on the
 * hot path (MAC addresses, IPv6), and `packet/fields.ts` reads them in one step.
 * Names: `…Wide` for unsigned, `…IntWide` for signed.
 */

export function truncWide(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}
export function truncIntWide(v: bigint, width: number): bigint {
  return BigInt.asIntN(width, v);
}

export function maxWide(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}
export function maxIntWide(width: number): bigint {
  return (1n << BigInt(width - 1)) - 1n;
}
export function minIntWide(width: number): bigint {
  return -(1n << BigInt(width - 1));
}

// ---- wrapping arithmetic -------------------------------------------------------------------

export function addWide(a: bigint, b: bigint, width: number): bigint {
  return BigInt.asUintN(width, a + b);
}
export function subWide(a: bigint, b: bigint, width: number): bigint {
  return BigInt.asUintN(width, a - b);
}
export function mulWide(a: bigint, b: bigint, width: number): bigint {
  return BigInt.asUintN(width, a * b);
}
export function negWide(a: bigint, width: number): bigint {
  return BigInt.asUintN(width, -a);
}
export function notWide(a: bigint, width: number): bigint {
  return BigInt.asUintN(width, ~a);
}
export function addIntWide(a: bigint, b: bigint, width: number): bigint {
  return BigInt.asIntN(width, a + b);
}
export function subIntWide(a: bigint, b: bigint, width: number): bigint {
  return BigInt.asIntN(width, a - b);
}
export function mulIntWide(a: bigint, b: bigint, width: number): bigint {
  return BigInt.asIntN(width, a * b);
}
export function negIntWide(a: bigint, width: number): bigint {
  return BigInt.asIntN(width, -a);
}
export function notIntWide(a: bigint, width: number): bigint {
  return BigInt.asIntN(width, ~a);
}

// ---- saturating arithmetic -----------------------------------------------------------------

export function satAddWide(a: bigint, b: bigint, width: number): bigint {
  const r = a + b;
  const max = maxWide(width);
  return r > max ? max : r;
}
export function satSubWide(a: bigint, b: bigint, _width: number): bigint {
  const r = a - b;
  return r < 0n ? 0n : r;
}
export function satAddIntWide(a: bigint, b: bigint, width: number): bigint {
  return clampInt(a + b, width);
}
export function satSubIntWide(a: bigint, b: bigint, width: number): bigint {
  return clampInt(a - b, width);
}
function clampInt(r: bigint, width: number): bigint {
  const max = maxIntWide(width);
  if (r > max) return max;
  const min = minIntWide(width);
  return r < min ? min : r;
}

// ---- division (unsigned only; division by zero gives 0, as in narrow.ts) -----------------------

export function divWide(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : a / b;
}
export function modWide(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : a % b;
}

// ---- shifts (the count is a plain non-negative number) ---------------------------------------

export function shlWide(a: bigint, n: number, width: number): bigint {
  return n >= width ? 0n : BigInt.asUintN(width, a << BigInt(n));
}
export function shrWide(a: bigint, n: number, width: number): bigint {
  return n >= width ? 0n : a >> BigInt(n);
}
export function shlIntWide(a: bigint, n: number, width: number): bigint {
  return n >= width ? 0n : BigInt.asIntN(width, a << BigInt(n));
}
/** Arithmetic shift: n ≥ W gives the sign fill (0 or -1). */
export function shrIntWide(a: bigint, n: number, width: number): bigint {
  return n >= width ? (a < 0n ? -1n : 0n) : a >> BigInt(n);
}

/**
 * Shift counts may themselves be wide values; any count ≥ 2^20 behaves like "≥ width" for every
 * realistic width, so clamp before converting to a number.
 */
export function shiftCount(n: bigint): number {
  return n > 0xfffffn ? 0xfffff : Number(n);
}

// ---- slices and concatenation --------------------------------------------------------------

/** `a[hi:lo]` on a wide value (signed or unsigned): `bit<hi-lo+1>` as bigint. */
export function sliceWide(a: bigint, hi: number, lo: number): bigint {
  return BigInt.asUintN(hi - lo + 1, a >> BigInt(lo));
}

/** Bits [hi:lo] of `a` replaced by `v`; the result is `bit<width>`. */
export function setSliceWide(a: bigint, hi: number, lo: number, v: bigint, width: number): bigint {
  const w = hi - lo + 1;
  const m = ((1n << BigInt(w)) - 1n) << BigInt(lo);
  const u = BigInt.asUintN(width, a);
  return BigInt.asUintN(width, (u & ~m) | (BigInt.asUintN(w, v) << BigInt(lo)));
}

/** `a ++ b`: `bit<aWidth+bWidth>` as bigint. */
export function concatWide(a: bigint, aWidth: number, b: bigint, bWidth: number): bigint {
  return (BigInt.asUintN(aWidth, a) << BigInt(bWidth)) | BigInt.asUintN(bWidth, b);
}
/** `a ++ b` with signed `a`: `int<aWidth+bWidth>` as bigint. */
export function concatIntWide(a: bigint, aWidth: number, b: bigint, bWidth: number): bigint {
  return BigInt.asIntN(aWidth + bWidth, concatWide(a, aWidth, b, bWidth));
}

// ---- casts ---------------------------------------------------------------------------------

export function castWide(a: bigint, toWidth: number): bigint {
  return BigInt.asUintN(toWidth, a);
}
export function castIntWide(a: bigint, toWidth: number): bigint {
  return BigInt.asIntN(toWidth, a);
}
