/**
 * The table-write property of the P4Runtime robustness tests, for any served program: random Write
 * batches built from its P4Info (valid updates with few values per field so that keys collide, and
 * updates made invalid by one of MUTATIONS) under each atomicity, against a model of the writable
 * tables' entries (see robustness.test.ts for the runs and what they found). Also the code sets
 * and the small helpers the robustness tests share.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { P4Info, Table } from '../../../runtime/p4runtime/p4info.ts';
import { ABORTED, ALREADY_EXISTS, FAILED_PRECONDITION, INVALID_ARGUMENT, NOT_FOUND, OK, OUT_OF_RANGE, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNIMPLEMENTED, UNKNOWN } from './grpc-codes.ts';
import { failure, useServedSession } from './served.ts';

export const SEED = 20261207;

/** The codes the specification gives a failed update (ABORTED: rolled back or not tried in an atomic batch). */
export const UPDATE_CODES = [INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, OUT_OF_RANGE, PERMISSION_DENIED, UNIMPLEMENTED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED];
/** The codes a whole call may end with when its request is bad (never INTERNAL). */
export const CALL_CODES = [OK, UNKNOWN, ...UPDATE_CODES];

// ---- the model of table entries: canonical keys and actions as strings -------------------------

export type Json = Record<string, unknown>;
const num = (b: Uint8Array | undefined): string => (b === undefined ? '-' : BigInt('0x0' + Buffer.from(b).toString('hex')).toString(16));

function canonicalMatch(m: Json): string {
  const f = m['field_id'];
  if (m['exact']) return `${f}=e${num((m['exact'] as Json)['value'] as Uint8Array)}`;
  if (m['lpm']) return `${f}=l${num((m['lpm'] as Json)['value'] as Uint8Array)}/${(m['lpm'] as Json)['prefix_len']}`;
  if (m['ternary']) return `${f}=t${num((m['ternary'] as Json)['value'] as Uint8Array)}&${num((m['ternary'] as Json)['mask'] as Uint8Array)}`;
  if (m['range']) return `${f}=r${num((m['range'] as Json)['low'] as Uint8Array)}..${num((m['range'] as Json)['high'] as Uint8Array)}`;
  if (m['optional']) return `${f}=o${num((m['optional'] as Json)['value'] as Uint8Array)}`;
  return `${f}=?`;
}

/** A table entry's key: table, priority and match fields (sorted by id). */
function canonicalKey(e: Json): string {
  const match = ((e['match'] as Json[] | undefined) ?? []).map(canonicalMatch).sort();
  return `${e['table_id']}/${Number(e['priority'] ?? 0)}/${match.join(',')}`;
}

function canonicalAction(e: Json): string {
  const a = (e['action'] as Json | undefined)?.['action'] as Json | undefined;
  if (a === undefined) return '';
  const params = ((a['params'] as Json[] | undefined) ?? []).map((p) => `${p['param_id']}:${num(p['value'] as Uint8Array)}`).sort();
  return `${a['action_id']}(${params.join(',')})`;
}

export const hexed = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
export const sortedEntries = (entities: Json[]): string[] => entities.map(hexed).sort();

// ---- random updates from the P4Info ---------------------------------------------------------------

/** A value as the shortest big-endian bytes that hold it (one byte for 0). */
export const bytesOf = (v: bigint): Uint8Array => {
  const hex = v.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? '0' + hex : hex, 'hex'));
};
const maxOf = (w: number) => (1n << BigInt(w)) - 1n;
/** A few values per field, so that keys collide (MODIFY and DELETE find entries, INSERT finds duplicates). */
const smallValue = (w: number) => fc.constantFrom(0n, 1n, 2n, maxOf(w));

/** The tables a controller writes entries to: direct, not const, with the five standard match kinds. */
function writableTables(info: P4Info): Table[] {
  return (info.tables ?? []).filter((t) => !t.is_const_table && !t.implementation_id && (t.match_fields ?? []).every((m) => ['EXACT', 'LPM', 'TERNARY', 'RANGE', 'OPTIONAL'].includes(String(m.match_type))));
}
const needsPriority = (t: Table) => (t.match_fields ?? []).some((m) => ['TERNARY', 'RANGE', 'OPTIONAL'].includes(String(m.match_type)));

