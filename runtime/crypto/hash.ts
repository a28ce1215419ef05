/**
 * Streaming Merkle–Damgård hashes with 64-byte blocks: MD5 (RFC 1321), SHA-1 and SHA-256
 * (FIPS 180-4). Our own implementations from the standards.
 *
 * Everything is allocation-free after construction: a hash object owns its chaining state, a
 * 64-byte pending block and (SHA) its message schedule. Full blocks of the input are compressed
 * straight from the caller's buffer, words loaded through a DataView (cached per backing buffer;
 * V8 turns these into plain loads, faster than assembling bytes). The chaining state can be saved and restored, which is how
 * `HmacKey` precomputes its inner and outer pad states once per key.
 */

export abstract class BlockHash {
  /** Digest length in bytes. */
  abstract readonly digestLen: number;
  readonly blockLen = 64;
  /** Chaining state words. */
  readonly h: Int32Array;
  /** Pending partial block, and a DataView of it for word loads. */
  protected readonly pending = new Uint8Array(64);
  protected readonly pendingView = new DataView(this.pending.buffer);
  protected pendingLen = 0;
  /** Bytes of `pending` below 56 that may be non-zero (so padding only clears what it must). */
  private dirty = 64;
  /** Bytes absorbed so far (including the pending ones). */
  protected total = 0;
  private readonly lengthLittleEndian: boolean;

  protected constructor(words: number, lengthLittleEndian: boolean) {
    this.h = new Int32Array(words);
    this.lengthLittleEndian = lengthLittleEndian;
  }

  /** Compresses the 64-byte block at byte `o` of the DataView `m` into `h`. */
  abstract compressView(m: DataView, o: number): void;

  /** The DataView over the backing buffer seen last (one per buffer, not per call). */
  private viewBuffer: ArrayBufferLike | null = null;
  private view: DataView | null = null;

  /**
   * Compresses the 64-byte block at `data[off..]` into `h`. Words are loaded through a DataView
   * over `data`'s backing buffer, cached: a packet pool (one buffer, many views) costs one
   * DataView in all; a new DataView is made only when the buffer changes.
   */
  compress(data: Uint8Array, off: number): void {
    const buffer = data.buffer;
    let v = this.view;
    if (buffer !== this.viewBuffer || v === null) {
      v = new DataView(buffer);
      this.view = v;
      this.viewBuffer = buffer;
    }
    this.compressView(v, data.byteOffset + off);
  }

