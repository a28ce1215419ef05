import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flowHash } from '../../../../runtime/io/order/flow-key.ts';
import { OutputOrder } from '../../../../runtime/io/order/output-order.ts';
import { ethernet, ipv4Packet, udp } from '../../../../examples/frames.ts';
import { configureGateway } from '../../../../examples/ipsec-esp/control-plane.ts';
import { trafficFrame } from '../../../../examples/ipsec-esp/make-pcap.ts';
import type { ExternExecutor, ExternTask } from '../../../../runtime/tasks/index.ts';
import { V1Switch } from '../../../../runtime/v1model/switch.ts';
import { loadP4 } from '../../../examples/harness.ts';

const EXAMPLES = new URL('../../../../examples/', import.meta.url).pathname;

/** A UDP frame of flow `flow` carrying the number `n`. */
function frame(flow: number, n: number): Uint8Array {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, n);
  return ethernet('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800, ipv4Packet({ src: '10.0.0.1', dst: `10.0.1.${flow}`, ttl: 64, protocol: 17 }, udp(1000 + flow, 2000, payload)));
}
const numberOf = (b: Uint8Array, offset: number, length: number): number => new DataView(b.buffer, b.byteOffset + offset + length - 4).getUint32(0);

describe('flow hash', () => {
  it('depends on the 5-tuple and not on the rest', () => {
    expect(flowHash(frame(1, 1), 0, 46)).toBe(flowHash(frame(1, 2), 0, 46));
    expect(flowHash(frame(1, 1), 0, 46)).not.toBe(flowHash(frame(2, 1), 0, 46));
    const f = frame(3, 1);
    const inBigger = new Uint8Array(100);
    inBigger.set(f, 7);
    expect(flowHash(inBigger, 7, f.length)).toBe(flowHash(f, 0, f.length));
  });

  it('takes any bytes without throwing, runt frames too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const h = flowHash(b, 0, b.length);
        expect(h >>> 0).toBe(h);
      }),
    );
  });
});

