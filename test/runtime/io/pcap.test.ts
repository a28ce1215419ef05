import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LINKTYPE_ETHERNET,
  PcapError,
  parsePcap,
  readPcap,
  readPcapFile,
  writePcap,
  writePcapFile,
} from '../../../runtime/io/pcap.ts';
import type { PcapWriteRecord } from '../../../runtime/io/pcap.ts';

const fixtures = fileURLToPath(new URL('../../fixtures/esp/', import.meta.url));

function expectError(bytes: Uint8Array, detail: RegExp, offset: number): PcapError {
  const r = parsePcap(bytes, 'x.pcap');
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  expect(r.error).toBeInstanceOf(PcapError);
  expect(r.error.message).toMatch(/^x\.pcap: error: .* at byte \d+$/);
  expect(r.error.detail).toMatch(detail);
  expect(r.error.offset).toBe(offset);
  expect(r.error.message.endsWith(`at byte ${offset}`)).toBe(true);
  return r.error;
}

describe('pcap reader on the ESP fixtures', () => {
  it('reads inner-visible.pcap: 20 Ethernet frames, 60..1486 bytes, microsecond little-endian', () => {
    const f = readPcapFile(join(fixtures, 'inner-visible.pcap'));
    expect(f.linkType).toBe(LINKTYPE_ETHERNET);
    expect(f.littleEndian).toBe(true);
    expect(f.nanosecond).toBe(false);
    expect(f.versionMajor).toBe(2);
    expect(f.records).toHaveLength(20);
    const lens = f.records.map((r) => r.data.length);
    expect(Math.min(...lens)).toBe(60);
    expect(Math.max(...lens)).toBe(1486);
    for (const r of f.records) {
      expect(r.origLen).toBe(r.data.length);
      expect(Array.from(r.data.subarray(0, 14))).toEqual([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]);
    }
  });

  it('reads the three ESP files (protocol 50 in every frame)', () => {
    for (const name of ['esp-aes128cbc-hmacmd5.pcap', 'esp-aes256cbc-hmacsha256.pcap', 'esp-aes128gcm.pcap']) {
      const f = readPcapFile(join(fixtures, name));
      expect(f.records).toHaveLength(20);
      for (const r of f.records) expect(r.data[23]).toBe(50);
    }
  });

  it('re-writing a fixture reproduces it byte for byte', () => {
    const path = join(fixtures, 'inner-visible.pcap');
    const f = readPcapFile(path);
    const again = writePcap(f.records, { snaplen: f.snaplen, linkType: f.linkType });
    const orig = readPcapFile(path);
    expect(readPcap(again).records.map((r) => Buffer.from(r.data).toString('hex'))).toEqual(
      orig.records.map((r) => Buffer.from(r.data).toString('hex')),
    );
    const raw = readFileSync(path);
    expect(Buffer.from(again).equals(Buffer.from(raw))).toBe(true);
  });
});


const recordArb = fc.record({
  tsSec: fc.nat(0xffffffff),
  tsFrac: fc.nat(999_999),
  data: fc.uint8Array({ minLength: 0, maxLength: 200 }),
});

