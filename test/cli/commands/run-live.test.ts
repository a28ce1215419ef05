/** `p4ts run --live --port …`: pcap file ports end to end, and the option errors. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../examples/frames.ts';
import { readPcapFile } from '../../../runtime/io/pcap.ts';
import { invoke } from '../invoke.ts';

const L2FWD = new URL('../../../examples/l2fwd/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-run-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const framesOf = (file: string): string[] => readPcapFile(file).records.map((r) => toHex(r.data)).sort();

describe('p4ts run --live', () => {
  it('with pcap ports only, runs until the inputs are done and prints per-port counters', async () => {
    const out = (n: number): string => join(dir, `p${n}.pcap`);
    const r = await invoke([
      'run', `${L2FWD}l2fwd.p4`, '--live', '--mode', 'longjump', '--entries', `${L2FWD}entries.json`,
      '--port', `1:pcap:in=${L2FWD}in-port1.pcap,out=${out(1)}`,
      '--port', `3:pcap:in=${L2FWD}in-port3.pcap,out=${out(3)}`,
      '--port', `2:pcap:out=${out(2)}`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('6 in + 6 created = 9 out + 3 dropped');
    expect(r.stdout).toMatch(/port 2 \(pcap out .*p2\.pcap\): rx 0 \(0 bytes, 0 dropped, 0 errors\), tx 4 \(190 bytes, 0 dropped\)/);
    expect(r.stdout).toContain('2 packets sent to ports no --port names (discarded)');
    for (const n of [1, 2, 3]) expect(framesOf(out(n))).toEqual(framesOf(`${L2FWD}expected/port${n}.pcap`));
  });

  it('--order flow: the IPsec gateway in longjump on the worker, every flow leaves in arrival order', async () => {
    const esp = `${L2FWD}../ipsec-esp/`;
    const out = join(dir, 'esp-ordered.pcap');
    const r = await invoke(['run', `${esp}ipsec-esp.p4`, '--live', '--mode', 'longjump', '--coprocessor', 'worker', '--order', 'flow', '--entries', `${esp}entries-50.json`, '--port', `1:pcap:in=${esp}in-port1.pcap`, '--port', `2:pcap:out=${out}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1000 in + 0 created = 1000 out + 0 dropped');
    expect(r.stdout).toMatch(/^order by flow: \d+ packets held behind an older packet of their flow \(at most \d+ at once\)$/m);
    // the forwarded half (flows 50-99) is readable: per flow, the packet numbers only grow
    const last = new Map<number, number>();
    for (const rec of readPcapFile(out).records) {
      if (rec.data[23] !== 17) continue;
      const flow = rec.data[33]!;
      const n = new DataView(rec.data.buffer, rec.data.byteOffset + 42).getUint32(0);
      expect(n, `flow ${flow}`).toBeGreaterThan(last.get(flow) ?? -1);
      last.set(flow, n);
    }
    expect(last.size).toBe(50);
  });

  it('refuses bad and conflicting options with exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--live'], /--live needs at least one --port/],
      [['--live', '--port', '1:tap:x'], /unknown port kind 'tap'/],
      [['--live', '--port', '1:pcap:out=a', '--port', '1:pcap:out=b'], /port 1 given twice/],
      [['--live', '--port', '1:pcap:out=a', '--in', '1:x.pcap'], /--live takes --port N:SPEC, not --in\/--out/],
      [['--port', '1:pcap:out=a', '--out', dir, '--in', '1:x'], /--port, --duration, --pcap and --order go with --live/],
      [['--live', '--port', '1:pcap:out=a', '--duration', '0'], /expects a positive number of seconds/],
    ];
    for (const [args, message] of cases) {
      const r = await invoke(['run', `${L2FWD}l2fwd.p4`, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('a port that cannot be opened ends the run with exit code 1 and the reason', async () => {
    const r = await invoke(['run', `${L2FWD}l2fwd.p4`, '--live', '--port', `1:pcap:in=${join(dir, 'absent.pcap')}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/absent\.pcap\(byte 0\): error: cannot read file/);
  });
});
