import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesKey } from '../../../../runtime/crypto/aes.ts';
import { aesCbcEncryptWords } from '../../../../runtime/crypto/cbc.ts';
import { Md5 } from '../../../../runtime/crypto/hash.ts';
import { HmacKey } from '../../../../runtime/crypto/hmac.ts';
import { MSG_AT, wasmCryptoKernel } from '../../../../runtime/crypto/wasm/kernel.ts';

const kernel = wasmCryptoKernel()!;
const words = (n: number) => fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { minLength: n, maxLength: n });
const MSG = MSG_AT >>> 2;

describe('WebAssembly crypto kernel against the TypeScript reference', () => {
  it('is available on this host', () => {
    expect(kernel).not.toBeNull();
  });

  it('md5Block: one compression of random state and message words', () => {
    const md5 = new Md5();
    fc.assert(
      fc.property(words(4), words(16), (h, x) => {
        const w = kernel.words;
        w.set(h, MSG);
        w.set(x, MSG + 4);
        kernel.exports.md5Block(MSG_AT, MSG_AT + 16);
        md5.h.set(h);
        md5.x.set(x);
        md5.compressWords();
        expect(Array.from(w.subarray(MSG, MSG + 4))).toEqual(Array.from(md5.h));
      }),
      { numRuns: 200 },
    );
  });

  it('aesCbcEncrypt: random AES-128 keys, IVs and 1..8 blocks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), words(4), fc.integer({ min: 1, max: 8 }), fc.array(fc.integer(), { minLength: 32, maxLength: 32 }), (key, iv, n, data) => {
        const k = new AesKey(key);
        const w = kernel.words;
        const rkAt = MSG + 64;
        w.set(k.ek, rkAt);
        w.set(iv, MSG);
        w.set(data.slice(0, 4 * n), MSG + 4);
        kernel.exports.aesCbcEncrypt(rkAt * 4, MSG_AT, MSG_AT + 16, n);
        const ref = Int32Array.from([...iv, ...data.slice(0, 4 * n)]);
        aesCbcEncryptWords(k, ref, 4, 4 * n, 0);
        expect(Array.from(w.subarray(MSG + 4, MSG + 4 + 4 * n))).toEqual(Array.from(ref.subarray(4)));
      }),
      { numRuns: 100 },
    );
  });

  it('espCbcHmacMd5: CBC in place, then HMAC-MD5 of the whole message, as HmacKey.macWords', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.integer(), { minLength: 54, maxLength: 54 }), (ek, ak, blocks, data) => {
        const aes = new AesKey(ek);
        const hmac = new HmacKey('md5', ak, 0, 16, 12);
        const slot = kernel.addSa(aes.ek, hmac.innerState, hmac.outerState);
        const count = 6 + 4 * blocks;
        const msg = Int32Array.from(data.slice(0, count));
        const w = kernel.words; // after addSa (the memory may have grown)
        w.set(msg, MSG);
        // The inner hash's padding after the message, as big-endian word values.
        const macBlocks = (count + 18) >>> 4;
        w.fill(0, MSG + count, MSG + 16 * macBlocks);
        w[MSG + count] = 0x80000000 | 0;
        const bits = (64 + 4 * count) * 8;
        w[MSG + 16 * macBlocks - 2] = ((bits & 0xff) << 24) | ((bits & 0xff00) << 8) | ((bits >>> 8) & 0xff00);
        kernel.exports.espCbcHmacMd5(slot, MSG_AT, blocks, macBlocks);
        aesCbcEncryptWords(aes, msg, 6, 4 * blocks, 2);
        expect(Array.from(w.subarray(MSG, MSG + count))).toEqual(Array.from(msg));
        const mac = new Uint8Array(12);
        hmac.macWords(msg, 0, count, mac, 0);
        const st = kernel.stateWord;
        const got = new Uint8Array(Int32Array.from(w.subarray(st, st + 3)).buffer);
        expect(Array.from(got)).toEqual(Array.from(mac));
      }),
      { numRuns: 50 },
    );
  });

  it('SA slots beyond the first memory pages: the memory grows and old slots stay valid', () => {
    const aes = new AesKey(new Uint8Array(16).fill(7));
    const first = kernel.addSa(aes.ek, Int32Array.of(1, 2, 3, 4), Int32Array.of(5, 6, 7, 8));
    let last = first;
    for (let i = 0; i < 600; i++) last = kernel.addSa(aes.ek, Int32Array.of(i, 0, 0, 0), Int32Array.of(0, 0, 0, i));
    expect(kernel.words.buffer.byteLength).toBeGreaterThan(last);
    expect(Array.from(kernel.words.subarray((first >>> 2) + 44, (first >>> 2) + 52))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(kernel.words[(last >>> 2) + 44 + 7]).toBe(599);
  });
});
