/**
 * Seedable PRNG for v1model `random(out T result, in T lo, in T hi)`: xoshiro128** on four
 * 32-bit words, seeded through splitmix32. Uniform results by rejection (no modulo bias).
 * bmv2's `random` accepts any lo/hi at run time (not only power-of-two ranges), and so does this.
 */
export class Prng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed = 1) {
    this.seed(seed);
  }

  seed(seed: number): void {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /**
   * Uniform integer in [lo, hi] for non-negative integers below 2^53. If lo > hi the result is
   * unspecified in v1model (bmv2 only warns); this returns lo.
   */
  range(lo: number, hi: number): number {
    if (!(hi > lo)) return lo;
    const span = hi - lo + 1; // ≤ 2^53
    if (span <= 0x100000000) {
      // rejection sampling on 32 bits
      const limit = 0x100000000 - (0x100000000 % span);
      for (;;) {
        const r = this.nextU32();
        if (r < limit) return lo + (r % span);
      }
    }
    // 53-bit draws
    const TWO53 = 9007199254740992;
    const limit = TWO53 - (TWO53 % span);
    for (;;) {
      const r = (this.nextU32() >>> 11) * 0x100000000 + this.nextU32();
      if (r < limit) return lo + (r % span);
    }
  }

  /** Uniform bigint in [lo, hi] (for `bit<W>`, W > 53); returns lo when lo > hi. */
  rangeBig(lo: bigint, hi: bigint): bigint {
    if (!(hi > lo)) return lo;
    const span = hi - lo + 1n;
    const bits = span.toString(2).length;
    const words = Math.ceil(bits / 32);
    const total = 1n << BigInt(words * 32);
    const limit = total - (total % span);
    for (;;) {
      let r = 0n;
      for (let i = 0; i < words; i++) r = (r << 32n) | BigInt(this.nextU32());
      if (r < limit) return lo + (r % span);
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