function validMatch(m: NonNullable<Table['match_fields']>[number]): fc.Arbitrary<Json | undefined> {
  const w = m.bitwidth ?? 1;
  const field_id = m.id;
  switch (String(m.match_type)) {
    case 'EXACT':
      return smallValue(w).map((v) => ({ field_id, exact: { value: bytesOf(v) } }));
    case 'LPM':
      return fc.option(
        fc.tuple(smallValue(w), fc.constantFrom(Math.min(8, w), w)).map(([v, len]) => ({ field_id, lpm: { value: bytesOf((v << BigInt(w - len)) & maxOf(w)), prefix_len: len } })),
        { nil: undefined },
      );
    case 'TERNARY':
      return fc.option(
        fc.tuple(smallValue(w), fc.constantFrom(maxOf(w), 1n, maxOf(w) >> 1n)).map(([v, mask]) => ({ field_id, ternary: { value: bytesOf(v & mask), mask: bytesOf(mask) } })),
        { nil: undefined },
      );
    case 'RANGE':
      return fc.option(
        fc
          .tuple(smallValue(w), smallValue(w))
          .map(([a, b]) => (a <= b ? [a, b] : [b, a]))
          .filter(([a, b]) => !(a === 0n && b === maxOf(w)))
          .map(([low, high]) => ({ field_id, range: { low: bytesOf(low!), high: bytesOf(high!) } })),
        { nil: undefined },
      );
    default:
      return fc.option(smallValue(w).map((v) => ({ field_id, optional: { value: bytesOf(v) } })), { nil: undefined });
  }
}

function validAction(info: P4Info, t: Table): fc.Arbitrary<Json> {
  const refs = (t.action_refs ?? []).filter((r) => String(r.scope ?? 'TABLE_AND_DEFAULT') !== 'DEFAULT_ONLY');
  return fc.constantFrom(...refs).chain((r) => {
    const a = (info.actions ?? []).find((x) => x.preamble.id === r.id)!;
    const params = (a.params ?? []).map((p) => smallValue(p.bitwidth ?? 1).map((v) => ({ param_id: p.id, value: bytesOf(v) })));
    return fc.tuple(...params).map((ps) => ({ action: { action_id: a.preamble.id, params: ps } }));
  });
}

interface GeneratedUpdate {
  readonly update: { type: string; entity: Json };
  /** Set when the update was made invalid on purpose (it must fail, whatever the state). */
  readonly mutation?: string;
}

function validUpdate(info: P4Info, t: Table): fc.Arbitrary<GeneratedUpdate> {
  const matches = fc.tuple(...(t.match_fields ?? []).map(validMatch)).map((ms) => ms.filter((m): m is Json => m !== undefined));
  const priority = needsPriority(t) ? fc.integer({ min: 1, max: 3 }) : fc.constant(undefined);
  return fc.record({ type: fc.constantFrom('INSERT', 'INSERT', 'MODIFY', 'DELETE'), match: matches, priority, action: validAction(info, t) }).map(({ type, match, priority, action }) => ({
    update: { type, entity: { table_entry: { table_id: t.preamble.id, match, ...(priority !== undefined ? { priority } : {}), action } } },
  }));
}

type Mutation = (e: Json, t: Table, info: P4Info) => { type?: string; entity: Json } | undefined;

const withMatch = (e: Json, f: (ms: Json[]) => Json[]) => ({ entity: { table_entry: { ...e, match: f([...((e['match'] as Json[]) ?? [])]) } } });
const firstParam = (e: Json) => (((e['action'] as Json)['action'] as Json)['params'] as Json[])[0];
const withParams = (e: Json, f: (ps: Json[]) => Json[]) => {
  const a = (e['action'] as Json)['action'] as Json;
  return { entity: { table_entry: { ...e, action: { action: { ...a, params: f([...((a['params'] as Json[]) ?? [])]) } } } } };
};
/** A match with `value` as its value (LPM: prefix length kept; ternary: as value and mask; range: as high bound), kind kept. */
function withValue(m: Json, value: Uint8Array): Json {
  const field_id = m['field_id'];
  if (m['exact']) return { field_id, exact: { value } };
  if (m['lpm']) return { field_id, lpm: { value, prefix_len: (m['lpm'] as Json)['prefix_len'] } };
  if (m['ternary']) return { field_id, ternary: { value, mask: value.length === 0 ? (m['ternary'] as Json)['mask'] : value } };
  if (m['range']) return { field_id, range: { low: (m['range'] as Json)['low'], high: value } };
  return { field_id, optional: { value } };
}
/** A byte string of the field's width plus one nonzero byte in front: wider than the field. */
const tooWide = (w: number) => Uint8Array.from([1, ...new Uint8Array(Math.ceil(w / 8))]);

