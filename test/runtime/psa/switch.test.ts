import { describe, expect, it } from 'vitest';
import { PacketPath, PSA_PORT_CPU, PSA_PORT_RECIRCULATE } from '../../../runtime/psa/constants.ts';
import { PsaSwitch, isPsaPort, type PsaSwitchOptions } from '../../../runtime/psa/switch.ts';
import type { PsaProgram } from '../../../runtime/psa/program.ts';
import { asyncProbeProgram, probeFrame, probeProgram, report, script, type ProbeState } from './programs.ts';

interface Out {
  port: number;
  bytes: number[];
}

function run(program: PsaProgram<ProbeState> = probeProgram(), options: PsaSwitchOptions<ProbeState> = {}) {
  const out: Out[] = [];
  const drops: string[] = [];
  const sw = new PsaSwitch(program, {
    ...options,
    onOutput: (port, bytes) => out.push({ port, bytes: [...bytes] }),
    onDrop: (reason) => drops.push(reason),
  });
  const send = (port: number, dst: number): void => {
    sw.inject(port, probeFrame(dst));
    sw.runUntilIdle();
    const s = sw.stats;
    expect(s.received + s.created).toBe(s.transmitted + s.dropped + sw.inFlight);
  };
  return { sw, out, drops, send };
}

const { NORMAL, NORMAL_UNICAST, NORMAL_MULTICAST, CLONE_I2E, CLONE_E2E, RESUBMIT, RECIRCULATE } = PacketPath;

describe('PSA switch: end of ingress', () => {
  it('unicasts to ostd.egress_port with packet_path NORMAL_UNICAST, instance 0, normal_meta bridged', () => {
    const { out, send } = run();
    send(4, script(0, 7));
    expect(out.map((o) => o.port)).toEqual([7]);
    expect(report(out[0]!.bytes)).toMatchObject({ path: NORMAL_UNICAST, instance: 0, bridged: 0x4e, ingressPath: NORMAL, ingressPort: 4, pass: 1 });
    // the payload after the parsed header is untouched
    expect(out[0]!.bytes.slice(14)).toEqual([1, 2, 3, 4]);
  });

  it('drops a packet ingress never directs (ostd.drop starts true)', () => {
    const { out, drops, send } = run();
    send(1, script(2, 7));
    expect(out).toEqual([]);
    expect(drops).toEqual(['ingress-drop']);
  });

  it('replicates to every member of a multicast group, each with its instance and the class of service', () => {
    const { sw, out, drops, send } = run();
    sw.multicast.setGroup(5, [
      { rid: 11, port: 1 },
      { rid: 12, port: 2 },
      { rid: 13, port: PSA_PORT_CPU },
    ]);
    send(3, script(1, 5));
    expect(out.map((o) => [o.port, report(o.bytes).path, report(o.bytes).instance, report(o.bytes).cos])).toEqual([
      [1, NORMAL_MULTICAST, 11, 3],
      [2, NORMAL_MULTICAST, 12, 3],
      [PSA_PORT_CPU, NORMAL_MULTICAST, 13, 3],
    ]);
    send(3, script(1, 6));
    expect(drops).toEqual(['multicast-no-members']);
  });

  it('resubmits with the bytes the packet arrived with, the same ingress port, and resubmit_meta', () => {
    const { out, send } = run();
    send(6, script(3, 2));
    expect(out).toHaveLength(1);
    const r = report(out[0]!.bytes);
    // the second pass saw packet_path RESUBMIT and the first pass's count through resubmit_meta;
    // the first pass's change of the EtherType is gone
    expect(r).toMatchObject({ path: NORMAL_UNICAST, ingressPath: RESUBMIT, ingressPort: 6, pass: 2, type: 0x88b5 });
  });

  it('recirculates packets sent to PSA_PORT_RECIRCULATE, with recirculate_meta and ingress_port PSA_PORT_RECIRCULATE', () => {
    const { sw, out, send } = run();
    send(6, script(4, 3));
    expect(out).toHaveLength(1);
    expect(out[0]!.port).toBe(3);
    expect(report(out[0]!.bytes)).toMatchObject({ ingressPath: RECIRCULATE, ingressPort: PSA_PORT_RECIRCULATE & 0xff, pass: 2 });
    expect(sw.stats.recirculated).toBe(1);
  });

  it('makes ingress-to-egress clones of the packet as it arrived, even when the original is dropped', () => {
    const { sw, out, drops, send } = run();
    sw.mirroring.add(8, { egressPort: 5 });
    send(1, script(0, 2, 1, 8));
    const clone = out.find((o) => o.port === 5)!;
    expect(report(clone.bytes)).toMatchObject({ path: CLONE_I2E, bridged: 0xc1, pass: 0 });
    expect(out.find((o) => o.port === 2)).toBeDefined();
    send(1, script(0, 2, 1 | 8, 8));
    expect(out.filter((o) => o.port === 5)).toHaveLength(2);
    expect(out.filter((o) => o.port === 2)).toHaveLength(1);
    expect(drops).toEqual(['ingress-drop']);
    expect(sw.stats.clonesI2E).toBe(2);
  });

  it('makes no clone for a session that is not configured; session 0 goes to the CPU port from the start', () => {
    const { sw, out, send } = run();
    send(1, script(0, 2, 1, 9));
    expect(out.map((o) => o.port)).toEqual([2]);
    expect(sw.stats.cloneSessionMissing).toBe(1);
    send(1, script(0, 2, 1, 0));
    expect(out.map((o) => o.port).sort()).toEqual([2, 2, PSA_PORT_CPU].sort());
  });

  it('drops packets sent to a port the switch does not have', () => {
    const { out, drops, send } = run();
    send(1, script(6, 0));
    expect(out).toEqual([]);
    expect(drops).toEqual(['invalid-port']);
    expect([isPsaPort(0), isPsaPort(511), isPsaPort(512), isPsaPort(PSA_PORT_CPU), isPsaPort(PSA_PORT_RECIRCULATE)]).toEqual([true, true, false, true, true]);
  });

  it('bounds resubmission loops (loop-limit)', () => {
    const { drops, send } = run(probeProgram(), { maxPasses: 3 });
    send(1, script(7, 0));
    expect(drops).toEqual(['loop-limit']);
  });
});

