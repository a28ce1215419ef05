/**
 * Streaming Merkle–Damgård hashes with 64-byte blocks: MD5 (RFC 1321), SHA-1 and SHA-256
 * (FIPS 180-4). Our own implementations from the standards.
 *
 * Everything is allocation-free after construction: a hash object owns its chaining state, a
 * 64-byte pending block and (SHA) its message schedule. Full blocks of the input are compressed
 * straight from the caller's buffer. The chaining state can be saved and restored, which is how
 * `HmacKey` precomputes its inner and outer pad states once per key.
 */

export abstract class BlockHash {
  /** Digest length in bytes. */
  abstract readonly digestLen: number;
  readonly blockLen = 64;
  /** Chaining state words. */
  readonly h: Int32Array;
  /** Pending partial block. */
  protected readonly pending = new Uint8Array(64);
  protected pendingLen = 0;
  /** Bytes absorbed so far (including the pending ones). */
  protected total = 0;
  private readonly lengthLittleEndian: boolean;

  protected constructor(words: number, lengthLittleEndian: boolean) {
    this.h = new Int32Array(words);
    this.lengthLittleEndian = lengthLittleEndian;
  }

  /** Compresses the 64-byte block at `data[off..]` into `h`. */
  protected abstract compress(data: Uint8Array, off: number): void;
  /** Writes the digest of state `h` to `out[off..]`. */
  protected abstract output(out: Uint8Array, off: number): void;
  /** Sets `h` to the initial value. */
  protected abstract init(): void;

  reset(): this {
    this.init();
    this.pendingLen = 0;
    this.total = 0;
    return this;
  }

  update(data: Uint8Array, off: number, len: number): this {
    let p = off;
    const end = off + len;
    this.total += len;
    if (this.pendingLen > 0) {
      const pend = this.pending;
      let n = this.pendingLen;
      while (n < 64 && p < end) pend[n++] = data[p++]!;
      this.pendingLen = n;
      if (n < 64) return this;
      this.compress(pend, 0);
      this.pendingLen = 0;
    }
    for (; p + 64 <= end; p += 64) this.compress(data, p);
    if (p < end) {
      const pend = this.pending;
      let n = 0;
      while (p < end) pend[n++] = data[p++]!;
      this.pendingLen = n;
    }
    return this;
  }

  /** Pads, writes the digest (digestLen bytes) to `out[off..]`. The object must be reset before reuse. */
  finish(out: Uint8Array, off: number): void {
    const pend = this.pending;
    let n = this.pendingLen;
    pend[n++] = 0x80;
    if (n > 56) {
      while (n < 64) pend[n++] = 0;
      this.compress(pend, 0);
      n = 0;
    }
    while (n < 56) pend[n++] = 0;
    const lo = (this.total << 3) >>> 0;
    const hi = Math.floor(this.total / 0x20000000) >>> 0;
    if (this.lengthLittleEndian) {
      pend[56] = lo;
      pend[57] = lo >>> 8;
      pend[58] = lo >>> 16;
      pend[59] = lo >>> 24;
      pend[60] = hi;
      pend[61] = hi >>> 8;
      pend[62] = hi >>> 16;
      pend[63] = hi >>> 24;
    } else {
      pend[56] = hi >>> 24;
      pend[57] = hi >>> 16;
      pend[58] = hi >>> 8;
      pend[59] = hi;
      pend[60] = lo >>> 24;
      pend[61] = lo >>> 16;
      pend[62] = lo >>> 8;
      pend[63] = lo;
    }
    this.compress(pend, 0);
    this.pendingLen = 0;
    this.output(out, off);
  }

  /** Copies the chaining state to `dst` (only meaningful on a block boundary). */
  saveState(dst: Int32Array): void {
    dst.set(this.h);
  }

  /** Restores a chaining state saved after `bytesDone` bytes (a multiple of 64). */
  restoreState(src: Int32Array, bytesDone: number): void {
    this.h.set(src);
    this.pendingLen = 0;
    this.total = bytesDone;
  }
}

export class Md5 extends BlockHash {
  readonly digestLen = 16;
  constructor() {
    super(4, true);
    this.init();
  }

