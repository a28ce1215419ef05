import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashInput, crc16, csum16 } from '../../../../runtime/externs/hash.ts';
import { Checksum, InternetChecksum } from '../../../../runtime/psa/externs/index.ts';

/** A HashInput holding `bytes`. */
function input(bytes: readonly number[]): HashInput {
  const i = new HashInput();
  for (const b of bytes) i.push(b, 8);
  return i;
}

const IPV4_HEADER = [0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7];

describe('PSA InternetChecksum', () => {
  it('computes the IPv4 header checksum (RFC 1071 example header)', () => {
    const ck = new InternetChecksum();
    ck.add(input(IPV4_HEADER));
    expect(ck.get()).toBe(0xb861);
    expect(ck.get()).toBe(csum16(Uint8Array.from(IPV4_HEADER)));
  });

  it('verifies to 0 over a header that carries its correct checksum, and not over a corrupted one', () => {
    const ck = new InternetChecksum();
    const good = [...IPV4_HEADER];
    good[10] = 0xb8;
    good[11] = 0x61;
    ck.add(input(good));
    expect(ck.get()).toBe(0);
    ck.clear();
    good[3] ^= 1;
    ck.add(input(good));
    expect(ck.get()).not.toBe(0);
  });

  it('adding in pieces equals adding at once; subtract undoes add', () => {
    const ck = new InternetChecksum();
    ck.add(input(IPV4_HEADER.slice(0, 8)));
    ck.add(input(IPV4_HEADER.slice(8)));
    expect(ck.get()).toBe(0xb861);
    ck.add(input([0x12, 0x34, 0xab, 0xcd]));
    ck.subtract(input([0x12, 0x34, 0xab, 0xcd]));
    expect(ck.get()).toBe(0xb861);
  });

  it('hands its state to another instance (get_state / set_state)', () => {
    const a = new InternetChecksum();
    a.add(input(IPV4_HEADER.slice(0, 10)));
    const b = new InternetChecksum();
    b.setState(a.getState());
    b.add(input(IPV4_HEADER.slice(10)));
    expect(b.get()).toBe(0xb861);
  });

  it('updates incrementally like a recomputation (RFC 1624), for any header and any changed word', () => {
    const words = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 2, maxLength: 30 });
    fc.assert(
      fc.property(words, fc.nat(), fc.integer({ min: 0, max: 0xffff }), (ws, at, replacement) => {
        const bytes = (list: number[]) => list.flatMap((w) => [w >>> 8, w & 0xff]);
        const i = at % ws.length;
        const full = new InternetChecksum();
        full.add(input(bytes(ws)));
        const incremental = new InternetChecksum();
        incremental.setState(full.getState());
        incremental.subtract(input(bytes([ws[i]!])));
        incremental.add(input(bytes([replacement])));
        const changed = [...ws];
        changed[i] = replacement;
        const recomputed = new InternetChecksum();
        recomputed.add(input(bytes(changed)));
        // In one's complement 0x0000 and 0xffff are both zero; the sums agree up to that.
        const same = (x: number, y: number) => x === y || (x % 0xffff === 0 && y % 0xffff === 0);
        return same(incremental.getState(), recomputed.getState());
      }),
    );
  });

  it('treats a trailing odd byte as the high byte of a word', () => {
    const ck = new InternetChecksum();
    ck.add(input([0x12, 0x34, 0x56]));
    expect(ck.get()).toBe(~(0x1234 + 0x5600) & 0xffff);
  });
});

describe('PSA Checksum<W>', () => {
  it('hashes everything updated since clear with its algorithm, truncated to W bits', () => {
    const ck = new Checksum('crc16');
    const text = [...'123456789'].map((c) => c.charCodeAt(0));
    for (const b of text) ck.input.push(b, 8);
    expect(ck.get(16)).toBe(0xbb3d); // CRC-16/ARC check value
    expect(ck.get(8)).toBe(0x3d);
    expect(ck.getWide(64)).toBe(0xbb3dn);
    ck.clear();
    for (const b of IPV4_HEADER) ck.input.push(b, 8);
    expect(ck.get(16)).toBe(crc16(Uint8Array.from(IPV4_HEADER)));
  });

  it('with ONES_COMPLEMENT16 is the Internet checksum', () => {
    const ck = new Checksum('csum16');
    for (const b of IPV4_HEADER) ck.input.push(b, 8);
    expect(ck.get(16)).toBe(0xb861);
  });
});

describe('PSA Hash', () => {
  it('get_hash truncates to the result width; get_hash(base, data, max) is base + hash % max (max 0: no modulo)', async () => {
    const { HashEngine } = await import('../../../../runtime/externs/hash.ts');
    const { getHash, getHashModulo, getHashWide } = await import('../../../../runtime/psa/externs/index.ts');
    const engine = new HashEngine('crc16');
    const text = input([...'123456789'].map((c) => c.charCodeAt(0)));
    expect(getHash(engine, text, 16)).toBe(0xbb3d);
    expect(getHash(engine, text, 4)).toBe(0xd);
    expect(getHashModulo(engine, text, 10, 7, 16)).toBe(10 + (0xbb3d % 7));
    expect(getHashModulo(engine, text, 0, 0, 16)).toBe(0xbb3d);
    expect(getHashModulo(engine, text, 0xffff, 0, 16)).toBe((0xffff + 0xbb3d) % 0x10000);
    expect(getHashWide(engine, text, 1n << 62n, 0n, 64)).toBe((1n << 62n) + 0xbb3dn);
  });
});