describe('output order', () => {
  it('holds an output whose older flow-mate is still inside, and releases both in order', () => {
    const out: number[] = [];
    const order = new OutputOrder({ key: 'flow', emit: (_p, b, o, l) => out.push(numberOf(b, o, l)) });
    const frames = [frame(1, 10), frame(2, 20), frame(1, 11), frame(1, 12)];
    const t = frames.map((f) => order.admit(1, f, 0, f.length));
    order.output(2, frames[2]!, 0, frames[2]!.length, t[2]!); // overtook 10: held
    order.output(2, frames[1]!, 0, frames[1]!.length, t[1]!); // another flow: out
    expect(out).toEqual([20]);
    expect(order.holding).toBe(1);
    order.drop('ingress-drop', { origin: t[3]! }); // 12 dropped while 10 is inside
    order.output(2, frames[0]!, 0, frames[0]!.length, t[0]!); // 10 out, then 11
    expect(out).toEqual([20, 10, 11]);
    expect(order.holding).toBe(0);
    expect(order.inside).toBe(0);
    expect(order.stats).toMatchObject({ admitted: 4, held: 1, maxHeld: 1 });
  });

  it('refuses tickets while the window is full, and a cancelled ticket frees its place', () => {
    const order = new OutputOrder({ key: 'port', capacity: 2, emit: () => undefined });
    const f = frame(1, 1);
    const a = order.admit(1, f, 0, f.length);
    const b = order.admit(1, f, 0, f.length);
    expect(order.admit(1, f, 0, f.length)).toBe(-1);
    expect(order.stats.full).toBe(1);
    order.cancel(a);
    expect(order.admit(1, f, 0, f.length)).toBeGreaterThan(b);
  });

  it('whatever order the switch finishes packets in, each flow leaves in arrival order and nothing is lost', () => {
    // packets of 4 flows; each ends as an output, a drop, or two outputs (a multicast copy);
    // the switch finishes them in any order
    const packet = fc.record({ flow: fc.integer({ min: 0, max: 3 }), fate: fc.constantFrom('out', 'drop', 'copies') });
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 60 }), fc.infiniteStream(fc.nat()), fc.constantFrom('flow' as const, 'port' as const), (packets, picks, key) => {
        const out: { n: number; port: number }[] = [];
        const order = new OutputOrder({ key, capacity: 64, buckets: 4, emit: (port, b, o, l) => out.push({ n: numberOf(b, o, l), port }) });
        const frames = packets.map((p, n) => frame(p.flow, n));
        const tickets = frames.map((f, n) => order.admit(key === 'port' ? packets[n]!.flow : 1, f, 0, f.length));
        // events: one per instance, in a random order
        const events: { n: number; kind: 'out' | 'drop'; port: number }[] = [];
        packets.forEach((p, n) => {
          if (p.fate === 'drop') events.push({ n, kind: 'drop', port: 0 });
          else events.push({ n, kind: 'out', port: 1 });
          if (p.fate === 'copies') events.push({ n, kind: 'out', port: 2 });
        });
        const it = picks[Symbol.iterator]();
        while (events.length > 0) {
          const [e] = events.splice(it.next().value! % events.length, 1);
          const f = frames[e!.n]!;
          if (e!.kind === 'out') order.output(e!.port, f, 0, f.length, tickets[e!.n]!);
          else order.drop('x', { origin: tickets[e!.n]! });
        }
        // everything out, exactly once per instance
        const expected = packets.flatMap((p, n) => (p.fate === 'drop' ? [] : p.fate === 'copies' ? [`${n}/1`, `${n}/2`] : [`${n}/1`]));
        expect(out.map((o) => `${o.n}/${o.port}`).sort()).toEqual(expected.sort());
        expect(order.holding).toBe(0);
        expect(order.inside).toBe(0);
        // per flow, the first output of each packet in arrival order
        const seen = new Set<number>();
        const last = new Map<number, number>();
        for (const o of out) {
          if (seen.has(o.n)) continue;
          seen.add(o.n);
          const flow = packets[o.n]!.flow;
          expect(o.n).toBeGreaterThan(last.get(flow) ?? -1);
          last.set(flow, o.n);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('output order on examples/ipsec-esp, 100k packets, 10 % ESP, longjump', () => {
  /**
   * A co-processor whose tasks take a varying time (as with several workers, or a worker the
   * main thread helps): each task completes 0-100 polls after it was submitted (seeded).
   */
  class VaryingLatencyExecutor implements ExternExecutor {
    private readonly pending: { task: ExternTask; due: number }[] = [];
    private polls = 0;
    private seed = 12345;
    submit(task: ExternTask): boolean {
      task.runInline();
      this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
      this.pending.push({ task, due: this.polls + (this.seed % 101) });
      return true;
    }
    flush(): void {}
    poll(cb: (task: ExternTask) => void): number {
      this.polls++;
      let n = 0;
      for (let i = 0; i < this.pending.length; ) {
        if (this.pending[i]!.due <= this.polls) {
          cb(this.pending.splice(i, 1)[0]!.task);
          n++;
        } else i++;
      }
      return n;
    }
  }

  /**
   * Streams 100k frames of 100 flows (flows 0-9 encapsulated) through the gateway and counts the
   * packets that left after a later packet of their own flow.
   */
  async function reorderings(order: boolean): Promise<{ reordered: number; out: number; held: number }> {
    const createProgram = await loadP4(`${EXAMPLES}ipsec-esp/ipsec-esp.p4`, 'longjump');
    const program = createProgram();
    configureGateway(program.objects, 0.1);
    const COUNT = 100_000;
    const lastOfFlow = new Int32Array(100).fill(-1);
    let reordered = 0;
    let out = 0;
    const seen = (origin: number): void => {
      const n = origin - 1; // tickets and our own origins both number arrivals from 1
      const flow = n % 100;
      if (n < lastOfFlow[flow]!) reordered++;
      else lastOfFlow[flow] = n;
      out++;
    };
    const stage = order ? new OutputOrder({ key: 'flow', emit: (_p, _b, _o, _l, origin) => seen(origin) }) : undefined;
    const sw = new V1Switch(program, {
      executor: new VaryingLatencyExecutor(),
      onOutputRaw: stage ? stage.output : (_p, _b, _o, _l, origin) => seen(origin),
      ...(stage ? { onDrop: stage.drop } : {}),
    });
    const frames = Array.from({ length: 100 }, (_, i) => trafficFrame(i));
    for (let i = 0; i < COUNT; i++) {
      while (sw.inFlight >= 256) sw.pump(64);
      const f = frames[i % 100]!;
      let origin = stage ? stage.admit(1, f, 0, f.length) : i + 1;
      while (origin < 0) {
        sw.pump(64); // the window is full: wait for the oldest packet inside
        origin = stage!.admit(1, f, 0, f.length);
      }
      expect(origin).toBe(i + 1);
      sw.inject(1, f, f.length, origin);
    }
    sw.runUntilIdle();
    expect(sw.stats.dropped).toBe(0);
    return { reordered, out, held: stage?.stats.held ?? 0 };
  }

  it('without it some packets of a flow overtake others; with it none, and none is lost', { timeout: 120_000 }, async () => {
    const off = await reorderings(false);
    expect(off.out).toBe(100_000);
    expect(off.reordered).toBeGreaterThan(0);
    const on = await reorderings(true);
    expect(on).toMatchObject({ reordered: 0, out: 100_000 });
    expect(on.held).toBeGreaterThan(0);
  });
});
