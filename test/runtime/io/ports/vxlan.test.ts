import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readVxlanVni, VXLAN_HEADER_LEN, writeVxlanHeader } from '../../../../runtime/io/ports/vxlan.ts';

describe('VXLAN header (RFC 7348)', () => {
  it('is the I flag, the VNI in bytes 4-6, zeros elsewhere', () => {
    const b = new Uint8Array(10).fill(0xee);
    writeVxlanHeader(b, 1, 0x123456);
    expect([...b]).toEqual([0xee, 0x08, 0, 0, 0, 0x12, 0x34, 0x56, 0, 0xee]);
  });

  it('reads back any VNI and ignores the reserved bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), fc.uint8Array({ minLength: 8, maxLength: 8 }), (vni, noise) => {
        const b = new Uint8Array(VXLAN_HEADER_LEN);
        writeVxlanHeader(b, 0, vni);
        expect(readVxlanVni(b)).toBe(vni);
        // reserved bits set on receipt: still the same VNI
        for (const i of [0, 1, 2, 3, 7]) b[i] = b[i]! | noise[i]!;
        expect(readVxlanVni(b)).toBe(vni);
      }),
    );
  });

  it('refuses a datagram without the I flag or shorter than the header', () => {
    const b = new Uint8Array(8);
    writeVxlanHeader(b, 0, 5);
    b[0] = 0xf7;
    expect(readVxlanVni(b)).toBe(-1);
    expect(readVxlanVni(new Uint8Array([8, 0, 0, 0, 0, 0, 1]))).toBe(-1);
  });
});