  protected init(): void {
    const h = this.h;
    h[0] = 0x67452301;
    h[1] = 0xefcdab89 | 0;
    h[2] = 0x98badcfe | 0;
    h[3] = 0x10325476;
  }

  protected output(out: Uint8Array, off: number): void {
    const h = this.h;
    for (let i = 0; i < 4; i++) {
      const w = h[i]!;
      out[off + 4 * i] = w;
      out[off + 4 * i + 1] = w >>> 8;
      out[off + 4 * i + 2] = w >>> 16;
      out[off + 4 * i + 3] = w >>> 24;
    }
  }

  protected compress(m: Uint8Array, o: number): void {
    const h = this.h;
    const x0 = m[o + 0]! | (m[o + 1]! << 8) | (m[o + 2]! << 16) | (m[o + 3]! << 24);
    const x1 = m[o + 4]! | (m[o + 5]! << 8) | (m[o + 6]! << 16) | (m[o + 7]! << 24);
    const x2 = m[o + 8]! | (m[o + 9]! << 8) | (m[o + 10]! << 16) | (m[o + 11]! << 24);
    const x3 = m[o + 12]! | (m[o + 13]! << 8) | (m[o + 14]! << 16) | (m[o + 15]! << 24);
    const x4 = m[o + 16]! | (m[o + 17]! << 8) | (m[o + 18]! << 16) | (m[o + 19]! << 24);
    const x5 = m[o + 20]! | (m[o + 21]! << 8) | (m[o + 22]! << 16) | (m[o + 23]! << 24);
    const x6 = m[o + 24]! | (m[o + 25]! << 8) | (m[o + 26]! << 16) | (m[o + 27]! << 24);
    const x7 = m[o + 28]! | (m[o + 29]! << 8) | (m[o + 30]! << 16) | (m[o + 31]! << 24);
    const x8 = m[o + 32]! | (m[o + 33]! << 8) | (m[o + 34]! << 16) | (m[o + 35]! << 24);
    const x9 = m[o + 36]! | (m[o + 37]! << 8) | (m[o + 38]! << 16) | (m[o + 39]! << 24);
    const x10 = m[o + 40]! | (m[o + 41]! << 8) | (m[o + 42]! << 16) | (m[o + 43]! << 24);
    const x11 = m[o + 44]! | (m[o + 45]! << 8) | (m[o + 46]! << 16) | (m[o + 47]! << 24);
    const x12 = m[o + 48]! | (m[o + 49]! << 8) | (m[o + 50]! << 16) | (m[o + 51]! << 24);
    const x13 = m[o + 52]! | (m[o + 53]! << 8) | (m[o + 54]! << 16) | (m[o + 55]! << 24);
    const x14 = m[o + 56]! | (m[o + 57]! << 8) | (m[o + 58]! << 16) | (m[o + 59]! << 24);
    const x15 = m[o + 60]! | (m[o + 61]! << 8) | (m[o + 62]! << 16) | (m[o + 63]! << 24);
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let t = 0;
    t = (a + ((b & c) | (~b & d)) + x0 + 0xd76aa478) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x1 + 0xe8c7b756) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x2 + 0x242070db) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x3 + 0xc1bdceee) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + x4 + 0xf57c0faf) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x5 + 0x4787c62a) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x6 + 0xa8304613) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x7 + 0xfd469501) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + x8 + 0x698098d8) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x9 + 0x8b44f7af) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x10 + 0xffff5bb1) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x11 + 0x895cd7be) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + x12 + 0x6b901122) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x13 + 0xfd987193) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x14 + 0xa679438e) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x15 + 0x49b40821) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x1 + 0xf61e2562) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x6 + 0xc040b340) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x11 + 0x265e5a51) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x0 + 0xe9b6c7aa) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x5 + 0xd62f105d) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x10 + 0x02441453) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x15 + 0xd8a1e681) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x4 + 0xe7d3fbc8) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x9 + 0x21e1cde6) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x14 + 0xc33707d6) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x3 + 0xf4d50d87) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x8 + 0x455a14ed) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x13 + 0xa9e3e905) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x2 + 0xfcefa3f8) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x7 + 0x676f02d9) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x12 + 0x8d2a4c8a) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + (b ^ c ^ d) + x5 + 0xfffa3942) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x8 + 0x8771f681) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x11 + 0x6d9d6122) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x14 + 0xfde5380c) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + x1 + 0xa4beea44) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x4 + 0x4bdecfa9) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x7 + 0xf6bb4b60) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x10 + 0xbebfbc70) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + x13 + 0x289b7ec6) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x0 + 0xeaa127fa) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x3 + 0xd4ef3085) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x6 + 0x04881d05) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + x9 + 0xd9d4d039) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x12 + 0xe6db99e5) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x15 + 0x1fa27cf8) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x2 + 0xc4ac5665) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x0 + 0xf4292244) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x7 + 0x432aff97) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x14 + 0xab9423a7) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x5 + 0xfc93a039) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x12 + 0x655b59c3) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x3 + 0x8f0ccc92) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x10 + 0xffeff47d) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x1 + 0x85845dd1) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x8 + 0x6fa87e4f) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x15 + 0xfe2ce6e0) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x6 + 0xa3014314) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x13 + 0x4e0811a1) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x4 + 0xf7537e82) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x11 + 0xbd3af235) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x2 + 0x2ad7d2bb) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x9 + 0xeb86d391) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
  }
}

