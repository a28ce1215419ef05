import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CRC16_CUSTOM_DEFAULT,
  CRC32_CUSTOM_DEFAULT,
  CustomCrc,
  HashEngine,
  HashInput,
  crc16,
  crc32,
  crcCCITT,
  csum16,
  identity,
  identityWide,
  xor16,
} from '../../../runtime/externs/hash.ts';

const CHECK = new TextEncoder().encode('123456789');

/** Bit-at-a-time CRC, Rocksoft model, as an independent reference. */
function refCrc(bytes: Uint8Array, width: number, poly: number, init: number, refIn: boolean, refOut: boolean, xorOut: number): number {
  const top = 2 ** (width - 1);
  const mod = 2 ** width;
  let r = init;
  for (const byte of bytes) {
    for (let k = 0; k < 8; k++) {
      const bit = refIn ? (byte >> k) & 1 : (byte >> (7 - k)) & 1;
      const msb = r >= top ? 1 : 0;
      r = (r * 2) % mod;
      if (msb ^ bit) r = Number((BigInt(r) ^ BigInt(poly)) & BigInt(mod - 1));
    }
  }
  if (refOut) {
    let x = 0;
    for (let k = 0; k < width; k++) if (Math.floor(r / 2 ** k) % 2) x += 2 ** (width - 1 - k);
    r = x;
  }
  return Number(BigInt(r) ^ BigInt(xorOut));
}

describe('CRC check values ("123456789")', () => {
  it('crc32 is CRC-32/IEEE', () => expect(crc32(CHECK)).toBe(0xcbf43926));
  it('crc16 is CRC-16/ARC (bmv2)', () => expect(crc16(CHECK)).toBe(0xbb3d));
  it('crcCCITT is CRC-16/CCITT-FALSE', () => expect(crcCCITT(CHECK)).toBe(0x29b1));
  it('custom defaults equal crc16/crc32', () => {
    expect(new CustomCrc(CRC16_CUSTOM_DEFAULT).compute(CHECK)).toBe(0xbb3d);
    expect(new CustomCrc(CRC32_CUSTOM_DEFAULT).compute(CHECK)).toBe(0xcbf43926);
  });
  it('custom configurations match catalogue check values', () => {
    expect(new CustomCrc({ width: 16, poly: 0x1021, init: 0, xorOut: 0, reflectData: false, reflectRemainder: false }).compute(CHECK)).toBe(0x31c3); // XMODEM
    expect(new CustomCrc({ width: 16, poly: 0x1021, init: 0, xorOut: 0, reflectData: true, reflectRemainder: true }).compute(CHECK)).toBe(0x2189); // KERMIT
    expect(new CustomCrc({ width: 32, poly: 0x04c11db7, init: 0xffffffff, xorOut: 0, reflectData: false, reflectRemainder: false }).compute(CHECK)).toBe(0x0376e6e7); // MPEG-2
    expect(new CustomCrc({ width: 32, poly: 0x1edc6f41, init: 0xffffffff, xorOut: 0xffffffff, reflectData: true, reflectRemainder: true }).compute(CHECK)).toBe(0xe3069283); // CRC-32C
  });
  it('property: table-driven CRCs equal a bit-serial reference (any config)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom(16, 32),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        fc.boolean(),
        (data, width, p, i, x, ri, ro) => {
          const mask = width === 32 ? 0xffffffff : 0xffff;
          const poly = (p & mask) >>> 0;
          const init = (i & mask) >>> 0;
          const xorOut = (x & mask) >>> 0;
          const c = new CustomCrc({ width: width as 16 | 32, poly, init, xorOut, reflectData: ri, reflectRemainder: ro });
          expect(c.compute(data)).toBe(refCrc(data, width, poly, init, ri, ro, xorOut));
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        expect(crc32(data)).toBe(refCrc(data, 32, 0x04c11db7, 0xffffffff, true, true, 0xffffffff));
        expect(crc16(data)).toBe(refCrc(data, 16, 0x8005, 0, true, true, 0));
      }),
    );
  });
  it('reconfiguration takes effect', () => {
    const c = new CustomCrc(CRC16_CUSTOM_DEFAULT);
    c.configure({ width: 16, poly: 0x1021, init: 0xffff, xorOut: 0, reflectData: false, reflectRemainder: false });
    expect(c.compute(CHECK)).toBe(0x29b1);
  });
});

