/**
 * Initial entries (a non-const `entries` list) of tables whose keys need priorities, over P4Runtime
 * (test/fixtures/p4runtime/initial-entries.p4 served on 127.0.0.1): entries written without a
 * priority read with the priorities the P4-16 specification gives them (the first of N entries
 * 1 + (N - 1) * priority_delta down to 1 for the last), a client MODIFYs and DELETEs them by those
 * priorities, the entries it inserts rank among them by priority in the data plane, and an entry
 * marked `const` in the list reads `is_const` and refuses MODIFY of its action and DELETE
 * (PERMISSION_DENIED) while its direct counter may be modified, as the specification's
 * preinitialized tables section asks. A table whose smallest priority wins
 * (`largest_priority_wins = false`) keeps P4Runtime's rule, a higher priority wins: its entries
 * read with the winning one highest, and a client's entry of a higher priority wins.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import type { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { INVALID_ARGUMENT, NOT_FOUND, OK, PERMISSION_DENIED } from './grpc-codes.ts';
import { connect } from './client.ts';
import { bytes, id, serve, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

type TableEntry = {
  table_id: number;
  match?: { field_id: number; ternary?: { value: Uint8Array; mask: Uint8Array } }[];
  priority?: number;
  is_const?: boolean;
  action?: { action: { params: { value: Uint8Array }[] } };
  counter_data?: { packet_count?: string | number };
};

const hex = (b: Uint8Array | undefined) => (b === undefined ? '' : Buffer.from(b).toString('hex'));

describe('P4Runtime server: initial entries of tables with priorities (initial-entries.p4)', () => {
  const session = useServedSession(`${root}test/fixtures/p4runtime/initial-entries.p4`);
  const info = (): P4Info => session.s.program.p4info;
  const table = (name: string) => id(info(), 'tables', name);
  const forward = (port: number) => ({ action: { action_id: id(info(), 'actions', 'I.forward'), params: [{ param_id: 1, value: Uint8Array.of(port) }] } });
  const ternary = (value: string, mask: string) => [{ field_id: 1, ternary: { value: bytes(value), mask: bytes(mask) } }];
  const entry = (name: string, match: object[], priority: number, more: object = {}) => ({ table_entry: { table_id: table(name), match, priority, ...more } });
  /** A table's entries as [priority, match (value/mask hex), port, is_const], highest priority first. */
  const readTable = async (name: string, extra: object = {}): Promise<[number, string, number, boolean][]> => {
    const read = (await session.c.read({ device_id: 1, entities: [{ table_entry: { table_id: table(name), ...extra } }] })) as { table_entry: TableEntry }[];
    return read
      .map(({ table_entry: e }): [number, string, number, boolean] => [
        e.priority ?? 0,
        (e.match ?? []).map((m) => `${hex(m.ternary?.value)}/${hex(m.ternary?.mask)}`).join(',') || '_',
        e.action!.action.params[0]!.value[0]!,
        e.is_const === true,
      ])
      .sort((a, b) => b[0] - a[0]);
  };
  /** The port a packet goes out on (undefined: dropped), its destination MAC starting with `selector`. */
  const portOf = (selector: string, etherType: string): number | undefined => {
    session.s.out.length = 0;
    session.s.device.switch!.inject(0, bytes(selector + '0000000000' + '000000000000' + etherType));
    session.s.device.switch!.runUntilIdle();
    return session.s.out[0]?.[0];
  };

  it('entries written without priorities read with the priorities the language gives them: N down to 1, priority_delta apart', async () => {
    expect(await readTable('I.plain')).toEqual([
      [3, '0800/ffff', 1, false],
      [2, '0800/ff00', 2, false],
      [1, '_', 3, false],
    ]);
    expect(await readTable('I.spaced')).toEqual([
      [21, '0800/ffff', 11, false],
      [11, '0800/ff00', 12, false],
      [1, '_', 13, false],
    ]);
    // the data plane is as before: the first matching entry wins
    expect([portOf('01', '0800'), portOf('01', '0805'), portOf('01', '0900')]).toEqual([1, 2, 3]);
  });

  it('a client MODIFYs and DELETEs them by those priorities; another priority does not name them', async () => {
    expect(await session.codeOf('MODIFY', entry('I.plain', ternary('0800', 'ffff'), 2, { action: forward(7) }))).toBe(NOT_FOUND);
    expect(await session.codeOf('MODIFY', entry('I.plain', ternary('0800', 'ffff'), 3, { action: forward(7) }))).toBe(OK);
    expect(portOf('01', '0800')).toBe(7);
    expect(await session.codeOf('DELETE', entry('I.plain', [], 0))).toBe(INVALID_ARGUMENT); // a ternary table's entries have priorities
    expect(await session.codeOf('DELETE', entry('I.plain', [], 2))).toBe(NOT_FOUND);
    expect(await session.codeOf('DELETE', entry('I.plain', [], 1))).toBe(OK);
    expect(portOf('01', '0900')).toBeUndefined(); // the default action drops
    expect(await readTable('I.plain')).toEqual([
      [3, '0800/ffff', 7, false],
      [2, '0800/ff00', 2, false],
    ]);
  });

  it('entries a client inserts rank among the initial ones by priority', async () => {
    // between the second (11) and the last (1): the second still wins for 0x0805
    expect(await session.codeOf('INSERT', entry('I.spaced', ternary('0805', 'ffff'), 5, { action: forward(15) }))).toBe(OK);
    expect(portOf('02', '0805')).toBe(12);
    // above the second: it wins
    expect(await session.codeOf('INSERT', entry('I.spaced', ternary('0805', 'ffff'), 15, { action: forward(16) }))).toBe(OK);
    expect(portOf('02', '0805')).toBe(16);
    // below the first (21) for 0x0800: the first still wins; above it: the new one
    expect(await session.codeOf('INSERT', entry('I.spaced', ternary('0800', 'fff0'), 20, { action: forward(17) }))).toBe(OK);
    expect(portOf('02', '0800')).toBe(11);
    expect(await session.codeOf('INSERT', entry('I.spaced', ternary('0800', 'fff0'), 22, { action: forward(18) }))).toBe(OK);
    expect(portOf('02', '0800')).toBe(18);
  });

  it('an entry marked const in the list reads is_const and keeps its action (PERMISSION_DENIED); its counter may be modified', async () => {
    expect(await readTable('I.mixed')).toEqual([
      [2, '0800/ffff', 21, true],
      [1, '0800/ff00', 22, false],
    ]);
    const constEntry = (more: object = {}) => entry('I.mixed', ternary('0800', 'ffff'), 2, more);
    expect(await session.codeOf('MODIFY', constEntry({ action: forward(9) }))).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('DELETE', constEntry())).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('MODIFY', constEntry({ controller_metadata: 5 }))).toBe(PERMISSION_DENIED);
    expect(await session.codeOf('MODIFY', constEntry({ counter_data: { packet_count: 40 } }))).toBe(OK);
    expect(portOf('03', '0800')).toBe(21);
    const counted = (await session.c.read({ device_id: 1, entities: [{ table_entry: { table_id: table('I.mixed'), counter_data: {} } }] })) as { table_entry: TableEntry }[];
    expect(counted.map((x) => [x.table_entry.priority, Number(x.table_entry.counter_data?.packet_count ?? 0)]).sort((a, b) => b[0]! - a[0]!)).toEqual([
      [2, 41],
      [1, 0],
    ]);
    // the other entry of the list is an ordinary entry
    expect(await session.codeOf('MODIFY', entry('I.mixed', ternary('0800', 'ff00'), 1, { action: forward(23) }))).toBe(OK);
    expect(portOf('03', '0801')).toBe(23);
    expect(await session.codeOf('DELETE', entry('I.mixed', ternary('0800', 'ff00'), 1))).toBe(OK);
    expect(await readTable('I.mixed')).toEqual([[2, '0800/ffff', 21, true]]);
  });

  it('a table whose smallest priority wins (largest_priority_wins = false) reads and takes P4Runtime priorities, where the higher wins', async () => {
    // the data plane: the first matching entry wins
    expect([portOf('04', '0800'), portOf('04', '0810'), portOf('04', '0900')]).toEqual([31, 32, 33]);
    // read as P4Runtime ranks them: the first entry highest, the numbers a largest-wins table gives
    expect(await readTable('I.smallest')).toEqual([
      [21, '0800/ffff', 31, false],
      [11, '0800/ff00', 32, false],
      [1, '_', 33, false],
    ]);
    // a client's entry above the first wins; one between the second and the last does not beat the second
    expect(await session.codeOf('INSERT', entry('I.smallest', ternary('0800', 'fff0'), 22, { action: forward(34) }))).toBe(OK);
    expect(portOf('04', '0800')).toBe(34);
    expect(await session.codeOf('INSERT', entry('I.smallest', ternary('0810', 'ffff'), 5, { action: forward(35) }))).toBe(OK);
    expect(portOf('04', '0810')).toBe(32);
    expect(await session.codeOf('INSERT', entry('I.smallest', ternary('0810', 'ffff'), 12, { action: forward(36) }))).toBe(OK);
    expect(portOf('04', '0810')).toBe(36);
    // the program's entries are named by the priorities read
    expect(await session.codeOf('MODIFY', entry('I.smallest', ternary('0800', 'ffff'), 1, { action: forward(37) }))).toBe(NOT_FOUND);
    expect(await session.codeOf('MODIFY', entry('I.smallest', ternary('0800', 'ffff'), 21, { action: forward(37) }))).toBe(OK);
    expect(await session.codeOf('DELETE', entry('I.smallest', [], 21))).toBe(NOT_FOUND);
    expect(await session.codeOf('DELETE', entry('I.smallest', [], 1))).toBe(OK);
    expect(await readTable('I.smallest')).toEqual([
      [22, '0800/fff0', 34, false],
      [21, '0800/ffff', 37, false],
      [12, '0810/ffff', 36, false],
      [11, '0800/ff00', 32, false],
      [5, '0810/ffff', 35, false],
    ]);
    expect(await readTable('I.smallest', { priority: 12 })).toEqual([[12, '0810/ffff', 36, false]]);
    expect(await session.codeOf('DELETE', entry('I.smallest', ternary('0800', 'fff0'), 22))).toBe(OK);
    expect(portOf('04', '0800')).toBe(37);
  });

  it('a const list of such a table reads N for the first of N entries down to 1, as a largest-wins one', async () => {
    expect([portOf('05', '0800'), portOf('05', '0805'), portOf('05', '0900')]).toEqual([41, 42, 43]);
    expect(await readTable('I.smallest_const')).toEqual([
      [3, '0800/ffff', 41, true],
      [2, '0800/ff00', 42, true],
      [1, '_', 43, true],
    ]);
    expect(await readTable('I.smallest_const', { match: ternary('0800', 'ff00'), priority: 2 })).toEqual([[2, '0800/ff00', 42, true]]);
    expect(await readTable('I.smallest_const', { match: ternary('0800', 'ff00'), priority: 3 })).toEqual([]);
    expect(await session.codeOf('INSERT', entry('I.smallest_const', ternary('0900', 'ffff'), 4, { action: forward(44) }))).toBe(PERMISSION_DENIED);
  });

  it('such a table without entries of the program (K = 1): 1 to 2^31 - 1 read back as written, the higher wins; its direct counter and idle timeouts name the entry by them', async () => {
    const MAX = 2 ** 31 - 1;
    expect(await session.codeOf('INSERT', entry('I.smallest_empty', ternary('0900', 'ffff'), 1, { action: forward(61) }))).toBe(OK);
    expect(await session.codeOf('INSERT', entry('I.smallest_empty', ternary('0900', 'ff00'), 2, { action: forward(62) }))).toBe(OK);
    expect(portOf('06', '0900')).toBe(62);
    expect(await session.codeOf('INSERT', entry('I.smallest_empty', ternary('0900', 'fff0'), MAX, { action: forward(63), idle_timeout_ns: '1' }))).toBe(OK);
    expect(portOf('06', '0900')).toBe(63);
    expect(await session.codeOf('INSERT', entry('I.smallest_empty', ternary('0a00', 'ffff'), 0, { action: forward(64) }))).toBe(INVALID_ARGUMENT);
    expect(await session.codeOf('INSERT', entry('I.smallest_empty', ternary('0a00', 'ffff'), -1, { action: forward(64) }))).toBe(INVALID_ARGUMENT);
    expect(await readTable('I.smallest_empty')).toEqual([
      [MAX, '0900/fff0', 63, false],
      [2, '0900/ff00', 62, false],
      [1, '0900/ffff', 61, false],
    ]);
    const counted = (priority: number) => ({ direct_counter_entry: { table_entry: entry('I.smallest_empty', ternary('0900', 'fff0'), priority).table_entry, data: { packet_count: 9 } } });
    expect(await session.codeOf('MODIFY', counted(1))).toBe(NOT_FOUND);
    expect(await session.codeOf('MODIFY', counted(MAX))).toBe(OK);
    // the entry at 2^31 - 1 goes idle 1 ns after its last hit: the ager's next sweep (every 100 ms)
    // reports it, named by its P4Runtime priority
    const note = (await session.stream.next(5000)) as { idle_timeout_notification?: { table_entry: TableEntry[] } };
    expect(note.idle_timeout_notification?.table_entry.map((e) => [e.priority, e.table_id])).toEqual([[MAX, table('I.smallest_empty')]]);
    expect(await session.codeOf('DELETE', entry('I.smallest_empty', ternary('0900', 'fff0'), MAX))).toBe(OK);
    expect(portOf('06', '0900')).toBe(62);
  });
});

