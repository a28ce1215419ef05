/**
 * AES-CBC (NIST SP 800-38A) in place over a byte range. No padding is added here: the length must
 * be a multiple of 16 (ESP pads before encrypting). No allocation per call.
 */
import { aesDecryptWords, aesEncryptWords, readBE32, writeBE32 } from './aes.ts';
import type { AesKey } from './aes.ts';

/**
 * Encrypts `buf[off .. off+len)` in place with AES-CBC, IV read from `iv[ivOff .. ivOff+16)`.
 * `len` must be a multiple of 16. The IV bytes may lie just before the range (as in ESP).
 */
export function aesCbcEncrypt(
  key: AesKey,
  iv: Uint8Array,
  ivOff: number,
  buf: Uint8Array,
  off: number,
  len: number,
): void {
  if ((len & 15) !== 0) throw new RangeError(`AES-CBC length ${len} is not a multiple of 16`);
  const st = key.st;
  const rk = key.ek;
  const nr = key.rounds;
  let c0 = readBE32(iv, ivOff);
  let c1 = readBE32(iv, ivOff + 4);
  let c2 = readBE32(iv, ivOff + 8);
  let c3 = readBE32(iv, ivOff + 12);
  const end = off + len;
  for (let p = off; p < end; p += 16) {
    st[0] = c0 ^ readBE32(buf, p);
    st[1] = c1 ^ readBE32(buf, p + 4);
    st[2] = c2 ^ readBE32(buf, p + 8);
    st[3] = c3 ^ readBE32(buf, p + 12);
    aesEncryptWords(rk, nr, st);
    c0 = st[0]!;
    c1 = st[1]!;
    c2 = st[2]!;
    c3 = st[3]!;
    writeBE32(buf, p, c0);
    writeBE32(buf, p + 4, c1);
    writeBE32(buf, p + 8, c2);
    writeBE32(buf, p + 12, c3);
  }
}

/**
 * Decrypts `buf[off .. off+len)` in place with AES-CBC, IV read from `iv[ivOff .. ivOff+16)`.
 * `len` must be a multiple of 16.
 */
export function aesCbcDecrypt(
  key: AesKey,
  iv: Uint8Array,
  ivOff: number,
  buf: Uint8Array,
  off: number,
  len: number,
): void {
  if ((len & 15) !== 0) throw new RangeError(`AES-CBC length ${len} is not a multiple of 16`);
  const st = key.st;
  const dk = key.dk;
  const nr = key.rounds;
  let c0 = readBE32(iv, ivOff);
  let c1 = readBE32(iv, ivOff + 4);
  let c2 = readBE32(iv, ivOff + 8);
  let c3 = readBE32(iv, ivOff + 12);
  const end = off + len;
  for (let p = off; p < end; p += 16) {
    const x0 = readBE32(buf, p);
    const x1 = readBE32(buf, p + 4);
    const x2 = readBE32(buf, p + 8);
    const x3 = readBE32(buf, p + 12);
    st[0] = x0;
    st[1] = x1;
    st[2] = x2;
    st[3] = x3;
    aesDecryptWords(dk, nr, st);
    writeBE32(buf, p, st[0]! ^ c0);
    writeBE32(buf, p + 4, st[1]! ^ c1);
    writeBE32(buf, p + 8, st[2]! ^ c2);
    writeBE32(buf, p + 12, st[3]! ^ c3);
    c0 = x0;
    c1 = x1;
    c2 = x2;
    c3 = x3;
  }
}