/** Mutations that make an update invalid whatever the table's state (undefined: not applicable to this update). */
const MUTATIONS: Record<string, Mutation> = {
  'unknown table id': (e) => ({ entity: { table_entry: { ...e, table_id: 0x02fffff0 } } }),
  'no entity': () => ({ entity: {} }),
  'unspecified update type': (e) => ({ type: 'UNSPECIFIED', entity: { table_entry: e } }),
  'unknown match field id': (e) => withMatch(e, (ms) => [...ms, { field_id: 999, exact: { value: Uint8Array.of(1) } }]),
  'a match field twice': (e) => ((e['match'] as Json[]).length === 0 ? undefined : withMatch(e, (ms) => [...ms, ms[0]!])),
  'an empty match value': (e) => {
    const m = (e['match'] as Json[])[0];
    return m === undefined ? undefined : withMatch(e, ([, ...rest]) => [withValue(m, new Uint8Array()), ...rest]);
  },
  'a match value wider than the field': (e, t) => {
    const m = (e['match'] as Json[])[0];
    return m === undefined ? undefined : withMatch(e, ([, ...rest]) => [withValue(m, tooWide(t.match_fields!.find((x) => x.id === m['field_id'])!.bitwidth ?? 1)), ...rest]);
  },
  'a match of the wrong kind': (e, t) => {
    const f = t.match_fields![0]!;
    const kind = String(f.match_type) === 'EXACT' ? { ternary: { value: Uint8Array.of(1), mask: Uint8Array.of(1) } } : { exact: { value: Uint8Array.of(1) } };
    return withMatch(e, (ms) => [{ field_id: f.id, ...kind }, ...ms.filter((m) => m['field_id'] !== f.id)]);
  },
  'a match of no kind': (e, t) => withMatch(e, (ms) => [{ field_id: t.match_fields![0]!.id }, ...ms.filter((m) => m['field_id'] !== t.match_fields![0]!.id)]),
  'ternary bits outside the mask / mask 0': (e, t) => {
    const f = t.match_fields!.find((x) => String(x.match_type) === 'TERNARY');
    if (!f) return undefined;
    return withMatch(e, (ms) => [{ field_id: f.id, ternary: { value: Uint8Array.of(3), mask: Uint8Array.of(e['priority'] === 1 ? 0 : 1) } }, ...ms.filter((m) => m['field_id'] !== f.id)]);
  },
  'a range with low above high': (e, t) => {
    const f = t.match_fields!.find((x) => String(x.match_type) === 'RANGE');
    if (!f) return undefined;
    return withMatch(e, (ms) => [{ field_id: f.id, range: { low: Uint8Array.of(2), high: Uint8Array.of(1) } }, ...ms.filter((m) => m['field_id'] !== f.id)]);
  },
  'an LPM prefix longer than the field': (e, t) => {
    const f = t.match_fields!.find((x) => String(x.match_type) === 'LPM');
    if (!f) return undefined;
    return withMatch(e, (ms) => [{ field_id: f.id, lpm: { value: Uint8Array.of(1), prefix_len: (f.bitwidth ?? 1) + 1 } }, ...ms.filter((m) => m['field_id'] !== f.id)]);
  },
  'a missing exact field': (e, t) => {
    const f = t.match_fields!.find((x) => String(x.match_type) === 'EXACT');
    return f ? withMatch(e, (ms) => ms.filter((m) => m['field_id'] !== f.id)) : undefined;
  },
  'a wrong priority': (e, t) => ({ entity: { table_entry: { ...e, priority: needsPriority(t) ? 0 : 1 } } }),
  'a negative priority': (e) => ({ entity: { table_entry: { ...e, priority: -5 } } }),
  // the action is part of INSERT and MODIFY only (DELETE ignores it): these make the update an INSERT
  'an unknown action id': (e) => ({ type: 'INSERT', entity: { table_entry: { ...e, action: { action: { action_id: 0x01fffff0 } } } } }),
  'a missing parameter': (e) => (firstParam(e) === undefined ? undefined : { type: 'INSERT', ...withParams(e, ([, ...rest]) => rest) }),
  'a parameter twice': (e) => (firstParam(e) === undefined ? undefined : { type: 'INSERT', ...withParams(e, (ps) => [...ps, ps[0]!]) }),
  'an unknown parameter id': (e) => ({ type: 'INSERT', ...withParams(e, (ps) => [...ps, { param_id: 77, value: Uint8Array.of(1) }]) }),
  'a parameter wider than its bitwidth': (e, _t, info) => {
    const p = firstParam(e);
    if (p === undefined) return undefined;
    const a = (info.actions ?? []).find((x) => x.preamble.id === ((e['action'] as Json)['action'] as Json)['action_id'])!;
    const w = a.params!.find((x) => x.id === p['param_id'])!.bitwidth ?? 1;
    return { type: 'INSERT', ...withParams(e, ([, ...rest]) => [{ param_id: p['param_id'], value: tooWide(w) }, ...rest]) };
  },
  'an empty parameter value': (e) => (firstParam(e) === undefined ? undefined : { type: 'INSERT', ...withParams(e, ([p, ...rest]) => [{ param_id: p!['param_id'], value: new Uint8Array() }, ...rest]) }),
  'a default-only action in an entry': (e, t) => {
    const r = (t.action_refs ?? []).find((x) => String(x.scope) === 'DEFAULT_ONLY');
    return r ? { type: 'INSERT', entity: { table_entry: { ...e, action: { action: { action_id: r.id } } } } } : undefined;
  },
  'an action of another table': (e, t, info) => {
    const mine = new Set((t.action_refs ?? []).map((r) => r.id));
    const other = (info.actions ?? []).find((a) => !mine.has(a.preamble.id));
    return other ? { type: 'INSERT', entity: { table_entry: { ...e, action: { action: { action_id: other.preamble.id } } } } } : undefined;
  },
  'an INSERT without an action': (e) => ({ type: 'INSERT', entity: { table_entry: { ...e, action: undefined } } }),
  'is_const set': (e) => ({ entity: { table_entry: { ...e, is_const: true } } }),
};

