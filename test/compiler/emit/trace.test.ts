/**
 * Programs compiled with tracing report their own steps: the stages entered, parser states,
 * extracted headers with their field values, parser errors, table applies with key, hit or miss,
 * action and arguments. Untraced builds contain no trace code at all.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXECUTION_MODES } from '../../../contract/execution-mode.ts';
import { compileFile } from '../../../compiler/compile.ts';
import { ethernet, ipv4Packet, udp } from '../../../examples/frames.ts';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import type { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import { formatTraceEvent, Tracer, type TraceEvent } from '../../../runtime/trace/index.ts';
import { V1Switch } from '../../../runtime/v1model/switch.ts';
import type { V1Program } from '../../../runtime/v1model/program.ts';
import { loadP4 } from '../../examples/harness.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const ROUTER = `${ROOT}examples/l3-router/l3-router.p4`;
const ENTRIES = readFileSync(`${ROOT}examples/l3-router/entries.json`, 'utf8');

function programmed(p4: V1Program<unknown>): V1Program<unknown> {
  const tables: RuntimeTable[] = [];
  for (const e of p4.objects.entries()) if (e.kind === 'table') tables.push(e.object as RuntimeTable);
  expect(loadEntriesJson(ENTRIES, 'entries.json', { tables }).diagnostics).toEqual([]);
  return p4;
}

const routed = ethernet('02:00:00:00:00:01', '02:00:00:00:00:aa', 0x0800, ipv4Packet({ src: '10.0.2.7', dst: '10.0.1.9', ttl: 64 }, udp(1000, 2000, new Uint8Array(8))));
const unrouted = ethernet('02:00:00:00:00:01', '02:00:00:00:00:aa', 0x0800, ipv4Packet({ src: '10.0.2.7', dst: '192.168.0.1', ttl: 64 }, udp(1000, 2000, new Uint8Array(8))));
/** An IPv4 header cut short: the parser stops with PacketTooShort. */
const short = ethernet('02:00:00:00:00:01', '02:00:00:00:00:aa', 0x0800, new Uint8Array(10));

function trace(p4: V1Program<unknown>, frames: readonly Uint8Array[]): string[] {
  const events: TraceEvent[] = [];
  const tracer = new Tracer((e) => events.push(e));
  tracer.useSites(p4.traceSites);
  const sw = new V1Switch(p4, { tracer });
  for (const f of frames) sw.inject(1, f);
  sw.runUntilIdle();
  return events.map(formatTraceEvent);
}

describe('a program compiled with tracing', () => {
  it.each(EXECUTION_MODES)('reports parser states, extracted headers and both table applies of a routed packet (%s)', async (mode) => {
    const p4 = programmed((await loadP4(ROUTER, mode, false, true))());
    const lines = trace(p4, [routed]);
    expect(lines.filter((l) => !l.includes('Checksum'))).toEqual([
      'packet 1: received on port 1 (50 bytes)',
      'packet 1: parser RouterParser',
      expect.stringMatching(/^packet 1: {3}state start \(.*l3-router\.p4:43\)$/),
      'packet 1:   extracted hdr.ethernet: dst=0x020000000001 src=0x0200000000aa ether_type=0x0800',
      expect.stringMatching(/^packet 1: {3}state parse_ipv4 \(.*l3-router\.p4:51\)$/),
      'packet 1:   extracted hdr.ipv4: version=4 ihl=5 diffserv=0 total_len=0x0024 identification=0x0000 flags=2 frag_offset=0x0000 ttl=64 protocol=17 hdr_checksum=0x23ba src_addr=0x0a000207 dst_addr=0x0a000109',
      'packet 1: ingress RouterIngress',
      expect.stringMatching(/^packet 1: {3}table RouterIngress\.ipv4_lpm \(.*l3-router\.p4:\d+\): key hdr\.ipv4\.dst_addr=0x0a000109 → hit, RouterIngress\.route\(next_hop=0x00000001, port=0x002\)$/),
      expect.stringMatching(/^packet 1: {3}table RouterIngress\.next_hop_macs \(.*\): key meta\.next_hop=0x00000001 → hit, RouterIngress\.set_macs\(router_mac=0x000000000a02, next_hop_mac=0x000000000101\)$/),
      'packet 1: to egress port 2',
      'packet 1: deparser RouterDeparser',
      'packet 1: transmitted on port 2 (50 bytes)',
    ]);
  });

  it('reports a table miss with the default action, and a parser error', async () => {
    const p4 = programmed((await loadP4(ROUTER, 'sync', false, true))());
    const lines = trace(p4, [unrouted, short]);
    expect(lines).toContainEqual(expect.stringMatching(/^packet 1: {3}table RouterIngress\.ipv4_lpm \(.*\): key hdr\.ipv4\.dst_addr=0xc0a80001 → miss, RouterIngress\.drop\(\)$/));
    expect(lines).toContain('packet 1: dropped (ingress-drop)');
    expect(lines).toContain('packet 2:   parser error PacketTooShort');
    expect(lines.filter((l) => l.startsWith('packet 2:   extracted'))).toEqual(['packet 2:   extracted hdr.ethernet: dst=0x020000000001 src=0x0200000000aa ether_type=0x0800']);
  });

  it('names each extern site with its P4 source line (longjump, every extern a site)', async () => {
    const p4 = programmed((await loadP4(ROUTER, 'longjump', true, true))());
    expect(p4.traceSites?.map((s) => s.what)).toEqual(['verify_checksum', 'mark_to_drop', 'mark_to_drop', 'mark_to_drop', 'update_checksum']);
    const lines = trace(p4, [routed]);
    expect(lines).toContainEqual(expect.stringMatching(/^packet 1: {3}parked at extern site 1: verify_checksum \(.*l3-router\.p4:60\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^packet 1: {3}resumed at extern site 5: update_checksum \(.*l3-router\.p4:116\)$/));
    expect(lines.at(-1)).toBe('packet 1: transmitted on port 2 (50 bytes)');
  });

  it('forwards exactly as the untraced build when no tracer is given', async () => {
    const outputs = async (trace: boolean): Promise<string[]> => {
      const p4 = programmed((await loadP4(ROUTER, 'longjump', true, trace))());
      const out: string[] = [];
      const sw = new V1Switch(p4, { onOutput: (port, bytes) => out.push(`${port}:${Buffer.from(bytes).toString('hex')}`) });
      for (const f of [routed, unrouted, short, routed]) sw.inject(1, f);
      sw.runUntilIdle();
      return out;
    };
    const traced = await outputs(true);
    expect(traced).toHaveLength(2);
    expect(traced).toEqual(await outputs(false));
  });
});

describe('a program compiled without tracing', () => {
  it.each(EXECUTION_MODES)('contains no trace code (%s)', (mode) => {
    const untraced = compileFile(ROUTER, { mode, asyncAll: true });
    const traced = compileFile(ROUTER, { mode, asyncAll: true, trace: true });
    expect(untraced.code).not.toMatch(/tracer|trace/i);
    expect(traced.code).toContain('$tracer.table(');
  });
});
