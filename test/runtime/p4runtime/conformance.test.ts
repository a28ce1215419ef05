/**
 * The P4Runtime server against the specification's rules as an independent client would check
 * them, end to end over gRPC on 127.0.0.1: the match format (LPM, ternary, range, optional and
 * "don't care"), byte strings, priorities, action scopes and parameters, const tables, DELETE by
 * key, wildcard and filtered reads, arbitration, GetForwardingPipelineConfig's response types,
 * Capabilities, the stream's errors, and a device without a pipeline. The program is
 * test/fixtures/p4runtime/conformance.p4 (and packet-io.p4 for the stream).
 */
import { describe, expect, it } from 'vitest';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { compileForServe } from '../../../cli/serve/host.ts';
import { P4RuntimeDevice, type DeviceHost } from '../../../runtime/p4runtime/server/device.ts';
import { startP4RuntimeServer } from '../../../runtime/p4runtime/server/service.ts';
import { connect } from './client.ts';
import { ALREADY_EXISTS, FAILED_PRECONDITION, INVALID_ARGUMENT, NOT_FOUND, OUT_OF_RANGE, PERMISSION_DENIED } from './grpc-codes.ts';
import { becomePrimary, bytes, failure, id, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

type Entity = Record<string, unknown>;

describe('P4Runtime conformance: table entries (conformance.p4)', () => {
  const session = useServedSession(`${root}test/fixtures/p4runtime/conformance.p4`, 3);
  const info = (): P4Info => session.s.program.p4info;
  const table = (name: string) => id(info(), 'tables', name);
  const action = (name: string) => id(info(), 'actions', name);
  const acl = () => table('I.acl');
  const routes = () => table('I.routes');
  const fixed = () => table('I.fixed');
  const allow = () => ({ action: { action_id: action('I.allow') } });
  const forward = (port: Uint8Array) => ({ action: { action_id: action('I.forward'), params: [{ param_id: 1, value: port }] } });
  const route = (value: string, len: number, a: object = forward(Uint8Array.of(1))): Entity => ({ table_entry: { table_id: routes(), match: [{ field_id: 1, lpm: { value: bytes(value), prefix_len: len } }], action: a } });
  const aclEntry = (match: object[], priority = 10, a: object = allow()): Entity => ({ table_entry: { table_id: acl(), match, priority, action: a } });
  const ternary = (value: string, mask: string) => ({ field_id: 1, ternary: { value: bytes(value), mask: bytes(mask) } });
  const range = (low: string, high: string) => ({ field_id: 3, range: { low: bytes(low), high: bytes(high) } });
  const readAll = (entity: Entity) => session.c.read({ device_id: 1, entities: [entity] });

  it('match format: LPM, ternary and range values are checked and "don\'t care" must be omitted (INVALID_ARGUMENT)', async () => {
    const cases: [string, Entity][] = [
      ['LPM bits after the prefix', route('0a0000000001', 8)],
      ['LPM prefix length 0', route('000000000000', 0)],
      ['LPM prefix length above the width', route('0a0000000000', 49)],
      ['ternary value bits outside the mask', aclEntry([ternary('0801', 'ff00')])],
      ['ternary mask 0', aclEntry([ternary('00', '00')])],
      ['range low above high', aclEntry([range('05', '04')])],
      ['range covering the whole field', aclEntry([range('00', '01ff')])],
      ['a match of the wrong kind', aclEntry([{ field_id: 1, exact: { value: bytes('0800') } }])],
      ['a match of no kind', aclEntry([{ field_id: 1 }])],
      ['a match field given twice', aclEntry([ternary('0800', 'ffff'), ternary('0800', 'ffff')])],
      ['an unknown match field id', aclEntry([{ field_id: 9, ternary: { value: bytes('01'), mask: bytes('01') } }])],
      ['an empty value', route('', 8)],
      ['a ternary/range/optional table entry with priority 0', aclEntry([ternary('0800', 'ffff')], 0)],
      ['a negative priority', aclEntry([ternary('0800', 'ffff')], -1)],
      ['an LPM-only table entry with a priority', { table_entry: { ...(route('0a0000000000', 8).table_entry as object), priority: 1 } }],
    ];
    for (const [what, entity] of cases) expect([what, await session.codeOf('INSERT', entity)]).toEqual([what, INVALID_ARGUMENT]);
    expect(await readAll({ table_entry: { table_id: 0 } })).toHaveLength(4); // only the const entries
  });

  it('byte strings: leading zeros accepted, values wider than the field OUT_OF_RANGE, reads canonical', async () => {
    // bit<48> given in 8 bytes with zeros in front; a 12-bit parameter given as \x00\x63
    const wide = route('00000a0000000000', 8, { action: { action_id: action('I.set_vlan'), params: [{ param_id: 1, value: bytes('0063') }] } });
    expect(await session.codeOf('INSERT', wide)).toBe(0);
    const [read] = await readAll({ table_entry: { table_id: routes() } });
    const e = (read as { table_entry: { match: { lpm: { value: Uint8Array; prefix_len: number } }[]; action: { action: { params: { value: Uint8Array }[] } } } }).table_entry;
    expect(Buffer.from(e.match[0]!.lpm.value).toString('hex')).toBe('0a0000000000');
    expect([...e.action.action.params[0]!.value]).toEqual([0x63]);
    // the same entry given canonically is the same entry
    expect(await session.codeOf('INSERT', route('0a0000000000', 8))).toBe(ALREADY_EXISTS);
    expect(await session.codeOf('DELETE', route('0a0000000000', 8))).toBe(0);
    const cases: [string, Entity][] = [
      ['a 48-bit match value in 7 bytes', route('010a0000000000', 8)],
      ['a 12-bit parameter of 0x1000', route('0b0000000000', 8, { action: { action_id: action('I.set_vlan'), params: [{ param_id: 1, value: bytes('1000') }] } })],
      ['a 9-bit parameter of 0x200', route('0b0000000000', 8, forward(bytes('0200')))],
      ['a 16-bit ternary mask in 3 bytes', aclEntry([ternary('01', '010000')])],
      ['a 9-bit range bound of 0x200', aclEntry([range('00', '0200')])],
    ];
    for (const [what, entity] of cases) expect([what, await session.codeOf('INSERT', entity)]).toEqual([what, OUT_OF_RANGE]);
    // a ternary value zero-padded beyond its mask's length is the same value (as PI takes it)
    const padded = aclEntry([ternary('0005', 'ff')], 70);
    expect(await session.codeOf('INSERT', padded)).toBe(0);
    const [back] = (await readAll({ table_entry: { table_id: acl(), priority: 70 } })) as { table_entry: { match: { ternary: { value: Uint8Array; mask: Uint8Array } }[] } }[];
    expect([...back!.table_entry.match[0]!.ternary.value, ...back!.table_entry.match[0]!.ternary.mask]).toEqual([0x05, 0xff]);
    expect(await session.codeOf('DELETE', aclEntry([ternary('05', 'ff')], 70))).toBe(0);
  });

  it('actions: not the table\'s or unknown INVALID_ARGUMENT, out of scope PERMISSION_DENIED, parameters exactly once', async () => {
    const m = route('0c0000000000', 8);
    const withAction = (a: object) => ({ table_entry: { ...(m.table_entry as object), action: a } });
    expect(await session.codeOf('INSERT', withAction(allow()))).toBe(INVALID_ARGUMENT); // allow is acl's, not routes'
    expect(await session.codeOf('INSERT', withAction({ action: { action_id: 12345 } }))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('INSERT', withAction({ action: { action_id: action('I.forward'), params: [] } }))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('INSERT', withAction({ action: { action_id: action('I.forward'), params: [{ param_id: 1, value: bytes('01') }, { param_id: 1, value: bytes('01') }] } }))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('INSERT', withAction({ action: { action_id: action('I.forward'), params: [{ param_id: 1, value: bytes('01') }, { param_id: 2, value: bytes('01') }] } }))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('INSERT', withAction({ action_profile_member_id: 1 }))).toBe(INVALID_ARGUMENT); // a direct table
    expect(await session.codeOf('INSERT', { table_entry: { ...(m.table_entry as object), action: undefined } })).toBe(INVALID_ARGUMENT); // INSERT needs an action
    // @defaultonly NoAction in an entry, @tableonly deny as the default
    expect(await session.codeOf('INSERT', aclEntry([ternary('0800', 'ffff')], 10, { action: { action_id: action('NoAction') } }))).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('MODIFY', { table_entry: { table_id: acl(), is_default_action: true, action: { action: { action_id: action('I.deny') } } } })).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('INSERT', aclEntry([ternary('0800', 'ffff')], 10, { action: { action_id: action('I.deny') } }))).toBe(0);
    // MODIFY without an action leaves the action
    expect(await session.codeOf('MODIFY', { table_entry: { table_id: acl(), match: [ternary('0800', 'ffff')], priority: 10 } })).toBe(0);
    const [read] = await readAll({ table_entry: { table_id: acl() } });
    expect(read).toMatchObject({ table_entry: { priority: 10, action: { action: { action_id: action('I.deny') } } } });
    expect(await session.codeOf('DELETE', aclEntry([ternary('0800', 'ffff')]))).toBe(0);
  });

  it('DELETE needs only the key: the rest of the entity is ignored', async () => {
    expect(await session.codeOf('INSERT', route('0d0000000000', 8))).toBe(0);
    const bogus = route('0d0000000000', 8, { action: { action_id: 999, params: [{ param_id: 7, value: new Uint8Array() }] } });
    expect(await session.codeOf('DELETE', { table_entry: { ...(bogus.table_entry as object), idle_timeout_ns: 5, counter_data: { packet_count: 1 } } })).toBe(0);
    expect(await readAll({ table_entry: { table_id: routes() } })).toHaveLength(0);
    expect(await session.codeOf('DELETE', route('0d0000000000', 8))).toBe(NOT_FOUND);
    // is_const must be false in every write, DELETE included
    expect(await session.codeOf('INSERT', route('0d0000000000', 8))).toBe(0);
    for (const type of ['INSERT', 'MODIFY', 'DELETE']) expect([type, await session.codeOf(type, { table_entry: { ...(route('0d0000000000', 8).table_entry as object), is_const: true } })]).toEqual([type, INVALID_ARGUMENT]);
    expect(await session.codeOf('DELETE', route('0d0000000000', 8))).toBe(0);
  });

  it('a const table (is_const_table): INSERT, DELETE and changing an action are PERMISSION_DENIED; its direct counter and non-const default may change', async () => {
    expect(info().tables!.find((t) => t.preamble.id === fixed())!.is_const_table).toBe(true);
    const key = (ethertype: string) => ({ table_id: fixed(), match: [{ field_id: 1, exact: { value: bytes(ethertype) } }] });
    expect(await session.codeOf('INSERT', { table_entry: { ...key('0806'), action: allow() } })).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('DELETE', { table_entry: key('0800') })).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('MODIFY', { table_entry: { ...key('0800'), action: forward(Uint8Array.of(1)) } })).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('MODIFY', { table_entry: { ...key('0800'), counter_data: { packet_count: 7, byte_count: 70 } } })).toBe(0);
    expect(await session.codeOf('MODIFY', { table_entry: { ...key('0806'), counter_data: { packet_count: 7 } } })).toBe(NOT_FOUND);
    const read = await readAll({ table_entry: { ...key('0800'), counter_data: {} } });
    expect(read).toMatchObject([{ table_entry: { is_const: true, action: { action: { action_id: action('I.forward') } }, counter_data: { packet_count: '7', byte_count: '70' } } }]);
    // its direct meter too (the specification's Constant Tables section allows it); a bad configuration is INVALID_ARGUMENT
    const meterConfig = { cir: '1000', cburst: '10', pir: '2000', pburst: '20' };
    expect(await session.codeOf('MODIFY', { table_entry: { ...key('0800'), meter_config: { cir: '2', pir: '1' } } })).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('MODIFY', { table_entry: { ...key('0800'), meter_config: meterConfig } })).toBe(0);
    expect(await readAll({ table_entry: { ...key('0800'), meter_config: {} } })).toMatchObject([{ table_entry: { is_const: true, meter_config: meterConfig } }]);
    expect(await session.codeOf('MODIFY', { table_entry: key('0800') })).toBe(0); // back to the default
    expect((await readAll({ table_entry: { ...key('0800'), meter_config: {} } }))[0]).not.toHaveProperty('table_entry.meter_config');
    expect(await session.codeOf('MODIFY', { table_entry: { table_id: fixed(), is_default_action: true, action: forward(Uint8Array.of(3)) } })).toBe(0);
    expect(await session.codeOf('MODIFY', { table_entry: { table_id: fixed(), is_default_action: true } })).toBe(0);
  });

  it('the default entry: only MODIFY, no match or priority (INVALID_ARGUMENT); read by is_default_action', async () => {
    expect(await session.codeOf('INSERT', { table_entry: { table_id: routes(), is_default_action: true, action: forward(Uint8Array.of(2)) } })).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('DELETE', { table_entry: { table_id: routes(), is_default_action: true } })).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('MODIFY', { table_entry: { table_id: acl(), is_default_action: true, priority: 3, action: { action: { action_id: action('NoAction') } } } })).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('MODIFY', { table_entry: { table_id: routes(), is_default_action: true, action: forward(Uint8Array.of(2)) } })).toBe(0);
    const read = await readAll({ table_entry: { table_id: routes(), is_default_action: true } });
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ table_entry: { table_id: routes(), is_default_action: true, action: { action: { action_id: action('I.forward'), params: [{ param_id: 1 }] } } } });
    expect((read[0] as { table_entry: { match?: unknown[] } }).table_entry.match ?? []).toEqual([]);
    // every table's default entry
    const all = await readAll({ table_entry: { is_default_action: true } });
    expect(all.map((e) => (e as { table_entry: { table_id: number } }).table_entry.table_id).sort()).toEqual([acl(), routes(), fixed(), table('I.by_port')].sort());
    await session.write([{ type: 'MODIFY', entity: { table_entry: { table_id: routes(), is_default_action: true } } }]);
    // a table declared without default_action: NoAction, though not among its actions
    const byPort = table('I.by_port');
    const readDefault = async () => ((await readAll({ table_entry: { table_id: byPort, is_default_action: true } }))[0] as { table_entry: { action: { action: { action_id: number } } } }).table_entry.action.action.action_id;
    expect(await readDefault()).toBe(action('NoAction'));
    await session.write([{ type: 'MODIFY', entity: { table_entry: { table_id: byPort, is_default_action: true, action: allow() } } }]);
    expect(await readDefault()).toBe(action('I.allow'));
    await session.write([{ type: 'MODIFY', entity: { table_entry: { table_id: byPort, is_default_action: true } } }]);
    expect(await readDefault()).toBe(action('NoAction'));
    const rolledBack = await session.write([{ type: 'MODIFY', entity: { table_entry: { table_id: byPort, is_default_action: true, action: allow() } } }, { type: 'INSERT', entity: route('', 8) }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(rolledBack).toMatchObject({ code: 2, errors: [{ canonical_code: 10 }, { canonical_code: INVALID_ARGUMENT }] });
    expect(await readDefault()).toBe(action('NoAction'));
  });

  it('const entries read back with their priorities (the first entry highest) and "don\'t care" fields omitted', async () => {
    const read = (await readAll({ table_entry: { table_id: table('I.by_port') } })) as { table_entry: { priority: number; is_const: boolean; match?: object[]; action: { action: { action_id: number } } } }[];
    const deny = read.find((e) => e.table_entry.action.action.action_id === action('I.deny'))!.table_entry;
    const all = read.find((e) => e.table_entry.action.action.action_id === action('I.allow'))!.table_entry;
    expect([deny.priority, all.priority]).toEqual([2, 1]); // p4c's numbering: N for the first of N, down to 1
    expect(deny.match).toHaveLength(1);
    expect(all.match ?? []).toEqual([]);
    expect([deny.is_const, all.is_const]).toEqual([true, true]);
    // the priorities read are the ones filters and keys use
    expect(await readAll({ table_entry: { table_id: table('I.by_port'), priority: deny.priority } })).toMatchObject([{ table_entry: { action: { action: { action_id: action('I.deny') } } } }]);
    expect(await readAll({ table_entry: { table_id: table('I.by_port'), match: deny.match, priority: deny.priority } })).toHaveLength(1);
    expect(await readAll({ table_entry: { table_id: table('I.by_port'), match: deny.match, priority: all.priority } })).toHaveLength(0);
  });

  it('wildcard and filtered reads: every table, one table, by match (any priority), by priority, by action; counter_data', async () => {
    const e1 = aclEntry([ternary('0800', 'ffff'), range('01', '08')], 20);
    const e2 = aclEntry([ternary('0800', 'ffff'), range('01', '08')], 30);
    const e3 = aclEntry([{ field_id: 2, optional: { value: bytes('0a0b0c0d0e0f') } }], 40, { action: { action_id: action('I.deny') } });
    const e4 = aclEntry([], 50); // every field "don't care"
    await session.write([e1, e2, e3, e4, route('0e0000000000', 16)].map((entity) => ({ type: 'INSERT', entity })));
    expect(await readAll({ table_entry: {} })).toHaveLength(4 + 5);
    expect(await readAll({ table_entry: { table_id: acl() } })).toHaveLength(4);
    const byMatch = await readAll({ table_entry: { table_id: acl(), match: (e1.table_entry as { match: object[] }).match } });
    expect(byMatch.map((e) => (e as { table_entry: { priority: number } }).table_entry.priority).sort()).toEqual([20, 30]);
    expect(await readAll({ table_entry: { table_id: acl(), match: (e1.table_entry as { match: object[] }).match, priority: 30 } })).toMatchObject([{ table_entry: { priority: 30 } }]);
    expect(await readAll({ table_entry: { table_id: acl(), priority: 40 } })).toMatchObject([{ table_entry: { priority: 40, match: [{ field_id: 2, optional: {} }] } }]);
    expect(await readAll({ table_entry: { table_id: acl(), action: { action: { action_id: action('I.deny') } } } })).toHaveLength(1);
    // read-write symmetry: what was written comes back (don't-care fields omitted, canonical bytes)
    const [back] = await readAll({ table_entry: { table_id: acl(), priority: 20 } });
    const hex = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
    expect(JSON.parse(JSON.stringify((back as { table_entry: { match: object[] } }).table_entry.match, (k, v: unknown) => (k === 'field_match_type' ? undefined : v && typeof v === 'object' && 'type' in v && v.type === 'Buffer' ? Buffer.from((v as unknown as { data: number[] }).data).toString('hex') : hex(v))))).toEqual([
      { field_id: 1, ternary: { value: '0800', mask: 'ffff' } },
      { field_id: 3, range: { low: '01', high: '08' } },
    ]);
    expect(await readAll({ table_entry: { table_id: acl(), priority: 50 } })).toMatchObject([{ table_entry: { priority: 50 } }]);
    // counter_data only when asked, for tables with a direct counter
    expect((await readAll({ table_entry: { table_id: acl(), priority: 20 } }))[0]).not.toHaveProperty('table_entry.counter_data');
    expect((await readAll({ table_entry: { table_id: acl(), priority: 20, counter_data: {} } }))[0]).toMatchObject({ table_entry: { counter_data: { packet_count: '0', byte_count: '0' } } });
    // direct counter entries of the table
    expect(await readAll({ direct_counter_entry: { table_entry: { table_id: acl() } } })).toHaveLength(4);
    await session.write([e1, e2, e3, e4, route('0e0000000000', 16)].map((entity) => ({ type: 'DELETE', entity })));
  });

  it('a direct meter through TableEntry: set at INSERT, read back only when asked, reset to the default by a MODIFY without it, kept by a rolled-back MODIFY', async () => {
    const metered = route('100000000000', 8, { action: { action_id: action('I.forward_metered'), params: [{ param_id: 1, value: Uint8Array.of(1) }] } });
    const config = { cir: '1000', cburst: '10', pir: '2000', pburst: '20' };
    await session.write([{ type: 'INSERT', entity: { table_entry: { ...(metered.table_entry as object), meter_config: config } } }]);
    const readMeter = async () => (await readAll({ table_entry: { table_id: routes(), meter_config: {} } }))[0] as { table_entry: { meter_config?: object } };
    expect((await readAll({ table_entry: { table_id: routes() } }))[0]).not.toHaveProperty('table_entry.meter_config');
    expect((await readMeter()).table_entry.meter_config).toMatchObject(config);
    expect(await readAll({ direct_meter_entry: { table_entry: { table_id: routes() } } })).toMatchObject([{ direct_meter_entry: { config } }]);
    // a MODIFY failing in a ROLLBACK_ON_ERROR batch keeps the configuration
    const failed = await session.write([{ type: 'MODIFY', entity: metered }, { type: 'INSERT', entity: route('', 8) }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(failed).toMatchObject({ code: 2 });
    expect((await readMeter()).table_entry.meter_config).toMatchObject(config);
    await session.write([{ type: 'MODIFY', entity: metered }]);
    expect((await readMeter()).table_entry.meter_config).toBeUndefined();
    await session.write([{ type: 'DELETE', entity: metered }]);
    // a new entry (which may take the old one's place) starts with the default configuration
    await session.write([{ type: 'INSERT', entity: { table_entry: { ...(metered.table_entry as object), meter_config: config } } }]);
    await session.write([{ type: 'DELETE', entity: metered }]);
    await session.write([{ type: 'INSERT', entity: metered }]);
    expect((await readMeter()).table_entry.meter_config).toBeUndefined();
    await session.write([{ type: 'DELETE', entity: metered }]);
  });

  it('a bad direct meter config (cir above pir, eburst) is refused before anything changes: no entry inserted, no action modified, in every atomicity mode', async () => {
    const metered = (port: number) => route('130000000000', 8, { action: { action_id: action('I.forward_metered'), params: [{ param_id: 1, value: Uint8Array.of(port) }] } });
    const withConfig = (entity: Entity, meter_config: object) => ({ table_entry: { ...(entity.table_entry as object), meter_config } });
    const bad = [{ cir: '2000', cburst: '10', pir: '1000', pburst: '20' }, { cir: '1', pir: '2', eburst: '5' }];
    const port = async () => ((await readAll({ table_entry: { table_id: routes() } })) as { table_entry: { action: { action: { params: { value: Uint8Array }[] } } } }[]).map((e) => e.table_entry.action.action.params[0]!.value[0]);
    for (const atomicity of ['CONTINUE_ON_ERROR', 'ROLLBACK_ON_ERROR', 'DATAPLANE_ATOMIC']) {
      for (const config of bad) {
        const insert = await session.write([{ type: 'INSERT', entity: withConfig(metered(1), config) }], atomicity).catch(failure);
        expect([atomicity, insert]).toMatchObject([atomicity, { code: 2, errors: [{ canonical_code: INVALID_ARGUMENT }] }]);
        expect(await port()).toEqual([]);
      }
    }
    await session.write([{ type: 'INSERT', entity: metered(1) }]);
    for (const atomicity of ['CONTINUE_ON_ERROR', 'ROLLBACK_ON_ERROR', 'DATAPLANE_ATOMIC']) {
      for (const config of bad) {
        const modify = await session.write([{ type: 'MODIFY', entity: withConfig(metered(2), config) }], atomicity).catch(failure);
        expect([atomicity, modify]).toMatchObject([atomicity, { code: 2, errors: [{ canonical_code: INVALID_ARGUMENT }] }]);
        expect(await port()).toEqual([1]);
      }
    }
    const configured = session.s.device.pipeline!.tables.get(routes())!;
    expect([...configured.runtime.entries()].map((r) => configured.directMeter!.object.executeUnits(r.handle, 1_000_000))).toEqual([0]); // still unconfigured: GREEN
    await session.write([{ type: 'DELETE', entity: metered(1) }]);
  });

  it('a rolled-back DELETE puts the entry back with its direct counter values and its direct meter configuration', async () => {
    const entry = aclEntry([ternary('0806', 'ffff')], 60);
    await session.write([{ type: 'INSERT', entity: { table_entry: { ...(entry.table_entry as object), counter_data: { packet_count: 7, byte_count: 70 } } } }]);
    const failed = await session.write([{ type: 'DELETE', entity: entry }, { type: 'INSERT', entity: route('', 8) }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(failed).toMatchObject({ code: 2, errors: [{ canonical_code: 10 }, { canonical_code: INVALID_ARGUMENT }] });
    expect(await readAll({ table_entry: { table_id: acl(), priority: 60, counter_data: {} } })).toMatchObject([{ table_entry: { counter_data: { packet_count: '7', byte_count: '70' } } }]);
    await session.write([{ type: 'DELETE', entity: entry }]);
    // a metered entry: its configuration comes back; an unconfigured one stays unconfigured
    const metered = (prefix: string) => route(`${prefix}0000000000`, 8, { action: { action_id: action('I.forward_metered'), params: [{ param_id: 1, value: Uint8Array.of(1) }] } });
    const config = { cir: '1000', cburst: '10', pir: '2000', pburst: '20' };
    await session.write([{ type: 'INSERT', entity: { table_entry: { ...(metered('14').table_entry as object), meter_config: config } } }, { type: 'INSERT', entity: metered('15') }]);
    const again = await session.write([{ type: 'DELETE', entity: metered('14') }, { type: 'DELETE', entity: metered('15') }, { type: 'INSERT', entity: route('', 8) }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(again).toMatchObject({ code: 2 });
    const read = (await readAll({ table_entry: { table_id: routes(), meter_config: {} } })) as { table_entry: { match: { lpm: { value: Uint8Array } }[]; meter_config?: object } }[];
    const byPrefix = new Map(read.map((e) => [e.table_entry.match[0]!.lpm.value[0], e.table_entry.meter_config]));
    expect(byPrefix.get(0x14)).toMatchObject(config);
    expect(byPrefix.has(0x15)).toBe(true);
    expect(byPrefix.get(0x15)).toBeUndefined();
    const t = session.s.device.pipeline!.tables.get(routes())!;
    const rates = (prefix: number) => t.directMeter!.object.executeUnits([...t.runtime.entries()].find((r) => (r.match[0] as { value: bigint }).value >> 40n === BigInt(prefix))!.handle, 1_000_000);
    expect([rates(0x14), rates(0x15)]).toEqual([2, 0]); // the configured one marks a huge packet RED; the other is GREEN
    await session.write([{ type: 'DELETE', entity: metered('14') }, { type: 'DELETE', entity: metered('15') }]);
  });

  it('counters and meters: a MODIFY without data leaves a counter, a MODIFY without config resets a meter to the default; INSERT and DELETE INVALID_ARGUMENT', async () => {
    const counter = id(info(), 'counters', 'I.port_count');
    const meter = id(info(), 'meters', 'I.port_meter');
    await session.write([{ type: 'MODIFY', entity: { counter_entry: { counter_id: counter, index: { index: 2 }, data: { packet_count: 5, byte_count: 50 } } } }]);
    await session.write([{ type: 'MODIFY', entity: { counter_entry: { counter_id: counter, index: { index: 2 } } } }]);
    expect(await readAll({ counter_entry: { counter_id: counter, index: { index: 2 } } })).toMatchObject([{ counter_entry: { data: { packet_count: '5', byte_count: '50' } } }]);
    const config = { cir: '100', cburst: '1', pir: '200', pburst: '2' };
    await session.write([{ type: 'MODIFY', entity: { meter_entry: { meter_id: meter, config } } }]); // every index
    await session.write([{ type: 'MODIFY', entity: { meter_entry: { meter_id: meter, index: { index: 1 } } } }]); // index 1 back to the default
    const meters = await readAll({ meter_entry: { meter_id: meter } });
    expect(meters.map((m) => (m as { meter_entry: { config?: object } }).meter_entry.config !== undefined)).toEqual([true, false, true, true]);
    const rates = session.s.device.pipeline!.meters.get(meter)!.object;
    expect([0, 1, 2, 3].map((i) => rates.getRates(i) !== undefined)).toEqual([true, false, true, true]);
    // a failed batch puts index 1's default and the others' configuration back
    const failed = await session.write([{ type: 'MODIFY', entity: { meter_entry: { meter_id: meter } } }, { type: 'MODIFY', entity: { meter_entry: { meter_id: meter, index: { index: 9 } } } }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(failed).toMatchObject({ code: 2, errors: [{ canonical_code: 10 }, { canonical_code: OUT_OF_RANGE }] });
    expect((await readAll({ meter_entry: { meter_id: meter } })).map((m) => (m as { meter_entry: { config?: object } }).meter_entry.config !== undefined)).toEqual([true, false, true, true]);
    await session.write([{ type: 'MODIFY', entity: { meter_entry: { meter_id: meter } } }]);
    expect((await readAll({ meter_entry: { meter_id: meter } })).every((m) => (m as { meter_entry: { config?: object } }).meter_entry.config === undefined)).toBe(true);
    for (const type of ['INSERT', 'DELETE']) {
      expect(await session.codeOf(type, { counter_entry: { counter_id: counter, index: { index: 0 } } })).toBe(INVALID_ARGUMENT);
      expect(await session.codeOf(type, { meter_entry: { meter_id: meter, index: { index: 0 } } })).toBe(INVALID_ARGUMENT);
    }
    expect(await session.codeOf('MODIFY', { counter_entry: { counter_id: counter, index: { index: -1 } } })).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('MODIFY', { counter_entry: { counter_id: counter, index: { index: 4 } } })).toBe(OUT_OF_RANGE);
    expect(await session.codeOf('MODIFY', { meter_entry: { meter_id: 77, index: { index: 0 } } })).toBe(NOT_FOUND);
    // per-colour meter counters: not supported, UNIMPLEMENTED as the specification asks
    expect(await session.codeOf('MODIFY', { meter_entry: { meter_id: meter, index: { index: 0 }, counter_data: { green: {} } } })).toBe(12);
    expect(await session.codeOf('INSERT', { table_entry: { ...(route('120000000000', 8).table_entry as object), meter_counter_data: {} } })).toBe(12);
    // ... in a Read too
    for (const entity of [{ table_entry: { table_id: routes(), meter_counter_data: {} } }, { meter_entry: { meter_id: meter, counter_data: {} } }, { direct_meter_entry: { table_entry: { table_id: routes() }, counter_data: {} } }]) {
      expect(await readAll(entity).then(() => 0, (e: unknown) => failure(e).errors[0]?.canonical_code)).toBe(12);
    }
  });

  it('an int<12> register: cells are signed byte strings, sign-extended to whole bytes (the specification\'s examples)', async () => {
    const reg = id(info(), 'registers', 'I.offsets');
    const cell = async (i: number) => Buffer.from(((await readAll({ register_entry: { register_id: reg, index: { index: i } } }))[0] as { register_entry: { data: { bitstring: Uint8Array } } }).register_entry.data.bitstring).toString('hex');
    const write = (value: string) => session.codeOf('MODIFY', { register_entry: { register_id: reg, index: { index: 0 }, data: { bitstring: bytes(value) } } });
    expect(await write('fd1d')).toBe(0); // -739
    expect(await cell(0)).toBe('fd1d');
    expect(await write('ffff9d')).toBe(0); // -99, sign-extended further
    expect(await cell(0)).toBe('9d');
    expect(await write('0063')).toBe(0); // 99
    expect(await cell(0)).toBe('63');
    expect(await write('8d1d')).toBe(OUT_OF_RANGE); // -29411: not an int<12>
    expect(await write('0800')).toBe(OUT_OF_RANGE); // 2048: not an int<12>
    expect(await cell(0)).toBe('63');
    const sw = session.s.device.switch!;
    sw.inject(1, bytes('000000000001' + '000000000002' + '0800'));
    sw.runUntilIdle();
    expect(await cell(1)).toBe('fb'); // -5, written by the program
  });

  it('value sets: MODIFY replaces the members, a member twice ALREADY_EXISTS, more than the size RESOURCE_EXHAUSTED, INSERT and DELETE INVALID_ARGUMENT', async () => {
    const vs = id(info(), 'value_sets', 'P.special_types');
    const member = (v: string) => ({ match: [{ field_id: 1, exact: { value: bytes(v) } }] });
    const entry = (members: object[]) => ({ value_set_entry: { value_set_id: vs, members } });
    expect(await session.codeOf('MODIFY', entry([member('88cc'), member('88cc')]))).toBe(ALREADY_EXISTS);
    expect(await session.codeOf('MODIFY', entry([member('01'), member('02'), member('03')]))).toBe(8);
    expect(await session.codeOf('INSERT', entry([member('01')]))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('DELETE', entry([]))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('MODIFY', entry([member('88cc'), member('88b5')]))).toBe(0);
    const read = (await readAll({ value_set_entry: { value_set_id: vs } })) as { value_set_entry: { members: { match: { exact: { value: Uint8Array } }[] }[] } }[];
    expect(read[0]!.value_set_entry.members.map((m) => Buffer.from(m.match[0]!.exact.value).toString('hex')).sort()).toEqual(['88b5', '88cc']);
    expect(await session.codeOf('MODIFY', entry([]))).toBe(0);
    expect((await readAll({ value_set_entry: { value_set_id: vs } }))[0]).toMatchObject({ value_set_entry: { value_set_id: vs } });
  });

  it('Read: an empty entity is INVALID_ARGUMENT, an unknown table NOT_FOUND, a wildcard extern read is empty, a batch reads each entity kind', async () => {
    // the code of the one request of a failed Read (UNKNOWN with one p4.v1.Error per request), or 0
    const code = (entities: object[]) =>
      session.c.read({ device_id: 1, entities }).then(
        () => 0,
        (e: unknown) => {
          const f = failure(e);
          expect(f.code).toBe(2);
          expect(f.errors).toHaveLength(entities.length);
          return f.errors.find((x) => (x.canonical_code ?? 0) !== 0)?.canonical_code ?? -1;
        },
      );
    expect(await code([{}])).toBe(INVALID_ARGUMENT);
    expect(await code([{ table_entry: { table_id: 1234 } }])).toBe(NOT_FOUND);
    expect(await code([{ table_entry: {} }])).toBe(0);
    expect(await code([{ table_entry: { match: [{ field_id: 1, exact: { value: bytes('0800') } }] } }])).toBe(INVALID_ARGUMENT); // a match needs a table
    expect(await session.c.read({ device_id: 1, entities: [{ extern_entry: {} }] })).toEqual([]);
    expect(await code([{ extern_entry: { extern_type_id: 129, extern_id: 1 } }])).toBe(NOT_FOUND);
    expect(await code([{ table_entry: {} }, { direct_counter_entry: {} }, { action_profile_member: {} }, { action_profile_group: {} }, { counter_entry: {} }, { meter_entry: {} }, { register_entry: {} }, { value_set_entry: {} }, { digest_entry: {} }, { packet_replication_engine_entry: { multicast_group_entry: {} } }, { packet_replication_engine_entry: { clone_session_entry: {} } }, { extern_entry: {} }])).toBe(0);
    expect(await session.c.read({ device_id: 2, entities: [{ table_entry: {} }] }).then(() => 0, (e: unknown) => failure(e))).toMatchObject({ code: NOT_FOUND, errors: [] }); // RPC-wide
  });

  it('Read: a batch with failing requests returns the other requests\' entities, then UNKNOWN with one p4.v1.Error per request', async () => {
    const raw = session.c.raw as unknown as Record<string, (request: object) => NodeJS.EventEmitter>;
    const call = raw['Read']!({ device_id: 1, entities: [{ table_entry: { table_id: fixed() } }, { table_entry: { table_id: 4321 } }, { table_entry: { table_id: table('I.by_port') } }, {}] });
    const entities: unknown[] = [];
    call.on('data', (r: { entities?: unknown[] }) => entities.push(...(r.entities ?? [])));
    const error = await new Promise<unknown>((resolve) => {
      call.on('error', resolve);
      call.on('end', () => resolve(undefined));
    });
    expect(entities).toHaveLength(4); // fixed's 2 and by_port's 2 const entries
    expect(failure(error)).toMatchObject({ code: 2, errors: [{ canonical_code: 0 }, { canonical_code: NOT_FOUND }, { canonical_code: 0 }, { canonical_code: INVALID_ARGUMENT }] });
  });

  it('Write: the device, then the primary, is checked for the whole request (no per-update details)', async () => {
    const write = (request: object) => session.c.unary('Write', { updates: [{ type: 'INSERT', entity: route('0f0000000000', 8) }], ...request }).then(() => ({ code: 0, errors: [] }), failure);
    expect(await write({ device_id: 2, election_id: { low: 3 } })).toMatchObject({ code: NOT_FOUND, errors: [] });
    expect(await write({ device_id: 1 })).toMatchObject({ code: PERMISSION_DENIED, errors: [] }); // no election id
    expect(await write({ device_id: 1, election_id: { low: 2 } })).toMatchObject({ code: PERMISSION_DENIED, errors: [] });
    expect(await write({ device_id: 1, election_id: { low: 3 }, role: 'nobody' })).toMatchObject({ code: PERMISSION_DENIED, errors: [] }); // a role no client has: no primary (every role exists, as in BMv2)
    expect(await write({ device_id: 1, election_id: { low: 3 }, updates: [{ entity: route('0f0000000000', 8) }] })).toMatchObject({ code: 2, errors: [{ canonical_code: INVALID_ARGUMENT }] }); // no update type
    expect(await write({ device_id: 1, election_id: { low: 3 }, updates: [] })).toMatchObject({ code: 0 });
  });

  it('Capabilities: the version, and NOT_FOUND for a device the server does not have', async () => {
    expect(await session.c.unary('Capabilities', {})).toMatchObject({ p4runtime_api_version: '1.5.0' });
    expect(await session.c.unary('Capabilities', { device_id: 1 })).toMatchObject({ p4runtime_api_version: '1.5.0' });
    expect(await session.c.unary('Capabilities', { device_id: 7 }).then(() => 0, (e: { code: number }) => e.code)).toBe(NOT_FOUND);
  });

  it('GetForwardingPipelineConfig: each response type, the cookie set with the config, NOT_FOUND for another device', async () => {
    const get = async (response_type?: string) => ((await session.c.unary('GetForwardingPipelineConfig', { device_id: 1, ...(response_type ? { response_type } : {}) })) as { config: Record<string, unknown> }).config;
    const all = await get();
    expect(all.p4info).toBeDefined();
    await session.c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: { low: 3 }, action: 'RECONCILE_AND_COMMIT', config: { p4info: all.p4info, p4_device_config: all.p4_device_config, cookie: { cookie: '77' } } });
    expect(Object.keys(await get('COOKIE_ONLY'))).toEqual(['cookie']);
    expect((await get('COOKIE_ONLY')).cookie).toEqual({ cookie: '77' });
    expect(Object.keys(await get('P4INFO_AND_COOKIE')).sort()).toEqual(['cookie', 'p4info']);
    expect(Object.keys(await get('DEVICE_CONFIG_AND_COOKIE')).sort()).toEqual(['cookie', 'p4_device_config']);
    expect(await session.c.unary('GetForwardingPipelineConfig', { device_id: 5 }).then(() => 0, (e: { code: number }) => e.code)).toBe(NOT_FOUND);
    const set = (request: object) => session.c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: { low: 3 }, ...request }).then(() => 0, (e: { code: number }) => e.code);
    expect(await set({ action: 'VERIFY' })).toBe(INVALID_ARGUMENT); // no config
    expect(await set({ action: 'VERIFY_AND_COMMIT', config: { p4_device_config: all.p4_device_config } })).toBe(INVALID_ARGUMENT); // no P4Info
    expect(await set({ election_id: { low: 1 }, action: 'VERIFY', config: { p4info: all.p4info } })).toBe(PERMISSION_DENIED);
    expect(await set({ action: 'VERIFY', config: { p4info: all.p4info } })).toBe(0);
  });

  it('RECONCILE_AND_COMMIT keeps the forwarding state (same program, same ids; aliases may differ) or is refused (INVALID_ARGUMENT), never drops it', async () => {
    await session.write([{ type: 'INSERT', entity: route('110000000000', 8) }]);
    const count = async () => (await readAll({ table_entry: { table_id: routes() } })).length;
    const p4info = info();
    const renamed = { ...p4info, tables: p4info.tables!.map((t) => ({ ...t, preamble: { ...t.preamble, alias: `${t.preamble.alias ?? 'x'}_2` } })) };
    const set = (config: object) => session.c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: { low: 3 }, action: 'RECONCILE_AND_COMMIT', config }).then(() => 0, (e: { code: number }) => e.code);
    expect(await set({ p4info: renamed })).toBe(0);
    expect(await count()).toBe(1);
    const other = await compileForServe(`${root}test/fixtures/p4runtime/packet-io.p4`, 'sync', false);
    expect(await set({ p4info: other.p4info, p4_device_config: other.deviceConfig })).toBe(INVALID_ARGUMENT);
    const moved = { ...p4info, tables: p4info.tables!.map((t) => (t.preamble.id === routes() ? { ...t, preamble: { ...t.preamble, id: routes() + 1 } } : t)) };
    expect(await set({ p4info: moved })).toBe(INVALID_ARGUMENT);
    expect(await count()).toBe(1);
    await session.write([{ type: 'DELETE', entity: route('110000000000', 8) }]);
  });
});

