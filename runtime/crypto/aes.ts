/**
 * AES (FIPS-197) block cipher with 32-bit T-tables.
 *
 * Our own implementation from the standard: the S-box and the round tables are computed at module
 * load from GF(2^8) arithmetic, not pasted. Words are big-endian (byte 0 of a column is the most
 * significant byte of its word). Decryption uses the "equivalent inverse cipher" (FIPS-197 §5.3.5)
 * with InvMixColumns folded into the decryption key schedule.
 *
 * Nothing here allocates after a key has been built: block functions work on the key's own
 * 4-word state (`AesKey.st`) or on (Uint8Array, offset) pairs.
 */

import { readBE32, writeBE32 } from './words.ts';

export const SBOX = new Uint8Array(256);
export const INV_SBOX = new Uint8Array(256);
export const TE0 = new Int32Array(256);
export const TE1 = new Int32Array(256);
export const TE2 = new Int32Array(256);
export const TE3 = new Int32Array(256);
const TD0 = new Int32Array(256);
const TD1 = new Int32Array(256);
const TD2 = new Int32Array(256);
const TD3 = new Int32Array(256);

function buildTables(): void {
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    // multiply by the generator 3: x*3 = x ^ xtime(x)
    x ^= ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;
  }
  const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : exp[(log[a]! + log[b]!) % 255]!);
  for (let i = 0; i < 256; i++) {
    const inv = i === 0 ? 0 : exp[(255 - log[i]!) % 255]!;
    let s = inv;
    let r = inv;
    for (let k = 0; k < 4; k++) {
      r = ((r << 1) | (r >>> 7)) & 0xff;
      s ^= r;
    }
    s ^= 0x63;
    SBOX[i] = s;
    INV_SBOX[s] = i;
  }
  for (let i = 0; i < 256; i++) {
    const s = SBOX[i]!;
    const te = ((mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3)) >>> 0;
    TE0[i] = te;
    TE1[i] = ((te >>> 8) | (te << 24)) >>> 0;
    TE2[i] = ((te >>> 16) | (te << 16)) >>> 0;
    TE3[i] = ((te >>> 24) | (te << 8)) >>> 0;
    const v = INV_SBOX[i]!;
    const td = ((mul(v, 14) << 24) | (mul(v, 9) << 16) | (mul(v, 13) << 8) | mul(v, 11)) >>> 0;
    TD0[i] = td;
    TD1[i] = ((td >>> 8) | (td << 24)) >>> 0;
    TD2[i] = ((td >>> 16) | (td << 16)) >>> 0;
    TD3[i] = ((td >>> 24) | (td << 8)) >>> 0;
  }
}
buildTables();

/** An expanded AES key (128, 192 or 256 bits) with encryption and decryption round keys. */
export class AesKey {
  readonly rounds: number;
  readonly keyBytes: number;
  /** Encryption round keys, 4 * (rounds + 1) words. */
  readonly ek: Int32Array;
  /** Decryption round keys for the equivalent inverse cipher. */
  readonly dk: Int32Array;
  /** The block state the word-level functions work on (4 words, big-endian columns). */
  readonly st = new Int32Array(4);

