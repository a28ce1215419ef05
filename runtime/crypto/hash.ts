/**
 * Streaming Merkle–Damgård hashes with 64-byte blocks: MD5 (RFC 1321), SHA-1 and SHA-256
 * (FIPS 180-4). Our own implementations from the standards.
 *
 * Word-wise and allocation-free after construction. A hash object owns its chaining state `h`,
 * its message schedule `x` (a preallocated Int32Array: the block's 16 words in the hash's byte
 * order, which SHA expands in place) and a 64-byte pending block for streaming. A block is
 * compressed from `x`: full blocks of a caller's buffer are loaded into it a word at a time
 * (four byte loads each: measured as fast as a DataView's word loads in V8, and with no
 * `.buffer` lookup per call), and the final block(s) — the message's last bytes, the 0x80 byte,
 * zeros and the bit length — are built in it directly, never copied through a byte block. The chaining state
 * can be saved, which is how `HmacKey` precomputes its inner and outer pad states once per key.
 */
import { bswap32, readBE32, readLE32 } from './words.ts';

export abstract class BlockHash {
  /** Digest length in bytes. */
  abstract readonly digestLen: number;
  readonly blockLen = 64;
  /** Chaining state words. */
  readonly h: Int32Array;
  /**
   * The message schedule: `x[0 .. 16)` is the block to compress, as words in the hash's byte
   * order (little-endian for MD5, big-endian for SHA); SHA-1 and SHA-256 expand it in place.
   */
  readonly x: Int32Array;
  /** Whether message words and the length field are little-endian (MD5) or big-endian (SHA). */
  readonly littleEndian: boolean;
  /** Pending partial block of a streamed message. */
  private readonly pending = new Uint8Array(64);
  private pendingLen = 0;
  /** Bytes absorbed so far (including the pending ones). */
  private total = 0;

  protected constructor(stateWords: number, scheduleWords: number, littleEndian: boolean) {
    this.h = new Int32Array(stateWords);
    this.x = new Int32Array(scheduleWords);
    this.littleEndian = littleEndian;
  }

  /** Compresses the block in `x[0 .. 16)` into `h` (SHA overwrites the rest of `x`). */
  abstract compressWords(): void;

  /** Compresses the 64-byte block at `data[off ..]` into `h`. */
  compress(data: Uint8Array, off: number): void {
    const x = this.x;
    if (this.littleEndian) for (let i = 0; i < 16; i++) x[i] = readLE32(data, off + 4 * i);
    else for (let i = 0; i < 16; i++) x[i] = readBE32(data, off + 4 * i);
    this.compressWords();
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
    this.finalBlocks(this.pending, 0, this.pendingLen, this.total);
    this.pendingLen = 0;
    this.output(out, off);
  }

  /**
   * Absorbs the last `n` (< 64) bytes of a message `totalLen` bytes long, found at `data[off ..]`,
   * then the 0x80 byte, zeros and the bit length: the message's final one or two compressions,
   * built word by word in `x`.
   */
  finalBlocks(data: Uint8Array, off: number, n: number, totalLen: number): void {
    const x = this.x;
    const le = this.littleEndian;
    const whole = n >>> 2;
    let i = 0;
    if (le) for (; i < whole; i++) x[i] = readLE32(data, off + 4 * i);
    else for (; i < whole; i++) x[i] = readBE32(data, off + 4 * i);
    // The last partial word, then the 0x80 byte.
    const r = n & 3;
    const p = off + 4 * whole;
    let w = 0;
    for (let j = 0; j < r; j++) w |= data[p + j]! << (le ? 8 * j : 24 - 8 * j);
    x[i++] = w | (0x80 << (le ? 8 * r : 24 - 8 * r));
    this.padAndFinish(i, totalLen);
  }

  /**
   * Compresses whole blocks of a message given as big-endian words (`words[at .. at+count)`, the
   * bytes in network order, 4·count of them), from the current state; returns how many words it
   * took (a multiple of 16). MD5 byte-swaps each word into its little-endian schedule; SHA takes
   * them as they are. No byte is read.
   */
  absorbWords(words: Int32Array, at: number, count: number): number {
    const x = this.x;
    const whole = count & ~15;
    for (let b = 0; b < whole; b += 16) {
      if (this.littleEndian) for (let i = 0; i < 16; i++) x[i] = bswap32(words[at + b + i]!);
      else for (let i = 0; i < 16; i++) x[i] = words[at + b + i]!;
      this.compressWords();
    }
    return whole;
  }

  /**
   * The final block(s) of a message of whole words: its last `n` (< 16) big-endian words at
   * `words[at ..]`, then the 0x80 byte, zeros and the bit length of `totalLen` bytes.
   */
  finalWords(words: Int32Array, at: number, n: number, totalLen: number): void {
    const x = this.x;
    if (this.littleEndian) for (let i = 0; i < n; i++) x[i] = bswap32(words[at + i]!);
    else for (let i = 0; i < n; i++) x[i] = words[at + i]!;
    x[n] = this.littleEndian ? 0x80 : 0x80000000 | 0;
    this.padAndFinish(n + 1, totalLen);
  }

