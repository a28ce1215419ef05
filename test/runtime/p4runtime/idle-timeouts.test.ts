/**
 * Idle timeouts over P4Runtime on 127.0.0.1: entries of tables with `support_timeout` written with
 * `idle_timeout_ns`, reported idle in one IdleTimeoutNotification on the primary's stream (with
 * their `controller_metadata` and `metadata`; again after each further timeout while not hit),
 * never deleted by the switch; `time_since_last_hit` in Reads; MODIFY changes the timeout, and a
 * rolled-back one loses no hit; `controller_metadata` and `metadata` kept and read back; the error
 * codes. The switch runs on a `ManualClock` and the ager sweeps when a test says so, so every age
 * is exact; one test lets the ager's own timer do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { ManualClock } from '../../../runtime/v1model/externs/clock.ts';
import { connect, type TestClient, type TestStream } from './client.ts';
import { INVALID_ARGUMENT } from './grpc-codes.ts';
import { becomePrimary, bytes, failure, id, serve, type Served } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;
const fixture = `${root}test/fixtures/p4runtime/idle-timeout.p4`;
const SECOND = 1_000_000; // µs

interface ReadEntry {
  table_id: number;
  match: { field_id: number; exact: { value: Uint8Array } }[];
  idle_timeout_ns?: string;
  time_since_last_hit?: { elapsed_ns?: string };
  controller_metadata?: string;
  metadata?: Uint8Array;
  action?: object;
}

interface Notification {
  idle_timeout_notification: { table_entry: ReadEntry[]; timestamp: string };
}

describe('P4Runtime idle timeouts', () => {
  const clock = new ManualClock(5 * SECOND);
  let s: Served;
  let c: TestClient;
  let stream: TestStream;
  let info: P4Info;
  const election = { low: 3 };

  beforeAll(async () => {
    s = await serve(fixture, 'sync', { clock, idleSweepMs: 0 });
    c = connect(s.server.port);
    stream = await becomePrimary(c, 3);
    info = s.program.p4info;
  });
  afterAll(async () => {
    stream?.end();
    c?.close();
    await s?.server.close();
  });

  const flows = () => id(info, 'tables', 'I.flows');
  const forward = () => id(info, 'actions', 'I.forward');
  const dst = (n: number) => `00000000000${n.toString(16)}`;
  const flowEntry = (n: number, timeoutNs?: bigint, extra: object = {}) => ({
    table_id: flows(),
    match: [{ field_id: 1, exact: { value: bytes(dst(n)) } }],
    action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(n) }] } },
    ...(timeoutNs !== undefined ? { idle_timeout_ns: timeoutNs.toString() } : {}),
    ...extra,
  });
  const write = (updates: object[], atomicity?: string) => c.unary('Write', { device_id: 1, election_id: election, updates, ...(atomicity ? { atomicity } : {}) });
  const insert = (e: object) => write([{ type: 'INSERT', entity: { table_entry: e } }]);
  const remove = (n: number) => write([{ type: 'DELETE', entity: { table_entry: flowEntry(n) } }]);
  /** A packet to destination `n` from source `src` through the switch. */
  const hit = (n: number, src = '0000000000aa') => {
    s.device.switch!.inject(1, bytes(dst(n) + src + '0800'));
    s.device.switch!.runUntilIdle();
  };
  const sweep = () => s.device.sweepIdleTimeouts();
  const keyOf = (e: ReadEntry) => Buffer.from(e.match[0]!.exact.value).toString('hex');
  const hex = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('hex'));
  const notification = async () => (await stream.next(2000)) as unknown as Notification;
  const readFlow = async (n: number, sinceHit = true) => {
    const r = await c.read({ device_id: 1, entities: [{ table_entry: { ...flowEntry(n), action: undefined, ...(sinceHit ? { time_since_last_hit: {} } : {}) } }] });
    return r.map((e) => e['table_entry'] as ReadEntry);
  };

  it('the P4Info marks the tables with support_timeout NOTIFY_CONTROL, the others not', () => {
    const behaviour = (name: string) => info.tables?.find((t) => t.preamble.name === name)?.idle_timeout_behavior;
    expect(behaviour('I.flows')).toBe('NOTIFY_CONTROL');
    expect(behaviour('I.by_source')).toBe('NOTIFY_CONTROL');
    expect(behaviour('I.plain')).toBeUndefined();
  });

  it('reports an entry idle past its timeout in one notification, again after each further timeout while it is not hit, and keeps it in the table', async () => {
    await insert(flowEntry(1, 1_000_000_000n, { controller_metadata: '77', metadata: bytes('c0ffee') }));
    await insert(flowEntry(2)); // no timeout: never reported
    clock.advance(SECOND / 2);
    expect(sweep()).toBe(0);
    clock.advance(SECOND / 2); // idle for exactly its timeout
    expect(sweep()).toBe(1);
    const m = await notification();
    expect(m.idle_timeout_notification.table_entry).toHaveLength(1);
    const reported = m.idle_timeout_notification.table_entry[0]!;
    expect(reported).toMatchObject({ table_id: flows(), idle_timeout_ns: '1000000000', controller_metadata: '77', action: { action: { action_id: forward() } } });
    expect(keyOf(reported)).toBe('01'); // the match, in canonical bytes
    expect(hex(reported.metadata)).toBe('c0ffee');
    expect(BigInt(m.idle_timeout_notification.timestamp)).toBeGreaterThan(0n);
    // the report restarted its timer: reported again after another full timeout, not before
    clock.advance(SECOND - 1);
    expect(sweep()).toBe(0);
    clock.advance(1);
    expect(sweep()).toBe(1);
    expect(keyOf((await notification()).idle_timeout_notification.table_entry[0]!)).toBe('01');
    // the switch deleted nothing; time_since_last_hit still counts from the last hit (here the insertion)
    expect(await readFlow(1)).toMatchObject([{ idle_timeout_ns: '1000000000', time_since_last_hit: { elapsed_ns: '2000000000' } }]);
    // a hit restarts the timer too
    clock.advance(SECOND / 2);
    hit(1);
    expect(sweep()).toBe(0);
    clock.advance(SECOND - 1);
    expect(sweep()).toBe(0);
    clock.advance(1);
    expect(sweep()).toBe(1);
    expect(keyOf((await notification()).idle_timeout_notification.table_entry[0]!)).toBe('01');
    await remove(1);
    await remove(2);
  });

  it('a hit within the timeout restarts it', async () => {
    await insert(flowEntry(3, 1_000_000_000n));
    clock.advance((SECOND * 8) / 10);
    hit(3);
    expect(sweep()).toBe(0);
    clock.advance((SECOND * 8) / 10); // 1.6 s since insertion, 0.8 s since the hit
    expect(sweep()).toBe(0);
    clock.advance((SECOND * 2) / 10);
    expect(sweep()).toBe(1);
    await notification();
    await remove(3);
  });

  it('Read returns time_since_last_hit on the switch clock (and idle_timeout_ns)', async () => {
    await insert(flowEntry(4, 7_000_000_000n));
    clock.advance(SECOND / 4);
    expect(await readFlow(4)).toMatchObject([{ idle_timeout_ns: '7000000000', time_since_last_hit: { elapsed_ns: '250000000' } }]);
    hit(4);
    sweep(); // the ager sees the hit (a hit counts from the first look after it: the sweep or a Read)
    clock.advance(3);
    expect(await readFlow(4)).toMatchObject([{ time_since_last_hit: { elapsed_ns: '3000' } }]);
    // without the flag in the request, no time_since_last_hit in the answer
    expect((await readFlow(4, false))[0]!.time_since_last_hit).toBeUndefined();
    // all tables: only entries of tables with idle timeouts get one
    await write([{ type: 'INSERT', entity: { table_entry: { table_id: id(info, 'tables', 'I.plain'), priority: 1, match: [{ field_id: 1, ternary: { value: bytes('0800'), mask: bytes('ffff') } }], action: { action: { action_id: id(info, 'actions', 'NoAction') } } } } }]);
    const all = (await c.read({ device_id: 1, entities: [{ table_entry: { time_since_last_hit: {} } }] })).map((e) => e['table_entry'] as { table_id: number; time_since_last_hit?: object });
    expect(all.map((e) => [e.table_id, e.time_since_last_hit !== undefined])).toEqual([
      [flows(), true],
      [id(info, 'tables', 'I.plain'), false],
    ]);
    await write([{ type: 'DELETE', entity: { table_entry: { table_id: id(info, 'tables', 'I.plain'), priority: 1, match: [{ field_id: 1, ternary: { value: bytes('0800'), mask: bytes('ffff') } }] } } }]);
    await remove(4);
  });

  it('MODIFY changes the timeout (unset: none) and keeps the time of the last hit', async () => {
    await insert(flowEntry(5, 1_000_000_000n));
    clock.advance(SECOND / 2);
    await write([{ type: 'MODIFY', entity: { table_entry: flowEntry(5, 3_000_000_000n) } }]);
    expect(await readFlow(5)).toMatchObject([{ idle_timeout_ns: '3000000000', time_since_last_hit: { elapsed_ns: '500000000' } }]);
    clock.advance(2 * SECOND);
    expect(sweep()).toBe(0);
    clock.advance(SECOND / 2); // 3 s since insertion
    expect(sweep()).toBe(1);
    expect((await notification()).idle_timeout_notification.table_entry[0]!.idle_timeout_ns).toBe('3000000000');
    await write([{ type: 'MODIFY', entity: { table_entry: flowEntry(5) } }]);
    expect((await readFlow(5))[0]!.idle_timeout_ns).toBeUndefined();
    clock.advance(100 * SECOND);
    expect(sweep()).toBe(0);
    await remove(5);
  });

  it('a rolled-back MODIFY keeps the timeout and a hit the ager had not seen yet', async () => {
    await insert(flowEntry(12, 1_000_000_000n));
    clock.advance((SECOND * 8) / 10);
    hit(12); // not looked at yet
    await expect(write([{ type: 'MODIFY', entity: { table_entry: flowEntry(12, 5_000_000_000n) } }, { type: 'DELETE', entity: { table_entry: flowEntry(9) } }], 'ROLLBACK_ON_ERROR')).rejects.toBeTruthy();
    expect(await readFlow(12, false)).toMatchObject([{ idle_timeout_ns: '1000000000' }]);
    clock.advance(SECOND / 2); // 1.3 s after the insertion; the hit is seen here
    expect(sweep()).toBe(0);
    clock.advance(SECOND - 1);
    expect(sweep()).toBe(0);
    clock.advance(1);
    expect(sweep()).toBe(1);
    await notification();
    await remove(12);
  });

  it('keeps controller_metadata and metadata: Read returns and filters on them, MODIFY replaces them, a rolled-back DELETE keeps them, the default entry has its own', async () => {
    await insert(flowEntry(10, undefined, { controller_metadata: '18446744073709551615', metadata: bytes('0102') }));
    await insert(flowEntry(11, undefined, { controller_metadata: '5' }));
    const read = async (filter: object) => (await c.read({ device_id: 1, entities: [{ table_entry: { table_id: flows(), ...filter } }] })).map((e) => e['table_entry'] as ReadEntry);
    const seen = (list: ReadEntry[]) => list.map((e) => [keyOf(e), e.controller_metadata, hex(e.metadata)]).sort();
    expect(seen(await read({}))).toEqual([
      ['0a', '18446744073709551615', '0102'],
      ['0b', '5', undefined],
    ]);
    expect(seen(await read({ controller_metadata: '5' }))).toEqual([['0b', '5', undefined]]);
    expect(seen(await read({ metadata: bytes('0102') }))).toEqual([['0a', '18446744073709551615', '0102']]);
    expect(await read({ metadata: bytes('03') })).toEqual([]);
    await write([{ type: 'MODIFY', entity: { table_entry: flowEntry(10, undefined, { metadata: bytes('09') }) } }]);
    expect(seen(await read({ match: flowEntry(10).match }))).toEqual([['0a', undefined, '09']]);
    await expect(write([{ type: 'DELETE', entity: { table_entry: flowEntry(11) } }, { type: 'DELETE', entity: { table_entry: flowEntry(9) } }], 'ROLLBACK_ON_ERROR')).rejects.toBeTruthy();
    expect(seen(await read({ match: flowEntry(11).match }))).toEqual([['0b', '5', undefined]]);
    const defaultEntry = async () => ((await c.read({ device_id: 1, entities: [{ table_entry: { table_id: flows(), is_default_action: true } }] }))[0]!['table_entry'] as ReadEntry);
    const action = { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(3) }] } };
    await write([{ type: 'MODIFY', entity: { table_entry: { table_id: flows(), is_default_action: true, action, controller_metadata: '9' } } }]);
    expect((await defaultEntry()).controller_metadata).toBe('9');
    await write([{ type: 'MODIFY', entity: { table_entry: { table_id: flows(), is_default_action: true } } }]); // reset: metadata too
    expect((await defaultEntry()).controller_metadata).toBeUndefined();
    await remove(10);
    await remove(11);
  });

  it('a batch rolled back keeps the entry it deleted, with its timeout', async () => {
    await insert(flowEntry(6, 2_000_000_000n));
    await expect(write([{ type: 'DELETE', entity: { table_entry: flowEntry(6) } }, { type: 'DELETE', entity: { table_entry: flowEntry(9) } }], 'ROLLBACK_ON_ERROR')).rejects.toBeTruthy();
    expect(await readFlow(6, false)).toMatchObject([{ idle_timeout_ns: '2000000000' }]);
    clock.advance(2 * SECOND);
    expect(sweep()).toBe(1);
    await notification();
    // deleted: nothing more about it
    await remove(6);
    clock.advance(10 * SECOND);
    expect(sweep()).toBe(0);
  });

  it('entries of a table with an action profile age too', async () => {
    const profile = id(info, 'action_profiles', 'I.sources');
    const bySource = id(info, 'tables', 'I.by_source');
    await write([{ type: 'INSERT', entity: { action_profile_member: { action_profile_id: profile, member_id: 1, action: { action_id: id(info, 'actions', 'I.mark'), params: [{ param_id: 1, value: bytes('0801') }] } } } }]);
    await write([{ type: 'INSERT', entity: { table_entry: { table_id: bySource, match: [{ field_id: 1, exact: { value: bytes('0000000000bb') } }], action: { action_profile_member_id: 1 }, idle_timeout_ns: '1000000000' } } }]);
    clock.advance(SECOND / 2);
    hit(7, '0000000000bb');
    expect(sweep()).toBe(0); // the hit is seen here, 0.5 s after the insertion
    clock.advance(SECOND / 2);
    expect(sweep()).toBe(0);
    clock.advance(SECOND / 2);
    expect(sweep()).toBe(1);
    expect((await notification()).idle_timeout_notification.table_entry[0]).toMatchObject({ table_id: bySource, action: { action_profile_member_id: 1 } });
    await write([{ type: 'DELETE', entity: { table_entry: { table_id: bySource, match: [{ field_id: 1, exact: { value: bytes('0000000000bb') } }] } } }]);
  });

  it('refuses idle timeouts where there are none: a table without support_timeout, the default entry, a negative timeout, time_since_last_hit in a write', async () => {
    const plain = { table_id: id(info, 'tables', 'I.plain'), priority: 1, match: [{ field_id: 1, ternary: { value: bytes('0800'), mask: bytes('ffff') } }], action: { action: { action_id: id(info, 'actions', 'NoAction') } } };
    const codes = async (p: Promise<unknown>) => failure(await p.then(() => undefined, (e: unknown) => e)).errors.map((e) => e.canonical_code);
    const defaultEntry = { table_id: flows(), is_default_action: true, action: { action: { action_id: forward(), params: [{ param_id: 1, value: Uint8Array.of(1) }] } } };
    expect(await codes(insert({ ...plain, idle_timeout_ns: '1000' }))).toEqual([INVALID_ARGUMENT]);
    expect(await codes(write([{ type: 'MODIFY', entity: { table_entry: { ...defaultEntry, idle_timeout_ns: '1000' } } }]))).toEqual([INVALID_ARGUMENT]);
    expect(await codes(write([{ type: 'MODIFY', entity: { table_entry: { ...defaultEntry, time_since_last_hit: {} } } }]))).toEqual([INVALID_ARGUMENT]);
    expect(await codes(insert(flowEntry(8, -5n)))).toEqual([INVALID_ARGUMENT]);
    // an ageing table: time_since_last_hit is for Reads only
    expect(await codes(insert(flowEntry(8, 1_000_000_000n, { time_since_last_hit: {} })))).toEqual([INVALID_ARGUMENT]);
    expect(await readFlow(8, false)).toEqual([]);
    // a request of a Read that fails: UNKNOWN with the request's code in its p4.v1.Error
    const readFailure = async (entry: object) => failure(await c.read({ device_id: 1, entities: [{ table_entry: entry }] }).then(() => undefined, (e: unknown) => e)).errors[0]?.canonical_code;
    expect(await readFailure({ table_id: id(info, 'tables', 'I.plain'), time_since_last_hit: {} })).toBe(INVALID_ARGUMENT);
    expect(await readFailure({ table_id: flows(), is_default_action: true, time_since_last_hit: {} })).toBe(INVALID_ARGUMENT);
  });

  it('refuses a P4Info whose idle timeout behaviour differs from the program\'s (the program decides which tables age)', async () => {
    const marked = (name: string, behaviour: string) => ({ ...info, tables: info.tables!.map((t) => (t.preamble.name === name ? { ...t, idle_timeout_behavior: behaviour } : t)) });
    const verify = (p4info: object) => c.unary('SetForwardingPipelineConfig', { device_id: 1, election_id: election, action: 'VERIFY', config: { p4info } }).then(() => undefined, (e: unknown) => e);
    expect(failure(await verify(marked('I.plain', 'NOTIFY_CONTROL'))).code).toBe(INVALID_ARGUMENT);
    expect(failure(await verify(marked('I.flows', 'NO_TIMEOUT'))).code).toBe(INVALID_ARGUMENT);
    expect(await verify(info)).toBeUndefined();
  });
});

