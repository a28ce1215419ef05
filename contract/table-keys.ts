/**
 * Contract: how generated code hands a lookup key to a table (`runtime/control/runtime-table.ts`,
 * engines in `runtime/tables/`).
 *
 * Tables key by one JS number whenever the key fields (or a run of consecutive exact fields) fit
 * in `NUMBER_KEY_MAX_WIDTH` bits — the fields concatenated stay exact in a double, and a
 * `NumberKeyMap` indexes them. Wider fields are bigint keys.
 *
 * A single unsigned key whose value may reach 2^31 (width 32 ..  `NUMBER_KEY_MAX_WIDTH`) goes as
 * two 32-bit halves, `lookup1Split(hi, lo)`: one number that large would be boxed on each call.
 */

/** The widest key (or run of exact key fields) a table keys by a single number. */
export const NUMBER_KEY_MAX_WIDTH = 52;

/** The narrowest single key passed as two 32-bit halves. */
export const SPLIT_KEY_MIN_WIDTH = 32;

/** True when a table with this single key is looked up with `lookup1Split(hi, lo)`. */
export function usesSplitKey(width: number, signed: boolean): boolean {
  return !signed && width >= SPLIT_KEY_MIN_WIDTH && width <= NUMBER_KEY_MAX_WIDTH;
}
