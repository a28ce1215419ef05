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

/**
 * Flat rows: a table whose key is 1 to `FLAT_ROW_FIELDS` fields, each at most 32 bits wide, that
 * neither keys by one number nor is a single lpm key (so at least one ternary, range or optional
 * field) is matched by scanning its entries as one `Int32Array` (`RuntimeTable.flatRows()`), in
 * precedence order, `FLAT_ROW_STRIDE` integers per entry: per key field two — a `range` key's
 * low bound and span (`(k - low) >>> 0 <= span >>> 0`), any other kind's value and mask
 * (`(k & mask) === value`) — the fields padded to `FLAT_ROW_FIELDS` with value 0 and mask 0
 * (anything matches), then the entry's result index. The first row whose fields all match is the
 * hit; none: the default action (result index 0). Generated code scans them in place.
 */
export const FLAT_ROW_FIELDS = 3;

/** Integers per flat row: two per field, then the result index. */
export const FLAT_ROW_STRIDE = 2 * FLAT_ROW_FIELDS + 1;

/**
 * The engine a key calls for (`createTable`, runtime/tables): every field exact (or no key) →
 * `exact`; a single lpm field → `lpm`; anything else → `multi` (the multi-field scan, which flat
 * rows serve when its fields are few and narrow).
 */
export function tableEngineKind(keys: readonly { readonly kind: string }[]): 'exact' | 'lpm' | 'multi' {
  if (keys.every((k) => k.kind === 'exact')) return 'exact';
  return keys.length === 1 && keys[0]!.kind === 'lpm' ? 'lpm' : 'multi';
}

/** True when a table with these key fields (match kind, width) has flat rows. */
export function scansFlatRows(keys: readonly { readonly kind: string; readonly width: number }[]): boolean {
  return keys.length <= FLAT_ROW_FIELDS && keys.every((k) => k.width <= 32) && tableEngineKind(keys) === 'multi';
}

/**
 * Whether a key of this match kind (`ternary`, `range`, `optional`; p4c's and the P4Info's names,
 * in any case) makes a table's entries need a priority: they may overlap, so the data plane ranks
 * them by priority, and P4Runtime requires one above 0. Exact, lpm and selector keys do not.
 */
export function matchKindNeedsPriority(kind: string): boolean {
  const k = kind.toLowerCase();
  return k === 'ternary' || k === 'range' || k === 'optional';
}
