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

  it('refuses bad and conflicting options with exit code 1', async () => {
    const cases: [string[], RegExp][] = [
      [['--live'], /--live needs at least one --port/],
      [['--live', '--port', '1:tap:x'], /unknown port kind 'tap'/],
      [['--live', '--port', '1:pcap:out=a', '--port', '1:pcap:out=b'], /port 1 given twice/],
      [['--live', '--port', '1:pcap:out=a', '--in', '1:x.pcap'], /--live takes --port N:SPEC, not --in\/--out/],
      [['--port', '1:pcap:out=a', '--out', dir, '--in', '1:x'], /--port, --duration and --pcap go with --live/],
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
