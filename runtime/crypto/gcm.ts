/**
 * AES-GCM (NIST SP 800-38D): CTR mode with a 32-bit counter plus GHASH, in place over a byte range.
 *
 * GHASH uses an 8-bit table precomputed per key (Shoup's method): `M[b] = b·H` for the 256 byte
 * values b placed in the first byte of a block, and a 256-entry reduction table for multiplying by
 * x^8. One block multiply is then 16 table lookups and 16 shift-and-reduce steps on 4 int32 words.
 *
 * Only 96-bit nonces (the J0 = nonce || 0^31 || 1 form) are supported, which is what RFC 4106 ESP
 * uses (salt || explicit IV). No allocation per call: the counter block, hash state and tag
 * scratch are owned by the `GcmKey`.
 */
import { AesKey, aesEncryptWords } from './aes.ts';
import { readBE32, writeBE32 } from './words.ts';

/** R8[t]: the top 16 bits XORed in when the byte t is shifted out by a multiply by x^8. */
const R8 = new Uint16Array(256);
(function buildR8(): void {
  for (let t = 0; t < 256; t++) {
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = t;
    for (let k = 0; k < 8; k++) {
      const lsb = z3 & 1;
      z3 = (z3 >>> 1) | (z2 << 31);
      z2 = (z2 >>> 1) | (z1 << 31);
      z1 = (z1 >>> 1) | (z0 << 31);
      z0 = z0 >>> 1;
      if (lsb) z0 ^= 0xe1000000;
    }
    if (z1 !== 0 || z2 !== 0 || z3 !== 0 || (z0 & 0xffff) !== 0) throw new Error('GCM reduction table');
    R8[t] = z0 >>> 16;
  }
})();

export class GcmKey {
  readonly aes: AesKey;
  /** M[4*b .. 4*b+4): b·H as four big-endian words. */
  readonly table = new Int32Array(1024);
  /** GHASH accumulator. */
  readonly y = new Int32Array(4);
  /** Counter block (nonce words + 32-bit counter). */
  readonly ctr = new Int32Array(4);
  /** Scratch for a computed tag. */
  readonly tag = new Uint8Array(16);

  constructor(key: Uint8Array, offset = 0, length = key.length - offset) {
    this.aes = new AesKey(key, offset, length);
    const st = this.aes.st;
    st.fill(0);
    aesEncryptWords(this.aes.ek, this.aes.rounds, st);
    const m = this.table;
    m[0x80 * 4] = st[0]!;
    m[0x80 * 4 + 1] = st[1]!;
    m[0x80 * 4 + 2] = st[2]!;
    m[0x80 * 4 + 3] = st[3]!;
    for (let b = 0x40; b >= 1; b >>>= 1) {
      const s = (b << 1) * 4;
      const d = b * 4;
      const lsb = m[s + 3]! & 1;
      m[d + 3] = (m[s + 3]! >>> 1) | (m[s + 2]! << 31);
      m[d + 2] = (m[s + 2]! >>> 1) | (m[s + 1]! << 31);
      m[d + 1] = (m[s + 1]! >>> 1) | (m[s]! << 31);
      m[d] = (m[s]! >>> 1) ^ (lsb ? 0xe1000000 : 0);
    }
    for (let i = 3; i < 256; i++) {
      const lo = i & -i;
      if (lo === i) continue;
      const a = lo * 4;
      const c = (i ^ lo) * 4;
      const d = i * 4;
      m[d] = m[a]! ^ m[c]!;
      m[d + 1] = m[a + 1]! ^ m[c + 1]!;
      m[d + 2] = m[a + 2]! ^ m[c + 2]!;
      m[d + 3] = m[a + 3]! ^ m[c + 3]!;
    }
    st.fill(0);
  }
}