function fracBits(x: number): number {
  return Math.floor((x - Math.floor(x)) * 0x100000000) | 0;
}

const SHA256_K = new Int32Array(64);
const SHA256_IV = new Int32Array(8);
(function buildSha256Constants(): void {
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) {
    let prime = true;
    for (const p of primes) {
      if (p * p > n) break;
      if (n % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) primes.push(n);
  }
  for (let i = 0; i < 64; i++) SHA256_K[i] = fracBits(Math.cbrt(primes[i]!));
  for (let i = 0; i < 8; i++) SHA256_IV[i] = fracBits(Math.sqrt(primes[i]!));
})();

export class Sha256 extends BlockHash {
  readonly digestLen = 32;
  private readonly w = new Int32Array(64);
  constructor() {
    super(8, false);
    this.init();
  }

  protected init(): void {
    this.h.set(SHA256_IV);
  }

  protected output(out: Uint8Array, off: number): void {
    const h = this.h;
    for (let i = 0; i < 8; i++) {
      const v = h[i]!;
      out[off + 4 * i] = v >>> 24;
      out[off + 4 * i + 1] = v >>> 16;
      out[off + 4 * i + 2] = v >>> 8;
      out[off + 4 * i + 3] = v;
    }
  }

  protected compress(m: Uint8Array, o: number): void {
    const w = this.w;
    const K = SHA256_K;
    for (let i = 0; i < 16; i++) {
      const p = o + 4 * i;
      w[i] = (m[p]! << 24) | (m[p + 1]! << 16) | (m[p + 2]! << 8) | m[p + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    const h = this.h;
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
}

export class Sha1 extends BlockHash {
  readonly digestLen = 20;
  private readonly w = new Int32Array(80);
  constructor() {
    super(5, false);
    this.init();
  }

  protected init(): void {
    const h = this.h;
    h[0] = 0x67452301;
    h[1] = 0xefcdab89 | 0;
    h[2] = 0x98badcfe | 0;
    h[3] = 0x10325476;
    h[4] = 0xc3d2e1f0 | 0;
  }

  protected output(out: Uint8Array, off: number): void {
    const h = this.h;
    for (let i = 0; i < 5; i++) {
      const v = h[i]!;
      out[off + 4 * i] = v >>> 24;
      out[off + 4 * i + 1] = v >>> 16;
      out[off + 4 * i + 2] = v >>> 8;
      out[off + 4 * i + 3] = v;
    }
  }

  protected compress(m: Uint8Array, o: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const p = o + 4 * i;
      w[i] = (m[p]! << 24) | (m[p + 1]! << 16) | (m[p + 2]! << 8) | m[p + 3]!;
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    const h = this.h;
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
  }
}
