/** The outputs of `p4ts run`: `.partial` files while running, renamed on commit, removed on abort. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PortOutputs } from '../../cli/pcap-outputs.ts';
import { readPcapFile } from '../../runtime/io/pcap.ts';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PortOutputs', () => {
  it('writes port<N>.pcap.partial while running and renames them on commit, by port', () => {
    const out = join(dir, 'commit');
    const o = new PortOutputs(mkdir(out), { nanosecond: true });
    const frame = Uint8Array.of(9, 1, 2, 3, 9);
    o.write(7, frame, 1, 3, 10, 123_456_789);
    o.write(2, frame, 0, 5, 11, 5);
    expect(readdirSync(out).sort()).toEqual(['port2.pcap.partial', 'port7.pcap.partial']);
    expect(o.commit()).toEqual([join(out, 'port2.pcap'), join(out, 'port7.pcap')]);
    expect(readdirSync(out).sort()).toEqual(['port2.pcap', 'port7.pcap']);
    const f = readPcapFile(join(out, 'port7.pcap'));
    expect(f.nanosecond).toBe(true);
    expect(f.records.map((r) => [r.tsSec, r.tsFrac, [...r.data]])).toEqual([[10, 123_456_789, [1, 2, 3]]]);
  });

  it('removes everything it wrote on abort', () => {
    const out = join(dir, 'abort');
    const o = new PortOutputs(mkdir(out), { nanosecond: false });
    for (let i = 0; i < 10; i++) o.write(1, new Uint8Array(9000), 0, 9000, 1, 0); // more than its 64 KiB buffer: bytes reached the file
    o.write(3, new Uint8Array(60), 0, 60, 1, 0);
    expect(readdirSync(out).sort()).toEqual(['port1.pcap.partial', 'port3.pcap.partial']);
    o.abort();
    expect(readdirSync(out)).toEqual([]);
  });
});

function mkdir(path: string): string {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path);
  return path;
}
