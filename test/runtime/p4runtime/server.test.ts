/**
 * The P4Runtime server end to end over gRPC on 127.0.0.1 (a free port): pipeline, arbitration,
 * Write/Read of the entity kinds, packet I/O, digests and the error paths, with the programs of
 * test/fixtures/p4runtime/ and the examples.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileForServe } from '../../../cli/serve/host.ts';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { connect, type TestClient, type TestStream } from './client.ts';
import { becomePrimary, bytes, failure, id, serve, type Served } from './served.ts';
import { readFileSync } from 'node:fs';
import { createExecution } from '../../../cli/commands/execution-options.ts';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import type { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import { readPcapFile } from '../../../runtime/io/pcap.ts';
import { asV1Program } from '../../../runtime/switch/index.ts';
import { V1Switch } from '../../../runtime/v1model/switch.ts';

const root = new URL('../../../', import.meta.url).pathname;

/** Serves a program with one client, primary with election id 10 (a describe block's setup). */
async function servePrimary(path: string): Promise<{ s: Served; c: TestClient; stream: TestStream; info: P4Info }> {
  const s = await serve(path);
  const c = connect(s.server.port);
  return { s, c, stream: await becomePrimary(c, 10), info: s.program.p4info };
}

async function closePrimary(s: Served | undefined, c: TestClient | undefined, stream: TestStream | undefined): Promise<void> {
  stream?.end();
  c?.close();
  await s?.server.close();
}

