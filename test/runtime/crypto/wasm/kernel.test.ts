import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesKey } from '../../../../runtime/crypto/aes.ts';
import { aesCbcEncrypt } from '../../../../runtime/crypto/cbc.ts';
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

  it('aesCbcEncrypt: random AES-128 keys, IVs and 1..8 blocks, bytes in wire order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 8 }), fc.uint8Array({ minLength: 128, maxLength: 128 }), (key, iv, n, data) => {
        const k = new AesKey(key);
        const slot = kernel.addSa(k.ek, new Int32Array(4), new Int32Array(4));
        const b = kernel.bytes; // after addSa (the memory may have grown)
        b.set(iv, MSG_AT);
        b.set(data.subarray(0, 16 * n), MSG_AT + 16);
        kernel.exports.aesCbcEncrypt(slot, MSG_AT, MSG_AT + 16, n);
        const ref = data.slice(0, 16 * n);
        aesCbcEncrypt(k, iv, 0, ref, 0, 16 * n);
        expect(Array.from(b.subarray(MSG_AT + 16, MSG_AT + 16 + 16 * n))).toEqual(Array.from(ref));
      }),
      { numRuns: 100 },
    );
  });

  it('espCbcHmacMd5 takes the cipher block count only (the inner hash\'s block count is derived inside)', () => {
    expect(kernel.exports.espCbcHmacMd5.length).toBe(3);
  });

  it('espCbcHmacMd5: padding, CBC in place, then HMAC-MD5-96 of SPI .. ciphertext written after it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 40 }), fc.uint8Array({ minLength: 664, maxLength: 664 }), (ek, ak, blocks, data) => {
        const aes = new AesKey(ek);
        const hmac = new HmacKey('md5', ak, 0, 16, 12);
        const slot = kernel.addSa(aes.ek, hmac.innerState, hmac.outerState);
        const len = 24 + 16 * blocks;
        const msg = data.slice(0, len);
        const b = kernel.bytes; // after addSa (the memory may have grown)
        b.set(msg, MSG_AT);
        // Whatever was after the message before: the kernel writes the inner hash's padding.
        b.fill(0xa5, MSG_AT + len, MSG_AT + len + 128);
        kernel.exports.espCbcHmacMd5(slot, MSG_AT, blocks);
        aesCbcEncrypt(aes, msg, 8, msg, 24, 16 * blocks);
        expect(Array.from(b.subarray(MSG_AT, MSG_AT + len))).toEqual(Array.from(msg));
        const mac = new Uint8Array(12);
        hmac.mac(msg, 0, len, mac, 0);
        expect(Array.from(b.subarray(MSG_AT + len, MSG_AT + len + 12))).toEqual(Array.from(mac));
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

  it('espOutput: one kept view per size, on the current memory after it grows', () => {
    const before = kernel.espOutput(3);
    expect(kernel.espOutput(3)).toBe(before);
    expect(before.byteOffset + 20).toBe(MSG_AT);
    expect(before.length).toBe(20 + 24 + 48 + 12);
    const pages = kernel.bytes.buffer.byteLength;
    while (kernel.bytes.buffer.byteLength === pages) kernel.addSa(new AesKey(new Uint8Array(16)).ek, new Int32Array(4), new Int32Array(4));
    const after = kernel.espOutput(3);
    expect(after.buffer).toBe(kernel.bytes.buffer);
    kernel.bytes[MSG_AT] = 0x5a;
    expect(after[20]).toBe(0x5a);
  });
});
