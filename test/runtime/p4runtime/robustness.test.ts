/**
 * Property-based robustness of the P4Runtime server, end to end over gRPC on 127.0.0.1 (fast-check,
 * fixed seeds, bounded runs): random Write batches built from the served program's P4Info with
 * invalid mutations, under each atomicity, against a model of the table entries; random bytes
 * sent to each RPC; random and malformed StreamChannel messages. Bad input gets a status with
 * one of the specification's codes (never INTERNAL), and the server keeps serving.
 *
 * Runs (seed 20261207): 80 batches of 1-6 updates, half of them invalid (CONTINUE_ON_ERROR), and
 * 80 of 1-3, a quarter invalid (ROLLBACK_ON_ERROR, DATAPLANE_ATOMIC: so that some batches succeed
 * whole); 60 (CONTINUE_ON_ERROR) and 120 batches of 1-4 updates of counters, meters, registers, value
 * sets, direct counters and default entries with their direct counters and meters (ids, indexes, data at random: a failed atomic batch
 * must leave them all as they were); 200 random byte strings to the five unary/server-streaming RPCs; 60 streams of random messages and 60 of random bytes. Valid updates
 * use a few values per field so that keys collide (ALREADY_EXISTS, MODIFY/DELETE of present entries).
 * What this found: bytes that are not the request message were answered INTERNAL (grpc-js, when the
 * decoder throws); now INVALID_ARGUMENT (regression test in server.test.ts).
 * The table-write property is in table-write-property.ts (also run on a PSA program by
 * robustness-psa.test.ts); the packet replication engine's property is robustness-pre.test.ts.
 */
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { connect, type TestClient } from './client.ts';
import { failure, serve, useServedSession, type Served } from './served.ts';
import { ABORTED, INVALID_ARGUMENT, OK, UNKNOWN } from './grpc-codes.ts';
import { CALL_CODES, describeTableWriteProperty, hexed, SEED, sortedEntries, UPDATE_CODES, type Json } from './table-write-property.ts';

const root = new URL('../../../', import.meta.url).pathname;

// conformance.p4's writable tables have no exact field
describeTableWriteProperty('conformance.p4', `${root}test/fixtures/p4runtime/conformance.p4`, 5, ['a missing exact field']);


// ---- the other entities a Write changes -------------------------------------------------------------