describe('P4Runtime server: packet-io fixture', () => {
  let s: Served;
  let c: TestClient;
  let stream: TestStream;
  let info: P4Info;
  const election = { low: 10 };

  beforeAll(async () => {
    ({ s, c, stream, info } = await servePrimary(`${root}test/fixtures/p4runtime/packet-io.p4`));
  });
  afterAll(() => closePrimary(s, c, stream));

  const fwd = () => id(info, 'tables', 'I.fwd');
  const forward = () => id(info, 'actions', 'I.forward');
  const entry = (dst: string, port: number) => ({ table_entry: { table_id: fwd(), match: [{ field_id: 1, exact: { value: bytes(dst) } }], action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(port) }] } } } });
  const write = (updates: object[], atomicity?: string) => c.unary('Write', { device_id: 1, election_id: election, updates, ...(atomicity ? { atomicity } : {}) });

  it('Capabilities names the P4Runtime version', async () => {
    expect(await c.unary('Capabilities', {})).toEqual({ p4runtime_api_version: '1.5.0' });
  });

  it('GetForwardingPipelineConfig returns the P4Info the server runs', async () => {
    const r = (await c.unary('GetForwardingPipelineConfig', { device_id: 1 })) as { config: { p4info: P4Info } };
    expect(id(r.config.p4info, 'tables', 'I.fwd')).toBe(fwd());
  });

  it('writes, reads, modifies and deletes table entries; duplicates and missing entries get their codes', async () => {
    await write([{ type: 'INSERT', entity: entry('000000000001', 2) }]);
    const dup = await write([{ type: 'INSERT', entity: entry('000000000001', 3) }]).catch(failure);
    expect(dup).toMatchObject({ code: 2, errors: [{ canonical_code: 6 }] });
    await write([{ type: 'MODIFY', entity: entry('000000000001', 5) }]);
    let read = await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd() } }] });
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ table_entry: { table_id: fwd(), match: [{ field_id: 1, exact: { value: expect.anything() } }], action: { action: { action_id: forward() } } } });
    const params = (read[0] as { table_entry: { action: { action: { params: { value: Uint8Array }[] } } } }).table_entry.action.action.params;
    expect([...params[0]!.value]).toEqual([5]);
    await write([{ type: 'DELETE', entity: entry('000000000001', 0) }]);
    read = await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd() } }] });
    expect(read).toHaveLength(0);
    const missing = await write([{ type: 'DELETE', entity: entry('000000000001', 0) }]).catch(failure);
    expect(missing).toMatchObject({ code: 2, errors: [{ canonical_code: 5 }] });
  });

  it('CONTINUE_ON_ERROR keeps exactly the updates that succeeded; ROLLBACK_ON_ERROR and DATAPLANE_ATOMIC keep none', async () => {
    const bad = { table_entry: { table_id: fwd(), match: [{ field_id: 1, exact: { value: bytes('01000000000000') } }], action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(1) }] } } } };
    const r1 = await write([{ type: 'INSERT', entity: entry('0000000000a1', 1) }, { type: 'INSERT', entity: bad }, { type: 'INSERT', entity: entry('0000000000a2', 2) }]).catch(failure);
    expect(r1).toMatchObject({ code: 2, errors: [{ canonical_code: 0 }, { canonical_code: 11 }, { canonical_code: 0 }] });
    expect(await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd() } }] })).toHaveLength(2);
    for (const atomicity of ['ROLLBACK_ON_ERROR', 'DATAPLANE_ATOMIC']) {
      const r = await write([{ type: 'INSERT', entity: entry('0000000000b1', 1) }, { type: 'DELETE', entity: entry('0000000000a1', 1) }, { type: 'INSERT', entity: bad }], atomicity).catch(failure);
      expect(r).toMatchObject({ code: 2 });
      expect((r as ReturnType<typeof failure>).errors.map((e) => e.canonical_code)).toEqual([10, 10, 11]);
      const left = await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd() } }] });
      expect(left).toHaveLength(2); // a1 back, b1 gone
    }
    await write([{ type: 'DELETE', entity: entry('0000000000a1', 0) }, { type: 'DELETE', entity: entry('0000000000a2', 0) }]);
  });

  it('refuses malformed entries with INVALID_ARGUMENT, scopes with PERMISSION_DENIED, and never crashes', async () => {
    const cases: [object, number][] = [
      [{ table_entry: { table_id: fwd(), match: [] } }, 3], // exact field missing
      [{ table_entry: { table_id: 99, match: [] } }, 5], // no such table
      [{ table_entry: { table_id: fwd(), match: [{ field_id: 7, exact: { value: bytes('01') } }], action: { action: { action_id: forward(), params: [] } } } }, 3],
      [{ table_entry: { table_id: fwd(), match: [{ field_id: 1, lpm: { value: bytes('01'), prefix_len: 8 } }] } }, 3],
      [{ table_entry: { table_id: fwd(), match: [{ field_id: 1, exact: { value: bytes('01') } }], action: { action: { action_id: forward(), params: [] } } } }, 3], // param missing
      [{ table_entry: { table_id: fwd(), match: [{ field_id: 1, exact: { value: new Uint8Array() } }], action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(1) }] } } } }, 3],
      [{ table_entry: { table_id: fwd(), match: [{ field_id: 1, exact: { value: bytes('01') } }], priority: 5, action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(1) }] } } } }, 3],
      [{ table_entry: { table_id: fwd(), is_default_action: true, action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(1) }] } } } }, 3], // INSERT of the default
      // The table supports no idle timeout and has no direct counter or meter.
      [{ table_entry: { ...entry('0000000000c1', 1).table_entry, idle_timeout_ns: 1000 } }, 3],
      [{ table_entry: { ...entry('0000000000c1', 1).table_entry, counter_data: { packet_count: 1 } } }, 3],
      [{ table_entry: { ...entry('0000000000c1', 1).table_entry, meter_config: { cir: 1, pir: 1 } } }, 3],
      // Replication engine ids are not 0; replicas name ports of the switch.
      [{ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 0 } } }, 3],
      [{ packet_replication_engine_entry: { clone_session_entry: { session_id: 0, replicas: [{ egress_port: 1 }] } } }, 3],
      [{ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 9, replicas: [{ egress_port: 600 }] } } }, 3],
      [{ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 9, replicas: [{ egress_port: 1, instance: 1 }, { egress_port: 1, instance: 1 }] } } }, 3],
    ];
    for (const [entity, code] of cases) {
      const r = await write([{ type: 'INSERT', entity }]).catch(failure);
      expect(r).toMatchObject({ code: 2, errors: [{ canonical_code: code }] });
    }
    expect(await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd() } }] })).toHaveLength(0);
  });

  it('modifies and reads the default entry, and resets it to the program\'s', async () => {
    await write([{ type: 'MODIFY', entity: { table_entry: { table_id: fwd(), is_default_action: true, action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(3) }] } } } } }]);
    s.out.length = 0;
    s.device.switch!.inject(1, bytes('0000000000ff' + '000000000009' + '0800'));
    s.device.switch!.runUntilIdle();
    expect(s.out.map(([p]) => p)).toEqual([3]);
    const d = await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd(), is_default_action: true } }] });
    expect(d).toMatchObject([{ table_entry: { is_default_action: true, action: { action: { action_id: forward() } } } }]);
    await write([{ type: 'MODIFY', entity: { table_entry: { table_id: fwd(), is_default_action: true } } }]);
    const reset = await c.read({ device_id: 1, entities: [{ table_entry: { table_id: fwd(), is_default_action: true } }] });
    expect(reset).toMatchObject([{ table_entry: { action: { action: { action_id: id(info, 'actions', 'I.drop') } } } }]);
  });

  it('PacketOut goes through the pipeline to its port; a packet for the CPU comes back as a PacketIn', async () => {
    s.out.length = 0;
    const frame = '000000000001' + '000000000002' + '0800' + 'abcd';
    stream.send({ packet: { payload: bytes(frame), metadata: [{ metadata_id: 1, value: Uint8Array.of(4) }] } }); // the padding field left out: 0
    for (let i = 0; i < 50 && s.out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.out).toEqual([[4, frame]]);
    s.device.switch!.inject(7, bytes('000000000001' + '000000000002' + '0801' + 'beef'));
    s.device.switch!.runUntilIdle();
    const m = (await stream.next()) as { packet: { payload: Uint8Array; metadata: { metadata_id: number; value: Uint8Array }[] } };
    expect(Buffer.from(m.packet.payload).toString('hex')).toBe('000000000001000000000002' + '0801beef');
    expect(m.packet.metadata.map((x) => [x.metadata_id, [...x.value]])).toEqual([
      [1, [7]],
      [2, [0]],
    ]);
  });

  it('a PacketOut with unknown metadata is answered with a StreamError, the stream stays', async () => {
    stream.send({ packet: { payload: bytes('00'), metadata: [{ metadata_id: 9, value: Uint8Array.of(1) }] } });
    const m = (await stream.next()) as { error: { canonical_code: number; packet_out: object } };
    expect(m.error.canonical_code).toBe(3);
    expect(m.error.packet_out).toBeDefined();
  });

  it('bytes that are not a request are INVALID_ARGUMENT on every RPC and on the stream (grpc-js said INTERNAL; found by robustness.test.ts)', async () => {
    const raw = new grpc.Client(`127.0.0.1:${s.server.port}`, grpc.credentials.createInsecure());
    const same = (b: Buffer) => b;
    const notAMessage = Buffer.from([0]); // field number 0: no protobuf message
    try {
      for (const method of ['Write', 'SetForwardingPipelineConfig', 'GetForwardingPipelineConfig', 'Capabilities']) {
        const code = await new Promise<number>((resolve) => raw.makeUnaryRequest(`/p4.v1.P4Runtime/${method}`, same, same, notAMessage, (e) => resolve(e ? e.code : 0)));
        expect([method, code]).toEqual([method, 3]);
      }
      const readCode = await new Promise<number>((resolve) => {
        const r = raw.makeServerStreamRequest('/p4.v1.P4Runtime/Read', same, same, notAMessage);
        r.on('data', () => {});
        r.on('error', (e: grpc.ServiceError) => resolve(e.code));
        r.on('end', () => resolve(0));
      });
      expect(readCode).toBe(3);
      // before arbitration: the stream ends with INVALID_ARGUMENT
      const streamCode = await new Promise<number>((resolve) => {
        const call = raw.makeBidiStreamRequest('/p4.v1.P4Runtime/StreamChannel', same, same);
        call.on('data', () => {});
        call.on('error', (e: grpc.ServiceError) => resolve(e.code));
        call.on('status', (st: grpc.StatusObject) => resolve(st.code));
        call.write(notAMessage);
      });
      expect(streamCode).toBe(3);
    } finally {
      raw.close();
    }
    // the server still answers
    expect(await c.unary('Capabilities', {})).toEqual({ p4runtime_api_version: '1.5.0' });
  });

  it('digests are streamed as DigestLists once configured, max_list_size entries a list', async () => {
    const digestId = id(info, 'digests', 'learn_t');
    const send = (n: number) => {
      for (let i = 0; i < n; i++) s.device.switch!.inject(2, bytes('000000000001' + `0000000000${(16 + i).toString(16)}` + '0800'));
      s.device.switch!.runUntilIdle();
    };
    send(1); // not configured: nothing
    await write([{ type: 'INSERT', entity: { digest_entry: { digest_id: digestId, config: { max_list_size: 2, max_timeout_ns: 1_000_000_000 } } } }]);
    send(2);
    const m = (await stream.next()) as { digest: { digest_id: number; list_id: string; data: { struct: { members: { bitstring: Uint8Array }[] } }[] } };
    expect(m.digest.digest_id).toBe(digestId);
    expect(m.digest.data).toHaveLength(2);
    expect(m.digest.data.map((d) => d.struct.members.map((x) => [...x.bitstring]))).toEqual([
      [[0x10], [2]],
      [[0x11], [2]],
    ]);
    stream.send({ digest_ack: { digest_id: digestId, list_id: m.digest.list_id } });
    expect(await c.read({ device_id: 1, entities: [{ digest_entry: { digest_id: digestId } }] })).toMatchObject([{ digest_entry: { config: { max_list_size: 2 } } }]);
  });

  it('digest lists hold distinct entries, and entries of a list not acknowledged within ack_timeout_ns are not sent again', async () => {
    const digestId = id(info, 'digests', 'learn_t');
    type DigestMessage = { digest: { list_id: string; data: { struct: { members: { bitstring: Uint8Array }[] } }[] } };
    const macs = (m: DigestMessage) => m.digest.data.map((d) => [...d.struct.members[0]!.bitstring][0]);
    const send = (...srcs: number[]) => {
      for (const src of srcs) s.device.switch!.inject(2, bytes('000000000001' + `0000000000${src.toString(16)}` + '0800'));
      s.device.switch!.runUntilIdle();
    };
    await write([{ type: 'MODIFY', entity: { digest_entry: { digest_id: digestId, config: { max_list_size: 2, max_timeout_ns: 1_000_000_000, ack_timeout_ns: 60_000_000_000 } } } }]);
    send(0x20, 0x20, 0x21); // the repeated entry is not added to the list again
    const first = (await stream.next()) as DigestMessage;
    expect(macs(first)).toEqual([0x20, 0x21]);
    send(0x20, 0x22, 0x23); // 0x20 was sent and not acknowledged: left out
    const second = (await stream.next()) as DigestMessage;
    expect(macs(second)).toEqual([0x22, 0x23]);
    stream.send({ digest_ack: { digest_id: digestId, list_id: first.digest.list_id } });
    await new Promise((r) => setTimeout(r, 50)); // the ack travels the stream
    send(0x20, 0x22, 0x24); // 0x20's list was acknowledged; 0x22's was not
    expect(macs((await stream.next()) as DigestMessage)).toEqual([0x20, 0x24]);
    // ack_timeout_ns 0: nothing is remembered.
    await write([{ type: 'MODIFY', entity: { digest_entry: { digest_id: digestId, config: { max_list_size: 1, ack_timeout_ns: 0 } } } }]);
    send(0x30);
    send(0x30);
    expect(macs((await stream.next()) as DigestMessage)).toEqual([0x30]);
    expect(macs((await stream.next()) as DigestMessage)).toEqual([0x30]);
  });

  it('counters and registers: write, read, indices checked', async () => {
    const counter = id(info, 'counters', 'I.port_packets');
    await write([{ type: 'MODIFY', entity: { counter_entry: { counter_id: counter, index: { index: 3 }, data: { packet_count: 5, byte_count: 500 } } } }]);
    expect(await c.read({ device_id: 1, entities: [{ counter_entry: { counter_id: counter, index: { index: 3 } } }] })).toMatchObject([{ counter_entry: { data: { packet_count: '5', byte_count: '500' } } }]);
    const oob = await write([{ type: 'MODIFY', entity: { counter_entry: { counter_id: counter, index: { index: 8 }, data: {} } } }]).catch(failure);
    expect(oob).toMatchObject({ errors: [{ canonical_code: 11 }] });
    const negative = await write([{ type: 'MODIFY', entity: { counter_entry: { counter_id: counter, index: { index: -1 }, data: {} } } }]).catch(failure);
    expect(negative).toMatchObject({ errors: [{ canonical_code: 3 }] });
    expect(await write([{ type: 'INSERT', entity: { counter_entry: { counter_id: counter, index: { index: 1 }, data: {} } } }]).catch(failure)).toMatchObject({ errors: [{ canonical_code: 3 }] });
    const reg = id(info, 'registers', 'I.seen');
    await write([{ type: 'MODIFY', entity: { register_entry: { register_id: reg, index: { index: 2 }, data: { bitstring: Uint8Array.of(1, 2) } } } }]);
    const r = (await c.read({ device_id: 1, entities: [{ register_entry: { register_id: reg, index: { index: 2 } } }] })) as { register_entry: { data: { bitstring: Uint8Array } } }[];
    expect([...r[0]!.register_entry.data.bitstring]).toEqual([1, 2]);
  });

  it('multicast groups and clone sessions', async () => {
    const group = { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 5, replicas: [{ port: Uint8Array.of(1), instance: 1 }, { egress_port: 2, instance: 1 }] } } };
    await write([{ type: 'INSERT', entity: group }]);
    expect(s.device.switch!.multicast.members(5)).toEqual([
      { rid: 1, port: 1 },
      { rid: 1, port: 2 },
    ]);
    const again = await write([{ type: 'INSERT', entity: group }]).catch(failure);
    expect(again).toMatchObject({ errors: [{ canonical_code: 6 }] });
    const read = await c.read({ device_id: 1, entities: [{ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 5 } } }] });
    expect(read).toHaveLength(1);
    await write([{ type: 'INSERT', entity: { packet_replication_engine_entry: { clone_session_entry: { session_id: 7, replicas: [{ port: Uint8Array.of(3) }] } } } }]);
    expect(s.device.switch!.mirroring.get(7)).toEqual({ egressPort: 3 });
    await write([{ type: 'DELETE', entity: group }]);
    expect(s.device.switch!.multicast.raw(5)).toBeUndefined();
  });

  it('arbitration: a backup is told who is primary and may not write; a higher election id takes over', async () => {
    const c2 = connect(s.server.port);
    const backup = c2.stream();
    backup.send({ arbitration: { device_id: 1, election_id: { low: 5 } } });
    const m = (await backup.next()) as { arbitration: { status: { code: number }; election_id: { low: string } } };
    expect(m.arbitration.status.code).toBe(6); // ALREADY_EXISTS: another is primary
    expect(m.arbitration.election_id.low).toBe('10');
    const denied = await c2.unary('Write', { device_id: 1, election_id: { low: 5 }, updates: [{ type: 'INSERT', entity: entry('000000000077', 1) }] }).catch(failure);
    expect(denied.code).toBe(7);
    const sameId = c2.stream();
    sameId.send({ arbitration: { device_id: 1, election_id: { low: 10 } } });
    expect((await sameId.ended()).code).toBe(3);
    const wrongDevice = c2.stream();
    wrongDevice.send({ arbitration: { device_id: 9, election_id: { low: 11 } } });
    expect((await wrongDevice.ended()).code).toBe(5);
    backup.send({ arbitration: { device_id: 1, election_id: { low: 20 } } });
    const promoted = (await backup.next()) as { arbitration: { status: { code: number } } };
    expect(promoted.arbitration.status.code).toBe(0);
    const demoted = (await stream.next()) as { arbitration: { status: { code: number } } };
    expect(demoted.arbitration.status.code).toBe(6);
    const old = await write([{ type: 'INSERT', entity: entry('000000000077', 1) }]).catch(failure);
    expect(old.code).toBe(7);
    backup.end();
    const noPrimary = (await stream.next()) as { arbitration: { status: { code: number } } };
    expect(noPrimary.arbitration.status.code).toBe(5); // NOT_FOUND: no primary now
    c2.close();
  });
});

