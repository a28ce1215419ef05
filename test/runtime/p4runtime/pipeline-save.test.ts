/**
 * SetForwardingPipelineConfig's VERIFY_AND_SAVE and COMMIT over gRPC on 127.0.0.1: after a save,
 * packets keep running on the installed program and its entries while Read and Write refer to
 * the saved config; COMMIT puts the saved program on the packet path with exactly the entries
 * written since the save. The installed program is test/fixtures/p4runtime/packet-io.p4
 * (forwards on the destination MAC), the saved one by-source.p4 (forwards on the source MAC).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileForServe } from '../../../cli/serve/host.ts';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { connect, type TestClient, type TestStream } from './client.ts';
import { INVALID_ARGUMENT, NOT_FOUND, OK, PERMISSION_DENIED } from './grpc-codes.ts';
import { becomePrimary, bytes, failure, id, serve, type Served } from './served.ts';

const fixtures = new URL('../../fixtures/p4runtime/', import.meta.url).pathname;
const election = { low: 10 };

describe('SetForwardingPipelineConfig VERIFY_AND_SAVE and COMMIT', () => {
  let bySource: P4Info;
  const bySourceText = readFileSync(`${fixtures}by-source.p4`);
  let s: Served;
  let c: TestClient;
  let stream: TestStream;

  beforeAll(async () => {
    bySource = (await compileForServe(`${fixtures}by-source.p4`, 'sync', false)).p4info;
  });
  beforeEach(async () => {
    s = await serve(`${fixtures}packet-io.p4`);
    c = connect(s.server.port);
    stream = await becomePrimary(c, 10);
  });
  afterEach(async () => {
    stream.end();
    c.close();
    await s.server.close();
  });

  const set = (action: string, config?: object, extra: object = {}) => c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: election, action, ...(config !== undefined ? { config } : {}), ...extra });
  const code = (p: Promise<unknown>) => p.then(() => OK, (e: unknown) => failure(e).code);
  const save = () => set('VERIFY_AND_SAVE', { p4info: bySource, p4_device_config: Uint8Array.from(bySourceText) });
  const write = (updates: object[]) => c.unary('Write', { device_id: 1, election_id: election, updates });
  /** packet-io.p4: destination MAC → port. */
  const byDst = (dst: string, port: number) => {
    const info = s.program.p4info;
    return { table_entry: { table_id: id(info, 'tables', 'I.fwd'), match: [{ field_id: 1, exact: { value: bytes(dst) } }], action: { action: { action_id: id(info, 'actions', 'I.forward'), params: [{ param_id: 1, value: Uint8Array.of(port) }] } } } };
  };
  /** by-source.p4: source MAC → port. */
  const bySrc = (src: string, port: number) => ({ table_entry: { table_id: id(bySource, 'tables', 'I.by_src'), match: [{ field_id: 1, exact: { value: bytes(src) } }], action: { action: { action_id: id(bySource, 'actions', 'I.send'), params: [{ param_id: 1, value: Uint8Array.of(port) }] } } } });
  /** The egress ports of one frame per source MAC, all to destination 000000000001, on the switch packets run on. */
  const ports = (...srcs: string[]): number[] => {
    s.out.length = 0;
    for (const src of srcs) s.device.switch!.inject(1, bytes('000000000001' + src + '0800'));
    s.device.switch!.runUntilIdle();
    return s.out.map(([p]) => p);
  };

  it('after a save packets run on the old program and entries; writes go to the saved config; COMMIT swaps it in with exactly those', async () => {
    await write([{ type: 'INSERT', entity: byDst('000000000001', 2) }]);
    expect(ports('0000000000aa')).toEqual([2]);
    const running = s.device.switch;

    await save();
    expect(s.device.switch).toBe(running);
    expect(ports('0000000000aa')).toEqual([2]);

    // Write refers to the saved config: its ids work, the installed program's do not
    await write([{ type: 'INSERT', entity: bySrc('0000000000aa', 5) }]);
    expect(await code(write([{ type: 'INSERT', entity: byDst('000000000002', 3) }]))).not.toBe(OK);
    await write([{ type: 'INSERT', entity: { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 9, replicas: [{ port: Uint8Array.of(4), instance: 1 }] } } } }]);
    // ... and Read too: only the entry written since the save
    const read = await c.read({ device_id: 1, entities: [{ table_entry: {} }] });
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ table_entry: { table_id: id(bySource, 'tables', 'I.by_src') } });
    const got = (await c.unary('GetForwardingPipelineConfig', { device_id: 1 })) as { config: { p4info: P4Info } };
    expect(id(got.config.p4info, 'tables', 'I.by_src')).toBe(id(bySource, 'tables', 'I.by_src'));
    expect(id(got.config.p4info, 'tables', 'I.fwd')).toBe(-1);

    // packets still see none of it
    expect(ports('0000000000aa', '0000000000bb')).toEqual([2, 2]);
    expect(s.device.switch!.multicast.raw(9)).toBeUndefined();

    await set('COMMIT');
    expect(s.device.switch).not.toBe(running);
    // the new program with exactly the entries written since the save
    expect(ports('0000000000aa', '0000000000bb')).toEqual([5]);
    expect(s.device.switch!.multicast.members(9)).toEqual([{ rid: 1, port: 4 }]);
    expect(await c.read({ device_id: 1, entities: [{ table_entry: {} }] })).toHaveLength(1);
    // committed: nothing saved any more
    expect(await code(set('COMMIT'))).toBe(NOT_FOUND);
  });

  it('COMMIT without a saved config is NOT_FOUND, COMMIT with a config INVALID_ARGUMENT, a save without a config or with one that does not compile INVALID_ARGUMENT', async () => {
    expect(await code(set('COMMIT'))).toBe(NOT_FOUND);
    await save();
    expect(await code(set('COMMIT', { p4info: bySource, p4_device_config: Uint8Array.from(bySourceText) }))).toBe(INVALID_ARGUMENT);
    expect(await code(set('VERIFY_AND_SAVE'))).toBe(INVALID_ARGUMENT);
    expect(await code(set('VERIFY_AND_SAVE', { p4info: bySource, p4_device_config: bytes('6e6f742070342121') }))).toBe(INVALID_ARGUMENT);
    // the failed saves left the first one in place
    await set('COMMIT');
    expect(id(((await c.unary('GetForwardingPipelineConfig', { device_id: 1 })) as { config: { p4info: P4Info } }).config.p4info, 'tables', 'I.by_src')).not.toBe(-1);
  });

  it('the checks before any action: unknown device NOT_FOUND, not the primary PERMISSION_DENIED', async () => {
    await save();
    expect(await code(c.unary('SetForwardingPipelineConfig', { device_id: 2, election_id: election, action: 'COMMIT' }))).toBe(NOT_FOUND);
    expect(await code(c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: { low: 9 }, action: 'COMMIT' }))).toBe(PERMISSION_DENIED);
    expect(await code(c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: { low: 9 }, action: 'VERIFY_AND_SAVE', config: { p4info: bySource, p4_device_config: Uint8Array.from(bySourceText) } }))).toBe(PERMISSION_DENIED);
    expect(s.device.hasSavedConfig).toBe(true);
  });

  it('a second save replaces the first and its writes; VERIFY_AND_COMMIT after a save discards it', async () => {
    await save();
    await write([{ type: 'INSERT', entity: bySrc('0000000000aa', 5) }]);
    await save();
    await write([{ type: 'INSERT', entity: bySrc('0000000000bb', 6) }]);
    await set('COMMIT');
    expect(ports('0000000000aa', '0000000000bb')).toEqual([6]);

    await set('VERIFY_AND_SAVE', { p4info: s.program.p4info });
    await write([{ type: 'INSERT', entity: byDst('000000000001', 2) }]);
    expect(ports('0000000000aa', '0000000000bb')).toEqual([6]);
    await set('VERIFY_AND_COMMIT', { p4info: s.program.p4info });
    expect(s.device.hasSavedConfig).toBe(false);
    expect(await code(set('COMMIT'))).toBe(NOT_FOUND);
    // VERIFY_AND_COMMIT cleared the forwarding state: packet-io.p4 without entries drops
    expect(ports('0000000000aa', '0000000000bb')).toEqual([]);
  });
});
