import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorker } from '../../cli/testing/test-worker-pool.ts';
import { readPcapFile, writePcapFile } from '../../runtime/io/pcap.ts';
import { runStfText } from '../../runtime/testing/index.ts';
import type { V1Program } from '../../runtime/v1model/index.ts';
import { invoke } from './invoke.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const L2FWD = new URL('../../examples/l2fwd/l2fwd.p4', import.meta.url).pathname;
const FRAME = '000000000002 000000000009 0800 01020304';
const PASSING_STF = `add mac_table dst:0x000000000002 forward(port:2)\npacket 0 ${FRAME}\nexpect 2 ${FRAME}\n`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p4ts-cli-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('p4ts test', () => {
  it('rejects bad arguments with exit code 1', async () => {
    const none = await invoke(['test']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/missing the program/);
    const both = await invoke(['test', L2FWD, '--corpus', dir]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/either a program or --corpus/);
    expect((await invoke(['test', L2FWD, '--mode', 'fast'])).code).toBe(1);
    // A program with no STF file beside it.
    const lonely = join(dir, 'lonely.p4');
    copyFileSync(L2FWD, lonely);
    const noStf = await invoke(['test', lonely]);
    expect(noStf.code).toBe(1);
    expect(noStf.stderr).toMatch(/lonely\.stf \(the default STF file/);
  });

  it('runs a corpus: a line per test, skips programs of other architectures, summary line and JSON report', async () => {
    const corpus = join(dir, 'corpus');
    mkdirSync(join(corpus, 'sub'), { recursive: true });
    copyFileSync(L2FWD, join(corpus, 'good.p4'));
    writeFileSync(join(corpus, 'good.stf'), PASSING_STF);
    copyFileSync(L2FWD, join(corpus, 'sub', 'bad.p4'));
    writeFileSync(join(corpus, 'sub', 'bad.stf'), PASSING_STF.replace('expect 2', 'expect 3'));
    copyFileSync(L2FWD, join(corpus, 'no-stf.p4'));
    writeFileSync(join(corpus, 'ebpf.p4'), '#include <core.p4>\n#include <ebpf_model.p4>\n');
    writeFileSync(join(corpus, 'ebpf.stf'), 'packet 0 00\n');
    const report = join(dir, 'report.json');
    const r = await invoke(['test', '--corpus', corpus, '--json', report]);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('PASS good');
    expect(lines[1]).toMatch(/^FAIL sub\/bad: .*bad\.stf\(3\): port 3: expected 1 packet\(s\), received 0/);
    expect(lines[2]).toBe('1 passed, 1 failed, 1 skipped');
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(report, 'utf8')) as { results: { name: string; status: string }[]; passed: number; failed: number; skipped: number };
    expect(json.results.map((x) => [x.name, x.status])).toEqual([
      ['good', 'pass'],
      ['sub/bad', 'fail'],
    ]);
    expect([json.passed, json.failed, json.skipped]).toEqual([1, 1, 1]);
    const filtered = await invoke(['test', '--corpus', corpus, '--filter', 'good']);
    expect(filtered.stdout).toBe('PASS good\n1 passed, 0 failed, 0 skipped\n');
    expect(filtered.code).toBe(0);
  });

  it('stops a test that hangs and goes on with the next one', async () => {
    const worker = new TestWorker({ entry: new URL('./fixtures/hanging-worker.ts', import.meta.url).href });
    const settings = { mode: 'sync', asyncAll: false, includeDirs: [], defines: {}, timeLimitMs: 300 } as const;
    try {
      const hung = await worker.run({ name: 'hang', p4Path: 'x.p4', stfPath: 'x.stf' }, settings, 300);
      expect(hung).toMatchObject({ status: 'error', message: 'time limit of 0.3 s exceeded (the test was stopped)' });
      const next = await worker.run({ name: 'next', p4Path: 'y.p4', stfPath: 'y.stf' }, settings, 5000);
      expect(next.status).toBe('pass');
    } finally {
      await worker.close();
    }
  });
});

describe('p4ts compile', () => {
  it('writes a module that runs in a project depending on p4ts, and its P4Info', async () => {
    const out = join(dir, 'compiled');
    const r = await invoke(['compile', L2FWD, '-o', out, '--mode', 'longjump']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*l2fwd\.ts/);
    expect(readdirSync(out).sort()).toEqual(['l2fwd.p4info.json', 'l2fwd.ts']);
    const specifiers = [...readFileSync(join(out, 'l2fwd.ts'), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^p4ts\/runtime\//);
    // The module runs in a project that depends on p4ts (here: node_modules/p4ts is this checkout).
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'p4ts'), 'dir');
    const mod = (await import(pathToFileURL(join(out, 'l2fwd.ts')).href)) as { createProgram: () => V1Program<unknown> };
    expect(runStfText(mod.createProgram, PASSING_STF).failures).toEqual([]);
  });

  it('prints diagnostics and exits 1 on a program error', async () => {
    const bad = join(dir, 'bad.p4');
    writeFileSync(bad, '#include <v1model.p4>\ncontrol C() { apply { x = 1; } }\n');
    const r = await invoke(['compile', bad, '-o', join(dir, 'never')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.p4\(2\): \[P4TS\d+\] error: x: declaration not found/);
  });
});

describe('p4ts run', () => {
  it('runs pcap inputs through the program with entries and prints a balanced summary', async () => {
    const input = join(dir, 'in0.pcap');
    const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));
    writePcapFile(input, [
      { tsSec: 1, data: hex(FRAME) },
      { tsSec: 2, data: hex(FRAME.replace('000000000002', '000000000007')) },
    ]);
    const entries = join(dir, 'entries.json');
    writeFileSync(entries, JSON.stringify({ table_entries: [{ table: 'mac_table', match: { 'hdr.ethernet.dst': '00:00:00:00:00:02' }, action_name: 'forward', action_params: { port: 2 } }] }));
    const out = join(dir, 'run-out');
    const r = await invoke(['run', L2FWD, '--in', `0:${input}`, '--out', out, '--entries', entries]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('in: 2 (port 0: 2)');
    expect(r.stdout).toContain('out: 1 (port 2: 1)');
    expect(r.stdout).toContain('dropped: 1 (multicast-no-members: 1)');
    expect(r.stdout).toContain('2 in + 0 created = 1 out + 1 dropped');
    expect(readPcapFile(join(out, 'port2.pcap')).records.map((x) => Buffer.from(x.data).toString('hex'))).toEqual([FRAME.replace(/ /g, '')]);
  });

  it('reports malformed inputs with the file and where, exit 1', async () => {
    const badIn = await invoke(['run', L2FWD, '--in', 'zero:x.pcap', '--out', dir]);
    expect(badIn.code).toBe(1);
    expect(badIn.stderr).toMatch(/--in expects PORT:FILE\.pcap/);
    const truncated = join(dir, 'truncated.pcap');
    writeFileSync(truncated, new Uint8Array(30));
    const badPcap = await invoke(['run', L2FWD, '--in', `0:${truncated}`, '--out', dir]);
    expect(badPcap.code).toBe(1);
    expect(badPcap.stderr).toMatch(/truncated\.pcap\(byte 0\): error: bad magic number/);
    const good = join(dir, 'good.pcap');
    writePcapFile(good, []);
    const json = join(dir, 'broken.json');
    writeFileSync(json, '{\n  "table_entries": [\n    { "table": }\n  ]\n}\n');
    const badJson = await invoke(['run', L2FWD, '--in', `0:${good}`, '--out', dir, '--entries', json]);
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toMatch(/broken\.json\(3\): error: invalid JSON/);
  });
});