describe('P4Runtime server: a PSA program (test/fixtures/p4runtime/psa-packet-io.p4)', () => {
  let s: Served;
  let c: TestClient;
  let stream: TestStream;
  let info: P4Info;
  const election = { low: 10 };
  const write = (updates: object[]) => c.unary('Write', { device_id: 1, election_id: election, updates });
  const port32 = (port: number) => Uint8Array.of(port >>> 24, (port >>> 16) & 255, (port >>> 8) & 255, port & 255);

  beforeAll(async () => {
    ({ s, c, stream, info } = await servePrimary(`${root}test/fixtures/p4runtime/psa-packet-io.p4`));
  });
  afterAll(() => closePrimary(s, c, stream));

  it('serves the PSA P4Info, and a table entry written over P4Runtime forwards', async () => {
    const r = (await c.unary('GetForwardingPipelineConfig', { device_id: 1 })) as { config: { p4info: P4Info } };
    expect(r.config.p4info.pkg_info).toEqual({ arch: 'psa' });
    const fwd = id(info, 'tables', 'IngressImpl.fwd');
    const forward = id(info, 'actions', 'IngressImpl.forward');
    await write([{ type: 'INSERT', entity: { table_entry: { table_id: fwd, match: [{ field_id: 1, exact: { value: bytes('000000000001') } }], action: { action: { action_id: forward, params: [{ param_id: 1, value: Uint8Array.of(5) }] } } } } }]);
    s.out.length = 0;
    const frame = '000000000001' + '000000000009' + '0800';
    s.device.switch!.inject(2, bytes(frame));
    s.device.switch!.inject(2, bytes('000000000003' + '000000000009' + '0800')); // no entry: dropped
    s.device.switch!.runUntilIdle();
    expect(s.out).toEqual([[5, frame]]);
    const counter = id(info, 'counters', 'IngressImpl.port_packets');
    expect(await c.read({ device_id: 1, entities: [{ counter_entry: { counter_id: counter, index: { index: 2 } } }] })).toMatchObject([{ counter_entry: { data: { packet_count: '2', byte_count: '28' } } }]);
  });

  it('a PacketOut arrives on PSA_PORT_CPU; a packet the program sends to PSA_PORT_CPU is a PacketIn', async () => {
    s.out.length = 0;
    const frame = '000000000001' + '000000000002' + '0800' + 'abcd';
    stream.send({ packet: { payload: bytes(frame), metadata: [{ metadata_id: 1, value: port32(4) }] } });
    for (let i = 0; i < 50 && s.out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.out).toEqual([[4, frame]]);
    s.device.switch!.inject(7, bytes('000000000001' + '000000000002' + '0801' + 'beef'));
    s.device.switch!.runUntilIdle();
    const m = (await stream.next()) as { packet: { payload: Uint8Array; metadata: { metadata_id: number; value: Uint8Array }[] } };
    expect(Buffer.from(m.packet.payload).toString('hex')).toBe('000000000001000000000002' + '0801beef');
    expect(m.packet.metadata.map((x) => [x.metadata_id, [...x.value]])).toEqual([[1, [7]]]);
  });

  it('Digest messages are streamed as DigestLists under the Digest instance\'s id', async () => {
    const digestId = id(info, 'digests', 'IngressDeparserImpl.learn');
    expect(digestId).toBeGreaterThan(0);
    await write([{ type: 'INSERT', entity: { digest_entry: { digest_id: digestId, config: { max_list_size: 1, max_timeout_ns: 1_000_000_000 } } } }]);
    s.device.switch!.inject(3, bytes('000000000001' + '0000000000aa' + '0800'));
    s.device.switch!.runUntilIdle();
    const m = (await stream.next()) as { digest: { digest_id: number; data: { struct: { members: { bitstring: Uint8Array }[] } }[] } };
    expect(m.digest.digest_id).toBe(digestId);
    expect(m.digest.data.map((d) => d.struct.members.map((x) => [...x.bitstring]))).toEqual([[[0xaa], [5]]]);
  });

  it('multicast groups and clone sessions reach the PSA switch\'s replication engine', async () => {
    await write([{ type: 'INSERT', entity: { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 5, replicas: [{ egress_port: 1, instance: 1 }, { egress_port: 2, instance: 2 }] } } } }]);
    expect(s.device.switch!.multicast.members(5)).toEqual([
      { rid: 1, port: 1 },
      { rid: 2, port: 2 },
    ]);
    await write([{ type: 'INSERT', entity: { packet_replication_engine_entry: { clone_session_entry: { session_id: 7, replicas: [{ egress_port: 3 }] } } } }]);
    expect(s.device.switch!.mirroring.get(7)).toEqual({ egressPort: 3 });
  });
});