describe('P4Runtime server: entries of an entries JSON file (p4ts serve --entries) in a table whose smallest priority wins', () => {
  const session = useServedSession(`${root}test/fixtures/p4runtime/initial-entries.p4`);
  const info = (): P4Info => session.s.program.p4info;
  const ternary = (value: string, mask: string) => [{ field_id: 1, ternary: { value: bytes(value), mask: bytes(mask) } }];
  const portOf = (etherType: string): number | undefined => {
    session.s.out.length = 0;
    session.s.device.switch!.inject(0, bytes('04' + '0000000000' + '000000000000' + etherType));
    session.s.device.switch!.runUntilIdle();
    return session.s.out[0]?.[0];
  };

  it('read back with the priorities the file gives, rank by them as a client\'s entries do, and are named by them', async () => {
    const tables = [...session.s.device.switch!.program.objects.entries()].filter((e) => e.kind === 'table').map((e) => e.object as RuntimeTable);
    const entry = (etherType: string, port: number, priority: number) =>
      `{"table": "I.smallest", "match": {"ether_type": ["0x${etherType}", "0xffff"]}, "action_name": "I.forward", "action_params": {"port": ${port}}, "priority": ${priority}}`;
    // the program's entries read 21 (0800/ffff), 11 (0800/ff00) and 1 (any)
    const text = `{"table_entries": [${entry('0806', 51, 12)}, ${entry('0807', 52, 5)}, ${entry('0808', 53, 2 ** 31 - 1)}]}`;
    expect(loadEntriesJson(text, 'entries.json', { tables }).diagnostics).toEqual([]);
    const read = (await session.c.read({ device_id: 1, entities: [{ table_entry: { table_id: id(info(), 'tables', 'I.smallest') } }] })) as { table_entry: TableEntry }[];
    expect(read.map(({ table_entry: e }) => [e.priority, hex(e.match?.[0]?.ternary?.value)]).sort((a, b) => (b[0] as number) - (a[0] as number))).toEqual([
      [2 ** 31 - 1, '0808'],
      [21, '0800'],
      [12, '0806'],
      [11, '0800'],
      [5, '0807'],
      [1, ''],
    ]);
    // 12 beats the program's 11 (0800/ff00); 5 does not
    expect([portOf('0806'), portOf('0807'), portOf('0808')]).toEqual([51, 32, 53]);
    const named = (etherType: string, priority: number) => ({ table_entry: { table_id: id(info(), 'tables', 'I.smallest'), match: ternary(etherType, 'ffff'), priority } });
    expect(await session.codeOf('DELETE', named('0807', 5))).toBe(OK);
    expect(await session.codeOf('DELETE', named('0808', 2 ** 31 - 1))).toBe(OK);
    expect([portOf('0807'), portOf('0808')]).toEqual([32, 32]);
  });
});

