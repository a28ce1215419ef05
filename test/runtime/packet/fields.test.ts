import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  copyBits,
  readBits,
  readBits53,
  readU16,
  readU32,
  readWide,
  writeBits,
  writeBits53,
  writeU16,
  writeU32,
  writeWide,
} from '../../../runtime/packet/fields.ts';
import { PacketBuffer } from '../../../runtime/packet/buffer.ts';

/** Reference: the buffer as one big bigint, bit 0 = MSB of byte 0. */
function refRead(buf: Uint8Array, off: number, w: number): bigint {
  let all = 0n;
  for (const b of buf) all = (all << 8n) | BigInt(b);
  const total = buf.length * 8;
  return BigInt.asUintN(w, all >> BigInt(total - off - w));
}

const scenario = (maxWidth: number) =>
  fc
    .tuple(fc.uint8Array({ minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: maxWidth }))
    .chain(([buf, w]) =>
      fc.tuple(fc.constant(buf), fc.constant(w), fc.integer({ min: 0, max: Math.max(0, buf.length * 8 - w) }), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n })),
    )
    .filter(([buf, w]) => buf.length * 8 >= w);

describe('field access', () => {
  it('readBits agrees with a bigint reference', () => {
    fc.assert(
      fc.property(scenario(32), ([buf, w, off]) => {
        expect(readBits(buf, off, w)).toBe(Number(refRead(buf, off, w)));
      }),
      { numRuns: 2000 },
    );
  });

  it('writeBits then readBits gives the value and leaves neighbouring bits untouched', () => {
    fc.assert(
      fc.property(scenario(32), ([buf, w, off, v]) => {
        const before = buf.slice();
        writeBits(buf, off, w, Number(v));
        expect(readBits(buf, off, w)).toBe(Number(v));
        if (off > 0) expect(refRead(buf, 0, off)).toBe(refRead(before, 0, off));
        const after = buf.length * 8 - off - w;
        if (after > 0) expect(refRead(buf, off + w, after)).toBe(refRead(before, off + w, after));
      }),
      { numRuns: 2000 },
    );
  });

  it('writeWide then readWide (any width) round-trips without touching neighbours', () => {
    fc.assert(
      fc.property(scenario(150), ([buf, w, off, v]) => {
        const before = buf.slice();
        writeWide(buf, off, w, v);
        expect(readWide(buf, off, w)).toBe(v);
        expect(refRead(buf, off, w)).toBe(v);
        if (off > 0) expect(refRead(buf, 0, off)).toBe(refRead(before, 0, off));
        const after = buf.length * 8 - off - w;
        if (after > 0) expect(refRead(buf, off + w, after)).toBe(refRead(before, off + w, after));
      }),
      { numRuns: 1000 },
    );
  });

  it('readBits53/writeBits53 are exact up to 53 bits', () => {
    fc.assert(
      fc.property(scenario(53), ([buf, w, off, v]) => {
        writeBits53(buf, off, w, Number(v));
        expect(readBits53(buf, off, w)).toBe(Number(v));
        expect(BigInt(readBits53(buf, off, w))).toBe(refRead(buf, off, w));
      }),
      { numRuns: 1000 },
    );
  });

  it('byte-aligned fast paths', () => {
    const b = new Uint8Array(8);
    writeU32(b, 1, 0xdeadbeef);
    writeU16(b, 5, 0xcafe);
    expect(readU32(b, 1)).toBe(0xdeadbeef);
    expect(readU16(b, 5)).toBe(0xcafe);
    expect(readBits(b, 8, 32)).toBe(0xdeadbeef);
    expect(readBits(b, 40, 16)).toBe(0xcafe);
    expect(readBits(b, 8, 8)).toBe(0xde);
    expect(Array.from(b)).toEqual([0, 0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0]);
  });

  it('reads an IPv4 header the usual way', () => {
    const ip = Uint8Array.from([0x45, 0x00, 0x00, 0x54, 0xab, 0xcd, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2]);
    expect(readBits(ip, 0, 4)).toBe(4);
    expect(readBits(ip, 4, 4)).toBe(5);
    expect(readBits(ip, 48, 3)).toBe(2); // flags: DF
    expect(readBits(ip, 51, 13)).toBe(0);
    expect(readBits(ip, 96, 32)).toBe(0x0a000001);
    expect(readWide(ip, 96, 64)).toBe(0x0a0000010a000002n);
  });

  it('copyBits copies unaligned and overlapping ranges', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 16 }), fc.uint8Array({ minLength: 8, maxLength: 16 }), fc.nat(40), fc.nat(40), fc.integer({ min: 1, max: 24 }), (src, dst, so, dOff, w) => {
        fc.pre(so + w <= src.length * 8 && dOff + w <= dst.length * 8);
        copyBits(src, so, dst, dOff, w);
        expect(refRead(dst, dOff, w)).toBe(refRead(src, so, w));
      }),
    );
    const b = Uint8Array.from([1, 2, 3, 4, 5, 0, 0]);
    copyBits(b, 0, b, 16, 40);
    expect(Array.from(b)).toEqual([1, 2, 1, 2, 3, 4, 5]);
  });
});

describe('PacketBuffer', () => {
  it('loads, prepends into head room, resizes', () => {
    const p = new PacketBuffer(64, 16);
    p.load(Uint8Array.from([0xaa, 0xbb, 0xcc]));
    expect(p.length).toBe(3);
    expect(p.readBits(0, 16)).toBe(0xaabb);
    expect(p.prepend(2)).toBe(true);
    p.writeBits(0, 16, 0x1234);
    expect(Array.from(p.toBytes())).toEqual([0x12, 0x34, 0xaa, 0xbb, 0xcc]);
    expect(p.prepend(100)).toBe(false);
    p.advance(2);
    expect(Array.from(p.toBytes())).toEqual([0xaa, 0xbb, 0xcc]);
    expect(p.resize(5)).toBe(true);
    expect(Array.from(p.toBytes())).toEqual([0xaa, 0xbb, 0xcc, 0, 0]);
    p.writeWide(0, 40, 0x0102030405n);
    expect(p.readWide(0, 40)).toBe(0x0102030405n);
    expect(p.readBits53(0, 40)).toBe(0x0102030405);
    p.reset();
    expect(p.length).toBe(0);
    expect(() => p.load(new Uint8Array(65))).toThrow(RangeError);
  });
});
