/** `p4ts test --trace`, `--trace-json`, and the trace a failing test shows; `run --live --trace`. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invoke } from '../invoke.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const L2FWD = `${EXAMPLES}l2fwd/l2fwd.p4`;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('packet traces on the command line', () => {
  it('a failing STF test shows the trace of the packet whose output is wrong, and of no other', async () => {
    const stf = join(dir, 'bad.stf');
    // the second expect of the file is changed: host 2 -> host 1 should come out on port 1
    writeFileSync(stf, readFileSync(`${EXAMPLES}l2fwd/l2fwd.stf`, 'utf8').replace('expect 1 000000000001 000000000002 88b5 cafe $', 'expect 1 000000000001 000000000002 88b5 beef $'));
    const r = await invoke(['test', L2FWD, stf]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^FAIL l2fwd: .*bad\.stf\(19\): port 1: packet #1 differs at byte 14/);
    const at = lines.indexOf('  trace of the packet of bad.stf line 18:');
    expect(at).toBe(1);
    const trace = lines.slice(at + 1).filter((l) => l.startsWith('    packet '));
    expect(trace[0]).toBe('    packet 2: received on port 2 (16 bytes)');
    expect(trace).toContainEqual(expect.stringMatching(/^ {4}packet 2: {3}table L2Ingress\.mac_table \(.*l2fwd\.p4:\d+\): key hdr\.ethernet\.dst=0x000000000001 → hit, L2Ingress\.forward\(port=0x001\)$/));
    expect(trace.at(-1)).toBe('    packet 2: transmitted on port 1 (16 bytes)');
    expect(r.stdout.match(/trace of the packet/g)).toHaveLength(1);
  });

  it('an expected packet that never came: the trace of the packet before its expect', async () => {
    const stf = join(dir, 'missing.stf');
    writeFileSync(stf, 'add mac_table dst:0x000000000002 forward(port:2)\npacket 1 000000000002 000000000001 88b5 01\nexpect 2 000000000002 000000000001 88b5 01\npacket 1 0000000000bb 000000000001 88b5 02\nexpect 3 0000000000bb 000000000001 88b5 02\n');
    const r = await invoke(['test', L2FWD, stf]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing.stf(5): port 3: expected 1 packet(s), received 0: no packet for this expect');
    expect(r.stdout).toContain('  trace of the packet of missing.stf line 4:\n    packet 2: received on port 1 (15 bytes)\n');
    expect(r.stdout).not.toContain('line 2:');
  });

  it('--trace prints every packet, --trace-json writes the same events as JSON lines', async () => {
    const json = join(dir, 'trace.jsonl');
    const r = await invoke(['test', L2FWD, '--trace', '--trace-json', json]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS l2fwd\n {2}trace of the packet of l2fwd\.stf line 14:\n {4}packet 1: received on port 1 \(34 bytes\)\n/);
    const events = readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; packet: number });
    const printed = r.stdout.split('\n').filter((l) => l.startsWith('    packet '));
    expect(events).toHaveLength(printed.length);
    expect(events[0]).toEqual({ kind: 'receive', packet: 1, port: 1, length: 34 });
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['receive', 'stage', 'parser-state', 'extract', 'table', 'egress', 'transmit', 'multicast', 'drop']));
  });

  it('run --live --trace prints the trace of each packet as it goes', async () => {
    const json = join(dir, 'live.jsonl');
    const r = await invoke(['run', L2FWD, '--live', '--trace', '--trace-json', json, '--entries', `${EXAMPLES}l2fwd/entries.json`, '--port', `1:pcap:in=${EXAMPLES}l2fwd/in-port1.pcap`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^packet 1: received on port 1 \(49 bytes\)\n/);
    expect(r.stdout).toContain('packet 3: dropped (ingress-drop)\n');
    expect(readFileSync(json, 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(r.stdout.split('\n').filter((l) => l.startsWith('packet ')).length);
  });

  it('run --in/--out --trace traces the program itself too: parser states, extracted headers, table applies', async () => {
    const json = join(dir, 'run.jsonl');
    const r = await invoke(['run', L2FWD, '--trace-json', json, '--entries', `${EXAMPLES}l2fwd/entries.json`, '--in', `1:${EXAMPLES}l2fwd/in-port1.pcap`, '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('packet 1:');
    const events = readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; packet: number; header?: string; hit?: boolean });
    const first = events.filter((e) => e.packet === 1).map((e) => e.kind);
    expect(first.slice(0, 4)).toEqual(['receive', 'stage', 'parser-state', 'extract']);
    expect(first).toContain('table');
    expect(events.find((e) => e.kind === 'extract')?.header).toBe('hdr.ethernet');
  });

  it('a PSA program: run --in/--out --trace prints its blocks, extern sites and output (longjump)', async () => {
    const psa = `${EXAMPLES}ipsec-esp-psa/`;
    const r = await invoke(['run', `${psa}ipsec-esp-psa.p4`, '--mode', 'longjump', '--trace', '--entries', `${psa}entries-33.json`, '--in', `1:${EXAMPLES}ipsec-esp/in-port1.pcap`, '--out', join(dir, 'psa-out')]);
    expect(r.code).toBe(0);
    const first = r.stdout.split('\n').filter((l) => l.startsWith('packet 1:'));
    expect(first[0]).toBe('packet 1: received on port 1 (60 bytes)');
    expect(first).toContain('packet 1: ingressParser GatewayIngressParser');
    expect(first).toContainEqual(expect.stringMatching(/^packet 1: {3}parked at extern site 1: esp_encapsulate \(ipsec-esp-psa\.p4:\d+\)$/));
    expect(first).toContain('packet 1: egress GatewayEgress');
    expect(first.at(-1)).toBe('packet 1: transmitted on port 2 (118 bytes)');
  });

  it('tables with an action profile or selector: the action the member or group chose, the matched keys only', async () => {
    const r = await invoke(['test', new URL('../../fixtures/stf/action-selector.p4', import.meta.url).pathname, '--trace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/packet 3: {3}table I\.tagging \(.*\): key h\.ethernet\.ether_type=0x88b6 → miss, NoAction\(\)\n/);
    expect(r.stdout).toMatch(/packet 2: {3}table I\.ecmp \(.*\): key h\.ethernet\.dst=0x000000000001 → hit, I\.send\(port=0x002\)\n/);
  });

  it('--trace goes with one test', async () => {
    const a = await invoke(['test', '--corpus', dir, '--trace']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('--trace and --trace-json go with a single test, not --corpus');
  });
});
