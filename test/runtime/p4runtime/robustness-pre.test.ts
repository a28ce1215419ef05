/**
 * Property-based robustness of the P4Runtime server's packet replication engine, end to end over
 * gRPC on 127.0.0.1 (fast-check, fixed seed, bounded runs): random batches of multicast group and
 * clone session updates (INSERT/MODIFY/DELETE, ids 0, in range and out of range, replicas with
 * random, invalid and duplicate ports and instances, class_of_service, packet_length_bytes,
 * metadata) under each atomicity, against a model of the PRE entries, on a v1model program
 * (conformance.p4: no classes of service, 9-bit ports 0..510) and a PSA program (psa-clone.p4:
 * ClassOfService_t bit<8>, 32-bit PortId_t with PSA_PORT_CPU and PSA_PORT_RECIRCULATE).
 *
 * The model: a valid update has the code its presence says (INSERT of a present id ALREADY_EXISTS,
 * MODIFY/DELETE of an absent one NOT_FOUND); an invalid one fails with one of the codes its faults
 * give (several faults: any of theirs, the specification fixes no order of checks); a failed atomic
 * batch's first failure has its code, the others ABORTED, and a Read of the PRE entries is as
 * before; CONTINUE_ON_ERROR applies exactly the updates that got OK. Read back always equals the model.
 *
 * Runs (seed 20261207): per program, 60 batches of 1-6 updates (CONTINUE_ON_ERROR) and 80 of 1-3
 * (ROLLBACK_ON_ERROR, DATAPLANE_ATOMIC).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABORTED, ALREADY_EXISTS, INVALID_ARGUMENT, NOT_FOUND, OK, OUT_OF_RANGE, UNIMPLEMENTED, UNKNOWN } from './grpc-codes.ts';
import { failure, useServedSession } from './served.ts';
import { bytesOf, SEED } from './table-write-property.ts';

const bytesOfNumber = (v: number): Uint8Array => bytesOf(BigInt(v));

const root = new URL('../../../', import.meta.url).pathname;


type Json = Record<string, unknown>;

const numberOf = (b: Uint8Array): number => [...b].reduce((a, x) => a * 256 + x, 0);
const hexed = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

// ---- random updates ---------------------------------------------------------------------------

/**
 * Updates of multicast groups and clone sessions, `validWeight` to 1 for each choice between a
 * valid value and a faulty one on a switch whose largest class of service is `maxCos` and whose
 * replica ports are `ports` (ids 0 and out of range, ports that are not ports of the switch or
 * wider than the architecture's port, instances above 16 bits, classes of service, negative lengths, no entry, no type).
 */
function preUpdate(validWeight: number, maxCos: number, ports: PortRules): fc.Arbitrary<PreUpdate> {
  const pick = <T,>(valid: readonly T[], faulty: readonly T[]) => fc.oneof({ weight: validWeight, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...faulty) });
  // a port as `egress_port` or as `port` bytes; few values, so that replicas repeat
  const port = fc.oneof(
    { weight: 2 * validWeight, arbitrary: pick(ports.valid, ports.faulty).map((p): Json => ({ egress_port: p })) },
    { weight: 2 * validWeight, arbitrary: pick(ports.valid, [...ports.faulty, ...ports.tooWide]).map((p): Json => ({ port: bytesOfNumber(p) })) },
    { weight: 1, arbitrary: fc.constant<Json>({ port: new Uint8Array() }) },
  );
  const replica = fc.tuple(port, fc.option(pick([0, 1, 7, 65535], [65536]), { nil: undefined })).map(([p, instance]) => ({ ...p, ...(instance !== undefined ? { instance } : {}) }));
  const replicas = fc.array(replica, { maxLength: 3 });
  const multicast = fc.record({
    multicast_group_id: pick([1, 2, 3, 65535], [0, 65536]),
    replicas,
    metadata: fc.option(fc.constantFrom(new Uint8Array(), Uint8Array.of(1), Uint8Array.of(0xab, 0xcd)), { nil: undefined }),
  });
  const cloneSession = fc.record({
    session_id: pick([1, 2, 3, 32767], [0, 32768]),
    replicas: fc.array(replica, { minLength: validWeight < 4 ? 0 : 1, maxLength: 3 }),
    class_of_service: fc.option(maxCos === 0 ? pick([0], [1, 255]) : pick([0, 1, maxCos], [maxCos + 1]), { nil: undefined, freq: 2 }),
    packet_length_bytes: fc.option(pick([0, 16], [-1]), { nil: undefined, freq: 2 }),
  });
  return fc.record({
    type: pick(['INSERT', 'INSERT', 'MODIFY', 'DELETE'], ['UNSPECIFIED']),
    entity: fc.oneof(
      { weight: 4 * validWeight, arbitrary: multicast.map((m) => ({ packet_replication_engine_entry: { multicast_group_entry: m } })) },
      { weight: 4 * validWeight, arbitrary: cloneSession.map((s) => ({ packet_replication_engine_entry: { clone_session_entry: s } })) },
      { weight: 1, arbitrary: fc.constant({ packet_replication_engine_entry: {} }) },
    ),
  });
}
type PreUpdate = { type: string; entity: Json };

