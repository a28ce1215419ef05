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
  /**
   * Slot i is cells[4i .. 4i+2]: the key's high part (k / 2^32, < 2^21, or EMPTY), its low 32
   * bits (as int32) and the value — one cache line per probe.
   */
  private cells: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 16) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.cells = emptyCells(n);
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
    const cells = this.cells;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const c = i << 2;
      const h = cells[c]!;
      if (h === EMPTY) return -1; // first: a negative key's hi part can equal EMPTY
      if (h === hi && cells[c + 1] === lo) return cells[c + 2]!;
      i = (i + 1) & mask;
    }
  }

  /** Sets key `k` (an integer in [0, 2^53)) to `value` (an int32 ≥ 0). */
  set(k: number, value: number): void {
    if (!(Number.isInteger(k) && k >= 0 && k < 2 ** 53)) throw new RangeError(`NumberKeyMap key ${k} is not an integer in [0, 2^53)`);
    if (!(Number.isInteger(value) && value >= 0 && value <= 0x7fffffff)) throw new RangeError(`NumberKeyMap value ${value} is not an int32 ≥ 0`);
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const lo = k | 0;
    const hi = (k - (k >>> 0)) / TWO_32;
    const mask = this.mask;
    const cells = this.cells;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const c = i << 2;
      const h = cells[c]!;
      if (h === EMPTY) {
        cells[c] = hi;
        cells[c + 1] = lo;
        cells[c + 2] = value;
        this.count++;
        return;
      }
      if (h === hi && cells[c + 1] === lo) {
        cells[c + 2] = value;
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
    const cells = this.cells;
    let i = slotOf(hi, lo) & mask;
    for (;;) {
      const h = cells[i << 2]!;
      if (h === EMPTY) return false;
      if (h === hi && cells[(i << 2) + 1] === lo) break;
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the same probe run into the hole.
    let hole = i;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const h = cells[j << 2]!;
      if (h === EMPTY) break;
      const home = slotOf(h, cells[(j << 2) + 1]!) & mask;
      // the entry at j may move to the hole if its home is not in (hole, j] (cyclically)
      const inRange = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!inRange) {
        cells[hole << 2] = h;
        cells[(hole << 2) + 1] = cells[(j << 2) + 1]!;
        cells[(hole << 2) + 2] = cells[(j << 2) + 2]!;
        hole = j;
      }
    }
    cells[hole << 2] = EMPTY;
    this.count--;
    return true;
  }

  clear(): void {
    this.cells = emptyCells(this.mask + 1);
    this.count = 0;
  }

  private grow(): void {
    const old = this.cells;
    const n = (this.mask + 1) * 2;
    const cells = emptyCells(n);
    const mask = n - 1;
    for (let c = 0; c < old.length; c += 4) {
      const h = old[c]!;
      if (h === EMPTY) continue;
      let i = slotOf(h, old[c + 1]!) & mask;
      while (cells[i << 2] !== EMPTY) i = (i + 1) & mask;
      cells[i << 2] = h;
      cells[(i << 2) + 1] = old[c + 1]!;
      cells[(i << 2) + 2] = old[c + 2]!;
    }
    this.cells = cells;
    this.mask = mask;
  }
}

function emptyCells(slots: number): Int32Array {
  const cells = new Int32Array(slots * 4);
  for (let c = 0; c < cells.length; c += 4) cells[c] = EMPTY;
  return cells;
}

/** Mixes the two halves of a key (multiply-xorshift; good spread for sequential and structured keys). */
function slotOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
