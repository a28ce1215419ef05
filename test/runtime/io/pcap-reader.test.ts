/**
 * The streaming capture reader: classic pcap through buffers of any size (records cut across
 * refills), pcapng in both byte orders with per-interface link types, resolutions and offsets,
 * Linux cooked captures turned into Ethernet, other link types refused by name, and malformed
 * files ending in `PcapError` with the byte where they go wrong.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureReader, PcapError } from '../../../runtime/io/pcap-reader.ts';
import { MemorySink, PcapWriter } from '../../../runtime/io/pcap-writer.ts';
import { pcapng, sll, sll2, type Block } from './pcapng-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Got {
  tsSec: number;
  tsNanos: number;
  origLen: number;
  linkType: number;
  data: number[];
}

function readAll(reader: CaptureReader): Got[] {
  const out: Got[] = [];
  try {
    for (const r of reader) out.push({ tsSec: r.tsSec, tsNanos: r.tsNanos, origLen: r.origLen, linkType: r.linkType, data: [...r.buffer.subarray(r.offset, r.offset + r.length)] });
  } finally {
    reader.close();
  }
  return out;
}

function errorOf(f: () => unknown): PcapError {
  try {
    f();
  } catch (e) {
    if (e instanceof PcapError) return e;
    throw e;
  }
  throw new Error('no error');
}

const recordArb = fc.record({
  tsSec: fc.nat(0xffffffff),
  tsNanos: fc.nat(999_999_999),
  data: fc.uint8Array({ minLength: 0, maxLength: 300 }),
  extra: fc.nat(100),
});

describe('classic pcap, streamed', () => {
  it('reads what the writer wrote, for any read-buffer size (records cut across refills), in memory and from a file', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), fc.boolean(), fc.boolean(), fc.integer({ min: 64, max: 2000 }), fc.integer({ min: 40, max: 600 }), (recs, le, ns, chunk, wbuf) => {
        const sink = new MemorySink();
        const w = new PcapWriter(sink, { littleEndian: le, nanosecond: ns, bufferSize: wbuf });
        for (const r of recs) w.write(r.data, 0, r.data.length, r.tsSec, r.tsNanos, r.data.length + r.extra);
        w.close();
        const image = sink.toBytes();
        const path = join(dir, 'stream.pcap');
        writeFileSync(path, image);
        const want = recs.map((r) => ({ tsSec: r.tsSec, tsNanos: ns ? r.tsNanos : Math.floor(r.tsNanos / 1000) * 1000, origLen: r.data.length + r.extra, linkType: 1, data: [...r.data] }));
        expect(readAll(CaptureReader.fromBytes(image))).toEqual(want);
        expect(readAll(CaptureReader.fromBytes(image, { ethernet: true, chunkSize: chunk }))).toEqual(want);
        const file = CaptureReader.open(path, { chunkSize: chunk });
        expect(file.size).toBe(image.length);
        expect(file.littleEndian).toBe(le);
        expect(file.subMicrosecond).toBe(ns);
        expect(readAll(file)).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('names the packet and its byte in errors found after refills', () => {
    const sink = new MemorySink();
    const w = new PcapWriter(sink);
    for (let i = 0; i < 50; i++) w.write(new Uint8Array(100).fill(i), 0, 100, i, 0);
    w.close();
    const image = sink.toBytes().slice(0, 24 + 116 * 40 + 50);
    const r = CaptureReader.fromBytes(image, { chunkSize: 256, ethernet: true, name: 'cut.pcap' });
    let n = 0;
    const e = errorOf(() => {
      while (r.next()) n++;
    });
    expect(n).toBe(40);
    expect(e.message).toBe(`cut.pcap: error: truncated packet 41 (34 of 100 bytes) at byte ${image.length}`);
  });

  it('refuses link types other than Ethernet and Linux cooked by name, at the link-type field', () => {
    for (const [lt, name] of [
      [101, 'LINKTYPE_RAW (101)'],
      [127, 'LINKTYPE_IEEE802_11_RADIOTAP (127)'],
      [150, 'LINKTYPE_USER3 (150)'],
      [4242, 'link type 4242'],
    ] as const) {
      const sink = new MemorySink();
      new PcapWriter(sink, { linkType: lt }).close();
      const e = errorOf(() => CaptureReader.fromBytes(sink.toBytes(), { ethernet: true, name: 'x.pcap' }));
      expect(e.message).toBe(`x.pcap: error: ${name} is not supported (p4ts reads Ethernet (1), Linux cooked SLL (113) and SLL2 (276) captures) at byte 20`);
      // without `ethernet` the bytes are read as recorded
      expect(CaptureReader.fromBytes(sink.toBytes()).fileLinkType).toBe(lt);
    }
  });
});

/** The timestamp `ts` in units of interface resolution `tsresol`, plus `offset` seconds: [sec, ns] (reference, in bigints). */
function expectedTime(ts: bigint, tsresol: number | undefined, offset: bigint): [number, number] {
  const v = tsresol ?? 6;
  const unit = (v & 0x80) !== 0 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
  return [Number(ts / unit + offset), Number(((ts % unit) * 1_000_000_000n) / unit)];
}