function mutatedUpdate(info: P4Info, t: Table): fc.Arbitrary<GeneratedUpdate> {
  return fc.tuple(validUpdate(info, t), fc.constantFrom(...Object.keys(MUTATIONS))).map(([g, name]) => {
    const e = g.update.entity['table_entry'] as Json;
    const m = MUTATIONS[name]!(e, t, info);
    if (m === undefined) return g; // not applicable: the valid update
    return { update: { type: m.type ?? g.update.type, entity: m.entity }, mutation: name };
  });
}

/** Batches of 1 to `maxLength` updates, one in `1 + validPerMutated` made invalid. */
function batch(info: P4Info, maxLength: number, validPerMutated: number): fc.Arbitrary<GeneratedUpdate[]> {
  const tables = writableTables(info);
  const one = fc.constantFrom(...tables).chain((t) => fc.oneof({ weight: validPerMutated, arbitrary: validUpdate(info, t) }, { weight: 1, arbitrary: mutatedUpdate(info, t) }));
  return fc.array(one, { minLength: 1, maxLength });
}

/**
 * The property on the program at `path` (its name in the titles: `name`), served with a primary of
 * election id `election`; `notApplicable`: the MUTATIONS none of its writable tables allows (the
 * CONTINUE_ON_ERROR run checks that every other one was tried and failed); `runs`: batches per
 * atomicity (more for a program with more tables or wider keys, so that every kind is tried).
 */
