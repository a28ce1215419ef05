/**
 * The word-wise ESP kernel against an ESP written independently here on node:crypto (OpenSSL's
 * AES-CBC and HMAC, RFC 4303 laid out byte by byte): random keys, SPIs, tunnel addresses, base
 * IVs (including IV indexes that carry across 32-bit words and beyond 2^32), sequence numbers,
 * inner packets of every length, at unaligned offsets, in place and into another array; and the
 * kernel's decapsulation of the reference packet gives the inner packet back. node:crypto is an
 * oracle in tests only.
 */
import { createCipheriv, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecurityAssociation, espDecapsulatePacket, espEncapsulatePacket } from '../../../runtime/ipsec/index.ts';
import type { SaConfig } from '../../../runtime/ipsec/index.ts';

const CBC_SUITES = [
  { suite: 'aes128-cbc-hmac-md5-96', encKeyLen: 16, authKeyLen: 16, hmac: 'md5', icvLen: 12 },
  { suite: 'aes256-cbc-hmac-sha256-128', encKeyLen: 32, authKeyLen: 32, hmac: 'sha256', icvLen: 16 },
] as const;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const dotted = (a: number): string => [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');

/** base + index as a 128-bit big-endian number, mod 2^128. */
function ivFor(base: Uint8Array, index: number): Buffer {
  const n = (BigInt('0x' + hex(base)) + BigInt(index)) & ((1n << 128n) - 1n);
  return Buffer.from(n.toString(16).padStart(32, '0'), 'hex');
}

/** An IPv4 packet of `len` bytes (header without options, then `len - 20` bytes of data). */
function ipv4(len: number, fill: Uint8Array): Uint8Array {
  const p = new Uint8Array(len);
  for (let i = 20; i < len; i++) p[i] = fill[i % fill.length]!;
  p.set([0x45, 0, len >>> 8, len & 255, 0, 7, 0, 0, 63, 17, 0, 0, 10, 1, 2, 3, 10, 4, 5, 6]);
  return p;
}

/** RFC 4303 tunnel mode, outer IPv4 as p4ts writes it, from node:crypto. */
function referenceEsp(cfg: SaConfig, hmacAlg: string, icvLen: number, seq: number, iv: Buffer, packet: Uint8Array): Buffer {
  const ctLen = Math.ceil((packet.length + 2) / 16) * 16;
  const padLen = ctLen - packet.length - 2;
  const plain = Buffer.alloc(ctLen);
  plain.set(packet);
  for (let i = 1; i <= padLen; i++) plain[packet.length + i - 1] = i;
  plain[ctLen - 2] = padLen;
  plain[ctLen - 1] = 4;
  const c = createCipheriv(cfg.encKey.length === 32 ? 'aes-128-cbc' : 'aes-256-cbc', Buffer.from(cfg.encKey, 'hex'), iv);
  c.setAutoPadding(false);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(cfg.spi, 0);
  head.writeUInt32BE(seq, 4);
  const esp = Buffer.concat([head, iv, ct]);
  const icv = createHmac(hmacAlg, Buffer.from(cfg.authKey!, 'hex')).update(esp).digest().subarray(0, icvLen);
  const total = 20 + esp.length + icvLen;
  const ip = Buffer.alloc(20);
  ip.set([0x45, 0, total >>> 8, total & 255, 0, 0, 0, 0, 64, 50]);
  ip.set(cfg.tunnelSrc.split('.').map(Number), 12);
  ip.set(cfg.tunnelDst.split('.').map(Number), 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += ip.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  ip.writeUInt16BE(~sum & 0xffff, 10);
  return Buffer.concat([ip, esp, icv]);
}

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });

describe('ESP encapsulation against node:crypto', () => {
  for (const s of CBC_SUITES) {
    it(`${s.suite}: random SAs, packets, sequence numbers, IV indexes and offsets, in place and not; decapsulates back`, () => {
      fc.assert(
        fc.property(
          bytes(s.encKeyLen),
          bytes(s.authKeyLen),
          bytes(16),
          fc.integer({ min: 1, max: 0xffffffff }),
          fc.tuple(fc.nat(), fc.nat()),
          fc.integer({ min: 1, max: 0xffffffff }),
          fc.oneof(fc.nat(1000), fc.integer({ min: 0xffffff00, max: 0x1000000ff }), fc.constant(2 ** 40 + 3)),
          fc.integer({ min: 20, max: 300 }),
          bytes(37),
          fc.nat(7),
          fc.boolean(),
          (encKey, authKey, baseIv, spi, [src, dst], seq, ivIndex, len, fill, off, inPlace) => {
            const cfg: SaConfig = {
              spi,
              suite: s.suite,
              encKey: hex(encKey),
              authKey: hex(authKey),
              tunnelSrc: dotted(src >>> 0),
              tunnelDst: dotted(dst >>> 0),
              ivMode: { kind: 'deterministic', baseIv: hex(baseIv) },
              antiReplay: false,
            };
            const sa = new SecurityAssociation(cfg);
            const packet = ipv4(len, fill);
            const ref = referenceEsp(cfg, s.hmac, s.icvLen, seq, ivFor(baseIv, ivIndex), packet);
            // In place: the packet at `off`, room after it. Otherwise: from one array (with 3 bytes
            // after the packet that are not part of it) into another, at a differently aligned offset.
            const src8 = new Uint8Array(off + (inPlace ? ref.length + 9 : len + 3)).fill(0xee);
            src8.set(packet, off);
            const out = inPlace ? src8 : new Uint8Array(off + 5 + ref.length + 9).fill(0xee);
            const at = inPlace ? off : off + 5;
            const n = espEncapsulatePacket(sa, seq, ivIndex, src8, off, inPlace ? len : len + 3, out, at, out.length - at);
            expect(n).toBe(ref.length);
            expect(hex(out.subarray(at, at + n))).toBe(hex(ref));
            expect(out.subarray(0, at).every((x) => x === 0xee)).toBe(true);
            expect(out.subarray(at + n).every((x) => x === 0xee)).toBe(true);
            // The kernel takes the reference packet back, in place at an unaligned offset.
            const back = new Uint8Array(off + ref.length + 1);
            back.set(ref, off);
            const m = espDecapsulatePacket(back, off, ref.length, new Map([[spi, sa]]), back, off, back.length - off);
            expect(m).toBe(len);
            expect(hex(back.subarray(off, off + m))).toBe(hex(packet));
          },
        ),
        { numRuns: 120 },
      );
    });
  }
});