/**
 * An architecture's replica ports: the width of `Replica.port` strings, the ports of the switch,
 * and values to try (valid, not a port of the switch, wider than the width as bytes).
 */
interface PortRules {
  readonly width: number;
  readonly isPort: (port: number) => boolean;
  readonly valid: readonly number[];
  readonly faulty: readonly number[];
  readonly tooWide: readonly number[];
}

/** v1model: egress_spec is bit<9>; 511 is the drop port, not one replicas go to. */
const V1MODEL_PORTS: PortRules = { width: 9, isPort: (p) => p >= 0 && p <= 510, valid: [0, 1, 2, 510], faulty: [511, 512, 70000], tooWide: [512] };
/** PSA: PortId_t is bit<32>; ports 0..511, PSA_PORT_CPU and PSA_PORT_RECIRCULATE. */
const PSA_PORTS: PortRules = {
  width: 32,
  isPort: (p) => (p >= 0 && p <= 511) || p === 0xfffffffd || p === 0xfffffffa,
  valid: [0, 1, 511, 0xfffffffd, 0xfffffffa],
  faulty: [512, 70000, 0xfffffffe],
  tooWide: [2 ** 32 + 0xfffffffd],
};

// ---- the model: key (m<group> / c<session>) → canonical contents --------------------------------

interface ReplicaValue {
  readonly port: number;
  readonly instance: number;
}

/** A written replica's (port, instance), and the codes it fails with (none: valid). */
function replicaOf(r: Json, ports: PortRules): { value: ReplicaValue; faults: number[] } {
  const instance = (r['instance'] as number | undefined) ?? 0;
  const faults: number[] = [];
  let port: number;
  if (r['port'] !== undefined) {
    const b = r['port'] as Uint8Array;
    port = numberOf(b);
    if (b.length === 0) faults.push(INVALID_ARGUMENT);
    else if (port >= 2 ** ports.width) faults.push(OUT_OF_RANGE);
    else if (!ports.isPort(port)) faults.push(INVALID_ARGUMENT);
  } else {
    // the deprecated uint32 egress_port: any value not a port of the switch
    port = r['egress_port'] as number;
    if (!ports.isPort(port)) faults.push(INVALID_ARGUMENT);
  }
  if (instance > 0xffff) faults.push(INVALID_ARGUMENT, OUT_OF_RANGE);
  return { value: { port, instance }, faults };
}

const canonicalReplicas = (rs: readonly ReplicaValue[]) =>
  rs
    .map((r) => `${r.port}/${r.instance}`)
    .sort()
    .join(',');

