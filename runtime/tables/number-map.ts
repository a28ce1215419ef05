/**
 * `NumberKeyMap`: a hash map from integer keys in [0, 2^53) to non-negative int32 values, for
 * exact-match lookups on the data plane. A `Map` keyed by numbers boxes every key above 2^30
 * (a MAC address, most IPv4 addresses) into a fresh heap number per lookup; this map splits the
 * key into two 32-bit halves and probes typed arrays, so a lookup allocates nothing.
 *
 * Open addressing with linear probing, at most half full; deletion shifts the following entries
 * back (no tombstones), so lookups stay short under insert/remove churn.
 */

const TWO_32 = 4294967296;
const EMPTY = -1;

export class NumberKeyMap {
  /** High part of each slot's key (k / 2^32, < 2^21), or EMPTY. */
  private hi: Int32Array;
  /** Low 32 bits of each slot's key (as int32). */
  private lo: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 16) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.hi = new Int32Array(n).fill(EMPTY);
    this.lo = new Int32Array(n);
    this.values = new Int32Array(n);
    this.mask = n - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of key `k` (an integer in [0, 2^53)), or -1 when absent. */
  get(k: number): number {
    return this.getSplit((k - (k >>> 0)) / TWO_32, k | 0);
  }

  /**
   * `get` for a key given as `hi = (k - (k >>> 0)) / 2^32` and `lo = k | 0`: both are 32-bit
   * integers, which cross a call without being boxed (a key above 2^31 passed as one number is
   * boxed into a heap number on every call the JIT does not inline).
   */
  getSplit(hi: number, lo: number): number {
    const mask = this.mask;
    const his = this.hi;
    const los = this.lo;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const h = his[i]!;
      if (h === EMPTY) return -1; // first: a negative key's hi part can equal EMPTY
      if (h === hi && los[i] === lo) return this.values[i]!;
      i = (i + 1) & mask;
    }
  }

  /** Sets key `k` (an integer in [0, 2^53)) to `value` (an int32 ≥ 0). */
  set(k: number, value: number): void {
    if (!(Number.isInteger(k) && k >= 0 && k < 2 ** 53)) throw new RangeError(`NumberKeyMap key ${k} is not an integer in [0, 2^53)`);
    if (!(Number.isInteger(value) && value >= 0 && value <= 0x7fffffff)) throw new RangeError(`NumberKeyMap value ${value} is not an int32 ≥ 0`);
    if ((this.count + 1) * 2 > this.hi.length) this.grow();
    const lo = k | 0;
    const hi = (k - (k >>> 0)) / TWO_32;
    const mask = this.mask;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === EMPTY) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.values[i] = value;
        this.count++;
        return;
      }
      if (h === hi && this.lo[i] === lo) {
        this.values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes key `k`; returns whether it was present. */
  delete(k: number): boolean {
    if (!(Number.isInteger(k) && k >= 0 && k < 2 ** 53)) return false;
    const lo = k | 0;
    const hi = (k - (k >>> 0)) / TWO_32;
    const mask = this.mask;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === EMPTY) return false;
      if (h === hi && this.lo[i] === lo) break;
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the same probe run into the hole.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const h = this.hi[j]!;
      if (h === EMPTY) break;
      const home = slotOf(h, this.lo[j]!) & mask;
      // the entry at j may move to the hole if its home is not in (hole, j] (cyclically)
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!inRange) {
        this.hi[hole] = h;
        this.lo[hole] = this.lo[j]!;
        this.values[hole] = this.values[j]!;
        hole = j;
      }
    }
    this.hi[hole] = EMPTY;
    this.count--;
    return true;
  }

  clear(): void {
    this.hi.fill(EMPTY);
    this.count = 0;
  }

  private grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const oldValues = this.values;
    const n = oldHi.length * 2;
    this.hi = new Int32Array(n).fill(EMPTY);
    this.lo = new Int32Array(n);
    this.values = new Int32Array(n);
    this.mask = n - 1;
    const mask = this.mask;
    for (let s = 0; s < oldHi.length; s++) {
      const h = oldHi[s]!;
      if (h === EMPTY) continue;
      let i = slotOf(h, oldLo[s]!) & mask;
      while (this.hi[i] !== EMPTY) i = (i + 1) & mask;
      this.hi[i] = h;
      this.lo[i] = oldLo[s]!;
      this.values[i] = oldValues[s]!;
    }
  }
}

/** Mixes the two halves of a key (multiply-xorshift; good spread for sequential and structured keys). */
function slotOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
