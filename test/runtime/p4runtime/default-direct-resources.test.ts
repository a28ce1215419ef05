/**
 * The direct counter and direct meter of a table's default entry over P4Runtime
 * (test/fixtures/p4runtime/psa-default-direct.p4 served on 127.0.0.1): `DirectCounterEntry` and `DirectMeterEntry` naming the
 * default entry (`table_entry.is_default_action`) read and MODIFY the resources the default
 * action uses on a miss, a `TableEntry` Read of the default entry returns them with
 * `counter_data` / `meter_config`, and a MODIFY of the default entry sets them as an entry's
 * MODIFY does (counter_data unset: unchanged; meter_config unset: back to the default). The meter
 * configurations have rates 0 and bursts of one packet: the first packet after a configuration is
 * GREEN, every later one RED, whatever the time.
 * A Read of a `DirectMeterEntry` naming an entry reads that entry (NOT_FOUND when there is none).
 */
import { describe, expect, it } from 'vitest';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { INVALID_ARGUMENT, NOT_FOUND, OK } from './grpc-codes.ts';
import { bytes, failure, id, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

describe('P4Runtime server: the default entry\'s direct counter and meter (psa-default-direct.p4)', () => {
  const session = useServedSession(`${root}test/fixtures/p4runtime/psa-default-direct.p4`);
  const info = (): P4Info => session.s.program.p4info;

  const fwd = () => id(info(), 'tables', 'IngressImpl.fwd');
  const defaultEntry = () => ({ table_id: fwd(), is_default_action: true });
  const entry = (dst: string) => ({ table_id: fwd(), match: [{ field_id: 1, exact: { value: bytes(dst) } }] });
  /** The code of a one-entity Read (0: OK) and what it read. */
  const read = async (entity: object): Promise<{ code: number; entities: Record<string, unknown>[] }> => {
    try {
      return { code: OK, entities: await session.c.read({ device_id: 1, entities: [entity] }) };
    } catch (e) {
      const f = failure(e);
      return { code: f.errors[0]?.canonical_code ?? f.code, entities: [] };
    }
  };
  /** Sends a packet to `dst`: [port, ether type (the meter's colour)] of what leaves. */
  const send = (dst: string): [number, string] => {
    session.s.out.length = 0;
    session.s.device.switch!.inject(1, bytes(dst + '000000000001' + '0800'));
    session.s.device.switch!.runUntilIdle();
    const [port, frame] = session.s.out[0]!;
    return [port, frame.slice(24, 28)];
  };
  const defaultCounter = async (): Promise<number> => {
    const r = await read({ direct_counter_entry: { table_entry: defaultEntry() } });
    expect(r.code).toBe(OK);
    const e = r.entities[0] as { direct_counter_entry: { table_entry: { is_default_action?: boolean }; data: { packet_count?: string } } };
    expect(e.direct_counter_entry.table_entry.is_default_action).toBe(true);
    return Number(e.direct_counter_entry.data.packet_count ?? 0);
  };
  const oneGreen = { cir: 0, cburst: 1, pir: 0, pburst: 1 }; // one GREEN packet, then RED

  it('DirectCounterEntry of the default entry: the misses the default action counted, MODIFY sets it', async () => {
    expect(await defaultCounter()).toBe(0);
    expect([send('0000000000aa'), send('0000000000bb')]).toEqual([
      [9, '0001'],
      [9, '0001'],
    ]);
    expect(await defaultCounter()).toBe(2);
    expect(await session.codeOf('MODIFY', { direct_counter_entry: { table_entry: defaultEntry(), data: { packet_count: 100 } } })).toBe(OK);
    send('0000000000aa');
    expect(await defaultCounter()).toBe(101);
    // an entry's counter is its own
    expect(await session.codeOf('INSERT', { table_entry: { ...entry('000000000001'), action: { action: { action_id: id(info(), 'actions', 'IngressImpl.forward'), params: [{ param_id: 1, value: Uint8Array.of(4) }] } } } })).toBe(OK);
    expect(send('000000000001')).toEqual([4, '0001']);
    expect(await defaultCounter()).toBe(101);
    // a TableEntry Read of the default entry with counter_data
    const r = await read({ table_entry: { ...defaultEntry(), counter_data: {} } });
    expect((r.entities[0] as { table_entry: { counter_data: { packet_count: string } } }).table_entry.counter_data.packet_count).toBe('101');
  });

  it('DirectMeterEntry of the default entry configures the meter of the default action', async () => {
    expect(await session.codeOf('MODIFY', { direct_meter_entry: { table_entry: defaultEntry(), config: oneGreen } })).toBe(OK);
    expect([send('0000000000aa')[1], send('0000000000bb')[1], send('0000000000aa')[1]]).toEqual(['0001', '0003', '0003']);
    // the entry's meter is not the default entry's
    expect([send('000000000001'), send('000000000001')]).toEqual([
      [4, '0001'],
      [4, '0001'],
    ]);
    const r = await read({ direct_meter_entry: { table_entry: defaultEntry() } });
    expect(r.entities).toMatchObject([{ direct_meter_entry: { table_entry: { is_default_action: true }, config: { cburst: '1', pburst: '1' } } }]);
    const t = await read({ table_entry: { ...defaultEntry(), meter_config: {} } });
    expect(t.entities).toMatchObject([{ table_entry: { is_default_action: true, meter_config: { cburst: '1', pburst: '1' } } }]);
    // config unset: back to the default (every packet GREEN)
    expect(await session.codeOf('MODIFY', { direct_meter_entry: { table_entry: defaultEntry() } })).toBe(OK);
    expect([send('0000000000aa')[1], send('0000000000aa')[1]]).toEqual(['0001', '0001']);
  });

  it('a MODIFY of the default TableEntry sets its counter_data and meter_config; without meter_config the meter goes back to the default', async () => {
    const miss = { action: { action: { action_id: id(info(), 'actions', 'IngressImpl.miss') } } };
    expect(await session.codeOf('MODIFY', { table_entry: { ...defaultEntry(), ...miss, counter_data: { packet_count: 7 }, meter_config: oneGreen } })).toBe(OK);
    expect(await defaultCounter()).toBe(7);
    expect([send('0000000000aa')[1], send('0000000000aa')[1]]).toEqual(['0001', '0003']);
    expect(await defaultCounter()).toBe(9);
    // counter_data unset leaves the counter; meter_config unset resets the meter
    expect(await session.codeOf('MODIFY', { table_entry: { ...defaultEntry(), ...miss } })).toBe(OK);
    expect(await defaultCounter()).toBe(9);
    expect([send('0000000000aa')[1], send('0000000000aa')[1]]).toEqual(['0001', '0001']);
    const r = await read({ direct_meter_entry: { table_entry: defaultEntry() } });
    expect((r.entities[0] as { direct_meter_entry: { config?: object } }).direct_meter_entry.config ?? null).toBe(null);
  });

  it('the default entry has no match: a match or priority with is_default_action is INVALID_ARGUMENT; a missing entry NOT_FOUND', async () => {
    const withMatch = { ...entry('000000000001'), is_default_action: true };
    expect(await session.codeOf('MODIFY', { direct_counter_entry: { table_entry: withMatch, data: { packet_count: 1 } } })).toBe(INVALID_ARGUMENT);
    expect((await read({ direct_meter_entry: { table_entry: withMatch } })).code).toBe(INVALID_ARGUMENT);
    expect((await read({ direct_meter_entry: { table_entry: entry('000000000002') } })).code).toBe(NOT_FOUND);
    // a DirectMeterEntry Read naming an entry reads that one entry
    const one = await read({ direct_meter_entry: { table_entry: entry('000000000001') } });
    expect(one.entities).toHaveLength(1);
  });
});
