/**
 * The straight path (compiler/emit/straight-path.ts): which programs get one, and that a switch
 * running it forwards, drops and counts exactly as the same switch driving the stage functions
 * one by one (`straightPath: false`) — for random frames (valid, truncated, bad checksums, TTL
 * running out, unknown routes), with and without every extern call a site (in longjump mode the
 * packets then park and leave the straight path), and with a pump budget of one (no packet may
 * go on to egress in the same call).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import type { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import { V1Switch, type Counter, type V1Program } from '../../../runtime/v1model/index.ts';
import { Stage, StraightStatus } from '../../../runtime/v1model/constants.ts';
import { STAGE_CONSTANT, STRAIGHT_DONE_FUSED } from '../../../compiler/emit/straight-path.ts';
import { STAGES } from '../../../compiler/ir/nodes.ts';
import { loadP4 } from '../../examples/harness.ts';
import { runFrames, type SwitchRunOptions } from './switch-run.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const L3 = `${EXAMPLES}l3-router/l3-router.p4`;
const L2 = `${EXAMPLES}l2fwd/l2fwd.p4`;
/** Ethernet unchanged and emitted first (held in the packet), moving when IPv4 is absent or removed. */
const FIRST = new URL('../../fixtures/straight-path/ethernet-first/ethernet-first.p4', import.meta.url).pathname;
/** Ternary, range, lpm, optional, computed and bool keys in tables scanned by the straight path itself. */
const FLAT = new URL('../../fixtures/straight-path/flat-scan/flat-scan.p4', import.meta.url).pathname;

function tablesOf(program: V1Program<unknown>): RuntimeTable[] {
  const tables: RuntimeTable[] = [];
  for (const e of program.objects.entries()) if (e.kind === 'table') tables.push(e.object as RuntimeTable);
  return tables;
}