/** Updates of counters, meters, registers, value sets, direct counters and default entries (with their direct counters and meters): ids from the P4Info or unknown, indexes in and out of range, random data. */
function otherUpdate(info: P4Info): fc.Arbitrary<{ type: string; entity: Json }> {
  // mostly valid ids, indexes and types, so that atomic batches have updates to roll back
  const idOf = (xs: readonly { preamble: { id: number } }[] | undefined) => {
    const known = (xs ?? []).map((x) => x.preamble.id);
    return known.length === 0 ? fc.constantFrom(0, 0x12fffff0) : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.constantFrom(0, 0x12fffff0) });
  };
  const index = fc.option(fc.record({ index: fc.constantFrom(0, 1, 0, 1, -1, 3, 4, 2 ** 40) }), { nil: undefined, freq: 6 });
  const count = fc.constantFrom('0', '1', '5000', '18446744073709551615');
  const tables = (info.tables ?? []).map((t) => t.preamble.id);
  const meterConfig = fc.record({ cir: count, cburst: count, pir: count, pburst: count }, { requiredKeys: [] });
  // mostly without a match (a match with is_default_action is INVALID_ARGUMENT)
  const withMatch = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
  const defaultEntryKey = fc
    .tuple(fc.constantFrom(...tables), withMatch)
    .map(([table_id, match]) => ({ table_id, is_default_action: true, ...(match ? { match: [{ field_id: 1, exact: { value: Uint8Array.of(1) } }] } : {}) }));
  const entity = fc.oneof(
    { weight: 3, arbitrary: fc.record({ counter_entry: fc.record({ counter_id: idOf(info.counters), index, data: fc.record({ packet_count: count, byte_count: count }) }) }) },
    fc.record({ counter_entry: fc.record({ counter_id: idOf(info.counters), index, data: fc.option(fc.record({ packet_count: count, byte_count: count }, { requiredKeys: [] }), { nil: undefined }) }, { requiredKeys: ['counter_id'] }) }),
    fc.record({ meter_entry: fc.record({ meter_id: idOf(info.meters), index, config: fc.option(fc.record({ cir: count, cburst: count, pir: count, pburst: count }, { requiredKeys: [] }), { nil: undefined }) }, { requiredKeys: ['meter_id'] }) }),
    fc.record({ register_entry: fc.record({ register_id: idOf(info.registers), index, data: fc.option(fc.record({ bitstring: fc.uint8Array({ maxLength: 3 }) }), { nil: undefined }) }, { requiredKeys: ['register_id'] }) }),
    fc.record({ value_set_entry: fc.record({ value_set_id: idOf(info.value_sets), members: fc.array(fc.record({ match: fc.array(fc.record({ field_id: fc.constantFrom(1, 2), exact: fc.record({ value: fc.uint8Array({ maxLength: 3 }) }) }), { maxLength: 2 }) }), { maxLength: 3 }) }) }),
    fc.record({ direct_counter_entry: fc.record({ table_entry: fc.record({ table_id: fc.constantFrom(...tables, 0x02fffff0) }), data: fc.record({ packet_count: count }) }) }),
    // the default entry's direct counter and meter (a match with it: INVALID_ARGUMENT)
    fc.record({ direct_counter_entry: fc.record({ table_entry: defaultEntryKey, data: fc.record({ packet_count: count }) }) }),
    fc.record({ direct_meter_entry: fc.record({ table_entry: defaultEntryKey, config: meterConfig }, { requiredKeys: ['table_entry'] }) }),
    fc.record(
      {
        table_entry: fc.record(
          {
            table_id: fc.constantFrom(...tables),
            is_default_action: fc.constant(true),
            action: fc.record({ action: fc.record({ action_id: fc.constantFrom(...(info.actions ?? []).map((a) => a.preamble.id), 0x01fffff0), params: fc.array(fc.record({ param_id: fc.constantFrom(1, 2), value: fc.uint8Array({ maxLength: 3 }) }), { maxLength: 2 }) }) }),
            counter_data: fc.record({ packet_count: count }),
            meter_config: meterConfig,
          },
          { requiredKeys: ['table_id', 'is_default_action', 'action'] },
        ),
      },
    ),
  );
  return fc.record({ type: fc.constantFrom('MODIFY', 'MODIFY', 'MODIFY', 'MODIFY', 'MODIFY', 'INSERT', 'DELETE', 'UNSPECIFIED'), entity });
}