const resolutionArb = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0x80 + 1, max: 0x80 + 40 }));

describe('pcapng', () => {
  it('reads sections in both byte orders, per-interface link types, resolutions and offsets; skips other blocks', () => {
    const ifaceArb = fc.record({ linkType: fc.constantFrom(1, 113, 276, 101), tsresol: resolutionArb, tsoffset: fc.bigInt({ min: 0n, max: 1000n }) });
    const packetArb = fc.record({ iface: fc.nat(), ts: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), data: fc.uint8Array({ maxLength: 80 }), kind: fc.constantFrom('epb', 'pb', 'spb', 'other') });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(ifaceArb, { minLength: 1, maxLength: 3 }), fc.array(packetArb, { maxLength: 8 }), fc.boolean()), { minLength: 1, maxLength: 3 }), fc.integer({ min: 64, max: 400 }), (sections, chunk) => {
        const parts: Uint8Array[] = [];
        const want: Got[] = [];
        let last: [number, number] = [0, 0];
        for (const [ifaces, packets, le] of sections) {
          const blocks: Block[] = [{ kind: 'shb' }, ...ifaces.map((i) => ({ kind: 'idb' as const, ...i }))];
          for (const p of packets) {
            const iface = p.iface % ifaces.length;
            const i = ifaces[iface]!;
            const [sec, ns] = expectedTime(p.ts, i.tsresol, i.tsoffset);
            if (p.kind === 'other') {
              blocks.push({ kind: 'other', type: 5, body: p.data });
              continue;
            }
            if (p.kind === 'spb') {
              blocks.push({ kind: 'spb', origLen: p.data.length, data: p.data });
              want.push({ tsSec: last[0], tsNanos: last[1], origLen: p.data.length, linkType: ifaces[0]!.linkType, data: [...p.data] });
              continue;
            }
            if (!Number.isSafeInteger(sec)) continue;
            blocks.push({ kind: p.kind, iface, ts: p.ts, data: p.data });
            last = [sec, ns];
            want.push({ tsSec: sec, tsNanos: ns, origLen: p.data.length, linkType: i.linkType, data: [...p.data] });
          }
          parts.push(pcapng(blocks, le));
        }
        const image = Uint8Array.from(parts.flatMap((p) => [...p]));
        expect(readAll(CaptureReader.fromBytes(image))).toEqual(want);
        const r = CaptureReader.fromBytes(image, { chunkSize: chunk, name: 'chunked.pcapng' });
        expect(r.format).toBe('pcapng');
        expect(readAll(r)).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });

  it('reads nanosecond timestamps of today exactly (beyond 2^53 units), and says they are finer than microseconds', () => {
    const ts = 1_733_500_000_123_456_789n;
    const r = CaptureReader.fromBytes(pcapng([{ kind: 'shb' }, { kind: 'idb', linkType: 1, tsresol: 9 }, { kind: 'epb', iface: 0, ts, data: new Uint8Array(14) }]));
    expect(r.next()).toBe(true);
    expect([r.tsSec, r.tsNanos]).toEqual([1_733_500_000, 123_456_789]);
    expect(r.subMicrosecond).toBe(true);
    expect(r.next()).toBe(false);
  });

  it('malformed blocks: the byte where the file goes wrong', () => {
    const good = pcapng([{ kind: 'shb' }, { kind: 'idb', linkType: 1 }, { kind: 'epb', iface: 0, ts: 5n, data: new Uint8Array(20) }]);
    const shbLen = 28;
    const idbLen = 20;
    const epbAt = shbLen + idbLen;
    const read = (b: Uint8Array) => errorOf(() => readAll(CaptureReader.fromBytes(b, { name: 'f.pcapng', ethernet: true })));
    expect(read(good.subarray(0, good.length - 3)).message).toBe(`f.pcapng: error: truncated block (${good.length - 3 - epbAt} of ${good.length - epbAt} bytes) at byte ${good.length - 3}`);
    expect(read(good.subarray(0, epbAt + 5)).message).toBe(`f.pcapng: error: truncated block header (5 of 8 bytes) at byte ${epbAt}`);
    const trailer = good.slice();
    new DataView(trailer.buffer).setUint32(good.length - 4, 99, true);
    expect(read(trailer).message).toMatch(/block length \d+ and trailing length 99 differ at byte/);
    const odd = good.slice();
    new DataView(odd.buffer).setUint32(epbAt + 4, 33, true);
    expect(read(odd).message).toBe(`f.pcapng: error: block length 33 is not a multiple of 4 of at least 12 at byte ${epbAt + 4}`);
    const iface = pcapng([{ kind: 'shb' }, { kind: 'idb', linkType: 1 }, { kind: 'epb', iface: 2, ts: 5n, data: new Uint8Array(20) }]);
    expect(read(iface).message).toBe(`f.pcapng: error: packet 1: interface 2 is not described (the section has 1) at byte ${epbAt + 8}`);
    const version = pcapng([{ kind: 'shb', major: 2 }]);
    expect(read(version).message).toBe('f.pcapng: error: unsupported pcapng version 2.0 at byte 12');
    const order = good.slice();
    order[8] = 0x99;
    expect(read(order).message).toMatch(/^f\.pcapng: error: bad pcapng byte-order magic 0x.* at byte 8$/);
    const spbFirst = pcapng([{ kind: 'shb' }, { kind: 'spb', origLen: 3, data: Uint8Array.of(1, 2, 3) }]);
    expect(read(spbFirst).message).toBe('f.pcapng: error: packet 1: simple packet block before any interface description at byte 28');
  });

  it('refuses a packet of an interface whose link type is not Ethernet or cooked, naming it and the interface', () => {
    const image = pcapng([{ kind: 'shb' }, { kind: 'idb', linkType: 1 }, { kind: 'idb', linkType: 101 }, { kind: 'epb', iface: 0, ts: 1n, data: new Uint8Array(14) }, { kind: 'epb', iface: 1, ts: 2n, data: new Uint8Array(20) }]);
    const r = CaptureReader.fromBytes(image, { ethernet: true, name: 'mixed.pcapng' });
    expect(r.next()).toBe(true); // the Ethernet interface's packet is read
    const e = errorOf(() => r.next());
    expect(e.message).toBe('mixed.pcapng: error: packet 2 on interface 1 (described at byte 48): LINKTYPE_RAW (101) is not supported (p4ts reads Ethernet (1), Linux cooked SLL (113) and SLL2 (276) captures) at byte 128');
  });

  it('never crashes on cut-off or corrupted files: a PcapError within the file, or packets', () => {
    const good = pcapng([
      { kind: 'shb' },
      { kind: 'idb', linkType: 113, tsresol: 9 },
      { kind: 'epb', iface: 0, ts: 77n, data: sll(0, 1, [1, 2, 3, 4, 5, 6], 0x0800, new Uint8Array(30)) },
      { kind: 'spb', origLen: 40, data: sll(4, 1, [1, 2, 3, 4, 5, 6], 0x86dd, new Uint8Array(24)) },
    ]);
    fc.assert(
      fc.property(fc.nat(good.length), fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { maxLength: 4 }), fc.integer({ min: 64, max: 200 }), (cut, flips, chunk) => {
        const b = good.slice(0, cut);
        for (const [at, v] of flips) if (at < b.length) b[at] = v;
        try {
          readAll(CaptureReader.fromBytes(b, { ethernet: true, chunkSize: chunk }));
        } catch (e) {
          if (!(e instanceof PcapError)) throw e;
          expect(e.offset).toBeLessThanOrEqual(b.length);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('Linux cooked captures become Ethernet frames', () => {
  const ip = (dst: readonly number[]): Uint8Array => Uint8Array.from([0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, ...dst]);
  const src = [2, 0, 0, 0, 0, 9];

  it('SLL and SLL2: source from the recorded address, destination by packet type, the EtherType kept, payload unmoved', () => {
    const cases: [number, number, Uint8Array, number[]][] = [
      // packet type, protocol, payload, expected destination
      [0, 0x0800, ip([10, 0, 0, 2]), [0, 0, 0, 0, 0, 0]],
      [1, 0x0806, new Uint8Array(28).fill(3), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
      [2, 0x0800, ip([239, 129, 2, 3]), [0x01, 0x00, 0x5e, 0x01, 2, 3]],
      [4, 0x86dd, Uint8Array.from({ length: 40 }, (_, i) => (i >= 36 ? 0xa0 + i : 0x60)), [0, 0, 0, 0, 0, 0]],
      [2, 0x86dd, Uint8Array.from({ length: 40 }, (_, i) => (i >= 36 ? 0xa0 + i : 0x60)), [0x33, 0x33, 0xa0 + 36, 0xa0 + 37, 0xa0 + 38, 0xa0 + 39]],
    ];
    for (const v2 of [false, true]) {
      const records = cases.map(([type, proto, payload]) => (v2 ? sll2(type, 1, 3, src, proto, payload) : sll(type, 1, src, proto, payload)));
      const sink = new MemorySink();
      const w = new PcapWriter(sink, { linkType: v2 ? 276 : 113 });
      records.forEach((r, i) => w.write(r, 0, r.length, 100 + i, 0, r.length + 4));
      w.close();
      const got = readAll(CaptureReader.fromBytes(sink.toBytes(), { ethernet: true }));
      const shrink = v2 ? 6 : 2;
      expect(got).toEqual(
        cases.map(([, proto, payload, dst], i) => ({ tsSec: 100 + i, tsNanos: 0, origLen: records[i]!.length + 4 - shrink, linkType: 1, data: [...dst, ...src, proto >> 8, proto & 0xff, ...payload] })),
      );
    }
  });

  it('802.2 LLC frames get an 802.3 length; a non-Ethernet address gives a zero source; other protocols and short records are refused', () => {
    const llc = Uint8Array.of(0x42, 0x42, 0x03, 1, 2, 3);
    const image = pcapng([
      { kind: 'shb' },
      { kind: 'idb', linkType: 113 },
      { kind: 'epb', iface: 0, ts: 1n, data: sll(3, 1, src, 0x0004, llc) },
      { kind: 'epb', iface: 0, ts: 2n, data: sll(0, 772, [], 0x0800, ip([127, 0, 0, 1])) },
      { kind: 'epb', iface: 0, ts: 3n, data: sll(0, 280, [], 0x000c, new Uint8Array(16)) },
    ]);
    const r = CaptureReader.fromBytes(image, { ethernet: true, name: 'c.pcapng' });
    expect(r.next()).toBe(true);
    expect([...r.buffer.subarray(r.offset, r.offset + r.length)]).toEqual([0, 0, 0, 0, 0, 0, ...src, 0, llc.length, ...llc]);
    expect(r.next()).toBe(true);
    expect([...r.buffer.subarray(r.offset, r.offset + 14)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00]);
    expect(errorOf(() => r.next()).message).toMatch(/^c\.pcapng: error: packet 3: protocol 0x000c of the Linux cooked \(SLL\) header is not an Ethernet type at byte \d+$/);
    const short = pcapng([{ kind: 'shb' }, { kind: 'idb', linkType: 276 }, { kind: 'epb', iface: 0, ts: 1n, data: new Uint8Array(12) }]);
    expect(errorOf(() => readAll(CaptureReader.fromBytes(short, { ethernet: true }))).detail).toBe('packet 1: 12 bytes, shorter than the 20-byte Linux cooked (SLL2) header');
  });

  it('without `ethernet`, cooked records are delivered as recorded', () => {
    const rec = sll(0, 1, src, 0x0800, ip([1, 2, 3, 4]));
    const image = pcapng([{ kind: 'shb' }, { kind: 'idb', linkType: 113 }, { kind: 'epb', iface: 0, ts: 1n, data: rec }]);
    expect(readAll(CaptureReader.fromBytes(image))[0]).toMatchObject({ linkType: 113, data: [...rec] });
  });
});

describe('pcapng written by tshark (test/fixtures/pcap)', () => {
  const fixtures = new URL('../../fixtures/pcap/', import.meta.url).pathname;
  const original = readAll(CaptureReader.open(new URL('../../../examples/l3-router/in-port1.pcap', import.meta.url).pathname));

  it('holds the same packets and timestamps as the classic pcap it was made from', () => {
    expect(original.map((p) => p.tsSec)).toEqual([1, 2, 4, 5, 7]);
    const r = CaptureReader.open(`${fixtures}l3-router-in-port1.tshark.pcapng`, { ethernet: true });
    expect(r.format).toBe('pcapng');
    expect(readAll(r)).toEqual(original);
  });

  it('its cooked captures (SLL, SLL2) give the same frames, without the destination MAC a cooked capture does not record', () => {
    for (const v of ['sll', 'sll2']) {
      const got = readAll(CaptureReader.open(`${fixtures}l3-router-in-port1.${v}.tshark.pcapng`, { ethernet: true }));
      expect(got, v).toEqual(original.map((p) => ({ ...p, data: [0, 0, 0, 0, 0, 0, ...p.data.slice(6)] })));
    }
  });
});
