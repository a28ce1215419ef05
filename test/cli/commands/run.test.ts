/**
 * `p4ts run` streaming files: each output keeps the timestamp of the input it came from (multicast
 * copies too) at the inputs' resolution; pcapng and Linux cooked inputs (written by tshark) give
 * the frames a classic pcap gives; a malformed input found part way stops the run with its byte
 * and leaves nothing half-written; other link types are refused by name before compiling.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../examples/frames.ts';
import { INPUTS as L2FWD_INPUTS } from '../../../examples/l2fwd/make-pcap.ts';
import { INPUTS as ROUTER_INPUTS } from '../../../examples/l3-router/make-pcap.ts';
import { checkOutputs, expectedOutputs } from '../../../examples/pcap-fixture.ts';
import { readPcapFile, writePcap, writePcapFile } from '../../../runtime/io/pcap.ts';
import { invoke } from '../invoke.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const L2FWD = `${EXAMPLES}l2fwd/`;
const ROUTER = `${EXAMPLES}l3-router/`;
const FIXTURES = new URL('../../fixtures/pcap/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('p4ts run: timestamps', () => {
  /** The l2fwd example's inputs at `time` s + a nanosecond fraction of its own. */
  const stamp = (i: number): [number, number] => [L2FWD_INPUTS[i]!.time, 100_000_000 + 1234 * i + 7];

  it.each([
    ['sync', true],
    ['longjump', true],
    ['context', false],
  ] as const)('%s: every output (multicast copies too) has its input’s timestamp; nanosecond inputs give nanosecond outputs (%s)', async (mode, ns) => {
    const ins: string[] = [];
    for (const port of [1, 3]) {
      const path = join(dir, `ts-${mode}-in${port}.pcap`);
      const recs = L2FWD_INPUTS.map((p, i) => ({ p, i })).filter(({ p }) => p.port === port);
      writePcapFile(path, recs.map(({ p, i }) => ({ tsSec: stamp(i)[0], tsFrac: ns ? stamp(i)[1] : Math.floor(stamp(i)[1] / 1000), data: p.data })), { nanosecond: ns });
      ins.push('--in', `${port}:${path}`);
    }
    const out = join(dir, `ts-${mode}`);
    const args = ['run', `${L2FWD}l2fwd.p4`, ...ins, '--out', out, '--entries', `${L2FWD}entries.json`, '--mode', mode];
    if (mode !== 'sync') args.push('--async-all');
    const r = await invoke(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rate: 6 packets in [\d.]+ s, .* \(start-up not counted; CPU [\d.]+ s, all threads\)$/m);
    expect(checkOutputs(out, L2FWD_INPUTS)).toEqual([]);
    // every l2fwd frame leaves unchanged: its bytes name its input
    const inputOf = new Map(L2FWD_INPUTS.map((p, i) => [toHex(p.data), i]));
    let outputs = 0;
    for (const f of readdirSync(out)) {
      const file = readPcapFile(join(out, f));
      expect(file.nanosecond, f).toBe(ns);
      for (const rec of file.records) {
        const [sec, nanos] = stamp(inputOf.get(toHex(rec.data))!);
        expect([rec.tsSec, rec.tsFrac], f).toEqual([sec, ns ? nanos : Math.floor(nanos / 1000)]);
        outputs++;
      }
    }
    expect(outputs).toBe(9);
  });
});

describe('p4ts run: pcapng and Linux cooked inputs', () => {
  const port1 = ROUTER_INPUTS.filter((p) => p.port === 1);

  it.each(['l3-router-in-port1.tshark.pcapng', 'l3-router-in-port1.sll.tshark.pcapng', 'l3-router-in-port1.sll2.tshark.pcapng'])('%s gives the outputs of the classic pcap', async (name) => {
    const out = join(dir, name);
    const r = await invoke(['run', `${ROUTER}l3-router.p4`, '--in', `1:${FIXTURES}${name}`, '--out', out, '--entries', `${ROUTER}entries.json`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 in + 0 created = 2 out + 3 dropped');
    expect(checkOutputs(out, port1)).toEqual([]);
    expect(readPcapFile(join(out, 'port2.pcap')).records[0]!.tsSec).toBe(1);
  });

  it('refuses another link type by name before compiling anything, exit 1', async () => {
    const raw = join(dir, 'raw.pcap');
    writePcapFile(raw, [{ data: new Uint8Array(20) }], { linkType: 101 });
    const r = await invoke(['run', `${ROUTER}l3-router.p4`, '--in', `1:${raw}`, '--out', join(dir, 'raw-out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${raw}(byte 20): error: LINKTYPE_RAW (101) is not supported (p4ts reads Ethernet (1), Linux cooked SLL (113) and SLL2 (276) captures)\n`);
    expect(existsSync(join(dir, 'raw-out'))).toBe(false);
  });
});

describe('p4ts run: a malformed input found part way', () => {
  it('stops with the file and byte, removes what it wrote, keeps an earlier run’s files; exit 1', async () => {
    const frames = L2FWD_INPUTS.filter((p) => p.port === 1);
    const records = Array.from({ length: 3000 }, (_, i) => ({ tsSec: i, data: frames[i % frames.length]!.data }));
    const whole = writePcap(records);
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, whole.length - 7));
    const out = join(dir, 'cut-out');
    mkdirSync(out);
    writeFileSync(join(out, 'port2.pcap'), 'from an earlier run');
    const r = await invoke(['run', `${L2FWD}l2fwd.p4`, '--in', `1:${cut}`, '--out', out, '--entries', `${L2FWD}entries.json`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${cut.replace(/[.]/g, '\\.')}\\(byte ${whole.length - 7}\\): error: truncated packet 3000 \\(\\d+ of \\d+ bytes\\)\\np4ts: no output written to ${out.replace(/[.]/g, '\\.')}\\n$`));
    expect(r.stdout).toBe('');
    expect(readdirSync(out)).toEqual(['port2.pcap']);
    expect(readFileSync(join(out, 'port2.pcap'), 'utf8')).toBe('from an earlier run');
  });

  it('the same input whole runs, and its outputs replace the earlier ones', async () => {
    const out = join(dir, 'whole-out');
    const r = await invoke(['run', `${L2FWD}l2fwd.p4`, '--in', `1:${L2FWD}in-port1.pcap`, '--in', `3:${L2FWD}in-port3.pcap`, '--out', out, '--entries', `${L2FWD}entries.json`]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...expectedOutputs(L2FWD_INPUTS).keys()].map((p) => `port${p}.pcap`).sort());
  });
});
