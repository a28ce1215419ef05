/**
 * AES-CBC (NIST SP 800-38A) in place over a byte range. No padding is added here: the length must
 * be a multiple of 16 (ESP pads before encrypting). No allocation per call.
 *
 * (Structured as one block method call per block: V8 optimises this shape markedly better than
 * the round function inlined into a chaining loop.)
 */
import { readBE32, type AesKey } from './aes.ts';

/**
 * Encrypts `buf[off .. off+len)` in place with AES-CBC, IV read from `iv[ivOff .. ivOff+16)`.
 * `len` must be a multiple of 16. The IV may lie anywhere, including just before the range (ESP).
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
  if (len === 0) return;
  key.encryptBlockXor(buf, off, iv, ivOff, buf, off);
  const end = off + len;
  for (let p = off + 16; p < end; p += 16) key.encryptBlockXor(buf, p, buf, p - 16, buf, p);
}

/**
 * Decrypts `buf[off .. off+len)` in place with AES-CBC, IV read from `iv[ivOff .. ivOff+16)`.
 * `len` must be a multiple of 16. Works from the last block back so each block's predecessor is
 * still ciphertext when it is needed. The IV must not lie inside the range.
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
  if (len === 0) return;
  for (let p = off + len - 16; p > off; p -= 16) key.decryptBlockXor(buf, p, buf, p - 16, buf, p);
  key.decryptBlockXor(buf, off, iv, ivOff, buf, off);
}

/**
 * CBC-encrypts `count` plaintext words (big-endian; a multiple of 4: whole blocks) from
 * `words[0 .. count)`, IV at `iv[ivOff .. ivOff+16)`, writing the ciphertext to
 * `dst[dOff .. dOff + 4·count)`. The plaintext is already out of the byte buffer, so the output
 * may overwrite where it came from (ESP gathers the inner packet, padding and trailer this way);
 * the IV may lie just before the output.
 */
export function aesCbcEncryptWords(key: AesKey, words: Int32Array, count: number, iv: Uint8Array, ivOff: number, dst: Uint8Array, dOff: number): void {
  if ((count & 3) !== 0) throw new RangeError(`AES-CBC: ${count} words is not a whole number of blocks`);
  // key.st carries the chaining value: the IV, then each ciphertext block.
  const st = key.st;
  st[0] = readBE32(iv, ivOff);
  st[1] = readBE32(iv, ivOff + 4);
  st[2] = readBE32(iv, ivOff + 8);
  st[3] = readBE32(iv, ivOff + 12);
  for (let i = 0; i < count; i += 4) key.encryptWordsChained(words, i, dst, dOff + 4 * i);
}
