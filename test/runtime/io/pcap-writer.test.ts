/**
 * The buffered pcap writer: records larger than its buffer, the snaplen cut, timestamps it cannot
 * represent refused, bytes reaching the file on `flush`, and nothing written after `close`.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readPcap } from '../../../runtime/io/pcap.ts';
import { MemorySink, PcapWriter } from '../../../runtime/io/pcap-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PcapWriter', () => {
  it('writes the same file whatever its buffer size (records larger than the buffer go straight through)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 12 }), fc.integer({ min: 40, max: 5000 }), (frames, size) => {
        const images = [size, 1 << 20].map((bufferSize) => {
          const sink = new MemorySink();
          const w = new PcapWriter(sink, { bufferSize });
          frames.forEach((f, i) => w.write(f, 0, f.length, i, i * 1000));
          w.close();
          return sink.toBytes();
        });
        expect(Buffer.from(images[0]!).equals(Buffer.from(images[1]!))).toBe(true);
        expect(readPcap(images[0]!).records.map((r) => [...r.data])).toEqual(frames.map((f) => [...f]));
      }),
      { numRuns: 50 },
    );
  });

  it('cuts packets to the snaplen, keeping the original length; writes a slice of a larger buffer', () => {
    const sink = new MemorySink();
    const w = new PcapWriter(sink, { snaplen: 10 });
    const big = Uint8Array.from({ length: 40 }, (_, i) => i);
    w.write(big, 5, 20, 1, 2000);
    w.close();
    const r = readPcap(sink.toBytes()).records[0]!;
    expect([...r.data]).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(r.origLen).toBe(20);
    expect([r.tsSec, r.tsFrac]).toEqual([1, 2]);
  });

  it('refuses what a pcap file cannot hold, and writing after close', () => {
    const w = new PcapWriter(new MemorySink());
    const f = new Uint8Array(4);
    expect(() => w.write(f, 0, 4, 2 ** 32, 0)).toThrow(RangeError);
    expect(() => w.write(f, 0, 4, -1, 0)).toThrow(RangeError);
    expect(() => w.write(f, 0, 4, 0, 1e9)).toThrow(RangeError);
    expect(() => w.write(f, 0, 4, 0, 0, 3)).toThrow(/origLen 3 is below/);
    w.close();
    expect(() => w.write(f, 0, 4, 0, 0)).toThrow(/closed/);
  });

  it('a file receives the buffered bytes on flush and close', () => {
    const path = join(dir, 'w.pcap');
    const w = PcapWriter.create(path, { nanosecond: true, bufferSize: 1000 });
    w.write(new Uint8Array(100).fill(7), 0, 100, 5, 123_456_789);
    expect(statSync(path).size).toBe(0);
    w.flush();
    expect(statSync(path).size).toBe(24 + 16 + 100);
    w.write(new Uint8Array(10), 0, 10, 6, 0);
    w.close();
    const f = readPcap(new Uint8Array(readFileSync(path)));
    expect(f.nanosecond).toBe(true);
    expect(f.records.map((r) => [r.tsSec, r.tsFrac, r.data.length])).toEqual([
      [5, 123_456_789, 100],
      [6, 0, 10],
    ]);
    expect(() => PcapWriter.create(join(dir, 'no/such/dir/x.pcap'))).toThrow(/no\/such\/dir\/x\.pcap: error: cannot write file/);
  });
});
