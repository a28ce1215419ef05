/**
 * Malformed inputs through the commands: STF files (`p4ts test`), entries JSON and pcap files
 * (`p4ts run`) end in `FILE(LINE): error: …` (pcap: `FILE(byte N): error: …`) and exit code 1,
 * never a stack trace; every problem of a file is reported, not only the first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePcap, writePcapFile } from '../../runtime/io/pcap.ts';
import { invoke } from './invoke.ts';

const L2FWD = new URL('../../examples/l2fwd/l2fwd.p4', import.meta.url).pathname;
const FRAME = Uint8Array.from(Buffer.from('000000000002000000000009080001020304', 'hex'));

let dir: string;
let goodPcap: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p4ts-input-errors-'));
  goodPcap = join(dir, 'good.pcap');
  writePcapFile(goodPcap, [{ tsSec: 1, data: FRAME }]);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function noStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('p4ts test with a malformed STF file', () => {
  it('reports each syntax error with its line and exits 1 without running packets', async () => {
    const stf = file(
      'syntax.stf',
      ['add mac_table dst:0x02 forward(port:2)', 'packet 0 0000 zz', 'expect 2 00', 'frobnicate 1 2', 'expect x 00', ''].join('\n'),
    );
    const r = await invoke(['test', L2FWD, stf]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ERROR l2fwd: .*syntax\.stf\(2\): error: invalid packet data character 'z' \(\+2 more\)$/);
    expect(lines.slice(1).map((l) => l.trim().replace(/^.*syntax\.stf/, 'syntax.stf'))).toEqual([
      "syntax.stf(4): error: unknown command 'frobnicate'",
      expect.stringMatching(/^syntax\.stf\(5\): error: .*port/) as unknown as string,
    ]);
    noStackTrace(r.stdout + r.stderr);
  });

  it('reports control-plane commands the program rejects with their line, and goes on', async () => {
    const stf = file(
      'control.stf',
      [
        'add no_such_table dst:1 forward(port:2)',
        'add mac_table dst:0x000000000002 no_such_action()',
        'setdefault mac_table forward(port:99999)',
        'add mac_table dst:0x000000000002 forward(port:2)',
        'packet 0 000000000002 000000000009 0800 01020304',
        'expect 2 000000000002 000000000009 0800 01020304',
        '',
      ].join('\n'),
    );
    const r = await invoke(['test', L2FWD, stf]);
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/[^\s]*control\.stf/g, 'control.stf');
    expect(text).toMatch(/^FAIL l2fwd: control\.stf\(1\): add: .*unknown table "no_such_table" \(\+2 more\)/);
    expect(text).toMatch(/control\.stf\(2\): add: .*no_such_action/);
    expect(text).toMatch(/control\.stf\(3\): setdefault: .*99999 does not fit in 9 bits/);
    // The packet after them was still sent and matched its expect.
    expect(text).not.toMatch(/control\.stf\(6\)/);
    noStackTrace(r.stdout + r.stderr);
  });

  it('reports a missing STF file before compiling', async () => {
    const r = await invoke(['test', L2FWD, join(dir, 'absent.stf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: no such file: .*absent\.stf/);
  });
});

describe('p4ts run with a malformed entries file', () => {
  it('reports every bad entry with the line it is on, exit 1, and writes no output', async () => {
    const entries = file(
      'entries.json',
      [
        '{',
        '  "table_entries": [',
        '    { "table": "no_such_table", "match": {}, "action_name": "forward" },',
        '    { "table": "mac_table", "match": { "hdr.ethernet.dst": "zz" }, "action_name": "forward", "action_params": { "port": 1 } },',
        '    { "table": "mac_table", "match": { "hdr.ethernet.dst": 1 }, "action_name": "forward", "action_params": { "prt": 1 } },',
        '    { "table": "mac_table", "match": { "hdr.ethernet.dst": 2 }, "action_name": "forward", "action_params": { "port": 1 } }',
        '  ],',
        '  "multicast_group_entries": [ { "multicast_group_id": "one", "replicas": [] } ]',
        '}',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out-entries');
    const r = await invoke(['run', L2FWD, '--in', `1:${goodPcap}`, '--out', out, '--entries', entries]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n').map((l) => l.replace(/^.*entries\.json/, 'entries.json'));
    expect(lines).toEqual([
      'entries.json(3): error: table_entries[0]: unknown table "no_such_table"',
      expect.stringMatching(/^entries\.json\(4\): error: table_entries\[1\]: L2Ingress\.mac_table: match field hdr\.ethernet\.dst: .*"zz"/) as unknown as string,
      expect.stringMatching(/^entries\.json\(5\): error: table_entries\[2\]: L2Ingress\.mac_table: .*unknown parameter "prt"/) as unknown as string,
      'entries.json(8): error: multicast_group_entries[0]: "multicast_group_id" must be an integer',
    ]);
    expect(r.stdout).toBe('');
    noStackTrace(r.stderr);
  });

  it('reports invalid JSON with its line, and a file that is not an object', async () => {
    const broken = file('broken.json', '{\n  "table_entries": [\n    { "table": "mac_table", }\n  ]\n}\n');
    const r = await invoke(['run', L2FWD, '--in', `1:${goodPcap}`, '--out', join(dir, 'o1'), '--entries', broken]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.json\(3\): error: invalid JSON/);
    const list = file('list.json', '[1, 2]\n');
    const r2 = await invoke(['run', L2FWD, '--in', `1:${goodPcap}`, '--out', join(dir, 'o2'), '--entries', list]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/list\.json\(1\): error: expected a JSON object/);
  });

  it('rejects a missing entries file', async () => {
    const r = await invoke(['run', L2FWD, '--in', `1:${goodPcap}`, '--out', join(dir, 'o3'), '--entries', join(dir, 'absent.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: no such file: .*absent\.json/);
  });
});

describe('p4ts run with a malformed pcap file', () => {
  const run = (path: string) => invoke(['run', L2FWD, '--in', `1:${goodPcap}`, '--in', `2:${path}`, '--out', join(dir, 'o-pcap')]);

  it('a truncated record: the file and the byte offset, exit 1', async () => {
    const whole = writePcap([{ data: FRAME }, { data: FRAME }]);
    const r = await run(file('cut.pcap', whole.subarray(0, whole.length - 5)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cut\.pcap\(byte \d+\): error: truncated packet 2 \(\d+ of 18 bytes\)/);
    expect(r.stdout).toBe('');
  });

  it('a truncated global header, a bad magic number, a bad version, a missing file', async () => {
    expect((await run(file('short.pcap', new Uint8Array(10)))).stderr).toMatch(/short\.pcap\(byte 10\): error: truncated global header \(10 of 24 bytes\)/);
    const magic = writePcap([]);
    magic[0] = 0x12;
    expect((await run(file('magic.pcap', magic))).stderr).toMatch(/magic\.pcap\(byte 0\): error: bad magic number/);
    const version = writePcap([]);
    version[4] = 9;
    expect((await run(file('version.pcap', version))).stderr).toMatch(/version\.pcap\(byte 4\): error: unsupported pcap version 9/);
    const missing = await run(join(dir, 'absent.pcap'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/absent\.pcap\(byte 0\): error: cannot read file/);
  });

  it('a record longer than the limit', async () => {
    const image = writePcap([{ data: FRAME }]);
    new DataView(image.buffer).setUint32(24 + 8, 0x7fffffff, true);
    const r = await run(file('huge.pcap', image));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/huge\.pcap\(byte 32\): error: packet 1: captured length 2147483647 exceeds the limit/);
  });
});