  /** `x[0 .. i)` hold the message's last words and the 0x80 byte: zeros, the length, compress. */
  private padAndFinish(i: number, totalLen: number): void {
    const x = this.x;
    if (i > 14) {
      if (i < 16) x[i] = 0;
      this.compressWords();
      i = 0;
    }
    while (i < 14) x[i++] = 0;
    this.lengthWords(x, totalLen);
    this.compressWords();
  }

  /** Writes the 64-bit bit length of a `totalLen`-byte message into `words[14]`, `words[15]`. */
  lengthWords(words: Int32Array, totalLen: number): void {
    const lo = totalLen << 3;
    const hi = totalLen < 0x20000000 ? 0 : Math.floor(totalLen / 0x20000000) | 0;
    words[14] = this.littleEndian ? lo : hi;
    words[15] = this.littleEndian ? hi : lo;
  }

  /** Copies the chaining state to `dst` (only meaningful on a block boundary). */
  saveState(dst: Int32Array): void {
    dst.set(this.h);
  }
}

export class Md5 extends BlockHash {
  readonly digestLen = 16;
  constructor() {
    super(4, 16, true);
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

  /**
   * The 64 steps, unrolled. Each step adds the old value, the message word and the constant
   * first and the round function of the newest word last, and round 1's function is written
   * d ^ (b & (c ^ d)), round 3's b ^ (c ^ d), and round 2's (b & d) | (c & ~d) as two additions
   * (the terms share no bit), c & ~d first: the chain from one step to the next is then at most two
   * logic operations, an add, a rotate and an add (MD5 is latency-bound: 64 dependent steps).
   */
  compressWords(): void {
    const x = this.x;
    const x0 = x[0]!;
    const x1 = x[1]!;
    const x2 = x[2]!;
    const x3 = x[3]!;
    const x4 = x[4]!;
    const x5 = x[5]!;
    const x6 = x[6]!;
    const x7 = x[7]!;
    const x8 = x[8]!;
    const x9 = x[9]!;
    const x10 = x[10]!;
    const x11 = x[11]!;
    const x12 = x[12]!;
    const x13 = x[13]!;
    const x14 = x[14]!;
    const x15 = x[15]!;
    const h = this.h;
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let t = 0;
    t = (a + x0 - 680876936 + (d ^ (b & (c ^ d)))) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + x1 - 389564586 + (c ^ (a & (b ^ c)))) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + x2 + 606105819 + (b ^ (d & (a ^ b)))) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + x3 - 1044525330 + (a ^ (c & (d ^ a)))) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + x4 - 176418897 + (d ^ (b & (c ^ d)))) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + x5 + 1200080426 + (c ^ (a & (b ^ c)))) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + x6 - 1473231341 + (b ^ (d & (a ^ b)))) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + x7 - 45705983 + (a ^ (c & (d ^ a)))) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + x8 + 1770035416 + (d ^ (b & (c ^ d)))) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + x9 - 1958414417 + (c ^ (a & (b ^ c)))) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + x10 - 42063 + (b ^ (d & (a ^ b)))) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + x11 - 1990404162 + (a ^ (c & (d ^ a)))) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + x12 + 1804603682 + (d ^ (b & (c ^ d)))) | 0;
    a = (((t << 7) | (t >>> 25)) + b) | 0;
    t = (d + x13 - 40341101 + (c ^ (a & (b ^ c)))) | 0;
    d = (((t << 12) | (t >>> 20)) + a) | 0;
    t = (c + x14 - 1502002290 + (b ^ (d & (a ^ b)))) | 0;
    c = (((t << 17) | (t >>> 15)) + d) | 0;
    t = (b + x15 + 1236535329 + (a ^ (c & (d ^ a)))) | 0;
    b = (((t << 22) | (t >>> 10)) + c) | 0;
    t = (a + x1 - 165796510 + (c & ~d) + (b & d)) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + x6 - 1069501632 + (b & ~c) + (a & c)) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + x11 + 643717713 + (a & ~b) + (d & b)) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + x0 - 373897302 + (d & ~a) + (c & a)) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + x5 - 701558691 + (c & ~d) + (b & d)) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + x10 + 38016083 + (b & ~c) + (a & c)) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + x15 - 660478335 + (a & ~b) + (d & b)) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + x4 - 405537848 + (d & ~a) + (c & a)) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + x9 + 568446438 + (c & ~d) + (b & d)) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + x14 - 1019803690 + (b & ~c) + (a & c)) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + x3 - 187363961 + (a & ~b) + (d & b)) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + x8 + 1163531501 + (d & ~a) + (c & a)) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + x13 - 1444681467 + (c & ~d) + (b & d)) | 0;
    a = (((t << 5) | (t >>> 27)) + b) | 0;
    t = (d + x2 - 51403784 + (b & ~c) + (a & c)) | 0;
    d = (((t << 9) | (t >>> 23)) + a) | 0;
    t = (c + x7 + 1735328473 + (a & ~b) + (d & b)) | 0;
    c = (((t << 14) | (t >>> 18)) + d) | 0;
    t = (b + x12 - 1926607734 + (d & ~a) + (c & a)) | 0;
    b = (((t << 20) | (t >>> 12)) + c) | 0;
    t = (a + x5 - 378558 + (b ^ (c ^ d))) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + x8 - 2022574463 + (a ^ (b ^ c))) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + x11 + 1839030562 + (d ^ (a ^ b))) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + x14 - 35309556 + (c ^ (d ^ a))) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + x1 - 1530992060 + (b ^ (c ^ d))) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + x4 + 1272893353 + (a ^ (b ^ c))) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + x7 - 155497632 + (d ^ (a ^ b))) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + x10 - 1094730640 + (c ^ (d ^ a))) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + x13 + 681279174 + (b ^ (c ^ d))) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + x0 - 358537222 + (a ^ (b ^ c))) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + x3 - 722521979 + (d ^ (a ^ b))) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + x6 + 76029189 + (c ^ (d ^ a))) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + x9 - 640364487 + (b ^ (c ^ d))) | 0;
    a = (((t << 4) | (t >>> 28)) + b) | 0;
    t = (d + x12 - 421815835 + (a ^ (b ^ c))) | 0;
    d = (((t << 11) | (t >>> 21)) + a) | 0;
    t = (c + x15 + 530742520 + (d ^ (a ^ b))) | 0;
    c = (((t << 16) | (t >>> 16)) + d) | 0;
    t = (b + x2 - 995338651 + (c ^ (d ^ a))) | 0;
    b = (((t << 23) | (t >>> 9)) + c) | 0;
    t = (a + x0 - 198630844 + (c ^ (b | ~d))) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + x7 + 1126891415 + (b ^ (a | ~c))) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + x14 - 1416354905 + (a ^ (d | ~b))) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + x5 - 57434055 + (d ^ (c | ~a))) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + x12 + 1700485571 + (c ^ (b | ~d))) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + x3 - 1894986606 + (b ^ (a | ~c))) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + x10 - 1051523 + (a ^ (d | ~b))) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + x1 - 2054922799 + (d ^ (c | ~a))) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + x8 + 1873313359 + (c ^ (b | ~d))) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + x15 - 30611744 + (b ^ (a | ~c))) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + x6 - 1560198380 + (a ^ (d | ~b))) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + x13 + 1309151649 + (d ^ (c | ~a))) | 0;
    b = (((t << 21) | (t >>> 11)) + c) | 0;
    t = (a + x4 - 145523070 + (c ^ (b | ~d))) | 0;
    a = (((t << 6) | (t >>> 26)) + b) | 0;
    t = (d + x11 - 1120210379 + (b ^ (a | ~c))) | 0;
    d = (((t << 10) | (t >>> 22)) + a) | 0;
    t = (c + x2 + 718787259 + (a ^ (d | ~b))) | 0;
    c = (((t << 15) | (t >>> 17)) + d) | 0;
    t = (b + x9 - 343485551 + (d ^ (c | ~a))) | 0;
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
  constructor() {
    super(8, 64, false);
    this.init();
  }

  protected init(): void {
    this.h.set(SHA256_IV);
  }

  output(out: Uint8Array, off: number, words = 8): void {
    writeWordsBE(this.h, words, out, off);
  }

  compressWords(): void {
    const w = this.x;
    const K = SHA256_K;
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
      const ch = g ^ (e & (f ^ g));
      const t1 = (hh + K[i]! + w[i]! + S1 + ch) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) | (c & (a | b));
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
  constructor() {
    super(5, 80, false);
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
    writeWordsBE(this.h, words, out, off);
  }

  /** The 80 steps as four loops of 20, one per round function (no per-step branch). */
  compressWords(): void {
    const w = this.x;
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
    let i = 0;
    for (; i < 20; i++) {
      const t = (e + 0x5a827999 + w[i]! + ((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d)))) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 40; i++) {
      const t = (e + 0x6ed9eba1 + w[i]! + ((a << 5) | (a >>> 27)) + (b ^ c ^ d)) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 60; i++) {
      const t = (e + (0x8f1bbcdc | 0) + w[i]! + ((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c)))) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 80; i++) {
      const t = (e + (0xca62c1d6 | 0) + w[i]! + ((a << 5) | (a >>> 27)) + (b ^ c ^ d)) | 0;
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

/** Writes the first `words` words of `h` big-endian to `out[off ..]`. */
function writeWordsBE(h: Int32Array, words: number, out: Uint8Array, off: number): void {
  for (let i = 0; i < words; i++) {
    const v = h[i]!;
    out[off + 4 * i] = v >>> 24;
    out[off + 4 * i + 1] = v >>> 16;
    out[off + 4 * i + 2] = v >>> 8;
    out[off + 4 * i + 3] = v;
  }
}