  constructor(key: Uint8Array, offset = 0, length = key.length - offset) {
    if (length !== 16 && length !== 24 && length !== 32) {
      throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${length}`);
    }
    if (offset < 0 || offset + length > key.length) throw new RangeError('AES key range out of bounds');
    const nk = length >>> 2;
    const nr = nk + 6;
    this.rounds = nr;
    this.keyBytes = length;
    const total = 4 * (nr + 1);
    const w = new Int32Array(total);
    for (let i = 0; i < nk; i++) w[i] = readBE32(key, offset + 4 * i);
    let rcon = 1;
    for (let i = nk; i < total; i++) {
      let t = w[i - 1]!;
      if (i % nk === 0) {
        t = (t << 8) | (t >>> 24); // RotWord
        t =
          (SBOX[t >>> 24]! << 24) | (SBOX[(t >>> 16) & 255]! << 16) | (SBOX[(t >>> 8) & 255]! << 8) | SBOX[t & 255]!;
        t ^= rcon << 24;
        rcon = ((rcon << 1) ^ (rcon & 0x80 ? 0x1b : 0)) & 0xff;
      } else if (nk > 6 && i % nk === 4) {
        t =
          (SBOX[t >>> 24]! << 24) | (SBOX[(t >>> 16) & 255]! << 16) | (SBOX[(t >>> 8) & 255]! << 8) | SBOX[t & 255]!;
      }
      w[i] = w[i - nk]! ^ t;
    }
    this.ek = w;
    const d = new Int32Array(total);
    for (let r = 0; r <= nr; r++) {
      for (let c = 0; c < 4; c++) {
        const v = w[4 * (nr - r) + c]!;
        d[4 * r + c] =
          r === 0 || r === nr
            ? v
            : TD0[SBOX[v >>> 24]!]! ^ TD1[SBOX[(v >>> 16) & 255]!]! ^ TD2[SBOX[(v >>> 8) & 255]!]! ^ TD3[SBOX[v & 255]!]!;
      }
    }
    this.dk = d;
  }

  /** Encrypts one 16-byte block from `src[so..]` into `dst[do..]` (may be the same place). */
  encryptBlock(src: Uint8Array, so: number, dst: Uint8Array, dOff: number): void {
    const st = this.st;
    st[0] = readBE32(src, so);
    st[1] = readBE32(src, so + 4);
    st[2] = readBE32(src, so + 8);
    st[3] = readBE32(src, so + 12);
    aesEncryptWords(this.ek, this.rounds, st);
    writeBE32(dst, dOff, st[0]!);
    writeBE32(dst, dOff + 4, st[1]!);
    writeBE32(dst, dOff + 8, st[2]!);
    writeBE32(dst, dOff + 12, st[3]!);
  }

  /** Decrypts one 16-byte block from `src[so..]` into `dst[do..]` (may be the same place). */
  decryptBlock(src: Uint8Array, so: number, dst: Uint8Array, dOff: number): void {
    const st = this.st;
    st[0] = readBE32(src, so);
    st[1] = readBE32(src, so + 4);
    st[2] = readBE32(src, so + 8);
    st[3] = readBE32(src, so + 12);
    aesDecryptWords(this.dk, this.rounds, st);
    writeBE32(dst, dOff, st[0]!);
    writeBE32(dst, dOff + 4, st[1]!);
    writeBE32(dst, dOff + 8, st[2]!);
    writeBE32(dst, dOff + 12, st[3]!);
  }
}

/** Encrypts the 4-word block `st` in place with round keys `rk` (`nr` rounds). */
export function aesEncryptWords(rk: Int32Array, nr: number, st: Int32Array): void {
  let s0 = st[0]! ^ rk[0]!;
  let s1 = st[1]! ^ rk[1]!;
  let s2 = st[2]! ^ rk[2]!;
  let s3 = st[3]! ^ rk[3]!;
  let k = 4;
  for (let r = 1; r < nr; r++) {
    const t0 = TE0[s0 >>> 24]! ^ TE1[(s1 >>> 16) & 255]! ^ TE2[(s2 >>> 8) & 255]! ^ TE3[s3 & 255]! ^ rk[k]!;
    const t1 = TE0[s1 >>> 24]! ^ TE1[(s2 >>> 16) & 255]! ^ TE2[(s3 >>> 8) & 255]! ^ TE3[s0 & 255]! ^ rk[k + 1]!;
    const t2 = TE0[s2 >>> 24]! ^ TE1[(s3 >>> 16) & 255]! ^ TE2[(s0 >>> 8) & 255]! ^ TE3[s1 & 255]! ^ rk[k + 2]!;
    const t3 = TE0[s3 >>> 24]! ^ TE1[(s0 >>> 16) & 255]! ^ TE2[(s1 >>> 8) & 255]! ^ TE3[s2 & 255]! ^ rk[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
    k += 4;
  }
  const S = SBOX;
  st[0] =
    ((S[s0 >>> 24]! << 24) | (S[(s1 >>> 16) & 255]! << 16) | (S[(s2 >>> 8) & 255]! << 8) | S[s3 & 255]!) ^ rk[k]!;
  st[1] =
    ((S[s1 >>> 24]! << 24) | (S[(s2 >>> 16) & 255]! << 16) | (S[(s3 >>> 8) & 255]! << 8) | S[s0 & 255]!) ^ rk[k + 1]!;
  st[2] =
    ((S[s2 >>> 24]! << 24) | (S[(s3 >>> 16) & 255]! << 16) | (S[(s0 >>> 8) & 255]! << 8) | S[s1 & 255]!) ^ rk[k + 2]!;
  st[3] =
    ((S[s3 >>> 24]! << 24) | (S[(s0 >>> 16) & 255]! << 16) | (S[(s1 >>> 8) & 255]! << 8) | S[s2 & 255]!) ^ rk[k + 3]!;
}

/** Decrypts the 4-word block `st` in place with decryption round keys `dk` (`nr` rounds). */
export function aesDecryptWords(dk: Int32Array, nr: number, st: Int32Array): void {
  let s0 = st[0]! ^ dk[0]!;
  let s1 = st[1]! ^ dk[1]!;
  let s2 = st[2]! ^ dk[2]!;
  let s3 = st[3]! ^ dk[3]!;
  let k = 4;
  for (let r = 1; r < nr; r++) {
    const t0 = TD0[s0 >>> 24]! ^ TD1[(s3 >>> 16) & 255]! ^ TD2[(s2 >>> 8) & 255]! ^ TD3[s1 & 255]! ^ dk[k]!;
    const t1 = TD0[s1 >>> 24]! ^ TD1[(s0 >>> 16) & 255]! ^ TD2[(s3 >>> 8) & 255]! ^ TD3[s2 & 255]! ^ dk[k + 1]!;
    const t2 = TD0[s2 >>> 24]! ^ TD1[(s1 >>> 16) & 255]! ^ TD2[(s0 >>> 8) & 255]! ^ TD3[s3 & 255]! ^ dk[k + 2]!;
    const t3 = TD0[s3 >>> 24]! ^ TD1[(s2 >>> 16) & 255]! ^ TD2[(s1 >>> 8) & 255]! ^ TD3[s0 & 255]! ^ dk[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
    k += 4;
  }
  const S = INV_SBOX;
  st[0] =
    ((S[s0 >>> 24]! << 24) | (S[(s3 >>> 16) & 255]! << 16) | (S[(s2 >>> 8) & 255]! << 8) | S[s1 & 255]!) ^ dk[k]!;
  st[1] =
    ((S[s1 >>> 24]! << 24) | (S[(s0 >>> 16) & 255]! << 16) | (S[(s3 >>> 8) & 255]! << 8) | S[s2 & 255]!) ^ dk[k + 1]!;
  st[2] =
    ((S[s2 >>> 24]! << 24) | (S[(s1 >>> 16) & 255]! << 16) | (S[(s0 >>> 8) & 255]! << 8) | S[s3 & 255]!) ^ dk[k + 2]!;
  st[3] =
    ((S[s3 >>> 24]! << 24) | (S[(s2 >>> 16) & 255]! << 16) | (S[(s1 >>> 8) & 255]! << 8) | S[s0 & 255]!) ^ dk[k + 3]!;
}
