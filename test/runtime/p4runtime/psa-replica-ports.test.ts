/**
 * Replica ports of the packet replication engine are the architecture's ports: PSA's PortId_t is
 * bit<32>, so a PSA program's clone sessions and multicast groups may send replicas to
 * PSA_PORT_CPU (0xfffffffd, the P4Runtime SDN CPU port) and PSA_PORT_RECIRCULATE (0xfffffffa),
 * given as `Replica.port` bytes or as the deprecated `egress_port`; a replica to the CPU port
 * reaches the controller as a PacketIn, one to the recirculation port comes back into ingress.
 * v1model's egress_spec is bit<9>: wider port strings stay OUT_OF_RANGE there. End to end over
 * gRPC on 127.0.0.1 (test/fixtures/p4runtime/psa-clone.p4 and conformance.p4).
 */
import { describe, expect, it } from 'vitest';
import { INVALID_ARGUMENT, OK, OUT_OF_RANGE } from './grpc-codes.ts';
import { bytes, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

const PSA_PORT_CPU = 0xfffffffd;
const PSA_PORT_RECIRCULATE = 0xfffffffa;

const port32 = (p: number) => Uint8Array.of(p >>> 24, (p >>> 16) & 0xff, (p >>> 8) & 0xff, p & 0xff);
const numberOf = (b: Uint8Array): number => [...b].reduce((a, x) => a * 256 + x, 0);

type PreRead = { packet_replication_engine_entry: { clone_session_entry?: { replicas: { port: Uint8Array; instance?: number }[] }; multicast_group_entry?: { replicas: { port: Uint8Array; instance?: number }[] } } };


const cloneSession = (entry: object) => ({ packet_replication_engine_entry: { clone_session_entry: entry } });
const multicastGroup = (entry: object) => ({ packet_replication_engine_entry: { multicast_group_entry: entry } });

describe('P4Runtime server: PSA replicas to PSA_PORT_CPU and PSA_PORT_RECIRCULATE (psa-clone.p4)', () => {
  const served = useServedSession(`${root}test/fixtures/p4runtime/psa-clone.p4`);
  /** Injects a frame on port 2 and runs the switch: the frames sent out (port, hex), sorted by port. */
  const send = (hex: string): [number, string][] => {
    served.s.out.length = 0;
    served.s.device.switch!.inject(2, bytes(hex));
    served.s.device.switch!.runUntilIdle();
    return [...served.s.out].sort((a, b) => a[0] - b[0]);
  };
  const packetIn = async (): Promise<string> => {
    const m = (await served.stream.next()) as { packet?: { payload: Uint8Array } };
    expect(m.packet).toBeDefined();
    return Buffer.from(m.packet!.payload).toString('hex');
  };
  const readReplicas = async (entity: object): Promise<[number, number][]> => {
    const [read] = (await served.c.read({ device_id: 1, entities: [entity] })) as PreRead[];
    const e = read!.packet_replication_engine_entry;
    return (e.clone_session_entry ?? e.multicast_group_entry)!.replicas.map((r) => [numberOf(r.port), r.instance ?? 0]);
  };

  it('a clone session replica to PSA_PORT_CPU given as 32-bit port bytes is accepted and its clone is a PacketIn', async () => {
    expect(await served.codeOf('INSERT', cloneSession({ session_id: 5, replicas: [{ port: port32(PSA_PORT_CPU), instance: 7 }] }))).toBe(OK);
    // the original to port 1; the ingress-to-egress clone (marked 0x11, instance 7) to the controller
    expect(send('000000000001' + '000000000000' + '0800' + '0102')).toEqual([[1, '000000000001' + '0000000000aa' + '0800' + '0102']]);
    expect(await packetIn()).toBe('000000001101' + '000000000000' + '0007' + '0102');
    // read back as the 32-bit port, canonical bytes
    const [read] = (await served.c.read({ device_id: 1, entities: [cloneSession({ session_id: 5 })] })) as PreRead[];
    expect(Buffer.from(read!.packet_replication_engine_entry.clone_session_entry!.replicas[0]!.port).toString('hex')).toBe('fffffffd');
  });

  it('the deprecated egress_port (uint32) names PSA_PORT_CPU too', async () => {
    expect(await served.codeOf('MODIFY', cloneSession({ session_id: 5, replicas: [{ egress_port: PSA_PORT_CPU, instance: 9 }, { egress_port: 3, instance: 8 }] }))).toBe(OK);
    expect(send('000000000001' + '000000000000' + '0800')).toEqual([
      [1, '000000000001' + '0000000000aa' + '0800'],
      [3, '000000001101' + '000000000000' + '0008'],
    ]);
    expect(await packetIn()).toBe('000000001101' + '000000000000' + '0009');
    expect(await readReplicas(cloneSession({ session_id: 5 }))).toEqual([
      [PSA_PORT_CPU, 9],
      [3, 8],
    ]);
  });

  it('a clone session replica to PSA_PORT_RECIRCULATE sends the clone back into ingress', async () => {
    expect(await served.codeOf('MODIFY', cloneSession({ session_id: 5, replicas: [{ port: port32(PSA_PORT_RECIRCULATE), instance: 4 }] }))).toBe(OK);
    // the clone (marked by egress) comes back recirculated: ingress sends it to port 7 with source 0xbb
    expect(send('000000000001' + '000000000000' + '0800' + 'ab')).toEqual([
      [1, '000000000001' + '0000000000aa' + '0800' + 'ab'],
      [7, '000000001101' + '0000000000bb' + '0004' + 'ab'],
    ]);
    expect(await readReplicas(cloneSession({ session_id: 5 }))).toEqual([[PSA_PORT_RECIRCULATE, 4]]);
  });

  it('a multicast group replicates to a front-panel port, PSA_PORT_CPU and PSA_PORT_RECIRCULATE', async () => {
    const replicas = [
      { port: Uint8Array.of(3), instance: 1 },
      { port: port32(PSA_PORT_CPU), instance: 2 },
      { egress_port: PSA_PORT_RECIRCULATE, instance: 3 },
    ];
    expect(await served.codeOf('INSERT', multicastGroup({ multicast_group_id: 1, replicas }))).toBe(OK);
    expect(send('000000000004' + '000000000000' + '0800' + 'cd')).toEqual([
      [3, '000000000004' + '0000000000aa' + '0800' + 'cd'],
      [7, '000000000004' + '0000000000bb' + '0800' + 'cd'],
    ]);
    expect(await packetIn()).toBe('000000000004' + '0000000000aa' + '0800' + 'cd');
    expect(await readReplicas(multicastGroup({ multicast_group_id: 1 }))).toEqual([
      [3, 1],
      [PSA_PORT_CPU, 2],
      [PSA_PORT_RECIRCULATE, 3],
    ]);
  });

  it('ports are checked against PSA port ids: not a port INVALID_ARGUMENT, wider than 32 bits OUT_OF_RANGE, leading zero bytes fine', async () => {
    const session = (replica: object) => cloneSession({ session_id: 9, replicas: [replica] });
    expect(await served.codeOf('INSERT', session({ port: port32(0xfffffffe) }))).toBe(INVALID_ARGUMENT);
    expect(await served.codeOf('INSERT', session({ egress_port: 0xfffffffe }))).toBe(INVALID_ARGUMENT);
    expect(await served.codeOf('INSERT', session({ port: Uint8Array.of(0x02, 0x00) }))).toBe(INVALID_ARGUMENT); // 512
    expect(await served.codeOf('INSERT', session({ port: Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xfd) }))).toBe(OUT_OF_RANGE);
    expect(await served.codeOf('INSERT', multicastGroup({ multicast_group_id: 9, replicas: [{ port: Uint8Array.of(0x01, 0, 0, 0, 0) }] }))).toBe(OUT_OF_RANGE);
    // none of those was written
    expect(served.s.device.switch!.mirroring.get(9)).toBeUndefined();
    expect(await served.codeOf('INSERT', session({ port: Uint8Array.of(0x00, 0xff, 0xff, 0xff, 0xfd) }))).toBe(OK);
    expect(await readReplicas(cloneSession({ session_id: 9 }))).toEqual([[PSA_PORT_CPU, 0]]);
  });
});

describe('P4Runtime server: v1model replica ports stay 9 bits (conformance.p4)', () => {
  const served = useServedSession(`${root}test/fixtures/p4runtime/conformance.p4`);

  it('PSA_PORT_CPU is wider than a v1model port (OUT_OF_RANGE as bytes, INVALID_ARGUMENT as egress_port); 511, the drop port, is not a replica port', async () => {
    const session = (replica: object) => cloneSession({ session_id: 3, replicas: [replica] });
    expect(await served.codeOf('INSERT', session({ port: port32(PSA_PORT_CPU) }))).toBe(OUT_OF_RANGE);
    expect(await served.codeOf('INSERT', session({ egress_port: PSA_PORT_CPU }))).toBe(INVALID_ARGUMENT);
    expect(await served.codeOf('INSERT', session({ port: Uint8Array.of(0x01, 0xff) }))).toBe(INVALID_ARGUMENT);
    expect(await served.codeOf('INSERT', session({ port: Uint8Array.of(0x01, 0xfe) }))).toBe(OK);
  });
});