/** y = y · H (GF(2^128), GCM bit order). */
function ghashMulH(m: Int32Array, y: Int32Array): void {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  for (let w = 3; w >= 0; w--) {
    const xw = y[w]!;
    for (let sh = 0; sh < 32; sh += 8) {
      if (w !== 3 || sh !== 0) {
        const rem = z3 & 255;
        z3 = (z3 >>> 8) | (z2 << 24);
        z2 = (z2 >>> 8) | (z1 << 24);
        z1 = (z1 >>> 8) | (z0 << 24);
        z0 = (z0 >>> 8) ^ (R8[rem]! << 16);
      }
      const i = ((xw >>> sh) & 255) << 2;
      z0 ^= m[i]!;
      z1 ^= m[i + 1]!;
      z2 ^= m[i + 2]!;
      z3 ^= m[i + 3]!;
    }
  }
  y[0] = z0;
  y[1] = z1;
  y[2] = z2;
  y[3] = z3;
}

/** Absorbs `buf[off .. off+len)` into the GHASH state, zero-padding a final partial block. */
function ghashUpdate(g: GcmKey, buf: Uint8Array, off: number, len: number): void {
  const y = g.y;
  const m = g.table;
  const full = off + (len & ~15);
  let p = off;
  for (; p < full; p += 16) {
    y[0] = y[0]! ^ readBE32(buf, p);
    y[1] = y[1]! ^ readBE32(buf, p + 4);
    y[2] = y[2]! ^ readBE32(buf, p + 8);
    y[3] = y[3]! ^ readBE32(buf, p + 12);
    ghashMulH(m, y);
  }
  const rest = off + len - p;
  if (rest > 0) {
    for (let i = 0; i < rest; i++) {
      const w = i >>> 2;
      y[w] = y[w]! ^ (buf[p + i]! << (24 - ((i & 3) << 3)));
    }
    ghashMulH(m, y);
  }
}

function ghashLengths(g: GcmKey, aadLen: number, textLen: number): void {
  const y = g.y;
  y[0] = y[0]! ^ Math.floor(aadLen / 0x20000000);
  y[1] = y[1]! ^ (aadLen << 3);
  y[2] = y[2]! ^ Math.floor(textLen / 0x20000000);
  y[3] = y[3]! ^ (textLen << 3);
  ghashMulH(g.table, y);
}

/** CTR keystream over `buf[off .. off+len)` starting at counter value `first` (J0 + 1 for data). */
function ctrXor(g: GcmKey, buf: Uint8Array, off: number, len: number, first: number): void {
  const aes = g.aes;
  const st = aes.st;
  const rk = aes.ek;
  const nr = aes.rounds;
  const ctr = g.ctr;
  let counter = first;
  const end = off + len;
  let p = off;
  for (; p + 16 <= end; p += 16) {
    st[0] = ctr[0]!;
    st[1] = ctr[1]!;
    st[2] = ctr[2]!;
    st[3] = counter;
    counter = (counter + 1) | 0;
    aesEncryptWords(rk, nr, st);
    writeBE32(buf, p, readBE32(buf, p) ^ st[0]!);
    writeBE32(buf, p + 4, readBE32(buf, p + 4) ^ st[1]!);
    writeBE32(buf, p + 8, readBE32(buf, p + 8) ^ st[2]!);
    writeBE32(buf, p + 12, readBE32(buf, p + 12) ^ st[3]!);
  }
  if (p < end) {
    st[0] = ctr[0]!;
    st[1] = ctr[1]!;
    st[2] = ctr[2]!;
    st[3] = counter;
    aesEncryptWords(rk, nr, st);
    for (let i = 0; p + i < end; i++) {
      buf[p + i] = buf[p + i]! ^ ((st[i >>> 2]! >>> (24 - ((i & 3) << 3))) & 255);
    }
  }
}

/** Computes the tag over (aad, ciphertext) into `g.tag` (16 bytes). The counter nonce must be set. */
function computeTag(
  g: GcmKey,
  aad: Uint8Array,
  aadOff: number,
  aadLen: number,
  buf: Uint8Array,
  off: number,
  len: number,
): void {
  const y = g.y;
  y.fill(0);
  ghashUpdate(g, aad, aadOff, aadLen);
  ghashUpdate(g, buf, off, len);
  ghashLengths(g, aadLen, len);
  const st = g.aes.st;
  const ctr = g.ctr;
  st[0] = ctr[0]!;
  st[1] = ctr[1]!;
  st[2] = ctr[2]!;
  st[3] = 1;
  aesEncryptWords(g.aes.ek, g.aes.rounds, st);
  const t = g.tag;
  writeBE32(t, 0, st[0]! ^ y[0]!);
  writeBE32(t, 4, st[1]! ^ y[1]!);
  writeBE32(t, 8, st[2]! ^ y[2]!);
  writeBE32(t, 12, st[3]! ^ y[3]!);
}