describe('checksums and simple hashes', () => {
  it('csum16 of an IPv4 header with a zero checksum field', () => {
    const h = Uint8Array.from([0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7]);
    expect(csum16(h)).toBe(0xb861);
    h[10] = 0xb8;
    h[11] = 0x61;
    expect(csum16(h)).toBe(0); // a correct header sums to 0xffff
  });
  it('csum16 and xor16 pad an odd byte after it', () => {
    expect(csum16(Uint8Array.from([0x01]))).toBe(~0x0100 & 0xffff);
    expect(xor16(Uint8Array.from([0x12, 0x34, 0xab]))).toBe(0x1234 ^ 0xab00);
    expect(csum16(new Uint8Array(0))).toBe(0xffff);
  });
  it('identity', () => {
    expect(identity(Uint8Array.from([1, 2, 3]))).toBe(0x010203);
    expect(identityWide(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(0x0102030405060708n);
  });
});

describe('HashInput (bmv2 field packing)', () => {
  it('packs fields MSB first without gaps and zero-pads the last byte', () => {
    const h = new HashInput(2);
    h.push(0b101, 3).push(0b11110, 5);
    expect(h.byteLength).toBe(1);
    expect(h.bytes[0]).toBe(0xbe);
    h.push(1, 1);
    expect(h.byteLength).toBe(2);
    expect(h.bytes[1]).toBe(0x80);
    h.pushWide(0xaabbccddeeffn, 48); // grows the buffer
    expect(h.bitLength).toBe(57);
    expect(Array.from(h.bytes.subarray(0, h.byteLength))).toEqual([0xbe, 0xd5, 0x5d, 0xe6, 0x6e, 0xf7, 0x7f, 0x80]);
    h.reset().push(0xff, 8).push(0, 4);
    expect(Array.from(h.bytes.subarray(0, h.byteLength))).toEqual([0xff, 0x00]);
  });
  it('property: packing equals the bigint concatenation shifted to whole bytes', () => {
    const field = fc.integer({ min: 1, max: 64 }).chain((w) => fc.tuple(fc.constant(w), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n })));
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (fields) => {
        const h = new HashInput(4);
        let all = 0n;
        let bits = 0;
        for (const [w, v] of fields) {
          if (w <= 32 && v <= 0xffffffffn) h.push(Number(v), w);
          else h.pushWide(v, w);
          all = (all << BigInt(w)) | v;
          bits += w;
        }
        const pad = (8 - (bits % 8)) % 8;
        all <<= BigInt(pad);
        let got = 0n;
        for (let i = 0; i < h.byteLength; i++) got = (got << 8n) | BigInt(h.bytes[i]!);
        expect(h.byteLength).toBe((bits + pad) / 8);
        expect(got).toBe(all);
      }),
    );
  });
});

describe('v1model hash()', () => {
  it('result = base + h % max, truncated to the result width', () => {
    const input = new HashInput().push(0x0a000001, 32).push(0x0a000002, 32);
    const e = new HashEngine('crc16');
    const h = crc16(input.bytes, 8);
    expect(e.hash(input, 0, 65536, 16)).toBe(h);
    expect(e.hash(input, 10, 7, 16)).toBe(10 + (h % 7));
    expect(e.hash(input, 0xff, 0x100, 8)).toBe((0xff + (h % 0x100)) % 256);
  });
  it('max = 0 gives base', () => {
    const input = new HashInput().push(0x1234, 16);
    expect(new HashEngine('crc32').hash(input, 5, 0, 16)).toBe(5);
    expect(new HashEngine('crc32').hashWide(input, 5n, 0n, 64)).toBe(5n);
  });
  it('every algorithm runs; random is reproducible per seed', () => {
    const input = new HashInput().push(0xabcd, 16).push(0x1, 3);
    for (const a of ['crc32', 'crc32_custom', 'crc16', 'crc16_custom', 'identity', 'csum16', 'xor16'] as const) {
      expect(new HashEngine(a).compute(input)).toBe(new HashEngine(a).compute(input));
    }
    expect(new HashEngine('crc32_custom').compute(input)).toBe(crc32(input.bytes, input.byteLength));
    expect(new HashEngine('identity').compute(input)).toBe(0xabcd20);
    const r1 = new HashEngine('random', { seed: 7 });
    const r2 = new HashEngine('random', { seed: 7 });
    const a = [r1.hash(input, 0, 100, 16), r1.hash(input, 0, 100, 16)];
    expect([r2.hash(input, 0, 100, 16), r2.hash(input, 0, 100, 16)]).toEqual(a);
    expect(a.every((x) => x >= 0 && x < 100)).toBe(true);
  });
  it('identity over more than 6 bytes stays exact', () => {
    const input = new HashInput().pushWide(0x0102030405060708n, 64);
    expect(new HashEngine('identity').hash(input, 0, 1000, 32)).toBe(Number(0x0102030405060708n % 1000n));
    expect(new HashEngine('identity').hashWide(input, 1n, 0n, 64)).toBe(1n);
  });
});