/** The PRE entries read back, as the model's map. */
function modelOf(entities: Json[]): Map<string, string> {
  const model = new Map<string, string>();
  for (const x of entities) {
    const pre = x['packet_replication_engine_entry'] as Json;
    const readReplicas = (rs: Json[] | undefined) => (rs ?? []).map((r) => ({ port: numberOf(r['port'] as Uint8Array), instance: (r['instance'] as number | undefined) ?? 0 }));
    if (pre['multicast_group_entry']) {
      const g = pre['multicast_group_entry'] as Json;
      const metadata = g['metadata'] as Uint8Array | undefined;
      model.set(`m${g['multicast_group_id'] ?? 0}`, `${canonicalReplicas(readReplicas(g['replicas'] as Json[]))}|${metadata !== undefined ? Buffer.from(metadata).toString('hex') : ''}`);
    } else {
      const s = pre['clone_session_entry'] as Json;
      model.set(`c${s['session_id'] ?? 0}`, `${canonicalReplicas(readReplicas(s['replicas'] as Json[]))}|${s['class_of_service'] ?? 0}|${s['packet_length_bytes'] ?? 0}`);
    }
  }
  return model;
}

/**
 * The codes `u` may get on `model` ([OK]: it succeeds, and the model is changed in place), on a
 * switch whose largest class of service is `maxCos`.
 */
function predict(model: Map<string, string>, u: PreUpdate, maxCos: number, ports: PortRules): number[] {
  const pre = u.entity['packet_replication_engine_entry'] as Json;
  if (u.type === 'UNSPECIFIED' || (!pre['multicast_group_entry'] && !pre['clone_session_entry'])) return [INVALID_ARGUMENT];
  const group = pre['multicast_group_entry'] as Json | undefined;
  const entry = (group ?? pre['clone_session_entry']) as Json;
  const id = (group ? entry['multicast_group_id'] : entry['session_id']) as number;
  const maxId = group ? 0xffff : 32767;
  if (id === 0) return [INVALID_ARGUMENT];
  if (id > maxId) return [OUT_OF_RANGE];
  const key = `${group ? 'm' : 'c'}${id}`;
  const present = model.has(key);
  const faults = new Set<number>();
  if (u.type === 'INSERT' && present) faults.add(ALREADY_EXISTS);
  if (u.type !== 'INSERT' && !present) faults.add(NOT_FOUND);
  let contents = '';
  if (u.type !== 'DELETE') {
    const rs = ((entry['replicas'] as Json[] | undefined) ?? []).map((r) => replicaOf(r, ports));
    for (const r of rs) r.faults.forEach((f) => faults.add(f));
    const keys = rs.map((r) => `${r.value.port}/${r.value.instance}`);
    if (new Set(keys).size !== keys.length) faults.add(INVALID_ARGUMENT); // a replica twice
    const values = rs.map((r) => r.value);
    if (group) {
      const metadata = entry['metadata'] as Uint8Array | undefined;
      contents = `${canonicalReplicas(values)}|${metadata !== undefined ? Buffer.from(metadata).toString('hex') : ''}`;
    } else {
      if (rs.length === 0) faults.add(INVALID_ARGUMENT); // a clone session needs a replica
      const cos = (entry['class_of_service'] as number | undefined) ?? 0;
      if (cos !== 0 && maxCos === 0) faults.add(UNIMPLEMENTED);
      else if (cos > maxCos) faults.add(INVALID_ARGUMENT);
      const length = (entry['packet_length_bytes'] as number | undefined) ?? 0;
      if (length < 0) faults.add(INVALID_ARGUMENT);
      contents = `${canonicalReplicas(values)}|${cos}|${Math.max(0, length)}`;
    }
  }
  if (faults.size > 0) return [...faults];
  if (u.type === 'DELETE') model.delete(key);
  else model.set(key, contents);
  return [OK];
}

function expectOneOf(what: string, code: number, expected: readonly number[]): void {
  expect([what, expected.includes(code) ? 'as expected' : `code ${code}, expected one of ${expected.join(', ')}`]).toEqual([what, 'as expected']);
}

// ---- the property, per program --------------------------------------------------------------

const PROGRAMS: { name: string; path: string; maxCos: number; ports: PortRules }[] = [
  { name: 'v1model conformance.p4', path: 'test/fixtures/p4runtime/conformance.p4', maxCos: 0, ports: V1MODEL_PORTS },
  { name: 'PSA psa-clone.p4', path: 'test/fixtures/p4runtime/psa-clone.p4', maxCos: 255, ports: PSA_PORTS },
];