describe('P4Runtime robustness: random updates of the other entities (conformance.p4)', () => {
  const ELECTION = 6;
  const session = useServedSession(`${root}test/fixtures/p4runtime/conformance.p4`, ELECTION);
  const info = (): P4Info => session.s.program.p4info;
  /** Everything these updates may change: each request read on its own (wildcards), sorted. */
  const snapshot = async (): Promise<string[]> => {
    const requests: Json[] = [{ counter_entry: {} }, { meter_entry: {} }, { register_entry: {} }, { table_entry: { is_default_action: true, counter_data: {}, meter_config: {} } }, ...(info().value_sets ?? []).map((v) => ({ value_set_entry: { value_set_id: v.preamble.id } })), ...(info().direct_counters ?? []).map((d) => ({ direct_counter_entry: { table_entry: { table_id: d.direct_table_id } } })), ...(info().direct_meters ?? []).map((d) => ({ direct_meter_entry: { table_entry: { table_id: d.direct_table_id } } })), ...(info().direct_counters ?? []).map((d) => ({ direct_counter_entry: { table_entry: { table_id: d.direct_table_id, is_default_action: true } } })), ...(info().direct_meters ?? []).map((d) => ({ direct_meter_entry: { table_entry: { table_id: d.direct_table_id, is_default_action: true } } }))];
    const out: string[] = [];
    for (const r of requests) out.push(...sortedEntries(await session.c.read({ device_id: 1, entities: [r] })));
    return out.sort();
  };

  for (const atomicity of ['CONTINUE_ON_ERROR', 'ROLLBACK_ON_ERROR', 'DATAPLANE_ATOMIC']) {
    it(`${atomicity}: every update gets a specified code; a failed atomic batch changes nothing`, async () => {
      const tally = { ok: 0, failed: 0, rolledBack: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(otherUpdate(info()), { minLength: 1, maxLength: 4 }), async (updates) => {
          const before = await snapshot();
          const r = await session.write(updates, atomicity).then(() => ({ code: OK, errors: [] as { canonical_code?: number }[] }), failure);
          expect([hexed(updates), r.code]).toEqual([hexed(updates), r.code === OK ? OK : UNKNOWN]);
          const codes = r.code === OK ? updates.map(() => OK) : r.errors.map((x) => x.canonical_code ?? OK);
          expect(codes).toHaveLength(updates.length);
          for (const c of codes) expect([hexed(updates), [OK, ...UPDATE_CODES].includes(c)]).toEqual([hexed(updates), true]);
          if (atomicity !== 'CONTINUE_ON_ERROR' && r.code !== OK) {
            expect(codes.filter((c) => c !== ABORTED)).toHaveLength(1);
            expect(await snapshot()).toEqual(before);
            tally.rolledBack += codes.findIndex((c) => c !== ABORTED);
          }
          tally.ok += codes.filter((c) => c === OK).length;
          tally.failed += codes.filter((c) => c !== OK).length;
        }),
        { numRuns: atomicity === 'CONTINUE_ON_ERROR' ? 60 : 120, seed: SEED },
      );
      // the updates did both, and (atomic) some succeeded before a failure and were rolled back
      expect([tally, Math.min(atomicity === 'CONTINUE_ON_ERROR' ? tally.ok : tally.rolledBack, tally.failed) >= 10]).toEqual([tally, true]);
    }, 60_000);
  }
});

// ---- raw bytes and the stream ----------------------------------------------------------------

const identity = (b: Buffer) => b;
const UNARY = ['Write', 'SetForwardingPipelineConfig', 'GetForwardingPipelineConfig', 'Capabilities'];

function rawUnary(client: grpc.Client, method: string, payload: Uint8Array): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(`/p4.v1.P4Runtime/${method}`, identity, identity, Buffer.from(payload), (error) => resolve(error ? { code: error.code, details: error.details } : { code: OK, details: '' }));
  });
}

function rawRead(client: grpc.Client, payload: Uint8Array): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    const s = client.makeServerStreamRequest('/p4.v1.P4Runtime/Read', identity, identity, Buffer.from(payload));
    s.on('data', () => {});
    s.on('error', (e: grpc.ServiceError) => resolve({ code: e.code, details: e.details }));
    s.on('end', () => resolve({ code: OK, details: '' }));
  });
}