describe('pcap writer/reader round trip', () => {
  it('round-trips records in both byte orders and both resolutions', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 10 }), fc.boolean(), fc.boolean(), (recs, le, ns) => {
        const bytes = writePcap(recs, { littleEndian: le, nanosecond: ns });
        const f = readPcap(bytes);
        expect(f.littleEndian).toBe(le);
        expect(f.nanosecond).toBe(ns);
        expect(f.linkType).toBe(LINKTYPE_ETHERNET);
        expect(f.records).toHaveLength(recs.length);
        f.records.forEach((r, i) => {
          const w = recs[i]!;
          expect(r.tsSec).toBe(w.tsSec);
          expect(r.tsFrac).toBe(w.tsFrac);
          expect(r.origLen).toBe(w.data.length);
          expect(Buffer.from(r.data).equals(Buffer.from(w.data))).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('writes the documented header fields (big-endian and nanosecond magic)', () => {
    const be = writePcap([], { littleEndian: false, nanosecond: true, snaplen: 1500 });
    expect(Buffer.from(be.subarray(0, 4)).toString('hex')).toBe('a1b23c4d');
    const le = writePcap([], {});
    expect(Buffer.from(le).toString('hex')).toBe('d4c3b2a1020004000000000000000000ffff000001000000');
    expect(readPcap(be).snaplen).toBe(1500);
  });

  it('truncates to the snaplen and keeps orig_len', () => {
    const data = new Uint8Array(100).map((_, i) => i);
    const bytes = writePcap([{ data, tsSec: 5, tsFrac: 7 }, { data, origLen: 1500 }], { snaplen: 64 });
    const f = readPcap(bytes);
    expect(f.records[0]!.data.length).toBe(64);
    expect(f.records[0]!.origLen).toBe(100);
    expect(f.records[1]!.origLen).toBe(1500);
    expect(Array.from(f.records[0]!.data)).toEqual(Array.from(data.subarray(0, 64)));
  });

  it('writes and reads files on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'p4ts-pcap-'));
    try {
      const path = join(dir, 'out.pcap');
      const recs: PcapWriteRecord[] = [{ data: new Uint8Array([1, 2, 3]), tsSec: 1, tsFrac: 2 }];
      writePcapFile(path, recs);
      expect(readPcapFile(path).records[0]!.data).toEqual(new Uint8Array([1, 2, 3]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('malformed pcap files end in PcapError with an offset', () => {
  const good = writePcap([{ data: new Uint8Array(40).fill(1) }, { data: new Uint8Array(30).fill(2) }]);

  it('truncated global header', () => {
    expectError(good.subarray(0, 10), /truncated global header/, 10);
  });

  it('bad magic', () => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(0, 0x12345678, false);
    expectError(b, /bad magic number 0x12345678 \(not a pcap or pcapng file\)/, 0);
    // a pcapng file starts like this: read as one, its byte-order magic is wrong
    new DataView(b.buffer).setUint32(0, 0x0a0d0d0a, false);
    expectError(b, /bad pcapng byte-order magic 0x00000000/, 8);
  });

  it('truncated record header', () => {
    // 24 header + 16 + 40 = 80: cut 5 bytes into the second record's header.
    expectError(good.subarray(0, 85), /truncated record header for packet 2 \(5 of 16 bytes\)/, 80);
  });

  it('truncated record data', () => {
    expectError(good.subarray(0, good.length - 1), /truncated packet 2 \(29 of 30 bytes\)/, good.length - 1);
  });

  it('absurd captured length', () => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(24 + 8, 0x7fffffff, true);
    expectError(b, /captured length 2147483647 exceeds/, 32);
  });

  it('timestamp fraction out of range', () => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(24 + 4, 1_000_000, true);
    expectError(b, /timestamp fraction/, 28);
  });

  it('readPcap throws the same error; readPcapFile names the file', () => {
    expect(() => readPcap(good.subarray(0, 3), 'y.pcap')).toThrow('y.pcap: error: truncated global header (3 of 24 bytes) at byte 3');
    const dir = mkdtempSync(join(tmpdir(), 'p4ts-pcap-'));
    try {
      const path = join(dir, 'bad.pcap');
      writeFileSync(path, good.subarray(0, 85));
      expect(() => readPcapFile(path)).toThrow(`${path}: error: truncated record header`);
      expect(() => readPcapFile(join(dir, 'missing.pcap'))).toThrow(PcapError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never crashes on arbitrary bytes or cut-off files', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(good.length), (junk, cut) => {
        for (const b of [junk, good.subarray(0, cut), new Uint8Array([...good.subarray(0, 24), ...junk])]) {
          const r = parsePcap(b);
          if (!r.ok) expect(r.error.offset).toBeLessThanOrEqual(b.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
