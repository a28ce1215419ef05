import { describe, expect, it } from 'vitest';
import { InstanceType } from '../../../runtime/v1model/index.ts';
import { harness } from './harness.ts';
import { frame, makeL2, readU48 } from './programs.ts';

const A = 0x000000000001;
const B = 0x000000000002;
const BCAST = 0xffffffffffff;

function setup() {
  const l2 = makeL2();
  l2.macTable.set(A, 1);
  l2.macTable.set(B, 2);
  const h = harness(l2.program);
  h.sw.multicast.setGroup(1, [
    { rid: 1, port: 1 },
    { rid: 2, port: 2 },
    { rid: 3, port: 3 },
  ]);
  return { ...l2, ...h };
}

describe('v1model switch: L2 forwarder (sync)', () => {
  it('forwards a known destination to its port, headers re-emitted + payload kept', () => {
    const { sw, out, balanced } = setup();
    sw.inject(3, frame(B, A, 0x0800, [1, 2, 3, 4, 5]));
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(out[0]!.port).toBe(2);
    const bytes = Uint8Array.from(out[0]!.bytes);
    expect(readU48(bytes, 0)).toBe(B);
    expect(readU48(bytes, 6)).toBe(0x0a0000000002); // egress rewrote src with egress_port
    expect(out[0]!.bytes.slice(12)).toEqual([0x08, 0x00, 1, 2, 3, 4, 5]);
    expect(sw.stats.txByPort[2]).toBe(1);
    expect(sw.stats.rxByPort[3]).toBe(1);
    expect(balanced()).toBe(true);
    expect(sw.inFlight).toBe(0);
  });

  it('floods unknown and broadcast destinations through multicast group 1, pruning the ingress port', () => {
    const { sw, out, drops, balanced } = setup();
    sw.inject(1, frame(BCAST, A, 0x0806, [9]));
    sw.runUntilIdle();
    expect(out.map((o) => o.port).sort()).toEqual([2, 3]);
    expect(drops).toEqual(['egress-drop']); // the copy for port 1 dropped in egress
    expect(sw.stats.created).toBe(2); // 3 members: the original + 2 copies
    expect(sw.stats.transmitted + sw.stats.dropped).toBe(3);
    expect(balanced()).toBe(true);
  });

  it('a multicast group with no members drops the packet with a reason', () => {
    const { sw, drops, balanced } = setup();
    sw.multicast.deleteGroup(1);
    sw.inject(1, frame(0x123456789abc, A, 0x0800));
    sw.runUntilIdle();
    expect(drops).toEqual(['multicast-no-members']);
    expect(sw.stats.dropsFor('multicast-no-members')).toBe(1);
    expect(balanced()).toBe(true);
  });

  it('a parser error does not drop: ingress runs with parser_error set (PacketTooShort)', () => {
    const { sw, out, balanced } = setup();
    sw.inject(4, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(out[0]!.port).toBe(9);
    // nothing extracted: the whole packet is payload, emitted unchanged
    expect(out[0]!.bytes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(balanced()).toBe(true);
  });

  it('counts packets and bytes per ingress port (counter in the control-plane registry)', () => {
    const { sw, rx } = setup();
    sw.inject(1, frame(B, A, 0x0800, new Array<number>(50).fill(0)));
    sw.inject(1, frame(B, A, 0x0800));
    sw.inject(2, frame(A, B, 0x0800));
    sw.runUntilIdle();
    expect(rx.readPackets(1)).toBe(2);
    expect(rx.readBytes(1)).toBe(64 + 14);
    expect(rx.readPackets(2)).toBe(1);
    expect(sw.controlPlane.get('rx', 'counter')).toBe(rx);
  });

  it('keeps per-port order and reuses descriptors (no pool growth in steady state)', () => {
    const { sw, out, balanced } = setup();
    for (let i = 0; i < 1000; i++) sw.inject(1, frame(B, A, 0x0800, [i & 0xff]));
    sw.runUntilIdle();
    const before = sw.poolSize;
    for (let i = 0; i < 1000; i++) sw.inject(1, frame(B, A, 0x0800, [i & 0xff]));
    sw.runUntilIdle();
    expect(sw.poolSize).toBe(before);
    expect(out).toHaveLength(2000);
    expect(out.slice(0, 256).map((o) => o.bytes[14])).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(balanced()).toBe(true);
  });

  it('descriptor pool exhaustion and oversize frames are drops with reasons', () => {
    const l2 = makeL2();
    l2.macTable.set(B, 2);
    const h = harness(l2.program, { maxDescriptors: 4, initialDescriptors: 2, maxFrameSize: 100 });
    for (let i = 0; i < 6; i++) h.sw.inject(1, frame(B, A, 0x0800));
    h.sw.inject(1, new Uint8Array(101));
    h.sw.runUntilIdle();
    expect(h.out).toHaveLength(4);
    expect(h.sw.stats.dropsFor('no-buffer')).toBe(2);
    expect(h.sw.stats.dropsFor('oversize')).toBe(1);
    expect(h.sw.stats.received).toBe(7);
    expect(h.balanced()).toBe(true);
  });

  it('ingress sees instance_type NORMAL and the ingress timestamp of the switch clock', () => {
    const l2 = makeL2();
    let seen = -1;
    const ingress = l2.program.ingress;
    const program = {
      ...l2.program,
      ingress: (d: Parameters<typeof ingress>[0]) => {
        seen = d.std.instance_type;
        expect(d.std.packet_length).toBe(14);
        expect(d.std.ingress_global_timestamp).toBe(1234);
        ingress(d);
      },
    };
    const h = harness(program, { clock: { nowMicros: () => 1234 } });
    h.sw.multicast.setGroup(1, [{ rid: 0, port: 5 }]);
    h.sw.inject(0, frame(A, B, 0x0800));
    h.sw.runUntilIdle();
    expect(seen).toBe(InstanceType.NORMAL);
    expect(h.out[0]!.port).toBe(5);
  });

  it('headers added by the program are placed in the headroom before the unmoved payload; growth beyond it is oversize', () => {
    for (const [headroom, ok] of [
      [512, true],
      [2, false],
    ] as const) {
      const l2 = makeL2();
      l2.macTable.set(B, 2);
      const egress = l2.program.egress;
      const program = {
        ...l2.program,
        egress: (d: Parameters<typeof egress>[0]) => {
          egress(d);
          const t = d.state.tag;
          t.valid = true; // push a 4-byte tag after Ethernet (encapsulation)
          t.ttl = 1;
          t.op = 2;
          t.value = 0x0304;
        },
      };
      const raw: Array<[number, number, number[]]> = [];
      const h = harness(program, { headroom, onOutputRaw: (port, buf, off, len) => raw.push([port, off, [...buf.subarray(off, off + len)]]) });
      h.sw.inject(1, frame(B, A, 0x0800, [0xee, 0xff]));
      h.sw.runUntilIdle();
      if (ok) {
        expect(raw).toHaveLength(1);
        expect(raw[0]![1]).toBe(512 - 4); // frame starts 4 bytes into the headroom
        expect(raw[0]![2].slice(12)).toEqual([0x08, 0x00, 1, 2, 3, 4, 0xee, 0xff]);
      } else {
        expect(h.drops).toEqual(['oversize']);
      }
      expect(h.balanced()).toBe(true);
    }
  });
});