describe('P4Runtime server: a program entry whose priority P4Runtime cannot carry (an int32)', () => {
  /** A program with one ternary table `t` (the smallest wins if `smallest`) with entries at these priorities. */
  const program = (priorities: readonly bigint[], smallest = false) => `#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> key; bit<8> r; }
struct headers_t { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { state start { pkt.extract(hdr.h); transition accept; } }
control VC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Ing(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    action set(bit<8> v) { hdr.h.r = v; }
    table t {
        key = { hdr.h.key : ternary; }
        actions = { set; }
        ${smallest ? 'largest_priority_wins = false;' : ''}
        entries = { ${priorities.map((p, i) => `priority = ${p} : ${i} &&& 0xff : set(${i});`).join(' ')} }
    }
    apply { t.apply(); }
}
control Eg(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control CC(inout headers_t hdr, inout meta_t meta) { apply { } }
control Dep(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr.h); } }
V1Switch(P(), VC(), Ing(), Eg(), CC(), Dep()) main;
`;
  const served = async (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'p4ts-priorities-'));
    try {
      writeFileSync(join(dir, 'p.p4'), text);
      return await serve(join(dir, 'p.p4'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('is refused when the program is served, with the table, the entry and the priority (not wrapped on the wire)', async () => {
    await expect(served(program([2n ** 31n, 1n]))).rejects.toThrow('table Ing.t: entry 1 of its entries has priority 2147483648, which would read as P4Runtime priority 2147483648, outside the int32 range');
    // where the smallest wins: 0 reads as K = 2^31 + 1
    await expect(served(program([0n, 2n ** 31n], true))).rejects.toThrow('table Ing.t: entry 1 of its entries has priority 0, which would read as P4Runtime priority 2147483649, outside the int32 range');
  });

  it('2^31 - 1 is served and reads back as it is', async () => {
    const s = await served(program([2n ** 31n - 1n, 1n]));
    const c = connect(s.server.port);
    try {
      const read = (await c.read({ device_id: 1, entities: [{ table_entry: { table_id: id(s.program.p4info, 'tables', 'Ing.t') } }] })) as { table_entry: TableEntry }[];
      expect(read.map(({ table_entry: e }) => e.priority).sort()).toEqual([1, 2 ** 31 - 1]);
    } finally {
      c.close();
      await s.server.close();
    }
  });
});
