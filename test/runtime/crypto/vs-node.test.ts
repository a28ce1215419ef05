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

  it('encrypts big-endian plaintext words in place in a word array, IV words anywhere in it', () => {
    fc.assert(
      fc.property(
        keyLen.chain((n) => bytes(n, n)),
        bytes(16, 16),
        fc.integer({ min: 0, max: 12 }).chain((blocks) => bytes(16 * blocks, 16 * blocks)),
        fc.nat(9),
        fc.boolean(),
        (key, iv, pt, pre, ivFirst) => {
          const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv);
          c.setAutoPadding(false);
          const ref = Buffer.concat([c.update(pt), c.final()]);
          const n = pt.length / 4;
          const words = new Int32Array(pre + n + 4 + 3).fill(0x5a5a5a5a); // longer than used
          const be = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
          // The IV just before the plaintext (ESP's layout), or after it.
          const ivAt = ivFirst ? pre : pre + n;
          const at = ivFirst ? pre + 4 : pre;
          for (let i = 0; i < 4; i++) words[ivAt + i] = be(iv, 4 * i);
          for (let i = 0; i < n; i++) words[at + i] = be(pt, 4 * i);
          aesCbcEncryptWords(new AesKey(key), words, at, n, ivAt);
          for (let i = 0; i < n; i++) expect(words[at + i]).toBe(be(ref, 4 * i));
          for (let i = 0; i < 4; i++) expect(words[ivAt + i]).toBe(be(iv, 4 * i));
          for (let i = 0; i < words.length; i++) if (i < Math.min(at, ivAt) || i >= Math.max(at + n, ivAt + 4)) expect(words[i]).toBe(0x5a5a5a5a);
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

  it('HMAC of a message given as big-endian words (any number of words, any key)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...algs), bytes(0, 100), fc.nat(70).chain((n) => bytes(4 * n, 4 * n)), fc.nat(5), (alg, key, data, pre) => {
        const k = new HmacKey(alg, key);
        const n = data.length / 4;
        const words = new Int32Array(pre + n + 2).fill(-1);
        for (let i = 0; i < n; i++) words[pre + i] = (data[4 * i]! << 24) | (data[4 * i + 1]! << 16) | (data[4 * i + 2]! << 8) | data[4 * i + 3]!;
        const out = new Uint8Array(k.macLen + 4);
        k.macWords(words, pre, n, out, 2);
        expect(Buffer.from(out.subarray(2, 2 + k.macLen)).equals(createHmac(alg, key).update(data).digest())).toBe(true);
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