/** The one's-complement sum of an IPv4 header with its checksum field zero. */
function ipv4Checksum(h: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) if (i !== 10) sum += (h[i]! << 8) | h[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const frameArb = fc.record({
  port: fc.integer({ min: 0, max: 5 }),
  dstMac: fc.constantFrom(0x000000000001, 0x000000000002, 0x0a0000000001, 0xffffffffffff, 0x123456789abc),
  etherType: fc.constantFrom(0x0800, 0x0800, 0x0800, 0x86dd, 0x0806),
  dstIp: fc.tuple(fc.constantFrom(1, 2, 5, 9), fc.integer({ min: 0, max: 255 })),
  ttl: fc.constantFrom(0, 1, 2, 64),
  goodChecksum: fc.boolean(),
  payload: fc.uint8Array({ maxLength: 40 }),
  /** Cut the frame to this many bytes (PacketTooShort), or keep it whole. */
  cut: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
});

type FrameSpec = typeof frameArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(f: FrameSpec): Uint8Array {
  const b = new Uint8Array(34 + f.payload.length);
  for (let i = 0; i < 6; i++) b[i] = Math.floor(f.dstMac / 2 ** (8 * (5 - i))) & 0xff;
  b.set([0x02, 0, 0, 0, 0, 0x09], 6);
  b[12] = f.etherType >>> 8;
  b[13] = f.etherType & 0xff;
  const ip = b.subarray(14, 34);
  ip.set([0x45, 0, (20 + f.payload.length) >>> 8, (20 + f.payload.length) & 0xff, 0, 1, 0, 0, f.ttl, 17, 0, 0, 10, 0, 0, 1, 10, 0, f.dstIp[0], f.dstIp[1]]);
  const sum = f.goodChecksum ? ipv4Checksum(ip) : 0xbeef;
  ip[10] = sum >>> 8;
  ip[11] = sum & 0xff;
  b.set(f.payload, 34);
  return f.cut === undefined ? b : b.subarray(0, Math.min(f.cut, b.length));
}

/** Everything a switch did with `frames`: outputs in order, drop reasons, counters. */
function run(program: V1Program<unknown>, entries: string, o: SwitchRunOptions, frames: readonly { port: number; bytes: Uint8Array }[]): unknown {
  const { out, drops, sw } = runFrames(program, o, frames, (sw) => {
    const loaded = loadEntriesJson(entries, 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    expect(loaded.diagnostics).toEqual([]);
  });
  const s = sw.stats;
  const counters: Record<string, unknown> = {};
  for (const e of program.objects.entries()) {
    if (e.kind !== 'counter') continue;
    const c = e.object as Counter;
    counters[e.name] = { packets: [...c.packets], bytes: [...c.bytes], outOfRange: c.outOfRange };
  }
  return { out, drops, transmitted: s.transmitted, dropped: s.dropped, txByPort: [...s.txByPort.slice(0, 8)], counters };
}

/** A run's result with its outputs and drops sorted: what must agree when the order may differ. */
function unordered(result: unknown): unknown {
  const r = result as { out: string[]; drops: string[] };
  return { ...r, out: [...r.out].sort(), drops: [...r.drops].sort() };
}

describe('straight path', () => {
  it('is emitted in every mode (a plain function in context mode when the program has no extern site)', () => {
    for (const mode of ['sync', 'longjump', 'context'] as const) {
      const r = compileFile(L3, { mode });
      expect(r.code).toContain('\n  function straightPath(sw: StraightPathServices<State>, $data: Uint8Array');
      expect(r.code).toContain('    straightPath,\n');
    }
    const cloning = compileFile(new URL('../../fixtures/stf/clone.p4', import.meta.url).pathname, { mode: 'context' });
    expect(cloning.code).toMatch(/\/\/ no straight path: /);
  });

  it('reads an exact key of 48 bits from the packet as two halves where the header is unchanged (l2fwd), else builds it (l3-router)', () => {
    const l2 = compileFile(L2, { mode: 'sync' }).code ?? '';
    const straight = l2.slice(l2.indexOf('function straightPath'));
    expect(straight).toContain('match1Split(hdr_ethernet$valid ? $data[hdr_ethernet$at + 0]! << 8 | $data[hdr_ethernet$at + 1]! : 0, ');
    const l3 = compileFile(L3, { mode: 'sync' }).code ?? '';
    expect(l3.slice(l3.indexOf('function straightPath'))).not.toContain('$data[hdr_ipv4$at');
  });

  it('updates a counter counted with a constant index in range in place, and writes DONE_FUSED and the first stage as literals of the runtime\'s values', () => {
    expect(STRAIGHT_DONE_FUSED).toBe(StraightStatus.DONE_FUSED);
    const code = compileFile(FLAT, { mode: 'sync' }).code ?? '';
    const straight = code.slice(code.indexOf('function straightPath'));
    expect(straight).toContain('x_ScanIngress_to_packets.packets[1]! += 1; // count(1), a counter of packets: in range');
    expect(straight).toContain('x_ScanIngress_to_bytes.bytes[3]! += $length;');
    // packets and bytes: both arrays, the bytes by the ingress length
    expect(straight).toContain('x_ScanIngress_drop_counts.packets[2]! += 1; // count(2), a counter of packets and bytes: in range\n                x_ScanIngress_drop_counts.bytes[2]! += $length;\n');
    expect(straight).toContain('x_ScanIngress_drop_counts.countLength(4, $length);'); // out of range: counted as such
    // the stage literal is the runtime's number for the constant named in its comment, and every
    // name the emitter may write names the runtime's stage at that stage's index
    for (const name of STAGES) expect({ name, value: Stage[STAGE_CONSTANT[name] as keyof typeof Stage] }).toEqual({ name, value: STAGES.indexOf(name) });
    expect(straight).toContain(`let $stage: Stage = ${Stage.PARSER}; // Stage.PARSER`);
    expect(straight).toContain('return 1; // StraightStatus.DONE_FUSED');
  });

  it('scans the flat rows of a table with a ternary, range, lpm or optional key of at most 3 fields of at most 32 bits itself (a computed key read once)', () => {
    const code = compileFile(FLAT, { mode: 'sync' }).code ?? '';
    const straight = code.slice(code.indexOf('function straightPath'));
    expect(straight).toContain('const $rows0 = t_ScanIngress_acl.flatRows();');
    expect(straight).toContain('if ((hdr_ipv4_ttl - $rows0[o + 2]!) >>> 0 > $rows0[o + 3]! >>> 0) continue; // hdr.ipv4.ttl: range');
    expect(straight).toContain('const $k1_1 = (((hdr_ipv4_dst_addr >>> 0) & 0xff) ^ 1);');
    expect(straight).not.toMatch(/\.match[0-9N]\(/);
    // the stage functions keep the table's match call
    expect(code.slice(0, code.indexOf('function straightPath'))).toContain('t_ScanIngress_acl.match3(');
  });

  it('leaves the fields of the Ethernet header (unchanged, emitted first) that no statement reads in the packet: no locals, copied if it moves, read by the write-back', () => {
    for (const path of [L2, FIRST]) {
      const code = compileFile(path, { mode: 'sync' }).code ?? '';
      const straight = code.slice(code.indexOf('function straightPath'));
      expect(straight).not.toMatch(/hdr_ethernet_(dst|src)\b/);
      expect(straight).toContain('if (hdr_ethernet$at !== $out) $data.copyWithin($out, hdr_ethernet$at, hdr_ethernet$at + 14);');
      expect(straight).toContain('const p = hdr_ethernet$at;\n      d.state.hdr.ethernet.dst = (data[p + 0] << 8 | data[p + 1]) * 4294967296');
    }
    // the parser reads what a statement reads (the EtherType), and l3-router's Ethernet header changes
    expect(compileFile(FIRST, { mode: 'sync' }).code).toContain('hdr_ethernet_ether_type = (data[p + 12] << 8 | data[p + 13]);');
    const l3 = compileFile(L3, { mode: 'sync' }).code ?? '';
    expect(l3.slice(l3.indexOf('function straightPath'))).toContain('hdr_ethernet_src = ');
  });

  it('receive runs a new packet to the output in the call when nothing waits, and queues it behind packets that wait', async () => {
    const create = await loadP4(L2, 'sync');
    const program = create();
    const out: number[] = [];
    const sw = new V1Switch(program, { onOutput: (port, bytes) => out.push(port * 1000 + bytes[13]!) });
    const loaded = loadEntriesJson(readFileSync(L2.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8'), 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    expect(loaded.diagnostics).toEqual([]);
    const to = (mac: number, tag: number): Uint8Array => Uint8Array.from([0, 0, 0, 0, 0, mac, 2, 0, 0, 0, 0, 9, 0x08, tag, ...new Array<number>(46).fill(0)]);
    expect(sw.receive(0, to(1, 1))).toBe(true);
    expect(out).toEqual([1001]); // out before any pump
    expect(sw.inFlight).toBe(0);
    // a flooded packet leaves the straight path, its copies wait for the pump (egress queue): the next
    // packets queue behind it and leave after its copies, in order
    sw.receive(0, to(0x77, 2));
    sw.receive(0, to(2, 3));
    expect(out).toEqual([1001]);
    expect(sw.inFlight).toBe(5); // four copies for egress, one new packet queued
    sw.runUntilIdle();
    expect(out).toEqual([1001, 1002, 2002, 3002, 4002, 2003]);
    expect(sw.stats.received).toBe(3);
    expect(sw.stats.transmitted).toBe(6);
  });

  it('receive copies into the descriptor\'s own buffer after receiveBuffer lent it one: the lent buffer is left alone once its packet is out', async () => {
    const create = await loadP4(L2, 'sync');
    const program = create();
    const out: number[] = [];
    const sw = new V1Switch(program, { onOutputRaw: (port, buffer, offset) => out.push(port * 1000 + buffer[offset + 13]!) });
    loadEntriesJson(readFileSync(L2.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8'), 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    const frame = (mac: number, tag: number): number[] => [0, 0, 0, 0, 0, mac, 2, 0, 0, 0, 0, 9, 0x08, tag, ...new Array<number>(46).fill(0)];
    const lent = sw.createFrameBuffer();
    lent.set(frame(1, 1), sw.frameOffset);
    expect(sw.receiveBuffer(0, lent, 60)).toBe(true);
    const before = lent.slice();
    expect(sw.receive(0, Uint8Array.from(frame(2, 7)))).toBe(true);
    sw.inject(0, Uint8Array.from(frame(1, 8)));
    sw.runUntilIdle();
    expect(out).toEqual([1001, 2007, 1008]);
    expect(lent).toEqual(before);
  });

  it('receiveBuffer takes an odd packet (bad port, oversize, short buffer) the way receive does once the spare descriptor is warm', async () => {
    const create = await loadP4(L2, 'sync');
    const program = create();
    const out: number[] = [];
    const sw = new V1Switch(program, { maxFrameSize: 100, onOutputRaw: (port, buffer, offset, length) => out.push(port * 1000 + length) });
    loadEntriesJson(readFileSync(L2.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8'), 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    const lent = sw.createFrameBuffer();
    lent.set([0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 9, 0x08, 0], sw.frameOffset);
    expect(sw.receiveBuffer(0, lent, 60)).toBe(true); // makes the spare
    expect(sw.receiveBuffer(0, lent, 60)).toBe(true); // runs in it
    expect(() => sw.receiveBuffer(512, lent, 60)).toThrow(RangeError);
    expect(sw.receiveBuffer(0, lent, 101)).toBe(false);
    const short = new Uint8Array(sw.frameOffset + 60);
    short.set(lent.subarray(0, sw.frameOffset + 60));
    expect(sw.receiveBuffer(0, short, 60)).toBe(true); // copied
    sw.runUntilIdle();
    expect(out).toEqual([1060, 1060, 1060]);
    expect(sw.stats.received).toBe(4);
    expect(sw.stats.dropsFor('oversize')).toBe(1);
    expect(sw.inFlight).toBe(0);
  });

  it('receive takes odd packets (bad port, oversize, length beyond the bytes, a prefix, a short frame) right once the spare descriptor is warm', async () => {
    const create = await loadP4(L2, 'sync');
    const program = create();
    const out: number[] = [];
    const sw = new V1Switch(program, { maxFrameSize: 100, onOutputRaw: (port, buffer, offset, length) => out.push(port * 1000 + length) });
    loadEntriesJson(readFileSync(L2.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8'), 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    const frame = (length: number): Uint8Array => {
      const b = new Uint8Array(length);
      b.set([0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 9, 0x08, 0]);
      return b;
    };
    expect(sw.receive(0, frame(60))).toBe(true); // makes the spare
    expect(sw.receive(0, frame(60))).toBe(true); // runs in it
    expect(() => sw.receive(512, frame(60))).toThrow(RangeError);
    expect(sw.receive(0, frame(101))).toBe(false); // over maxFrameSize
    expect(sw.receive(0, frame(60), 61)).toBe(false); // more than the bytes hold
    expect(sw.receive(0, frame(70), 64)).toBe(true); // the first 64 bytes only
    expect(sw.receive(0, frame(20))).toBe(true); // short: copied byte by byte
    sw.runUntilIdle();
    expect(out).toEqual([1060, 1060, 1064, 1020]);
    expect(sw.stats.received).toBe(6);
    expect(sw.stats.dropsFor('oversize')).toBe(2);
    expect(sw.inFlight).toBe(0);
  });

  it.each(['receive', 'receiveBuffer'] as const)('%s: a packet forwarded straight through takes no descriptor, one that leaves the straight path takes one', async (input) => {
    const create = await loadP4(L2, 'sync');
    const program = create();
    const plain = program.straightPath!;
    let taken = 0;
    const counting: V1Program<unknown> = {
      ...program,
      straightPath: (services, data, start, length, port, fuse) =>
        plain({ ...services, descriptor: (...frame) => (taken++, services.descriptor(...frame)) }, data, start, length, port, fuse),
    };
    const seen: string[] = [];
    const sw: V1Switch<unknown> = new V1Switch(counting, {
      // what is inside while the output is handed over: nothing, unless the packet took a descriptor
      onOutputRaw: (port) => seen.push(`${port}:${sw.inFlight}`),
    });
    loadEntriesJson(readFileSync(L2.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8'), 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    const to = (mac: number): Uint8Array => Uint8Array.from([0, 0, 0, 0, 0, mac, 2, 0, 0, 0, 0, 9, 0x08, 0, ...new Array<number>(46).fill(0)]);
    const send = (mac: number): void => {
      const bytes = to(mac);
      if (input === 'receive') sw.receive(0, bytes);
      else {
        const lent = sw.createFrameBuffer();
        lent.set(bytes, sw.frameOffset);
        sw.receiveBuffer(0, lent, bytes.length);
      }
      sw.runUntilIdle();
    };
    send(1); // the first packet makes the pool's spare (taken as its descriptor)
    const first = taken;
    send(1);
    send(2);
    expect(taken - first).toBe(0);
    send(0xbb); // dropped: leaves the straight path at the end of ingress
    expect(taken - first).toBe(1);
    send(0x77); // unknown: flooded to the multicast group, leaves the straight path
    expect(taken - first).toBe(2);
    expect(seen.slice(0, 3)).toEqual(['1:1', '1:0', '2:0']);
    expect(seen.slice(3).map((s) => s.split(':')[0])).toEqual(['1', '2', '3', '4']);
    expect(sw.stats.dropped).toBe(1);
    expect(sw.inFlight).toBe(0);
  });

  it('receive called from inside an output callback (a loop back) takes a descriptor of its own', async () => {
    const create = await loadP4(L2, 'sync');
    const program = create();
    const out: number[] = [];
    const to = (mac: number, tag: number): Uint8Array => Uint8Array.from([0, 0, 0, 0, 0, mac, 2, 0, 0, 0, 0, 9, 0x08, tag, ...new Array<number>(46).fill(0)]);
    let looped = false;
    const sw: V1Switch<unknown> = new V1Switch(program, {
      onOutputRaw: (port, buffer, offset) => {
        out.push(port * 1000 + buffer[offset + 13]!);
        if (!looped) {
          looped = true;
          sw.receive(0, to(2, 9));
        }
      },
    });
    loadEntriesJson(readFileSync(L2.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8'), 'entries.json', { tables: tablesOf(program), multicast: sw.multicast });
    sw.receive(0, to(1, 1));
    sw.receive(0, to(1, 2));
    sw.runUntilIdle();
    expect(out).toEqual([1001, 2009, 1002]);
    expect(sw.stats.received).toBe(3);
    expect(sw.stats.transmitted).toBe(3);
    expect(sw.inFlight).toBe(0);
  });

  const cases = [
    { name: 'l3-router sync', path: L3, mode: 'sync', asyncAll: false },
    { name: 'l3-router longjump', path: L3, mode: 'longjump', asyncAll: false },
    { name: 'l3-router longjump, every extern a site', path: L3, mode: 'longjump', asyncAll: true },
    { name: 'l3-router sync, every extern a site', path: L3, mode: 'sync', asyncAll: true },
    { name: 'l2fwd sync', path: L2, mode: 'sync', asyncAll: false },
    { name: 'l2fwd longjump', path: L2, mode: 'longjump', asyncAll: false },
    { name: 'l3-router context', path: L3, mode: 'context', asyncAll: false },
    { name: 'l3-router context, every extern a site (continuations at its sites)', path: L3, mode: 'context', asyncAll: true },
    { name: 'l2fwd context', path: L2, mode: 'context', asyncAll: false },
    { name: 'Ethernet held in the packet, sync', path: FIRST, mode: 'sync', asyncAll: false },
    { name: 'Ethernet held in the packet, longjump', path: FIRST, mode: 'longjump', asyncAll: false },
    { name: 'flat-row scans, sync', path: FLAT, mode: 'sync', asyncAll: false },
    { name: 'flat-row scans, longjump', path: FLAT, mode: 'longjump', asyncAll: false },
    { name: 'flat-row scans, context', path: FLAT, mode: 'context', asyncAll: false },
  ] as const;

  it.each(['sync', 'longjump', 'context'] as const)('flat-row scans, %s: fixed frames reach the counted actions, and both paths count them alike (packets, bytes by length, out of range)', async (mode) => {
    const create = await loadP4(FLAT, mode, false);
    const entries = readFileSync(FLAT.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8');
    const base = { dstMac: 1, etherType: 0x0800, goodChecksum: true, cut: undefined } as const;
    // port 1, TTL 1: the acl's drop (drop_counts.count(2), count(4) out of range); to 10.0.2.x: to(2) (to_packets.count(1), to_bytes.count(3))
    const specs: FrameSpec[] = [
      { ...base, port: 1, dstIp: [9, 9], ttl: 1, payload: new Uint8Array(6) },
      { ...base, port: 0, dstIp: [2, 7], ttl: 64, payload: new Uint8Array(10) },
      { ...base, port: 3, dstIp: [2, 8], ttl: 64, payload: new Uint8Array(3) },
    ];
    const frames = specs.map((f) => ({ port: f.port, bytes: frameOf(f) }));
    const forwarded = frames[1]!.bytes.length + frames[2]!.bytes.length;
    for (const straightPath of [false, true]) {
      const r = run(create(), entries, { straightPath, burst: 32 }, frames) as { counters: Record<string, { packets: number[]; bytes: number[]; outOfRange: number }> };
      const c = (suffix: string) => Object.entries(r.counters).find(([name]) => name.endsWith(suffix))![1];
      expect({ straightPath, packets: c('to_packets').packets[1], bytes: c('to_bytes').bytes[3], dropPackets: c('drop_counts').packets[2], dropBytes: c('drop_counts').bytes[2], outOfRange: c('drop_counts').outOfRange })
        .toEqual({ straightPath, packets: 2, bytes: forwarded, dropPackets: 1, dropBytes: frames[0]!.bytes.length, outOfRange: 1 });
    }
  });

  it.each(cases)('$name: the same outputs, drops and counters as the stage functions', async ({ path, mode, asyncAll }) => {
    const create = await loadP4(path, mode, asyncAll);
    const entries = readFileSync(path.replace(/[^/]*\.p4$/, 'entries.json'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 24 }), fc.constantFrom(1, 32), async (specs, burst) => {
        const frames = specs.map((f) => ({ port: f.port, bytes: frameOf(f) }));
        const general = run(create(), entries, { straightPath: false, burst }, frames);
        expect(run(create(), entries, { straightPath: true, burst }, frames)).toEqual(general);
        // new packets run at once by `receive` (queued behind others when some wait)
        expect(run(create(), entries, { straightPath: true, burst, input: 'receive' }, frames)).toEqual(general);
        // the same with the buffers lent (the straight path runs on the caller's buffer, without a descriptor)
        expect(run(create(), entries, { straightPath: true, burst, input: 'receiveBuffer' }, frames)).toEqual(general);
        if (mode === 'longjump') {
          // an executor that refuses tasks beyond two: those run inline and the packet goes on at once
          const small = run(create(), entries, { straightPath: false, burst, capacity: 2 }, frames);
          expect(run(create(), entries, { straightPath: true, burst, capacity: 2 }, frames)).toEqual(small);
          // `receive` runs a new packet at once while parked packets' tasks are done but not yet
          // polled, so it may overtake them (a valid order, not inject's): the same packets, drops
          // and counters, in any order
          expect(unordered(run(create(), entries, { straightPath: true, burst, capacity: 2, input: 'receive' }, frames))).toEqual(unordered(small));
        }
      }),
      { numRuns: 40 },
    );
  });
});