describe('P4Runtime conformance: arbitration and the stream (packet-io.p4)', () => {
  const session = useServedSession(`${root}test/fixtures/p4runtime/packet-io.p4`, 10);
  type Arbitration = { arbitration: { status: { code: number }; election_id?: { high: string; low: string }; role?: { name: string } } };

  it('a client without an election id is a backup and never primary, even when there is none', async () => {
    const c = connect(session.s.server.port);
    const s = c.stream();
    s.send({ arbitration: { device_id: 1, role: { name: 'observer' } } });
    const m = (await s.next()) as Arbitration;
    expect(m.arbitration.status.code).toBe(NOT_FOUND); // no primary for role 'observer'
    expect(m.arbitration.election_id).toBeUndefined(); // no primary ever: left unset
    expect(m.arbitration.role).toEqual({ name: 'observer' });
    const w = await c.unary('Write', { device_id: 1, role: 'observer', updates: [] }).catch(failure);
    expect(w).toMatchObject({ code: PERMISSION_DENIED });
    s.end();
    c.close();
  });

  it('election id 0 (set) is not "unset": it can be primary of a role; equal ids in one role are refused', async () => {
    const c = connect(session.s.server.port);
    const a = c.stream();
    a.send({ arbitration: { device_id: 1, role: { name: 'zero' }, election_id: { high: 0, low: 0 } } });
    expect(((await a.next()) as Arbitration).arbitration.status.code).toBe(0);
    const b = c.stream();
    b.send({ arbitration: { device_id: 1, role: { name: 'zero' }, election_id: { high: 0, low: 0 } } });
    expect((await b.ended()).code).toBe(INVALID_ARGUMENT);
    // the same id in another role is fine
    const other = c.stream();
    other.send({ arbitration: { device_id: 1, role: { name: 'other' }, election_id: { low: 10 } } });
    expect(((await other.next()) as Arbitration).arbitration.status.code).toBe(0);
    a.end();
    other.end();
    c.close();
  });

  it('when the primary leaves, the others are told there is none, with the highest election id; the highest then takes over', async () => {
    const c = connect(session.s.server.port);
    const role = { name: 'ha' };
    const p = c.stream();
    p.send({ arbitration: { device_id: 1, role, election_id: { low: 30 } } });
    expect(((await p.next()) as Arbitration).arbitration.status.code).toBe(0);
    const b1 = c.stream();
    b1.send({ arbitration: { device_id: 1, role, election_id: { low: 20 } } });
    expect(((await b1.next()) as Arbitration).arbitration).toMatchObject({ status: { code: ALREADY_EXISTS }, election_id: { low: '30' } });
    const b2 = c.stream();
    b2.send({ arbitration: { device_id: 1, role, election_id: { low: 25 } } });
    expect(((await b2.next()) as Arbitration).arbitration.status.code).toBe(ALREADY_EXISTS);
    p.end();
    for (const b of [b1, b2]) expect(((await b.next()) as Arbitration).arbitration).toMatchObject({ status: { code: NOT_FOUND }, election_id: { low: '30' } });
    // 25 is below the highest ever seen (30): it stays a backup until it sends 30 or more
    b2.send({ arbitration: { device_id: 1, role, election_id: { low: 31 } } });
    expect(((await b2.next()) as Arbitration).arbitration.status.code).toBe(0);
    expect(((await b1.next()) as Arbitration).arbitration.status.code).toBe(ALREADY_EXISTS);
    b1.end();
    b2.end();
    c.close();
  });

  it('a stream may not change its device or role (FAILED_PRECONDITION); role.config is INVALID_ARGUMENT; the first message must be an arbitration', async () => {
    const c = connect(session.s.server.port);
    const s1 = c.stream();
    s1.send({ arbitration: { device_id: 1, role: { name: 'r1' }, election_id: { low: 1 } } });
    await s1.next();
    s1.send({ arbitration: { device_id: 1, role: { name: 'r2' }, election_id: { low: 1 } } });
    expect((await s1.ended()).code).toBe(FAILED_PRECONDITION);
    const s2 = c.stream();
    s2.send({ arbitration: { device_id: 1, role: { name: 'r3', config: { type_url: 'type.googleapis.com/x.Y', value: new Uint8Array() } }, election_id: { low: 1 } } });
    expect((await s2.ended()).code).toBe(INVALID_ARGUMENT);
    const s3 = c.stream();
    s3.send({ packet: { payload: bytes('00') } });
    expect((await s3.ended()).code).toBe(FAILED_PRECONDITION);
    c.close();
  });

  it('multicast groups keep their metadata (read back, changed by MODIFY, gone with the group); backup replicas UNIMPLEMENTED; DELETE by id only', async () => {
    const group = (metadata?: string, replicas: object[] = [{ port: Uint8Array.of(1), instance: 0 }]) => ({ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 77, replicas, ...(metadata !== undefined ? { metadata: bytes(metadata) } : {}) } } });
    const readGroup = async () => (await session.c.read({ device_id: 1, entities: [{ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 77 } } }] })) as { packet_replication_engine_entry: { multicast_group_entry: { metadata?: Uint8Array } } }[];
    await session.write([{ type: 'INSERT', entity: group('c0ffee') }]);
    expect(Buffer.from((await readGroup())[0]!.packet_replication_engine_entry.multicast_group_entry.metadata!).toString('hex')).toBe('c0ffee');
    await session.write([{ type: 'MODIFY', entity: group() }]);
    expect((await readGroup())[0]!.packet_replication_engine_entry.multicast_group_entry.metadata ?? new Uint8Array()).toHaveLength(0);
    const backup = await session.write([{ type: 'MODIFY', entity: group('01', [{ port: Uint8Array.of(1), backup_replicas: [{ port: Uint8Array.of(2) }] }]) }]).catch(failure);
    expect(backup).toMatchObject({ errors: [{ canonical_code: 12 }] });
    await session.write([{ type: 'MODIFY', entity: group('0102') }]);
    // a rolled-back MODIFY puts the old metadata (and replicas) back
    const failed = await session.write([{ type: 'MODIFY', entity: group('0304', [{ port: Uint8Array.of(2), instance: 0 }]) }, { type: 'MODIFY', entity: { packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id: 78 } } } }], 'ROLLBACK_ON_ERROR').catch(failure);
    expect(failed).toMatchObject({ code: 2, errors: [{ canonical_code: 10 }, { canonical_code: NOT_FOUND }] });
    const [restored] = await readGroup();
    expect(Buffer.from(restored!.packet_replication_engine_entry.multicast_group_entry.metadata!).toString('hex')).toBe('0102');
    expect(restored).toMatchObject({ packet_replication_engine_entry: { multicast_group_entry: { replicas: [{ port: Buffer.of(1) }] } } });
    await session.write([{ type: 'DELETE', entity: group(undefined, [{ port: Uint8Array.of(1) }, { port: Uint8Array.of(1) }]) }]); // replicas ignored
    expect(await readGroup()).toEqual([]);
    await session.write([{ type: 'INSERT', entity: group() }]);
    expect((await readGroup())[0]!.packet_replication_engine_entry.multicast_group_entry.metadata ?? new Uint8Array()).toHaveLength(0);
    await session.write([{ type: 'DELETE', entity: group() }]);
    // group id 0 is INVALID_ARGUMENT (the specification's valid values), above 65535 OUT_OF_RANGE, for every update type
    const withId = (multicast_group_id: number) => ({ packet_replication_engine_entry: { multicast_group_entry: { multicast_group_id, replicas: [{ port: Uint8Array.of(1) }] } } });
    for (const type of ['INSERT', 'MODIFY', 'DELETE']) {
      for (const [groupId, code] of [[0, INVALID_ARGUMENT], [65536, OUT_OF_RANGE]] as const) {
        const r = await session.write([{ type, entity: withId(groupId) }]).catch(failure);
        expect([type, groupId, r]).toMatchObject([type, groupId, { code: 2, errors: [{ canonical_code: code }] }]);
      }
    }
  });

  it('a PacketOut with an unknown, duplicated or too wide metadata field is dropped (StreamError, the stream stays); a field left out is 0; a DigestListAck must name a digest', async () => {
    const stream = session.stream;
    const wellFormed = (port: number) => ({ packet: { payload: bytes('000000000001000000000002080000'), metadata: [{ metadata_id: 1, value: Uint8Array.of(port) }, { metadata_id: 2, value: Uint8Array.of(0) }] } });
    const cases: [string, object, number][] = [
      ['an unknown metadata id', { packet: { payload: bytes('000000000001000000000002080000'), metadata: [{ metadata_id: 1, value: Uint8Array.of(5) }, { metadata_id: 9, value: Uint8Array.of(0) }] } }, INVALID_ARGUMENT],
      ['a field given twice', { packet: { payload: bytes('000000000001000000000002080000'), metadata: [{ metadata_id: 1, value: Uint8Array.of(5) }, { metadata_id: 1, value: Uint8Array.of(6) }, { metadata_id: 2, value: Uint8Array.of(0) }] } }, INVALID_ARGUMENT],
      ['a 9-bit field of 0x200', { packet: { payload: bytes('000000000001000000000002080000'), metadata: [{ metadata_id: 1, value: bytes('0200') }, { metadata_id: 2, value: Uint8Array.of(0) }] } }, OUT_OF_RANGE],
    ];
    session.s.out.length = 0;
    for (const [what, message, code] of cases) {
      stream.send(message);
      const m = (await stream.next()) as { error: { canonical_code: number; packet_out?: object } };
      expect([what, m.error.canonical_code]).toEqual([what, code]);
      expect(m.error.packet_out).toBeDefined();
    }
    // a well-formed packet after them: once it is out, nothing else went out before it
    stream.send(wellFormed(3));
    for (let i = 0; i < 50 && session.s.out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(session.s.out.map(([port]) => port)).toEqual([3]);
    // the padding field left out (as p4runtime-shell and PTF tests do): 0, as in BMv2
    session.s.out.length = 0;
    stream.send({ packet: { payload: bytes('000000000001000000000002080000'), metadata: [{ metadata_id: 1, value: Uint8Array.of(2) }] } });
    for (let i = 0; i < 50 && session.s.out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(session.s.out.map(([port]) => port)).toEqual([2]);
    stream.send({ digest_ack: { digest_id: 4242, list_id: 1 } });
    expect(await stream.next()).toMatchObject({ error: { canonical_code: INVALID_ARGUMENT, digest_list_ack: {} } });
    stream.send({ other: { type_url: 'type.googleapis.com/x.Y', value: new Uint8Array() } });
    expect(await stream.next()).toMatchObject({ error: { canonical_code: 12, other: {} } }); // UNIMPLEMENTED, details set
    // a backup may not send packets: PERMISSION_DENIED, dropped
    const c = connect(session.s.server.port);
    const backup = c.stream();
    backup.send({ arbitration: { device_id: 1, election_id: { low: 4 } } });
    expect(((await backup.next()) as { arbitration: { status: { code: number } } }).arbitration.status.code).toBe(ALREADY_EXISTS);
    session.s.out.length = 0;
    backup.send({ packet: { payload: bytes('000000000001000000000002080000'), metadata: [{ metadata_id: 1, value: Uint8Array.of(3) }, { metadata_id: 2, value: Uint8Array.of(0) }] } });
    expect(await backup.next()).toMatchObject({ error: { canonical_code: PERMISSION_DENIED, packet_out: {} } });
    backup.end();
    c.close();
    // the primary's well-formed one goes out, and only it
    stream.send(wellFormed(3));
    for (let i = 0; i < 50 && session.s.out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(session.s.out.map(([port]) => port)).toEqual([3]);
  });
});

describe('P4Runtime conformance: a device without a forwarding pipeline', () => {
  it('Write and Read are FAILED_PRECONDITION; GetForwardingPipelineConfig leaves config unset', async () => {
    const host: DeviceHost = {
      load: () => Promise.reject(new Error('not used')),
      newSwitch: () => {
        throw new Error('not used');
      },
      activate: () => {},
    };
    const device = new P4RuntimeDevice(host, { deviceId: 1n, cpuPort: 64 });
    const server = await startP4RuntimeServer(device, '127.0.0.1:0');
    const c = connect(server.port);
    try {
      const stream = await becomePrimary(c, 1);
      expect(await c.unary('Write', { device_id: 1, election_id: { low: 1 }, updates: [] }).catch(failure)).toMatchObject({ code: FAILED_PRECONDITION, errors: [] });
      expect(await c.read({ device_id: 1, entities: [{ table_entry: {} }] }).then(() => 0, (e: { code: number }) => e.code)).toBe(FAILED_PRECONDITION);
      expect(await c.unary('GetForwardingPipelineConfig', { device_id: 1 })).toEqual({});
      stream.end();
    } finally {
      c.close();
      await server.close();
    }
  });
});
