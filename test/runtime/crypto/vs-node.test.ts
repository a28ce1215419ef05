/** Random inputs (fast-check) checked against node:crypto (OpenSSL). */
import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AesKey,
  GcmKey,
  HmacKey,
  Md5,
  Sha1,
  Sha256,
  aesCbcDecrypt,
  aesCbcEncrypt,
  aesCbcEncryptWords,
  aesGcmOpen,
  aesGcmSeal,
} from '../../../runtime/crypto/index.ts';
import type { HmacAlgorithm } from '../../../runtime/crypto/index.ts';

const keyLen = fc.constantFrom(16, 24, 32);
const bytes = (min: number, max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: min, maxLength: max });
/** Places `data` at a random offset inside a buffer full of a marker byte. */
const placed = (data: Uint8Array, pre: number, post: number): Uint8Array => {
  const b = new Uint8Array(pre + data.length + post).fill(0xa5);
  b.set(data, pre);
  return b;
};

describe('AES-CBC against node:crypto', () => {
  it('encrypts and decrypts random data in place at random offsets', () => {
    fc.assert(
      fc.property(
        keyLen.chain((n) => bytes(n, n)),
        bytes(16, 16),
        fc.integer({ min: 0, max: 20 }).chain((blocks) => bytes(16 * blocks, 16 * blocks)),
        fc.nat(31),
        fc.nat(31),
        (key, iv, pt, pre, post) => {
          const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
          c.setAutoPadding(false);
          const ref = Buffer.concat([c.update(pt), c.final()]);
          const k = new AesKey(key);
          const buf = placed(pt, pre, post);
          aesCbcEncrypt(k, iv, 0, buf, pre, pt.length);
          expect(Buffer.from(buf.subarray(pre, pre + pt.length)).equals(ref)).toBe(true);
          expect(buf.subarray(0, pre).every((x) => x === 0xa5)).toBe(true);
          expect(buf.subarray(pre + pt.length).every((x) => x === 0xa5)).toBe(true);
          const d = createDecipheriv(`aes-${key.length * 8}-cbc`, key, iv);
          d.setAutoPadding(false);
          expect(Buffer.concat([d.update(ref), d.final()]).equals(Buffer.from(pt))).toBe(true);
          aesCbcDecrypt(k, iv, 0, buf, pre, pt.length);
          expect(Buffer.from(buf.subarray(pre, pre + pt.length)).equals(Buffer.from(pt))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('encrypts gathered big-endian plaintext words to bytes at a random offset', () => {
    fc.assert(
      fc.property(
        keyLen.chain((n) => bytes(n, n)),
        bytes(16, 16),
        fc.integer({ min: 0, max: 12 }).chain((blocks) => bytes(16 * blocks, 16 * blocks)),
        fc.nat(31),
        (key, iv, pt, pre) => {
          const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
          c.setAutoPadding(false);
          const ref = Buffer.concat([c.update(pt), c.final()]);
          const words = new Int32Array(pt.length / 4 + 3).fill(0x5a5a5a5a); // longer than used
          for (let i = 0; i < pt.length / 4; i++) words[i] = (pt[4 * i]! << 24) | (pt[4 * i + 1]! << 16) | (pt[4 * i + 2]! << 8) | pt[4 * i + 3]!;
          const out = new Uint8Array(pre + pt.length + 8).fill(0xa5);
          aesCbcEncryptWords(new AesKey(key), words, pt.length / 4, iv, 0, out, pre);
          expect(Buffer.from(out.subarray(pre, pre + pt.length)).equals(ref)).toBe(true);
          expect(out.subarray(0, pre).every((x) => x === 0xa5)).toBe(true);
          expect(out.subarray(pre + pt.length).every((x) => x === 0xa5)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('AES-GCM against node:crypto', () => {
  it('seals and opens random data with random AAD', () => {
    fc.assert(
      fc.property(
        keyLen.chain((n) => bytes(n, n)),
        bytes(12, 12),
        bytes(0, 40),
        bytes(0, 200),
        fc.nat(17),
        (key, nonce, aad, pt, pre) => {
          const algo = `aes-${key.length * 8}-gcm` as 'aes-128-gcm';
          const c = createCipheriv(algo, key, nonce);
          c.setAAD(aad);
          const ref = Buffer.concat([c.update(pt), c.final()]);
          const refTag = c.getAuthTag();
          const g = new GcmKey(key);
          const buf = placed(pt, pre, 5);
          const tag = new Uint8Array(16);
          aesGcmSeal(g, nonce, 0, aad, 0, aad.length, buf, pre, pt.length, tag, 0);
          expect(Buffer.from(buf.subarray(pre, pre + pt.length)).equals(ref)).toBe(true);
          expect(Buffer.from(tag).equals(refTag)).toBe(true);
          expect(aesGcmOpen(g, nonce, 0, aad, 0, aad.length, buf, pre, pt.length, tag, 0)).toBe(true);
          expect(Buffer.from(buf.subarray(pre, pre + pt.length)).equals(Buffer.from(pt))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('hashes and HMAC against node:crypto', () => {
  const algs: HmacAlgorithm[] = ['md5', 'sha1', 'sha256'];
  const make = { md5: () => new Md5(), sha1: () => new Sha1(), sha256: () => new Sha256() };

  it('digests random data fed in random pieces', () => {
    fc.assert(
      fc.property(fc.constantFrom(...algs), bytes(0, 300), fc.array(fc.nat(70), { maxLength: 8 }), (alg, data, cuts) => {
        const h = make[alg]();
        let p = 0;
        for (const c of cuts) {
          const n = Math.min(c, data.length - p);
          h.update(data, p, n);
          p += n;
        }
        h.update(data, p, data.length - p);
        const out = new Uint8Array(h.digestLen);
        h.finish(out, 0);
        expect(Buffer.from(out).toString('hex')).toBe(createHash(alg).update(data).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('HMAC of random data at random offsets with random keys (including > 64 bytes)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...algs), bytes(0, 150), bytes(0, 300), fc.nat(9), (alg, key, data, pre) => {
        const k = new HmacKey(alg, key);
        const buf = placed(data, pre, 3);
        const out = new Uint8Array(k.macLen + 4);
        k.mac(buf, pre, data.length, out, 2);
        const ref = createHmac(alg, key).update(data).digest();
        expect(Buffer.from(out.subarray(2, 2 + k.macLen)).equals(ref)).toBe(true);
        expect(k.verify(buf, pre, data.length, ref, 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