describe('PSA switch: end of egress', () => {
  it('makes egress-to-egress clones of the deparsed packet, even when the original is dropped', () => {
    const { sw, out, drops, send } = run();
    sw.mirroring.add(3, { egressPort: 9 });
    send(1, script(0, 2, 2, 3));
    const clone = out.find((o) => o.port === 9)!;
    // the clone's egress saw CLONE_E2E and clone_e2e_meta; the bytes are what the first egress sent
    expect(report(clone.bytes)).toMatchObject({ path: CLONE_E2E, bridged: 0xe2 });
    expect(out.find((o) => o.port === 2)).toBeDefined();
    send(1, script(0, 2, 2 | 4, 3));
    expect(out.filter((o) => o.port === 9)).toHaveLength(2);
    expect(out.filter((o) => o.port === 2)).toHaveLength(1);
    expect(drops).toEqual(['egress-drop']);
    expect(sw.stats.clonesE2E).toBe(2);
  });

  it('clones to a session with a multicast group', () => {
    const { sw, out, send } = run();
    sw.multicast.setGroup(2, [
      { rid: 1, port: 10 },
      { rid: 2, port: 11 },
    ]);
    sw.mirroring.add(4, { mcastGrp: 2 });
    send(1, script(0, 3, 1, 4));
    expect(out.filter((o) => o.port !== 3).map((o) => [o.port, report(o.bytes).path, report(o.bytes).instance])).toEqual([
      [10, CLONE_I2E, 1],
      [11, CLONE_I2E, 2],
    ]);
  });
});

describe('PSA switch: origins', () => {
  it('hands the origin of an input back with every output it leads to (copies and clones too)', () => {
    const origins: [number, number][] = [];
    const sw = new PsaSwitch(probeProgram(), { onOutput: (port, _bytes, origin) => origins.push([port, origin]) });
    sw.multicast.setGroup(5, [
      { rid: 1, port: 1 },
      { rid: 2, port: 2 },
    ]);
    sw.mirroring.add(8, { egressPort: 6 });
    sw.inject(3, probeFrame(script(1, 5, 1, 8)), 18, 41);
    const buffer = new Uint8Array(40);
    buffer.set(probeFrame(script(0, 4)), 10);
    sw.injectFrom(3, buffer, 10, 18, 42);
    sw.runUntilIdle();
    expect(origins.sort((a, b) => a[0] - b[0])).toEqual([[1, 41], [2, 41], [4, 42], [6, 41]]);
  });
});

describe('PSA switch: the CPU port', () => {
  it('is PSA_PORT_CPU itself by default, or a switch port given as cpuPort (both ways)', () => {
    const a = run();
    a.send(1, script(5, 0));
    expect(a.out.map((o) => o.port)).toEqual([PSA_PORT_CPU]);
    const b = run(probeProgram(), { cpuPort: 64 });
    b.send(64, script(0, 3));
    b.send(1, script(5, 0));
    expect(b.out.map((o) => o.port)).toEqual([3, 64]);
    expect(report(b.out[0]!.bytes).ingressPort).toBe(PSA_PORT_CPU & 0xff);
  });
});

describe('PSA switch: parser errors, digests, timestamps', () => {
  it('lets a packet with a parser error go on, with the error in parser_error', () => {
    const { sw, out } = run();
    sw.inject(1, Uint8Array.from([1, 2, 3]));
    sw.runUntilIdle();
    expect(out).toEqual([{ port: 9, bytes: [1, 2, 3] }]);
  });

  it('delivers Digest messages to onDigest, or keeps them', () => {
    const { sw, send } = run();
    send(1, script(2, 0));
    expect(sw.digests).toEqual([{ digest: 'ingress.probe', data: { pass: 1 }, packetId: expect.any(Number) }]);
    const seen: string[] = [];
    const other = run(probeProgram(), { onDigest: (name, data) => seen.push(`${name} ${JSON.stringify(data)}`) });
    other.send(1, script(2, 0));
    expect(seen).toEqual(['ingress.probe {"pass":1}']);
  });
});

describe('PSA switch: execution modes', () => {
  const scenario = (program: PsaProgram<ProbeState>) => {
    const r = run(program);
    r.sw.multicast.setGroup(5, [
      { rid: 1, port: 1 },
      { rid: 2, port: 2 },
    ]);
    r.sw.mirroring.add(8, { egressPort: 5 });
    for (const dst of [script(0, 7), script(1, 5), script(3, 2), script(4, 3), script(0, 2, 1 | 2, 8), script(2, 0)]) r.send(1, dst);
    return r;
  };

  it('gives the same packets in sync, longjump and context mode, every stage suspending once', () => {
    const sync = scenario(probeProgram());
    for (const mode of ['longjump', 'context'] as const) {
      const r = scenario(asyncProbeProgram(mode));
      expect(r.out).toEqual(sync.out);
      expect(r.drops).toEqual(sync.drops);
      expect(r.sw.stats.parks).toBeGreaterThan(0);
    }
  });
});
