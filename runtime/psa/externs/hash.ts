/**
 * PSA `Hash<O>(algo)`: `get_hash(data)` is the hash of the data, `get_hash(base, data, max)` is
 * `base + hash % max`, both truncated to the width of `O`. The data are the fields concatenated
 * and zero-padded *in front* to whole bytes (BMv2's psa_switch builds the input that way; the
 * generated code pushes the padding bits first). A `max` of 0 leaves the hash unreduced.
 */
import type { HashEngine, HashInput } from '../../externs/hash.ts';

/** `get_hash(data)` for a result of `width` ≤ 53 bits. */
export function getHash(engine: HashEngine, input: HashInput, width: number): number {
  const h = engine.compute(input);
  return width >= 53 ? h : h % 2 ** width;
}

/** `get_hash(base, data, max)` for a result of `width` ≤ 53 bits. */
export function getHashModulo(engine: HashEngine, input: HashInput, base: number, max: number, width: number): number {
  const h = engine.compute(input);
  const r = base + (max === 0 ? h : h % max);
  return r % 2 ** width;
}

/** `get_hash` for a result wider than 53 bits (`max` 0n: no modulo). */
export function getHashWide(engine: HashEngine, input: HashInput, base: bigint, max: bigint, width: number): bigint {
  const h = engine.computeWide(input);
  return BigInt.asUintN(width, base + (max === 0n ? h : h % max));
}
