import { describe, expect, it } from 'vitest';
import { InstanceType, PacketAbort } from '../../../runtime/v1model/index.ts';
import { harness } from './harness.ts';
import { makeOps, tagFrame } from './programs.ts';

const D = 0x000000000042;

function setup(options: Parameters<typeof harness>[1] = {}) {
  const ops = makeOps();
  const h = harness(ops.program, options);
  h.sw.mirroring.add(5, 7); // session 5 → port 7
  h.sw.mirroring.add(6, { egressPort: 8 });
  return { ...ops, ...h };
}

/** eth.type low byte = instance_type seen by egress; tag bytes at 14..17. */
const instanceOf = (b: readonly number[]): number => b[13]!;
const tagValue = (b: readonly number[]): number => (b[16]! << 8) | b[17]!;

describe('v1model switch: clone, resubmit, recirculate, multicast (simple_switch semantics)', () => {
  it('I2E clone: original to egress_spec, clone of the original packet to the session port with the field list', () => {
    const { sw, out, reg, balanced } = setup();
    sw.inject(1, tagFrame(D, 10, 1, 0x1234, [0xaa, 0xbb]));
    sw.runUntilIdle();
    expect(out.map((o) => o.port).sort()).toEqual([2, 7]);
    const orig = out.find((o) => o.port === 2)!;
    const clone = out.find((o) => o.port === 7)!;
    expect(instanceOf(orig.bytes)).toBe(InstanceType.NORMAL);
    expect(instanceOf(clone.bytes)).toBe(InstanceType.INGRESS_CLONE);
    expect(tagValue(clone.bytes)).toBe(77); // meta.mark preserved by field list 1
    expect(clone.bytes.slice(18)).toEqual([0xaa, 0xbb]);
    expect(reg.get(InstanceType.INGRESS_CLONE)).toBe(77);
    expect(sw.stats.clonesI2E).toBe(1);
    expect(balanced()).toBe(true);
  });

  it('I2E clone still happens when the original is dropped by mark_to_drop', () => {
    const { sw, out, drops, balanced } = setup();
    sw.inject(1, tagFrame(D, 10, 12, 0));
    sw.runUntilIdle();
    expect(out.map((o) => o.port)).toEqual([7]);
    expect(tagValue(out[0]!.bytes)).toBe(55);
    expect(drops).toEqual(['ingress-drop']);
    expect(balanced()).toBe(true);
  });

  it('a clone to an unconfigured session makes no copy (counted)', () => {
    const { sw, out, balanced } = setup();
    sw.mirroring.delete(5);
    sw.inject(1, tagFrame(D, 10, 1, 0));
    sw.runUntilIdle();
    expect(out.map((o) => o.port)).toEqual([2]);
    expect(sw.stats.cloneSessionMissing).toBe(1);
    expect(balanced()).toBe(true);
  });

  it('E2E clone: copy of the egress-processed packet, through egress again on the session port', () => {
    const { sw, out, balanced } = setup();
    sw.inject(1, tagFrame(D, 10, 4, 0x1111));
    sw.runUntilIdle();
    expect(out.map((o) => o.port).sort()).toEqual([2, 8]);
    const clone = out.find((o) => o.port === 8)!;
    expect(instanceOf(clone.bytes)).toBe(InstanceType.EGRESS_CLONE);
    expect(tagValue(clone.bytes)).toBe(99);
    expect(sw.stats.clonesE2E).toBe(1);
    expect(balanced()).toBe(true);
  });

  it('mirroring session to a multicast group replicates the clone', () => {
    const { sw, out, balanced } = setup();
    sw.multicast.setGroup(3, [
      { rid: 1, port: 10 },
      { rid: 2, port: 11 },
    ]);
    sw.mirroring.add(5, { mcastGrp: 3 });
    sw.inject(1, tagFrame(D, 10, 1, 0));
    sw.runUntilIdle();
    expect(out.map((o) => o.port).sort((a, b) => a - b)).toEqual([2, 10, 11]);
    expect(out.filter((o) => instanceOf(o.bytes) === InstanceType.INGRESS_CLONE)).toHaveLength(2);
    expect(balanced()).toBe(true);
  });

  it('resubmit: original bytes back to the parser, field list kept, instance_type RESUBMIT, until done', () => {
    const { sw, out, balanced } = setup();
    sw.inject(1, tagFrame(D, 0, 2, 3));
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(out[0]!.port).toBe(3);
    expect(out[0]!.bytes[14]).toBe(3);
    expect(instanceOf(out[0]!.bytes)).toBe(InstanceType.NORMAL); // unicast after resubmit is NORMAL again
    expect(sw.stats.resubmitted).toBe(3);
    expect(balanced()).toBe(true);
  });

  it('ingress sees RESUBMIT / RECIRC instances with bmv2 standard metadata (reset, packet_length kept)', () => {
    const ops = makeOps();
    const seen: Array<[number, number, number]> = [];
    const ingress = ops.program.ingress;
    const program = {
      ...ops.program,
      ingress: (d: Parameters<typeof ingress>[0]) => {
        seen.push([d.std.instance_type, d.std.ingress_port, d.std.packet_length]);
        ingress(d);
      },
    };
    const h = harness(program);
    h.sw.inject(3, tagFrame(D, 0, 2, 1, [0, 0]));
    h.sw.inject(3, tagFrame(D, 1, 3, 0, [0, 0]));
    h.sw.runUntilIdle();
    expect(seen).toEqual([
      [InstanceType.NORMAL, 3, 20],
      [InstanceType.RESUBMIT, 0, 20],
      [InstanceType.NORMAL, 3, 20],
      [InstanceType.RECIRC, 0, 20],
    ]);
    expect(h.balanced()).toBe(true);
  });

  it('recirculate: deparsed packet goes back to the parser until the tag ttl reaches 0', () => {
    const { sw, out, balanced } = setup();
    sw.inject(1, tagFrame(D, 4, 3, 0, [1, 2, 3]));
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(out[0]!.port).toBe(4);
    expect(out[0]!.bytes[14]).toBe(0);
    // the last pass entered ingress as RECIRC but was unicast: NORMAL in egress
    expect(instanceOf(out[0]!.bytes)).toBe(InstanceType.NORMAL);
    expect(out[0]!.bytes.slice(18)).toEqual([1, 2, 3]);
    expect(sw.stats.recirculated).toBe(4);
    expect(balanced()).toBe(true);
  });

  it('a runaway resubmit loop ends as a drop with reason loop-limit', () => {
    const { sw, out, drops, balanced } = setup({ maxPasses: 5 });
    sw.inject(1, tagFrame(D, 0, 6, 0));
    sw.runUntilIdle();
    expect(out).toHaveLength(0);
    expect(drops).toEqual(['loop-limit']);
    expect(sw.stats.resubmitted).toBe(5);
    expect(balanced()).toBe(true);
  });

  it('a runaway recirculation loop is bounded too', () => {
    const { sw, drops, balanced } = setup({ maxPasses: 3 });
    sw.inject(1, tagFrame(D, 200, 3, 0));
    sw.runUntilIdle();
    expect(drops).toEqual(['loop-limit']);
    expect(sw.stats.recirculated).toBe(3);
    expect(balanced()).toBe(true);
  });

  it('multicast: one copy per member with egress_rid and instance_type REPLICATION', () => {
    const { sw, out, balanced } = setup();
    sw.multicast.addMember(9, 100, 1);
    sw.multicast.addMember(9, 101, 2);
    sw.multicast.addMember(9, 102, 2);
    sw.inject(0, tagFrame(D, 1, 5, 9));
    sw.runUntilIdle();
    expect(out.map((o) => [o.port, tagValue(o.bytes), instanceOf(o.bytes)])).toEqual([
      [1, 100, InstanceType.REPLICATION],
      [2, 101, InstanceType.REPLICATION],
      [2, 102, InstanceType.REPLICATION],
    ]);
    expect(sw.stats.created).toBe(2);
    expect(balanced()).toBe(true);
  });

  it('digest is delivered to the control plane at the end of ingress', () => {
    const { sw, out } = setup();
    sw.inject(6, tagFrame(D, 1, 7, 0));
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(sw.digests).toEqual([{ receiver: 1, data: { dst: D, port: 6 }, packetId: 1, type: '' }]);
    expect(sw.stats.digests).toBe(1);
  });

  it('log_msg formats {} placeholders into the log sink', () => {
    const logs: string[] = [];
    const { sw } = setup({ onLog: (m) => logs.push(m) });
    sw.inject(6, tagFrame(D, 17, 8, 0));
    sw.runUntilIdle();
    expect(logs).toEqual(['ttl=17 op=8 {literal}']);
  });

  it('a failing assert drops the packet (reason assert-failed) and the run goes on', () => {
    const { sw, out, drops, balanced } = setup();
    sw.inject(1, tagFrame(D, 1, 9, 0));
    sw.inject(1, tagFrame(D, 255, 9, 0));
    sw.runUntilIdle();
    expect(drops).toEqual(['assert-failed']);
    expect(out).toHaveLength(1);
    expect(balanced()).toBe(true);
  });

  it("assertPolicy 'abort' accounts the drop then throws from the run, like bmv2 aborting", () => {
    const { sw, out, balanced } = setup({ assertPolicy: 'abort' });
    sw.inject(1, tagFrame(D, 1, 9, 0));
    sw.inject(1, tagFrame(D, 255, 9, 0));
    expect(() => sw.runUntilIdle()).toThrow(PacketAbort);
    expect(sw.stats.dropsFor('assert-failed')).toBe(1);
    expect(balanced()).toBe(true);
    sw.runUntilIdle(); // the rest still runs
    expect(out).toHaveLength(1);
  });

  it('a stage that throws: dropped as program-error, rethrown by default, kept in stats', () => {
    const { sw, balanced } = setup();
    sw.inject(1, tagFrame(D, 1, 10, 0));
    expect(() => sw.runUntilIdle()).toThrow('bug in generated code');
    expect(sw.stats.dropsFor('program-error')).toBe(1);
    expect(sw.stats.errors).toHaveLength(1);
    expect(balanced()).toBe(true);
    const quiet = setup({ errorPolicy: 'drop' });
    quiet.sw.inject(1, tagFrame(D, 1, 10, 0));
    quiet.sw.runUntilIdle();
    expect(quiet.drops).toEqual(['program-error']);
  });

  it('truncate limits the transmitted length', () => {
    const { sw, out } = setup();
    sw.inject(1, tagFrame(D, 1, 11, 0, new Array<number>(40).fill(7)));
    sw.runUntilIdle();
    expect(out[0]!.bytes).toHaveLength(16);
  });

  it('counts add up over a mixed workload', () => {
    const { sw, balanced } = setup({ maxPasses: 4 });
    sw.multicast.setGroup(2, [
      { rid: 1, port: 1 },
      { rid: 2, port: 2 },
    ]);
    const ops = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12];
    for (let i = 0; i < 120; i++) {
      const op = ops[i % ops.length]!;
      sw.inject(i % 4, tagFrame(D, op === 3 ? 2 : i & 0xff, op, op === 5 ? 2 : op === 2 ? 2 : 0));
    }
    sw.runUntilIdle();
    const s = sw.stats;
    let byReason = 0;
    for (const n of s.dropsByReason.values()) byReason += n;
    let byPort = 0;
    for (const n of s.txByPort) byPort += n;
    expect(byReason).toBe(s.dropped);
    expect(byPort).toBe(s.transmitted);
    expect(s.received + s.created).toBe(s.transmitted + s.dropped);
    expect(sw.inFlight).toBe(0);
    expect(balanced()).toBe(true);
  });
});