describe('P4Runtime idle timeouts: the ager\'s own timer', () => {
  it('sweeps by itself and sends the notification on the primary\'s stream', async () => {
    const clock = new ManualClock();
    const s = await serve(fixture, 'sync', { clock, idleSweepMs: 5 });
    const c = connect(s.server.port);
    const stream = await becomePrimary(c, 1);
    try {
      const info = s.program.p4info;
      const table_id = id(info, 'tables', 'I.flows');
      await c.unary('Write', {
        device_id: 1,
        election_id: { low: 1 },
        updates: [{ type: 'INSERT', entity: { table_entry: { table_id, match: [{ field_id: 1, exact: { value: bytes('000000000001') } }], action: { action: { action_id: id(info, 'actions', 'I.drop') } }, idle_timeout_ns: '1000' } } }],
      });
      clock.advance(1);
      const m = (await stream.next(5000)) as unknown as Notification;
      expect(m.idle_timeout_notification.table_entry).toMatchObject([{ table_id, idle_timeout_ns: '1000' }]);
      expect(s.device.stats.idleNotifications).toBe(1);
    } finally {
      stream.end();
      c.close();
      await s.server.close();
    }
  });
});

describe.each(['context', 'longjump'] as const)('P4Runtime idle timeouts in %s mode', (mode) => {
  it('a packet\'s hit keeps the entry from being reported', async () => {
    const clock = new ManualClock();
    const s = await serve(fixture, mode, { clock, idleSweepMs: 0 });
    const c = connect(s.server.port);
    const stream = await becomePrimary(c, 1);
    try {
      const info = s.program.p4info;
      const table_id = id(info, 'tables', 'I.flows');
      await c.unary('Write', {
        device_id: 1,
        election_id: { low: 1 },
        updates: [{ type: 'INSERT', entity: { table_entry: { table_id, match: [{ field_id: 1, exact: { value: bytes('000000000001') } }], action: { action: { action_id: id(info, 'actions', 'I.forward'), params: [{ param_id: 1, value: Uint8Array.of(2) }] } }, idle_timeout_ns: '1000000000' } } }],
      });
      clock.advance(900_000);
      s.device.switch!.inject(1, bytes('000000000001' + '0000000000aa' + '0800'));
      s.device.switch!.runUntilIdle();
      expect(s.out.map(([port]) => port)).toEqual([2]);
      expect(s.device.sweepIdleTimeouts()).toBe(0);
      clock.advance(900_000);
      expect(s.device.sweepIdleTimeouts()).toBe(0); // 1.8 s after the insertion, 0.9 s after the hit
      clock.advance(100_000);
      expect(s.device.sweepIdleTimeouts()).toBe(1);
    } finally {
      stream.end();
      c.close();
      await s.server.close();
    }
  });
});

