/**
 * Exactly once: a program with two extern sites — burn() inside a table action in the ingress,
 * and burn() in the egress — and a TTL decrement, a counter update, a register update and a
 * trace bit before, between and after them. In every mode (sync, context, longjump, with and
 * without `asyncAll`, which makes the counters and registers extern sites too) and with the
 * worker co-processor, the packets, counters and registers must be the same and equal the
 * values worked out by hand: each statement ran exactly once per packet, and the locals live
 * across a site kept their values.
 *
 * Packets overlap at the sites (all injected, then run), except with `asyncAll`: there a
 * register read is itself a site, so overlapping packets all read before any writes and a
 * read-modify-write across packets loses updates (as it would on any target that runs register
 * access asynchronously). Those runs send one packet at a time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V1Switch } from '../../../runtime/v1model/switch.ts';
import type { V1SwitchOptions } from '../../../runtime/v1model/switch-options.ts';
import type { ExecutionMode, V1Program } from '../../../runtime/v1model/program.ts';
import { hex, loadP4, runToIdle, workerSetup } from '../../examples/harness.ts';

const SOURCE = String.raw`
#include <core.p4>
#include <v1model.p4>
#include <p4ts.p4>

header ethernet_h { bit<48> dst; bit<48> src; bit<16> ether_type; }
header ipv4_h {
    bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> total_len;
    bit<16> identification; bit<3> flags; bit<13> frag_offset;
    bit<8> ttl; bit<8> protocol; bit<16> hdr_checksum; bit<32> src_addr; bit<32> dst_addr;
}
struct headers_t { ethernet_h ethernet; ipv4_h ipv4; }
struct meta_t { bit<32> egress_cycles; }

parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ethernet);
        pkt.extract(hdr.ipv4);
        transition accept;
    }
}

control VC(inout headers_t hdr, inout meta_t meta) { apply { } }

control In(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    counter(4, CounterType.packets) c_in;
    register<bit<32>>(4) r_in;

    action work(bit<32> cycles) {
        // before site A (inside the action)
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        hdr.ipv4.identification = hdr.ipv4.identification + 2;
        c_in.count(1);
        bit<8> ttl_at_call = hdr.ipv4.ttl;
        burn(cycles);                                   // site A
        // after site A (inside the action)
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        hdr.ipv4.identification = hdr.ipv4.identification + 4;
        c_in.count(2);
        bit<32> v;
        r_in.read(v, 1);
        r_in.write(1, v + (bit<32>)hdr.ipv4.ttl);
        hdr.ipv4.protocol = ttl_at_call;
    }

    table t {
        key = { hdr.ipv4.dst_addr : exact; }
        actions = { work; }
        default_action = work(100);
    }

    apply {
        // before site A
        c_in.count(0);
        bit<32> n;
        r_in.read(n, 0);
        r_in.write(0, n + 1);
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        hdr.ipv4.identification = hdr.ipv4.identification + 1;
        bit<8> ttl_before = hdr.ipv4.ttl;
        t.apply();
        // between the sites (ingress side)
        c_in.count(3);
        hdr.ipv4.identification = hdr.ipv4.identification + 8;
        hdr.ipv4.diffserv = ttl_before;
        meta.egress_cycles = 50;
        sm.egress_spec = 2;
    }
}

control Eg(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    counter(2, CounterType.packets) c_out;
    register<bit<32>>(2) r_out;

    apply {
        // between the sites (egress side)
        c_out.count(0);
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        hdr.ipv4.identification = hdr.ipv4.identification + 16;
        bit<32> seen;
        r_out.read(seen, 0);
        r_out.write(0, seen + (bit<32>)hdr.ipv4.ttl);
        burn(meta.egress_cycles);                       // site B
        // after site B
        c_out.count(1);
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        hdr.ipv4.identification = hdr.ipv4.identification + 32;
        bit<32> w;
        r_out.read(w, 1);
        r_out.write(1, w + seen);
    }
}

control CC(inout headers_t hdr, inout meta_t meta) { apply { } }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.ethernet); pkt.emit(hdr.ipv4); } }

V1Switch(P(), VC(), In(), Eg(), CC(), D()) main;
`;

const N = 12;
const TTL = 64;

function frame(i: number): Uint8Array {
  const f = new Uint8Array(14 + 20 + 6);
  f.set([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]);
  f.set([0x45, 0, 0, 26, 0, i, 0, 0, TTL, 17, 0, 0, 10, 0, 0, 1, 10, 0, 1, i], 14);
  f.set([1, 2, 3, 4, 5, i], 34);
  return f;
}

/** Packet i as it must leave, worked out by hand. */
function expectedFrame(i: number): string {
  const f = frame(i);
  const ip = 14;
  f[ip + 1] = TTL - 1; // diffserv = TTL after the first decrement (a local live across site A)
  f[ip + 5] = i + 1 + 2 + 4 + 8 + 16 + 32; // identification: every trace step exactly once
  f[ip + 8] = TTL - 5; // five decrements
  f[ip + 9] = TTL - 2; // protocol = TTL at the call of site A (a local of the action)
  return hex(f);
}

