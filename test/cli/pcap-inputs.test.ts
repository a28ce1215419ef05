/**
 * The inputs of `p4ts run` as one stream: each file in its own order, the files merged by
 * timestamp (ties to the earlier `--in`), one packet per file held at a time; errors formatted
 * with the file and byte.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, InputStream, parseInputSpec } from '../../cli/pcap-inputs.ts';
import { writePcap, writePcapFile } from '../../runtime/io/pcap.ts';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Packet {
  readonly port: number;
  readonly tsSec: number;
  readonly tsNanos: number;
  readonly id: number;
}

function drain(s: InputStream): Packet[] {
  const out: Packet[] = [];
  while (s.next()) out.push({ port: s.port, tsSec: s.tsSec, tsNanos: s.tsNanos, id: s.buffer[s.offset]! });
  s.close();
  return out;
}

describe('InputStream', () => {
  it('merges files sorted in time like a stable sort by timestamp, then --in order', () => {
    const fileArb = fc.array(fc.tuple(fc.nat(5), fc.nat(3)), { maxLength: 12 }).map((ts) => ts.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    fc.assert(
      fc.property(fc.array(fileArb, { minLength: 1, maxLength: 4 }), (files) => {
        let id = 0;
        const all: (Packet & { order: number })[] = [];
        const specs = files.map((ts, f) => {
          const file = join(dir, `m${f}.pcap`);
          const recs = ts.map(([sec, us]) => ({ tsSec: sec, tsFrac: us, data: Uint8Array.of(id++ & 0xff) }));
          recs.forEach((r, k) => all.push({ port: 10 + f, tsSec: r.tsSec, tsNanos: r.tsFrac * 1000, id: r.data[0]!, order: f * 1000 + k }));
          writePcapFile(file, recs);
          return { port: 10 + f, file };
        });
        const want = all.sort((a, b) => a.tsSec - b.tsSec || a.tsNanos - b.tsNanos || a.order - b.order).map(({ order: _, ...p }) => p);
        expect(drain(InputStream.open(specs))).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a file’s own order when it is not sorted in time', () => {
    const file = join(dir, 'unsorted.pcap');
    writePcapFile(file, [5, 1, 3].map((s, i) => ({ tsSec: s, data: Uint8Array.of(i) })));
    expect(drain(InputStream.open([{ port: 1, file }])).map((p) => p.id)).toEqual([0, 1, 2]);
  });

  it('reports a bad file with its name and byte, at open or when it reaches the bad record', () => {
    const bad = join(dir, 'bad.pcap');
    writeFileSync(bad, new Uint8Array(10));
    const good = join(dir, 'good.pcap');
    writePcapFile(good, [{ data: Uint8Array.of(1) }]);
    expect(() => InputStream.open([{ port: 1, file: good }, { port: 2, file: bad }])).toThrow(new InputError(`${bad}(byte 10): error: truncated global header (10 of 24 bytes)`));
    const image = writePcap([{ tsSec: 1, data: Uint8Array.of(1) }, { tsSec: 2, data: Uint8Array.of(2) }]);
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, image.subarray(0, image.length - 1));
    const s = InputStream.open([{ port: 1, file: cut }]);
    expect(s.next()).toBe(true);
    expect(() => s.next()).toThrow(`${cut}(byte ${image.length - 1}): error: truncated packet 2 (0 of 1 bytes)`);
    s.close();
  });

  it('parses PORT:FILE', () => {
    expect(parseInputSpec('3:a:b.pcap')).toEqual({ port: 3, file: 'a:b.pcap' });
    expect(parseInputSpec('512:x.pcap')).toMatch(/out of range/);
    expect(parseInputSpec('x.pcap')).toMatch(/--in expects PORT:FILE/);
  });
});