describe('P4Runtime idle timeouts without a primary', () => {
  it('reports nothing while there is no primary, and the idle entries to the next one', async () => {
    const clock = new ManualClock();
    const s = await serve(fixture, 'sync', { clock, idleSweepMs: 0 });
    const c = connect(s.server.port);
    try {
      const first = await becomePrimary(c, 1);
      const info = s.program.p4info;
      const table_id = id(info, 'tables', 'I.flows');
      await c.unary('Write', {
        device_id: 1,
        election_id: { low: 1 },
        updates: [{ type: 'INSERT', entity: { table_entry: { table_id, match: [{ field_id: 1, exact: { value: bytes('000000000001') } }], action: { action: { action_id: id(info, 'actions', 'I.drop') } }, idle_timeout_ns: '1000' } } }],
      });
      first.end();
      await first.ended(); // the server ends its side after it has closed the session
      expect(s.device.sessions.size).toBe(0);
      clock.advance(5);
      expect(s.device.sweepIdleTimeouts()).toBe(0);
      const second = await becomePrimary(c, 2);
      expect(s.device.sweepIdleTimeouts()).toBe(1);
      expect(((await second.next(2000)) as unknown as Notification).idle_timeout_notification.table_entry).toMatchObject([{ table_id }]);
      second.end();
    } finally {
      c.close();
      await s.server.close();
    }
  });
});

