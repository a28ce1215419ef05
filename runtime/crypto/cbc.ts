/**
 * AES-CBC (NIST SP 800-38A) over byte ranges, word-wise: blocks are read and written as four
 * big-endian 32-bit words, the chaining value is kept in four locals, and the block cipher runs on the key's own 4-word state. No padding is added
 * here: the length must be a multiple of 16 (ESP and the payload operations pad before
 * encrypting). No allocation per call.
 */
import { aesDecryptWords, aesEncryptWords, type AesKey } from './aes.ts';
import { readBE32, writeBE32 } from './words.ts';

/**
 * Encrypts `buf[off .. off+len)` in place with AES-CBC, IV read from `iv[ivOff .. ivOff+16)`.
 * `len` must be a multiple of 16. The IV may lie anywhere, including just before the range (ESP).
 */
export function aesCbcEncrypt(key: AesKey, iv: Uint8Array, ivOff: number, buf: Uint8Array, off: number, len: number): void {
  if ((len & 15) !== 0) throw new RangeError(`AES-CBC length ${len} is not a multiple of 16`);
  if (len === 0) return;
  let c0 = readBE32(iv, ivOff);
  let c1 = readBE32(iv, ivOff + 4);
  let c2 = readBE32(iv, ivOff + 8);
  let c3 = readBE32(iv, ivOff + 12);
  const st = key.st;
  const rk = key.ek;
  const nr = key.rounds;
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
 * `len` must be a multiple of 16. Each ciphertext block is kept in locals as the next block's
 * chaining value before its plaintext overwrites it. The IV must not lie inside the range.
 */
export function aesCbcDecrypt(key: AesKey, iv: Uint8Array, ivOff: number, buf: Uint8Array, off: number, len: number): void {
  if ((len & 15) !== 0) throw new RangeError(`AES-CBC length ${len} is not a multiple of 16`);
  if (len === 0) return;
  let c0 = readBE32(iv, ivOff);
  let c1 = readBE32(iv, ivOff + 4);
  let c2 = readBE32(iv, ivOff + 8);
  let c3 = readBE32(iv, ivOff + 12);
  const st = key.st;
  const dk = key.dk;
  const nr = key.rounds;
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

/**
 * CBC-encrypts, in place in a word array, `count` big-endian plaintext words (a multiple of 4:
 * whole blocks) at `words[at .. at+count)`, the IV being the four words at `words[ivAt ..]`. The
 * ciphertext replaces the plaintext. ESP lays its header, IV and gathered plaintext out in one
 * array this way, so that after encryption the array is the ICV's input as it is.
 */
export function aesCbcEncryptWords(key: AesKey, words: Int32Array, at: number, count: number, ivAt: number): void {
  if ((count & 3) !== 0) throw new RangeError(`AES-CBC: ${count} words is not a whole number of blocks`);
  let c0 = words[ivAt]!;
  let c1 = words[ivAt + 1]!;
  let c2 = words[ivAt + 2]!;
  let c3 = words[ivAt + 3]!;
  const st = key.st;
  const rk = key.ek;
  const nr = key.rounds;
  const end = at + count;
  for (let k = at; k < end; k += 4) {
    st[0] = c0 ^ words[k]!;
    st[1] = c1 ^ words[k + 1]!;
    st[2] = c2 ^ words[k + 2]!;
    st[3] = c3 ^ words[k + 3]!;
    aesEncryptWords(rk, nr, st);
    c0 = st[0]!;
    c1 = st[1]!;
    c2 = st[2]!;
    c3 = st[3]!;
    words[k] = c0;
    words[k + 1] = c1;
    words[k + 2] = c2;
    words[k + 3] = c3;
  }
}
