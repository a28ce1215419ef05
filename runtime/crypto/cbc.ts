/**
 * AES-CBC (NIST SP 800-38A) in place over a byte range. No padding is added here: the length must
 * be a multiple of 16 (ESP pads before encrypting). No allocation per call.
 *
 * (Structured as one block method call per block: V8 optimises this shape markedly better than
 * the round function inlined into a chaining loop.)
 */
import type { AesKey } from './aes.ts';

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
 * Encrypts `src[so .. so+len)` into `dst[dOff .. dOff+len)` with AES-CBC (IV at `iv[ivOff..]`).
 * The ranges must not overlap unless they are the same range.
 */
export function aesCbcEncryptTo(
  key: AesKey,
  iv: Uint8Array,
  ivOff: number,
  src: Uint8Array,
  so: number,
  dst: Uint8Array,
  dOff: number,
  len: number,
): void {
  if ((len & 15) !== 0) throw new RangeError(`AES-CBC length ${len} is not a multiple of 16`);
  if (len === 0) return;
  key.encryptBlockXor(src, so, iv, ivOff, dst, dOff);
  for (let i = 16; i < len; i += 16) key.encryptBlockXor(src, so + i, dst, dOff + i - 16, dst, dOff + i);
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