export function describeTableWriteProperty(name: string, path: string, election: number, notApplicable: readonly string[], runs = 80): void {
  describe(`P4Runtime robustness: random Write batches against a model (${name})`, () => {
    const ELECTION = election;
    const session = useServedSession(path, ELECTION);
    const info = (): P4Info => session.s.program.p4info;

    /** Every table entry (wildcard read), and the writable tables' entries as model: key → action. */
    const snapshot = async (): Promise<{ all: Json[]; model: Map<string, string>; others: Json[] }> => {
      const all = await session.c.read({ device_id: 1, entities: [{ table_entry: {} }] });
      const writable = new Set(writableTables(info()).map((t) => t.preamble.id));
      const model = new Map<string, string>();
      const others: Json[] = [];
      for (const x of all) {
        const e = x['table_entry'] as Json;
        if (writable.has(e['table_id'] as number)) model.set(canonicalKey(e), canonicalAction(e));
        else others.push(x);
      }
      return { all, model, others };
    };

    /** The expected outcome of a valid update on `model`, and the model after it (changed in place when OK). */
    const predict = (model: Map<string, string>, g: GeneratedUpdate): number => {
      const e = g.update.entity['table_entry'] as Json;
      const key = canonicalKey(e);
      const present = model.has(key);
      switch (g.update.type) {
        case 'INSERT':
          if (present) return ALREADY_EXISTS;
          model.set(key, canonicalAction(e));
          return OK;
        case 'MODIFY':
          if (!present) return NOT_FOUND;
          if (e['action'] !== undefined) model.set(key, canonicalAction(e));
          return OK;
        default:
          if (!present) return NOT_FOUND;
          model.delete(key);
          return OK;
      }
    };

    const outcomesOf = async (updates: object[], atomicity: string): Promise<number[]> => {
      const r = await session.write(updates, atomicity).then(() => ({ code: OK, errors: [] as { canonical_code?: number }[] }), failure);
      expect(CALL_CODES).toContain(r.code);
      if (r.code === OK) return updates.map(() => OK);
      expect(r.code).toBe(UNKNOWN); // a batch with failed updates: one p4.v1.Error per update
      expect(r.errors).toHaveLength(updates.length);
      return r.errors.map((x) => x.canonical_code ?? OK);
    };

    for (const atomicity of ['CONTINUE_ON_ERROR', 'ROLLBACK_ON_ERROR', 'DATAPLANE_ATOMIC']) {
      const continueOnError = atomicity === 'CONTINUE_ON_ERROR';
      it(`${atomicity}: every update gets a specified code, valid ones the model's, and the entries read back are the model's`, async () => {
        const tally = { okUpdates: 0, failedUpdates: 0, okBatches: 0, failedBatches: 0 };
        const mutationsChecked = new Set<string>();
        await fc.assert(
          fc.asyncProperty(continueOnError ? batch(info(), 6, 1) : batch(info(), 3, 3), async (generated) => {
            const before = await snapshot();
            const model = new Map(before.model);
            const codes = await outcomesOf(
              generated.map((g) => g.update),
              atomicity,
            );
            for (const c of codes) expect([OK, ...UPDATE_CODES]).toContain(c);
            const what = (i: number) => `update ${i} (${generated[i]!.mutation ?? 'valid'}): ${hexed(generated[i]!.update)}`;
            if (atomicity === 'CONTINUE_ON_ERROR') {
              // each update on its own, in order: valid ones as the model says, mutated ones fail
              generated.forEach((g, i) => {
                const expected = g.mutation === undefined ? predict(model, g) : undefined;
                if (expected !== undefined) expect([what(i), codes[i]]).toEqual([what(i), expected]);
                else {
                  expect([what(i), codes[i] !== OK && codes[i] !== ABORTED]).toEqual([what(i), true]);
                  mutationsChecked.add(g.mutation!);
                }
              });
            } else {
              // all or nothing: the first failing update has its code, the others ABORTED
              const trial = new Map(model);
              const failedAt = generated.findIndex((g) => (g.mutation === undefined ? predict(trial, g) !== OK : true));
              if (failedAt < 0) {
                expect(codes.every((c) => c === OK)).toBe(true);
                for (const [k, v] of trial) model.set(k, v);
                for (const k of [...model.keys()]) if (!trial.has(k)) model.delete(k);
              } else {
                const replay = new Map(model);
                generated.slice(0, failedAt).forEach((g) => predict(replay, g));
                const expected = generated[failedAt]!.mutation === undefined ? predict(replay, generated[failedAt]!) : undefined;
                codes.forEach((c, i) => {
                  if (i !== failedAt) expect([what(i), c]).toEqual([what(i), ABORTED]);
                  else if (expected !== undefined) expect([what(i), c]).toEqual([what(i), expected]);
                  else {
                    expect([what(i), c !== OK && c !== ABORTED]).toEqual([what(i), true]);
                    mutationsChecked.add(generated[i]!.mutation!);
                  }
                });
              }
            }
            const after = await snapshot();
            // a failed atomic batch leaves every entry as it was (a Read's order is not specified: compared sorted)
            if (codes.some((c) => c !== OK) && atomicity !== 'CONTINUE_ON_ERROR') expect(sortedEntries(after.all)).toEqual(sortedEntries(before.all));
            expect(new Map([...after.model].sort())).toEqual(new Map([...model].sort()));
            expect(sortedEntries(after.others)).toEqual(sortedEntries(before.others)); // the const tables' entries, never written

            tally.okUpdates += codes.filter((c) => c === OK).length;
            tally.failedUpdates += codes.filter((c) => c !== OK).length;
            if (codes.every((c) => c === OK)) tally.okBatches++;
            else tally.failedBatches++;
          }),
          { numRuns: runs, seed: SEED },
        );
        // the batches did both: some updates took effect, some failed
        // (a CONTINUE_ON_ERROR batch of up to 6 random updates seldom succeeds whole: its updates are counted)
        const counted = atomicity === 'CONTINUE_ON_ERROR' ? [tally.okUpdates, tally.failedUpdates] : [tally.okBatches, tally.failedBatches];
        expect([tally, Math.min(...counted) >= 5]).toEqual([tally, true]);
        // every kind of invalid update applicable to the program was tried and failed
        if (continueOnError) expect(Object.keys(MUTATIONS).filter((m) => !mutationsChecked.has(m))).toEqual(notApplicable);
      }, 60_000);
    }
  });
}