describe('examples/l3-router programmed only through P4Runtime forwards what its entries JSON makes it forward', () => {
  const dir = `${root}examples/l3-router/`;
  const frames = [1, 2].flatMap((port) => readPcapFile(`${dir}in-port${port}.pcap`).records.map((r) => [port, r.data] as const));
  const ip = (text: string) => Uint8Array.from(text.split('.').map(Number));
  const mac = (text: string) => Uint8Array.from(text.split(':').map((h) => parseInt(h, 16)));

  for (const mode of ['sync', 'context', 'longjump'] as const) {
    it(`${mode}`, async () => {
      // Reference: the entries JSON on a switch of its own.
      const reference = await compileForServe(`${dir}l3-router.p4`, mode, mode !== 'sync');
      const program = asV1Program(reference.createProgram(), 'the test');
      const expected: [number, string][] = [];
      const sw = new V1Switch(program, { ...createExecution(program, { coprocessor: 'inline', burst: 32, flushUs: 100 }).switchOptions, onOutput: (port, b) => expected.push([port, Buffer.from(b).toString('hex')]) });
      const tables = [...program.objects.entries()].filter((e) => e.kind === 'table').map((e) => e.object as RuntimeTable);
      expect(loadEntriesJson(readFileSync(`${dir}entries.json`, 'utf8'), 'entries.json', { tables }).diagnostics).toEqual([]);
      for (const [port, data] of frames) sw.inject(port, data);
      sw.runUntilIdle();

      const s = await serve(`${dir}l3-router.p4`, mode);
      const c = connect(s.server.port);
      const stream = await becomePrimary(c, 1);
      try {
        const info = s.program.p4info;
        const lpm = id(info, 'tables', 'RouterIngress.ipv4_lpm');
        const macs = id(info, 'tables', 'RouterIngress.next_hop_macs');
        const route = id(info, 'actions', 'RouterIngress.route');
        const setMacs = id(info, 'actions', 'RouterIngress.set_macs');
        const routes: [string, number, number, number][] = [
          ['10.0.1.0', 24, 1, 2],
          ['10.0.1.128', 25, 3, 3],
          ['10.0.2.0', 24, 2, 1],
          ['10.0.9.0', 24, 9, 4],
        ];
        const hops: [number, string, string][] = [
          [1, '00:00:00:00:0a:02', '00:00:00:00:01:01'],
          [2, '00:00:00:00:0a:01', '00:00:00:00:02:02'],
          [3, '00:00:00:00:0a:03', '00:00:00:00:01:81'],
        ];
        const updates = [
          ...routes.map(([prefix, len, hop, port]) => ({
            type: 'INSERT',
            entity: { table_entry: { table_id: lpm, match: [{ field_id: 1, lpm: { value: ip(prefix), prefix_len: len } }], action: { action: { action_id: route, params: [{ param_id: 1, value: Uint8Array.of(hop) }, { param_id: 2, value: Uint8Array.of(port) }] } } } },
          })),
          ...hops.map(([hop, router, next]) => ({
            type: 'INSERT',
            entity: { table_entry: { table_id: macs, match: [{ field_id: 1, exact: { value: Uint8Array.of(hop) } }], action: { action: { action_id: setMacs, params: [{ param_id: 1, value: mac(router) }, { param_id: 2, value: mac(next) }] } } } },
          })),
        ];
        await c.unary('Write', { device_id: 1, election_id: { low: 1 }, updates });
        for (const [port, data] of frames) s.device.switch!.inject(port, data);
        s.device.switch!.runUntilIdle();
        expect(expected.length).toBeGreaterThan(0);
        expect(s.out).toEqual(expected);
      } finally {
        stream.end();
        c.close();
        await s.server.close();
      }
    });
  }
});