for (const program of PROGRAMS) {
  describe(`P4Runtime robustness: random packet replication engine updates against a model (${program.name})`, () => {
    const ELECTION = 7;
    const session = useServedSession(`${root}${program.path}`, ELECTION);
    const readPre = async (): Promise<Json[]> => [
      ...(await session.c.read({ device_id: 1, entities: [{ packet_replication_engine_entry: { multicast_group_entry: {} } }] })),
      ...(await session.c.read({ device_id: 1, entities: [{ packet_replication_engine_entry: { clone_session_entry: {} } }] })),
    ];

    for (const atomicity of ['CONTINUE_ON_ERROR', 'ROLLBACK_ON_ERROR', 'DATAPLANE_ATOMIC']) {
      const continueOnError = atomicity === 'CONTINUE_ON_ERROR';
      it(`${atomicity}: each update gets the model's code, the PRE entries read back are the model's`, async () => {
        const tally = { ok: 0, failed: 0, okBatches: 0, rolledBack: 0 };
        const codesSeen = new Set<number>();
        await fc.assert(
          fc.asyncProperty(fc.array(preUpdate(continueOnError ? 3 : 8, program.maxCos, program.ports), { minLength: 1, maxLength: continueOnError ? 6 : 3 }), async (updates) => {
            const before = await readPre();
            const model = modelOf(before);
            const r = await session.write(updates, atomicity).then(() => ({ code: OK, errors: [] as { canonical_code?: number }[] }), failure);
            expect([hexed(updates), r.code]).toEqual([hexed(updates), r.code === OK ? OK : UNKNOWN]);
            const codes = r.code === OK ? updates.map(() => OK) : r.errors.map((x) => x.canonical_code ?? OK);
            expect(codes).toHaveLength(updates.length);
            const what = (i: number) => `update ${i} of ${hexed(updates)}`;
            if (continueOnError) {
              updates.forEach((u, i) => expectOneOf(what(i), codes[i]!, predict(model, u, program.maxCos, program.ports)));
            } else {
              const trial = new Map(model);
              const expected = updates.map((u) => predict(trial, u, program.maxCos, program.ports));
              const failedAt = expected.findIndex((e) => !e.includes(OK));
              if (failedAt < 0) {
                expect([hexed(updates), codes]).toEqual([hexed(updates), updates.map(() => OK)]);
                model.clear();
                for (const [k, v] of trial) model.set(k, v);
                tally.okBatches++;
              } else {
                codes.forEach((c, i) => {
                  if (i === failedAt) expectOneOf(what(i), c, expected[i]!);
                  else expect([what(i), c]).toEqual([what(i), ABORTED]);
                });
                // the PRE entries are exactly as before (a Read's order is not specified: compared sorted)
                expect((await readPre()).map(hexed).sort()).toEqual(before.map(hexed).sort());
                tally.rolledBack += failedAt;
              }
            }
            const after = modelOf(await readPre());
            expect(new Map([...after].sort())).toEqual(new Map([...model].sort()));
            codes.forEach((c) => codesSeen.add(c));
            tally.ok += codes.filter((c) => c === OK).length;
            tally.failed += codes.filter((c) => c !== OK).length;
          }),
          { numRuns: continueOnError ? 60 : 80, seed: SEED },
        );
        // the batches did both, and (atomic) some whole batches succeeded and some valid updates were rolled back
        expect([tally, Math.min(tally.ok, tally.failed) >= 10]).toEqual([tally, true]);
        if (!continueOnError) expect([tally, Math.min(tally.okBatches, tally.rolledBack) >= 3]).toEqual([tally, true]);
        const wanted = [OK, INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, OUT_OF_RANGE, ...(program.maxCos === 0 ? [UNIMPLEMENTED] : [])];
        if (continueOnError) expect(wanted.filter((c) => !codesSeen.has(c))).toEqual([]);
      }, 60_000);
    }
  });
}
