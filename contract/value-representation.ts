/**
 * Contract: how a P4 `bit<W>` / `int<W>` value is held at run time. The code generator emits
 * values in this form and the runtime (tables, registers, the control plane, the helpers of
 * `runtime/bits` and `runtime/support`) takes them in it.
 *
 * | representation | widths                              | JS type | arithmetic                                      |
 * |----------------|-------------------------------------|---------|-------------------------------------------------|
 * | `narrow`       | W ≤ 32                              | number  | the 32-bit operators (`runtime/bits/narrow.ts`)  |
 * | `number53`     | unsigned 33 ≤ W ≤ 53                | number  | exact in a double (`runtime/support/number53.ts`) |
 * | `wide`         | anything wider, and signed W > 32   | bigint  | `runtime/bits/wide.ts`                           |
 *
 * "Wide" means a bigint everywhere (compiler and runtime); a 33..53-bit number is `number53`.
 */
export type BitsRepresentation = 'narrow' | 'number53' | 'wide';

/** The widest `bit<W>`/`int<W>` operated on with JavaScript's 32-bit operators. */
export const NARROW_MAX_WIDTH = 32;

/** The widest unsigned value that is a number (every integer below 2^53 is exact in a double). */
export const NUMBER_MAX_WIDTH = 53;

export function bitsRepresentation(width: number, signed: boolean): BitsRepresentation {
  if (width <= NARROW_MAX_WIDTH) return 'narrow';
  if (!signed && width <= NUMBER_MAX_WIDTH) return 'number53';
  return 'wide';
}

/**
 * True when an unsigned `width`-bit value is a number rather than a bigint: table keys and
 * action arguments given by the control plane, register cells, slices.
 */
export function isNumberWidth(width: number): boolean {
  return width <= NUMBER_MAX_WIDTH;
}