describe('P4Runtime robustness: raw bytes and stream messages (packet-io.p4)', () => {
  let s: Served;
  let c: TestClient;
  let raw: grpc.Client;
  beforeAll(async () => {
    s = await serve(`${root}test/fixtures/p4runtime/packet-io.p4`);
    c = connect(s.server.port);
    raw = new grpc.Client(`127.0.0.1:${s.server.port}`, grpc.credentials.createInsecure());
  });
  afterAll(async () => {
    raw?.close();
    c?.close();
    await s?.server.close();
  });

  /** A well-formed client is still served: Capabilities, a wildcard Read, and arbitration on a new stream. */
  let checks = 0;
  const stillServes = async () => {
    checks++; // an election id above every one sent before (the primary holds the highest id ever seen)
    expect(await c.unary('Capabilities', {})).toMatchObject({ p4runtime_api_version: '1.5.0' });
    await c.read({ device_id: 1, entities: [{ table_entry: {} }] });
    const stream = c.stream();
    stream.send({ arbitration: { device_id: 1, election_id: { high: 1 + checks, low: 0 } } });
    expect(((await stream.next()) as { arbitration: { status: { code: number } } }).arbitration.status.code).toBe(OK);
    stream.end();
    expect((await stream.ended()).code).toBe(OK);
  };

  it('random bytes to each unary RPC and to Read: a status of the specification (never INTERNAL), and the server still answers', async () => {
    const seen = new Map<string, Set<number>>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...UNARY, 'Read'), fc.uint8Array({ maxLength: 96 }), async (method, payload) => {
        const r = method === 'Read' ? await rawRead(raw, payload) : await rawUnary(raw, method, payload);
        expect([method, Buffer.from(payload).toString('hex'), CALL_CODES.includes(r.code)]).toEqual([method, Buffer.from(payload).toString('hex'), true]);
        const codes = seen.get(method) ?? new Set<number>();
        seen.set(method, codes.add(r.code));
      }),
      { numRuns: 200, seed: SEED },
    );
    await stillServes();
    // every RPC got something it could not decode at least once, and said so
    for (const m of [...UNARY, 'Read']) expect([m, seen.get(m)?.has(INVALID_ARGUMENT)]).toEqual([m, true]);
  }, 60_000);

  const streamMessage = fc.oneof(
    fc.record({ arbitration: fc.record({ device_id: fc.constantFrom(0, 1, 2, 2 ** 32), election_id: fc.record({ high: fc.constantFrom(0, 1), low: fc.constantFrom(0, 1, 7, 2 ** 32 - 1) }, { requiredKeys: [] }), role: fc.option(fc.record({ name: fc.constantFrom('', 'r1', 'x'.repeat(300)) }), { nil: undefined }) }, { requiredKeys: ['device_id'] }) }),
    fc.record({ packet: fc.record({ payload: fc.uint8Array({ maxLength: 40 }), metadata: fc.array(fc.record({ metadata_id: fc.constantFrom(0, 1, 2, 9), value: fc.uint8Array({ maxLength: 5 }) }), { maxLength: 3 }) }) }),
    fc.record({ digest_ack: fc.record({ digest_id: fc.constantFrom(0, 1, 0x3fffffff), list_id: fc.constantFrom(0, 1, 99) }) }),
    fc.record({ other: fc.record({ type_url: fc.constantFrom('', 'type.googleapis.com/p4.v1.Nothing'), value: fc.uint8Array({ maxLength: 8 }) }) }),
    fc.constant({}),
  );

  it('random StreamChannel messages: the stream ends with a specified status, the server keeps serving', async () => {
    const ends = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.array(streamMessage, { minLength: 1, maxLength: 6 }), async (messages) => {
        const stream = c.stream();
        for (const m of messages) stream.send(m);
        stream.end();
        const end = await stream.ended();
        expect([JSON.stringify(messages), CALL_CODES.includes(end.code)]).toEqual([JSON.stringify(messages), true]);
        ends.add(end.code);
      }),
      { numRuns: 60, seed: SEED },
    );
    await stillServes();
    expect(ends.has(OK)).toBe(true);
  }, 60_000);

  it('random bytes on StreamChannel: the stream ends with a specified status, the server keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 48 }), { minLength: 1, maxLength: 4 }), async (frames) => {
        const end = await new Promise<{ code: number }>((resolve) => {
          const call = raw.makeBidiStreamRequest('/p4.v1.P4Runtime/StreamChannel', identity, identity);
          call.on('data', () => {});
          call.on('error', (e: grpc.ServiceError) => resolve({ code: e.code }));
          call.on('status', (st: grpc.StatusObject) => resolve({ code: st.code }));
          for (const f of frames) call.write(Buffer.from(f));
          call.end();
        });
        expect([frames.map((f) => Buffer.from(f).toString('hex')), CALL_CODES.includes(end.code)]).toEqual([frames.map((f) => Buffer.from(f).toString('hex')), true]);
      }),
      { numRuns: 60, seed: SEED },
    );
    await stillServes();
  }, 60_000);
});
