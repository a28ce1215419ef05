/** Allocation-free crypto for the runtime: AES (CBC, GCM), MD5, SHA-1, SHA-256, HMAC. */
export { AesKey, aesEncryptWords, aesDecryptWords } from './aes.ts';
export { aesCbcEncrypt, aesCbcEncryptWords, aesCbcDecrypt } from './cbc.ts';
export { GcmKey, aesGcmSeal, aesGcmOpen, aesGcmTagMatches, aesGcmCtr, gcmSetSaltIv } from './gcm.ts';
export { BlockHash, Md5, Sha1, Sha256 } from './hash.ts';
export { HmacKey, newHash } from './hmac.ts';
export type { HmacAlgorithm } from './hmac.ts';
export { hexToBytes, bytesToHex } from './hex.ts';