interface Observed {
  readonly packets: string[];
  readonly counters: number[];
  readonly registers: number[];
  readonly parks: number;
}

interface Counter {
  readPackets(i: number): number;
}
interface Register {
  get(i: number): number | bigint;
}

function observe(program: V1Program<unknown>, sw: V1Switch<unknown>, packets: string[]): Observed {
  const counter = (name: string): Counter => program.objects.get(name, 'counter') as Counter;
  const register = (name: string): Register => program.objects.get(name, 'register') as Register;
  return {
    packets: [...packets].sort(),
    counters: [0, 1, 2, 3].map((i) => counter('c_in').readPackets(i)).concat([0, 1].map((i) => counter('c_out').readPackets(i))),
    registers: [0, 1].map((i) => Number(register('r_in').get(i))).concat([0, 1].map((i) => Number(register('r_out').get(i)))),
    parks: sw.stats.parks,
  };
}

function hand(): Omit<Observed, 'parks'> {
  // r_out[0] gets TTL - 4 per packet; r_out[1] the sum of what r_out[0] held before each packet.
  const perPacket = TTL - 4;
  return {
    packets: Array.from({ length: N }, (_, i) => expectedFrame(i)).sort(),
    counters: [N, N, N, N, N, N],
    registers: [N, N * (TTL - 3), N * perPacket, (perPacket * N * (N - 1)) / 2],
  };
}

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p4ts-exactly-once-'));
  file = join(dir, 'exactly-once.p4');
  writeFileSync(file, SOURCE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: readonly { readonly mode: ExecutionMode; readonly asyncAll: boolean }[] = [
  { mode: 'sync', asyncAll: false },
  { mode: 'context', asyncAll: false },
  { mode: 'longjump', asyncAll: false },
  { mode: 'sync', asyncAll: true },
  { mode: 'context', asyncAll: true },
  { mode: 'longjump', asyncAll: true },
];

describe('each statement runs exactly once per packet, whatever the mode', () => {
  for (const { mode, asyncAll } of CASES) {
    it(`${mode}${asyncAll ? ' (asyncAll)' : ''}: packets, counters and registers as worked out by hand`, async () => {
      const createProgram = await loadP4(file, mode, asyncAll);
      const program = createProgram();
      const out: string[] = [];
      // A small burst so packets overlap at the sites and resume in several rounds.
      const sw = new V1Switch(program, { burst: 4, onOutput: (_port, bytes) => out.push(hex(bytes)) } satisfies V1SwitchOptions<unknown>);
      for (let i = 0; i < N; i++) {
        sw.inject(1, frame(i));
        if (asyncAll) sw.runUntilIdle();
      }
      sw.runUntilIdle();
      const seen = observe(program, sw, out);
      expect({ ...seen, parks: undefined }).toEqual({ ...hand(), parks: undefined });
      // In the async modes every packet parked at both sites (and, with asyncAll, at each of
      // the 6 counter updates and 8 register reads and writes too).
      if (mode === 'sync') expect(seen.parks).toBe(0);
      else expect(seen.parks).toBe(asyncAll ? N * (2 + 6 + 8) : 2 * N);
      expect(sw.stats.transmitted).toBe(N);
    });
  }

  for (const mode of ['sync', 'longjump', 'context'] as const) {
    it(`${mode} with the worker co-processor: the same`, async () => {
      const createProgram = await loadP4(file, mode);
      const program = createProgram();
      const setup = workerSetup(program, { burstSize: 4, flushMicros: 20 });
      try {
        await setup.executor.start();
        const out: string[] = [];
        const sw = new V1Switch(program, { ...setup.switchOptions, burst: 4, onOutput: (_port, bytes) => out.push(hex(bytes)) });
        for (let i = 0; i < N; i++) sw.inject(1, frame(i));
        await runToIdle(sw);
        const seen = observe(program, sw, out);
        expect({ ...seen, parks: undefined }).toEqual({ ...hand(), parks: undefined });
        expect(setup.executor.coprocessor.stats.submitted + setup.executor.helped).toBe(2 * N);
      } finally {
        await setup.executor.coprocessor.close();
      }
    });
  }
});