  /** Writes the digest of state `h` (digestLen bytes, or its first `words` 32-bit words) to `out[off..]`. */
  abstract output(out: Uint8Array, off: number, words?: number): void;
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
      this.dirty = 64;
      if (n < 64) return this;
      this.compressView(this.pendingView, 0);
      this.pendingLen = 0;
    }
    for (; p + 64 <= end; p += 64) this.compress(data, p);
    if (p < end) {
      const pend = this.pending;
      let n = 0;
      while (p < end) pend[n++] = data[p++]!;
      this.pendingLen = n;
      this.dirty = 64;
    }
    return this;
  }

  /** Pads, writes the digest (digestLen bytes) to `out[off..]`. The object must be reset before reuse. */
  finish(out: Uint8Array, off: number): void {
    this.finalBlocks(this.pending, 0, this.pendingLen, this.total);
    this.pendingLen = 0;
    this.output(out, off);
  }

  /**
   * Absorbs the last `n` (< 64) bytes of a message `totalLen` bytes long, found at `data[off..]`,
   * then the padding and length: the message's final one or two compressions.
   */
  finalBlocks(data: Uint8Array, off: number, n: number, totalLen: number): void {
    const pend = this.pending;
    if (data !== pend || off !== 0) for (let i = 0; i < n; i++) pend[i] = data[off + i]!;
    pend[n] = 0x80;
    let i = n + 1;
    let zeroEnd = this.dirty < 56 ? this.dirty : 56;
    if (i > 56) {
      while (i < 64) pend[i++] = 0;
      this.compressView(this.pendingView, 0);
      i = 0;
      zeroEnd = 56;
      this.dirty = 0;
    } else {
      this.dirty = i;
    }
    while (i < zeroEnd) pend[i++] = 0;
    this.writeLength(pend, totalLen);
    this.compressView(this.pendingView, 0);
  }

  /** Writes the 64-bit bit length of a `totalLen`-byte message into `block[56..64)`. */
  writeLength(block: Uint8Array, totalLen: number): void {
    const lo = (totalLen << 3) >>> 0;
    const hi = totalLen < 0x20000000 ? 0 : Math.floor(totalLen / 0x20000000) >>> 0;
    if (this.lengthLittleEndian) {
      block[56] = lo;
      block[57] = lo >>> 8;
      block[58] = lo >>> 16;
      block[59] = lo >>> 24;
      block[60] = hi;
      block[61] = hi >>> 8;
      block[62] = hi >>> 16;
      block[63] = hi >>> 24;
    } else {
      block[56] = hi >>> 24;
      block[57] = hi >>> 16;
      block[58] = hi >>> 8;
      block[59] = hi;
      block[60] = lo >>> 24;
      block[61] = lo >>> 16;
      block[62] = lo >>> 8;
      block[63] = lo;
    }
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

  output(out: Uint8Array, off: number, words = 4): void {
    const h = this.h;
    for (let i = 0; i < words; i++) {
      const w = h[i]!;
      out[off + 4 * i] = w;
      out[off + 4 * i + 1] = w >>> 8;
      out[off + 4 * i + 2] = w >>> 16;
      out[off + 4 * i + 3] = w >>> 24;
    }
  }

  compressView(m: DataView, o: number): void {
    const h = this.h;
    const x0 = m.getInt32(o, true);
    const x1 = m.getInt32(o + 4, true);
    const x2 = m.getInt32(o + 8, true);
    const x3 = m.getInt32(o + 12, true);
    const x4 = m.getInt32(o + 16, true);
    const x5 = m.getInt32(o + 20, true);
    const x6 = m.getInt32(o + 24, true);
    const x7 = m.getInt32(o + 28, true);
    const x8 = m.getInt32(o + 32, true);
    const x9 = m.getInt32(o + 36, true);
    const x10 = m.getInt32(o + 40, true);
    const x11 = m.getInt32(o + 44, true);
    const x12 = m.getInt32(o + 48, true);
    const x13 = m.getInt32(o + 52, true);
    const x14 = m.getInt32(o + 56, true);
    const x15 = m.getInt32(o + 60, true);
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let t = 0;
    t = (a + ((b & c) | (~b & d)) + x0 - 680876936) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x1 - 389564586) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x3 - 1044525330) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + x4 - 176418897) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x6 - 1473231341) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x7 - 45705983) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x9 - 1958414417) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x10 - 42063) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x11 - 1990404162) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + ((a & b) | (~a & c)) + x13 - 40341101) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + ((d & a) | (~d & b)) + x14 - 1502002290) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x1 - 165796510) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x6 - 1069501632) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x11 + 643717713) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x0 - 373897302) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x5 - 701558691) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x10 + 38016083) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x15 - 660478335) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x4 - 405537848) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x9 + 568446438) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x14 - 1019803690) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x3 - 187363961) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x8 + 1163531501) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + ((b & d) | (c & ~d)) + x13 - 1444681467) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + ((a & c) | (b & ~c)) + x2 - 51403784) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + ((d & b) | (a & ~b)) + x7 + 1735328473) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + ((c & a) | (d & ~a)) + x12 - 1926607734) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + (b ^ c ^ d) + x5 - 378558) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x8 - 2022574463) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x11 + 1839030562) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x14 - 35309556) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + x1 - 1530992060) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x4 + 1272893353) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x7 - 155497632) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x10 - 1094730640) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + x13 + 681279174) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x0 - 358537222) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x3 - 722521979) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x6 + 76029189) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (b ^ c ^ d) + x9 - 640364487) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + (a ^ b ^ c) + x12 - 421815835) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + (d ^ a ^ b) + x15 + 530742520) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + (c ^ d ^ a) + x2 - 995338651) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x0 - 198630844) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x14 - 1416354905) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x5 - 57434055) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x3 - 1894986606) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x10 - 1051523) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x1 - 2054922799) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x15 - 30611744) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x6 - 1560198380) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + (c ^ (b | ~d)) + x4 - 145523070) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + (b ^ (a | ~c)) + x11 - 1120210379) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + (d ^ (c | ~a)) + x9 - 343485551) | 0;
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

  output(out: Uint8Array, off: number, words = 8): void {
    const h = this.h;
    for (let i = 0; i < words; i++) {
      const v = h[i]!;
      out[off + 4 * i] = v >>> 24;
      out[off + 4 * i + 1] = v >>> 16;
      out[off + 4 * i + 2] = v >>> 8;
      out[off + 4 * i + 3] = v;
    }
  }

  compressView(m: DataView, o: number): void {
    const w = this.w;
    const K = SHA256_K;
    for (let i = 0; i < 16; i++) w[i] = m.getInt32(o + 4 * i);
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

  output(out: Uint8Array, off: number, words = 5): void {
    const h = this.h;
    for (let i = 0; i < words; i++) {
      const v = h[i]!;
      out[off + 4 * i] = v >>> 24;
      out[off + 4 * i + 1] = v >>> 16;
      out[off + 4 * i + 2] = v >>> 8;
      out[off + 4 * i + 3] = v;
    }
  }

  compressView(m: DataView, o: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) w[i] = m.getInt32(o + 4 * i);
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