function setNonce(g: GcmKey, nonce: Uint8Array, nonceOff: number): void {
  const ctr = g.ctr;
  ctr[0] = readBE32(nonce, nonceOff);
  ctr[1] = readBE32(nonce, nonceOff + 4);
  ctr[2] = readBE32(nonce, nonceOff + 8);
}

/**
 * Sets the 12-byte nonce from a 4-byte salt (as a big-endian word) and an 8-byte explicit IV
 * (RFC 4106 §4) without building the nonce in memory.
 */
export function gcmSetSaltIv(g: GcmKey, salt: number, iv: Uint8Array, ivOff: number): void {
  const ctr = g.ctr;
  ctr[0] = salt;
  ctr[1] = readBE32(iv, ivOff);
  ctr[2] = readBE32(iv, ivOff + 4);
}

/**
 * Checks a tag over (aad, ciphertext) without decrypting (nonce already set with `gcmSetSaltIv`).
 * Lets a caller verify the packet where it lies and decrypt it after moving it elsewhere.
 */
export function aesGcmTagMatches(
  g: GcmKey,
  aad: Uint8Array,
  aadOff: number,
  aadLen: number,
  buf: Uint8Array,
  off: number,
  len: number,
  tagIn: Uint8Array,
  tagOff: number,
  tagLen = 16,
): boolean {
  computeTag(g, aad, aadOff, aadLen, buf, off, len);
  const t = g.tag;
  let diff = 0;
  for (let i = 0; i < tagLen; i++) diff |= t[i]! ^ tagIn[tagOff + i]!;
  return diff === 0;
}

/** CTR-decrypts (or encrypts) `buf[off .. off+len)` in place with the nonce already set, data counter J0+1. */
export function aesGcmCtr(g: GcmKey, buf: Uint8Array, off: number, len: number): void {
  ctrXor(g, buf, off, len, 2);
}

/**
 * Encrypts `buf[off .. off+len)` in place and writes the first `tagLen` bytes of the tag to
 * `tagOut[tagOff..]`. Uses the nonce set by `gcmSetSaltIv`, or `nonce` (12 bytes) when given.
 */
export function aesGcmSeal(
  g: GcmKey,
  nonce: Uint8Array | null,
  nonceOff: number,
  aad: Uint8Array,
  aadOff: number,
  aadLen: number,
  buf: Uint8Array,
  off: number,
  len: number,
  tagOut: Uint8Array,
  tagOff: number,
  tagLen = 16,
): void {
  if (nonce !== null) setNonce(g, nonce, nonceOff);
  ctrXor(g, buf, off, len, 2);
  computeTag(g, aad, aadOff, aadLen, buf, off, len);
  const t = g.tag;
  for (let i = 0; i < tagLen; i++) tagOut[tagOff + i] = t[i]!;
}

/**
 * Checks the tag `tagIn[tagOff .. tagOff+tagLen)` over (aad, ciphertext) and, only if it matches,
 * decrypts `buf[off .. off+len)` in place. Returns whether the tag matched.
 */
export function aesGcmOpen(
  g: GcmKey,
  nonce: Uint8Array | null,
  nonceOff: number,
  aad: Uint8Array,
  aadOff: number,
  aadLen: number,
  buf: Uint8Array,
  off: number,
  len: number,
  tagIn: Uint8Array,
  tagOff: number,
  tagLen = 16,
): boolean {
  if (nonce !== null) setNonce(g, nonce, nonceOff);
  computeTag(g, aad, aadOff, aadLen, buf, off, len);
  const t = g.tag;
  let diff = 0;
  for (let i = 0; i < tagLen; i++) diff |= t[i]! ^ tagIn[tagOff + i]!;
  if (diff !== 0) return false;
  ctrXor(g, buf, off, len, 2);
  return true;
}
