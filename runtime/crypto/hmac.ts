/**
 * HMAC (RFC 2104) with truncated output (RFC 2403 HMAC-MD5-96, RFC 2404 HMAC-SHA1-96,
 * RFC 4868 HMAC-SHA-256-128).
 *
 * The key's inner (K ^ ipad) and outer (K ^ opad) blocks are compressed once, when the key is
 * built, and their chaining states kept; a MAC then costs the message's blocks (the data, its
 * padding and length) plus one outer block, and allocates nothing. The outer block is built as
 * words: the inner digest's words are the outer message's first words as they are (MD5 writes its
 * digest little-endian and reads message words little-endian; SHA does both big-endian), followed
 * by the padding and length prepared once per key.
 */
import { Md5, Sha1, Sha256 } from './hash.ts';
import type { BlockHash } from './hash.ts';

export type HmacAlgorithm = 'md5' | 'sha1' | 'sha256';

export function newHash(alg: HmacAlgorithm): BlockHash {
  switch (alg) {
    case 'md5':
      return new Md5();
    case 'sha1':
      return new Sha1();
    case 'sha256':
      return new Sha256();
  }
}

export class HmacKey {
  readonly algorithm: HmacAlgorithm;
  /** Output length in bytes (the truncation: 12 for *-96, 16 for SHA-256-128). */
  readonly macLen: number;
  private readonly hash: BlockHash;
  /** The hash's chaining state after the inner (K ^ ipad) and outer (K ^ opad) blocks. */
  readonly innerState: Int32Array;
  readonly outerState: Int32Array;
  /** Full digest scratch (verify, and truncations that are not whole words). */
  private readonly digest: Uint8Array;
  /**
   * The outer hash's only message block as words: the inner digest's words go in front at MAC
   * time; after them the 0x80 byte, zeros and the length of (64 + digestLen) bytes, set once.
   */
  private readonly outerWords = new Int32Array(16);

  constructor(algorithm: HmacAlgorithm, key: Uint8Array, offset = 0, length = key.length - offset, macLen?: number) {
    this.algorithm = algorithm;
    const hash = newHash(algorithm);
    this.hash = hash;
    const dl = hash.digestLen;
    this.macLen = macLen ?? dl;
    if (this.macLen < 1 || this.macLen > dl) throw new RangeError(`HMAC output length ${this.macLen} out of range`);
    this.digest = new Uint8Array(dl);
    const block = new Uint8Array(64);
    if (length > 64) {
      hash.reset().update(key, offset, length).finish(block, 0);
    } else {
      block.set(key.subarray(offset, offset + length));
    }
    const pad = new Uint8Array(64);
    this.innerState = new Int32Array(hash.h.length);
    this.outerState = new Int32Array(hash.h.length);
    for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x36;
    hash.reset().update(pad, 0, 64).saveState(this.innerState);
    for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x5c;
    hash.reset().update(pad, 0, 64).saveState(this.outerState);
    hash.reset();
    const ow = this.outerWords;
    ow[dl >>> 2] = hash.littleEndian ? 0x80 : 0x80000000 | 0;
    hash.lengthWords(ow, 64 + dl);
  }

  /** Computes the (truncated) MAC of `data[off .. off+len)` into `out[outOff .. outOff+macLen)`. */
  mac(data: Uint8Array, off: number, len: number, out: Uint8Array, outOff: number): void {
    this.full(data, off, len);
    this.writeMac(out, outOff);
  }

  /** Checks the MAC of `data[off .. off+len)` against `icv[icvOff .. icvOff+macLen)`. */
  verify(data: Uint8Array, off: number, len: number, icv: Uint8Array, icvOff: number): boolean {
    this.full(data, off, len);
    const d = this.digest;
    this.hash.output(d, 0);
    let diff = 0;
    for (let i = 0; i < this.macLen; i++) diff |= d[i]! ^ icv[icvOff + i]!;
    return diff === 0;
  }

  /**
   * MAC of a message given as big-endian words, `words[at .. at+count)` (4·count bytes in
   * network order: ESP's header, IV and ciphertext as the kernel already holds them), into
   * `out[outOff .. outOff+macLen)`. Reads no byte of the message.
   */
  macWords(words: Int32Array, at: number, count: number, out: Uint8Array, outOff: number): void {
    const hash = this.restoreInner();
    const done = hash.absorbWords(words, at, count);
    hash.finalWords(words, at + done, count - done, 64 + 4 * count);
    this.outer();
    this.writeMac(out, outOff);
  }

  /** Writes the first macLen bytes of the finished MAC to `out[outOff ..]`. */
  private writeMac(out: Uint8Array, outOff: number): void {
    const n = this.macLen;
    if ((n & 3) === 0) {
      this.hash.output(out, outOff, n >>> 2);
      return;
    }
    const d = this.digest;
    this.hash.output(d, 0);
    for (let i = 0; i < n; i++) out[outOff + i] = d[i]!;
  }

  /** HMAC of the data: leaves the outer hash's final state (the MAC's words) in `hash.h`. */
  private full(data: Uint8Array, off: number, len: number): void {
    const hash = this.restoreInner();
    const whole = off + (len & ~63);
    for (let p = off; p < whole; p += 64) hash.compress(data, p);
    hash.finalBlocks(data, whole, off + len - whole, 64 + len);
    this.outer();
  }

  /** Sets the hash to the state after the inner pad block. */
  private restoreInner(): BlockHash {
    const hash = this.hash;
    const h = hash.h;
    const inner = this.innerState;
    for (let i = 0; i < h.length; i++) h[i] = inner[i]!;
    return hash;
  }

  /** The outer hash over the inner digest in `hash.h`: one compression from the outer pad state. */
  private outer(): void {
    const hash = this.hash;
    const h = hash.h;
    const x = hash.x;
    const ow = this.outerWords;
    const outer = this.outerState;
    const dw = hash.digestLen >>> 2;
    for (let i = 0; i < dw; i++) x[i] = h[i]!;
    for (let i = dw; i < 16; i++) x[i] = ow[i]!;
    for (let i = 0; i < h.length; i++) h[i] = outer[i]!;
    hash.compressWords();
  }
}