describe('P4Runtime idle timeouts in a PSA program (psa_idle_timeout)', () => {
  it('ages the entries of a NOTIFY_CONTROL table; a NO_TIMEOUT table refuses a timeout', async () => {
    const clock = new ManualClock();
    const s = await serve(`${root}test/fixtures/p4runtime/psa-idle-timeout.p4`, 'sync', { clock, idleSweepMs: 0 });
    const c = connect(s.server.port);
    const stream = await becomePrimary(c, 1);
    try {
      const info = s.program.p4info;
      const behaviour = (name: string) => info.tables?.find((t) => t.preamble.name === name)?.idle_timeout_behavior;
      expect([behaviour('IngressImpl.flows'), behaviour('IngressImpl.quiet')]).toEqual(['NOTIFY_CONTROL', undefined]);
      const write = (entry: object) => c.unary('Write', { device_id: 1, election_id: { low: 1 }, updates: [{ type: 'INSERT', entity: { table_entry: entry } }] });
      const table_id = id(info, 'tables', 'IngressImpl.flows');
      await write({ table_id, match: [{ field_id: 1, exact: { value: bytes('000000000001') } }], action: { action: { action_id: id(info, 'actions', 'IngressImpl.forward'), params: [{ param_id: 1, value: Uint8Array.of(2) }] } }, idle_timeout_ns: '1000000000' });
      const quiet = { table_id: id(info, 'tables', 'IngressImpl.quiet'), match: [{ field_id: 1, exact: { value: bytes('0000000000aa') } }], action: { action: { action_id: id(info, 'actions', 'NoAction') } }, idle_timeout_ns: '1000000000' };
      expect(failure(await write(quiet).then(() => undefined, (e: unknown) => e)).errors.map((e) => e.canonical_code)).toEqual([INVALID_ARGUMENT]);
      clock.advance(900_000);
      s.device.switch!.inject(1, bytes('000000000001' + '0000000000aa' + '0800'));
      s.device.switch!.runUntilIdle();
      expect(s.out.map(([port]) => port)).toEqual([2]);
      expect(s.device.sweepIdleTimeouts()).toBe(0);
      clock.advance(500_000);
      expect(s.device.sweepIdleTimeouts()).toBe(0); // 1.4 s after the insertion, 0.5 s after the hit
      clock.advance(500_000);
      expect(s.device.sweepIdleTimeouts()).toBe(1);
      expect(((await stream.next(2000)) as unknown as Notification).idle_timeout_notification.table_entry).toMatchObject([{ table_id, idle_timeout_ns: '1000000000' }]);
    } finally {
      stream.end();
      c.close();
      await s.server.close();
    }
  });
});
