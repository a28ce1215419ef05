import { describe, expect, it } from 'vitest';
import type { TableDescription } from '../../../runtime/control/description.ts';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import { formatControlDiagnostic } from '../../../runtime/control/errors.ts';
import { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import { ActionProfile } from '../../../runtime/control/action-profile.ts';
import { ValueSet } from '../../../runtime/support/value-set.ts';
import { MirroringSessions, MulticastGroups } from '../../../runtime/v1model/pre.ts';

const FORWARD = { id: 1, name: 'MyIngress.ipv4_forward', params: [{ name: 'dstAddr', width: 48 }, { name: 'port', width: 9 }] };
const DROP = { id: 2, name: 'MyIngress.drop', params: [] };

function tables(): RuntimeTable[] {
  const lpm: TableDescription = {
    name: 'MyIngress.ipv4_lpm',
    id: 10,
    keys: [{ name: 'hdr.ipv4.dstAddr', matchKind: 'lpm', width: 32 }],
    actions: [FORWARD, DROP],
    defaultAction: { actionId: 2, args: [], isConst: false },
  };
  const acl: TableDescription = {
    name: 'MyIngress.acl',
    id: 11,
    keys: [
      { name: 'hdr.ethernet.srcAddr', matchKind: 'ternary', width: 48 },
      { name: 'hdr.tcp.dstPort', matchKind: 'range', width: 16 },
      { name: 'hdr.ipv6.dstAddr', matchKind: 'optional', width: 128 },
    ],
    actions: [DROP, FORWARD],
    defaultAction: { actionId: 2, args: [], isConst: false },
  };
  const egressT: TableDescription = { ...lpm, name: 'MyEgress.ipv4_lpm', id: 12 };
  const fixed: TableDescription = { ...lpm, name: 'MyIngress.fixed', id: 13, constEntries: [] };
  return [new RuntimeTable(lpm), new RuntimeTable(acl), new RuntimeTable(egressT), new RuntimeTable(fixed)];
}

const GOOD = `{
  "target": "bmv2",
  "table_entries": [
    {
      "table": "MyIngress.ipv4_lpm",
      "default_action": true,
      "action_name": "MyIngress.drop",
      "action_params": { }
    },
    {
      "table": "MyIngress.ipv4_lpm",
      "match": { "hdr.ipv4.dstAddr": ["10.0.1.1", 32] },
      "action_name": "MyIngress.ipv4_forward",
      "action_params": { "dstAddr": "08:00:00:00:01:11", "port": 1 }
    },
    {
      "table": "acl",
      "match": { "srcAddr": ["0x080000000000", "0xffff00000000"], "dstPort": [80, 90], "hdr.ipv6.dstAddr": "fe80::1" },
      "action_name": "ipv4_forward",
      "action_params": { "dstAddr": 1, "port": "0x3" },
      "priority": 10
    }
  ],
  "multicast_group_entries": [
    { "multicast_group_id": 1, "replicas": [ { "egress_port": 1, "instance": 1 }, { "egress_port": 2, "instance": 1 } ] }
  ],
  "clone_session_entries": [
    { "clone_session_id": 5, "replicas": [ { "egress_port": 3, "instance": 0 } ] }
  ]
}`;

describe('loadEntriesJson', () => {
  it('applies table entries, defaults, multicast groups and clone sessions', () => {
    const ts = tables();
    const multicast = new MulticastGroups();
    const mirroring = new MirroringSessions();
    const r = loadEntriesJson(GOOD, 'e.json', { tables: ts, multicast, mirroring });
    expect(r.diagnostics).toEqual([]);
    expect(r.applied).toBe(5);
    const hit = ts[0]!.lookup1(0x0a000101);
    expect(hit.hit).toBe(true);
    expect(hit.args).toEqual([0x080000000111, 1]);
    expect(ts[0]!.lookup1(0x0a000102).actionId).toBe(2);
    const acl = ts[1]!.lookup3(0x0800000000aa, 85, 0xfe80n << 112n | 1n);
    expect(acl.hit).toBe(true);
    expect(acl.priority).toBe(10);
    expect(acl.args).toEqual([1, 3]);
    expect(multicast.members(1)).toEqual([{ rid: 1, port: 1 }, { rid: 1, port: 2 }]);
    expect(mirroring.get(5)).toEqual({ egressPort: 3 });
  });

  function errorsOf(text: string): string[] {
    return loadEntriesJson(text, 'e.json', { tables: tables(), multicast: new MulticastGroups(), mirroring: new MirroringSessions() }).diagnostics.map(formatControlDiagnostic);
  }

  const entry = (body: string): string => `{\n  "table_entries": [\n    { "table": "MyIngress.ipv4_lpm", "match": {"hdr.ipv4.dstAddr": ["10.0.0.0", 8]}, "action_name": "drop" },\n    {\n      "table": "MyIngress.ipv4_lpm",\n${body}\n    }\n  ]\n}`;

  it('malformed JSON: line of the parse error', () => {
    expect(errorsOf('{\n  "table_entries": [\n    { "table": "x", }\n  ]\n}')).toEqual([expect.stringMatching(/^e\.json\(3\): error: invalid JSON: /)]);
    expect(errorsOf('{\n  "table_entries": [\n')).toEqual([expect.stringMatching(/^e\.json\(\d\): error: invalid JSON: /)]);
    expect(errorsOf('[1]')).toEqual(['e.json(1): error: expected a JSON object with "table_entries"']);
  });

  it('unknown match field, reported on its line', () => {
    const text = entry('      "action_name": "drop",\n      "match": { "hdr.ipv4.dst": 1 }');
    expect(errorsOf(text)).toEqual([
      'e.json(7): error: table_entries[1]: MyIngress.ipv4_lpm: unknown match field "hdr.ipv4.dst" (keys: hdr.ipv4.dstAddr)',
    ]);
  });

  it('unknown and ambiguous tables', () => {
    expect(errorsOf(`{"table_entries": [\n{"table": "nope", "action_name": "drop"}]}`)).toEqual(['e.json(2): error: table_entries[0]: unknown table "nope"']);
    expect(errorsOf(`{"table_entries": [\n\n{"table": "ipv4_lpm", "action_name": "drop"}]}`)).toEqual([
      'e.json(3): error: table_entries[0]: table "ipv4_lpm" is ambiguous: MyIngress.ipv4_lpm, MyEgress.ipv4_lpm',
    ]);
  });

  it('action problems: unknown action, unknown/missing parameter, bad value, width', () => {
    expect(errorsOf(entry('      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 24]},\n      "action_name": "fwd"'))[0]).toMatch(
      /^e\.json\(7\): error: table_entries\[1\]: MyIngress\.ipv4_lpm: unknown action "fwd"/,
    );
    expect(errorsOf(entry('      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 24]},\n      "action_name": "ipv4_forward",\n      "action_params": {"port": 1}'))).toEqual([
      'e.json(5): error: table_entries[1]: MyIngress.ipv4_lpm: action MyIngress.ipv4_forward: missing parameter "dstAddr"',
    ]);
    expect(errorsOf(entry('      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 24]},\n      "action_name": "ipv4_forward",\n      "action_params": {"dstAddr": 1, "port": 1, "vlan": 2}'))).toEqual([
      'e.json(8): error: table_entries[1]: MyIngress.ipv4_lpm: action MyIngress.ipv4_forward: unknown parameter "vlan" (parameters: dstAddr, port)',
    ]);
    expect(errorsOf(entry('      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 24]},\n      "action_name": "ipv4_forward",\n      "action_params": {"dstAddr": "zz", "port": 1}'))[0]).toMatch(
      /^e\.json\(8\): error: table_entries\[1\]: MyIngress\.ipv4_lpm: action MyIngress\.ipv4_forward: parameter dstAddr: cannot read "zz"/,
    );
    expect(errorsOf(entry('      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 24]},\n      "action_name": "ipv4_forward",\n      "action_params": {"dstAddr": 1,\n "port": 600}'))).toEqual([
      'e.json(9): error: table_entries[1]: MyIngress.ipv4_lpm: action MyIngress.ipv4_forward: parameter port: value 600 does not fit in 9 bits',
    ]);
  });

  it('match problems: form, width, prefix, missing exact key', () => {
    expect(errorsOf(entry('      "action_name": "drop",\n      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0"]}'))).toEqual([
      'e.json(7): error: table_entries[1]: MyIngress.ipv4_lpm: match field hdr.ipv4.dstAddr (lpm): expected [value, prefixLength]',
    ]);
    expect(errorsOf(entry('      "action_name": "drop",\n      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 40]}'))[0]).toMatch(/^e\.json\(7\): .*prefix length 40 out of 0\.\.32/);
    expect(errorsOf(entry('      "action_name": "drop",\n      "match": {"hdr.ipv4.dstAddr": "0x1ffffffff"}'))[0]).toMatch(/^e\.json\(7\): .*does not fit in 32 bits/);
    expect(errorsOf(entry('      "action_name": "drop",\n      "match": {"hdr.ipv4.dstAddr": "1.2.3.400"}'))[0]).toMatch(/^e\.json\(7\): .*bad IPv4 address/);
    expect(errorsOf(entry('      "action_name": "drop",\n      "match": {"hdr.ipv4.dstAddr": ["10.0.0.0", 8]}'))[0]).toMatch(/^e\.json\(5\): .*duplicate entry/);
    expect(errorsOf(`{"table_entries": [{"table": "MyIngress.ipv4_lpm", "match": null, "action_name": "drop"}]}`)).toEqual([
      'e.json(1): error: table_entries[0]: MyIngress.ipv4_lpm: "match" must be an object',
    ]);
  });

  it('says which kind of address a bad one was meant to be', () => {
    const param = (dstAddr: string) => errorsOf(entry(`      "match": {"hdr.ipv4.dstAddr": ["10.0.1.0", 24]},\n      "action_name": "ipv4_forward",\n      "action_params": {"dstAddr": "${dstAddr}", "port": 1}`))[0];
    expect(param('08:00:00:00:01:zz')).toMatch(/parameter dstAddr: bad MAC address "08:00:00:00:01:zz" \(six bytes in hex/);
    expect(param('08-00-00-00-01-1111')).toMatch(/bad MAC address/);
    expect(param('fe80::zz')).toMatch(/bad IPv6 address "fe80::zz"/);
  });

  it('const tables, default with a match, priority type, sections', () => {
    expect(errorsOf(`{"table_entries": [{"table": "fixed", "match": {"hdr.ipv4.dstAddr": 1}, "action_name": "drop"}]}`)).toEqual([
      'e.json(1): error: table_entries[0]: MyIngress.fixed: table MyIngress.fixed has const entries: it cannot be changed',
    ]);
    expect(errorsOf(`{"table_entries": [{"table": "MyIngress.ipv4_lpm", "default_action": true, "match": {"hdr.ipv4.dstAddr": 1}, "action_name": "drop"}]}`)[0]).toMatch(/a default_action entry has no match/);
    expect(errorsOf(`{"table_entries": [{"table": "acl", "action_name": "drop", "priority": "high"}]}`)[0]).toMatch(/"priority" must be an integer/);
    expect(errorsOf(`{"table_entries": {}}`)).toEqual(['e.json(1): error: table_entries: expected an array']);
    expect(errorsOf(`{"multicast_group_entries": [\n {"multicast_group_id": 0, "replicas": []}]}`)).toEqual([
      'e.json(2): error: multicast_group_entries[0]: multicast group 0 out of range [1, 65535]',
    ]);
    expect(errorsOf(`{"clone_session_entries": [\n {"clone_session_id": 1, "replicas": []}]}`)[0]).toMatch(
      /^e\.json\(2\): error: clone_session_entries\[0\]: clone session 1: at least one replica/,
    );
    expect(errorsOf(`{"clone_session_entries": [\n {"clone_session_id": 1, "replicas": [{"egress_port": 1}], "packet_length_bytes": -1}]}`)[0]).toMatch(/must not be negative/);
  });

  it('clone sessions with several replicas and truncation', () => {
    const mirroring = new MirroringSessions();
    const text = `{"clone_session_entries": [{"clone_session_id": 7, "replicas": [{"egress_port": 1, "instance": 2}, {"egress_port": 4}], "packet_length_bytes": 64}]}`;
    expect(loadEntriesJson(text, 'e.json', { tables: [], mirroring }).diagnostics).toEqual([]);
    expect(mirroring.get(7)).toMatchObject({ replicas: [{ rid: 2, port: 1 }, { rid: 0, port: 4 }], truncateBytes: 64 });
  });

  it('keeps applying after an error', () => {
    const ts = tables();
    const text = `{"table_entries": [\n{"table": "nope", "action_name": "drop"},\n{"table": "MyIngress.ipv4_lpm", "match": {"hdr.ipv4.dstAddr": ["10.0.0.0", 8]}, "action_name": "drop"}]}`;
    const r = loadEntriesJson(text, 'e.json', { tables: ts });
    expect(r.diagnostics.length).toBe(1);
    expect(r.applied).toBe(1);
    expect(ts[0]!.lookup1(0x0a000001).hit).toBe(true);
  });
});

describe('loadEntriesJson: "priority" is the P4Runtime priority', () => {
  /** A ternary table with entries of the program at 10 and 20 (K = 21 where the smallest wins). */
  function ternaryTable(lowerWins: boolean): RuntimeTable {
    const at = (value: string, priority: number) => ({ matches: [{ kind: 'ternary' as const, value, mask: '255' }], actionId: 2, args: [], priority });
    return new RuntimeTable(
      {
        name: 'MyIngress.t',
        id: 20,
        keys: [{ name: 'hdr.h.key', matchKind: 'ternary', width: 8 }],
        actions: [FORWARD, DROP],
        defaultAction: { actionId: 2, args: [], isConst: false },
        initialEntries: [at('1', 10), at('2', 20)],
      },
      { priorityOrder: lowerWins ? 'lower-wins' : 'higher-wins' },
    );
  }
  const entry = (key: number, port: number, priority?: number | string) =>
    `{"table": "t", "match": {"hdr.h.key": [${key}, "0xff"]}, "action_name": "ipv4_forward", "action_params": {"dstAddr": 0, "port": ${port}}${priority === undefined ? '' : `, "priority": ${priority}`}}`;
  const load = (t: RuntimeTable, ...entries: string[]) => loadEntriesJson(`{"table_entries": [\n${entries.join(',\n')}\n]}`, 'e.json', { tables: [t] }).diagnostics.map(formatControlDiagnostic);

  it('the larger wins in a table whose smallest data-plane priority wins too: it is turned around as the P4Runtime server turns it (K - q)', () => {
    const t = ternaryTable(true);
    expect(load(t, entry(3, 1, 100), entry(3, 2, 5))).toEqual([]);
    expect(t.lookup1(3).args).toEqual([0, 1]);
    expect(t.lookup1(3).priority).toBe(21 - 100);
    expect(t.find([{ kind: 'ternary', value: 3, mask: 0xff }], 21 - 5)?.args).toEqual([0, 2]);
  });

  it('is the data plane\'s in a table whose largest priority wins', () => {
    const t = ternaryTable(false);
    expect(load(t, entry(3, 1, 100), entry(3, 2, 5))).toEqual([]);
    expect(t.lookup1(3).priority).toBe(100);
  });

  it('a table that needs priorities refuses an entry without one, and one outside 1 .. 2^31 - 1 (no entry a P4Runtime client cannot name)', () => {
    for (const lowerWins of [false, true]) {
      expect(load(ternaryTable(lowerWins), entry(3, 1), entry(4, 1, 0), entry(5, 1, -1), entry(6, 1, 2 ** 31), entry(7, 1, 2 ** 31 - 1))).toEqual([
        'e.json(2): error: table_entries[0]: MyIngress.t: an entry of a table with ternary, range or optional keys needs a "priority" (1 to 2147483647; the larger wins)',
        'e.json(3): error: table_entries[1]: MyIngress.t: "priority" 0 is not a P4Runtime priority (1 to 2147483647; the larger wins)',
        'e.json(4): error: table_entries[2]: MyIngress.t: "priority" -1 is not a P4Runtime priority (1 to 2147483647; the larger wins)',
        'e.json(5): error: table_entries[3]: MyIngress.t: "priority" 2147483648 is not a P4Runtime priority (1 to 2147483647; the larger wins)',
      ]);
    }
  });
});

describe('loadEntriesJson: action profiles and selectors, value sets', () => {
  const SET_PORT = { id: 1, name: 'MyIngress.set_port', params: [{ name: 'port', width: 9 }] };
  function selectorTable(): { table: RuntimeTable; profile: ActionProfile } {
    const profile = new ActionProfile({ name: 'MyIngress.ecmp', withSelector: true, size: 4 });
    const desc: TableDescription = {
      name: 'MyIngress.route',
      id: 20,
      keys: [{ name: 'hdr.ipv4.dstAddr', matchKind: 'lpm', width: 32 }],
      actions: [SET_PORT, DROP],
      defaultAction: { actionId: 2, args: [], isConst: false },
    };
    return { table: new RuntimeTable(desc, { profile }), profile };
  }

  it('members and groups are applied before the table entries that name them', () => {
    const { table, profile } = selectorTable();
    const text = `{
  "table_entries": [
    { "table": "route", "match": { "hdr.ipv4.dstAddr": ["10.0.0.0", 8] }, "action_profile_group_id": 1 },
    { "table": "route", "match": { "hdr.ipv4.dstAddr": ["11.0.0.0", 8] }, "action_profile_member_id": 2 }
  ],
  "action_profile_members": [
    { "action_profile": "ecmp", "member_id": 1, "action_name": "set_port", "action_params": { "port": 3 } },
    { "action_profile": "ecmp", "member_id": 2, "action_name": "set_port", "action_params": { "port": 4 } }
  ],
  "action_profile_groups": [ { "action_profile": "ecmp", "group_id": 1, "members": [ { "member_id": 1, "weight": 2 }, 2 ], "max_size": 4 } ]
}`;
    const r = loadEntriesJson(text, 'e.json', { tables: [table], profiles: [profile] });
    expect(r.diagnostics).toEqual([]);
    expect(r.applied).toBe(5);
    expect(profile.group(1).members).toEqual([{ id: 1, weight: 2 }, { id: 2, weight: 1 }]);
    expect(profile.member(2).args).toEqual([4]);
    expect(table.entries().map((e) => table.indirectOf(e))).toEqual([{ group: 1 }, { member: 2 }]);
  });

  it('reports bad members, groups and indirect entries at their lines', () => {
    const { table, profile } = selectorTable();
    const text = `{
  "action_profile_members": [
    { "action_profile": "nope", "member_id": 1, "action_name": "set_port" },
    { "action_profile": "ecmp", "member_id": 1, "action_name": "set_port", "action_params": { "prt": 3 } },
    { "action_profile": "ecmp", "member_id": 2, "action_name": "set_port", "action_params": { "port": 1024 } }
  ],
  "action_profile_groups": [ { "action_profile": "ecmp", "group_id": 1, "members": [ 9 ] } ],
  "table_entries": [
    { "table": "route", "match": { "hdr.ipv4.dstAddr": ["10.0.0.0", 8] }, "action_profile_member_id": 5 },
    { "table": "route", "match": { "hdr.ipv4.dstAddr": ["10.0.0.0", 8] }, "action_name": "set_port", "action_profile_member_id": 5 }
  ]
}`;
    const errors = loadEntriesJson(text, 'e.json', { tables: [table], profiles: [profile] }).diagnostics.map(formatControlDiagnostic);
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/^e\.json\(3\): error: action_profile_members\[0\]: unknown action profile "nope"/);
    expect(errors[1]).toMatch(/^e\.json\(4\): error: action_profile_members\[1\]: MyIngress\.ecmp: action MyIngress\.set_port: unknown parameter "prt"/);
    expect(errors[2]).toMatch(/^e\.json\(5\): error: action_profile_members\[2\]: MyIngress\.ecmp: .*1024/);
    expect(errors[3]).toMatch(/^e\.json\(7\): error: action_profile_groups\[0\]: MyIngress\.ecmp: .*member 9/);
    expect(errors[4]).toMatch(/^e\.json\(9\): error: table_entries\[0\]: MyIngress\.route: .*no member 5/);
    expect(errors[5]).toMatch(/^e\.json\(10\): error: table_entries\[1\]: MyIngress\.route: .*not both/);
    expect(profile.memberIds()).toEqual([]);
    expect(table.entries()).toEqual([]);
  });

  it('value sets: the members given replace the set\'s', () => {
    const set = new ValueSet('MyParser.tpids', 2, 16);
    set.add(0x1234);
    const ok = loadEntriesJson(`{"value_set_entries": [{"value_set": "tpids", "members": ["0x8100", ["0x9100", "0xff00"]]}]}`, 'e.json', { tables: [], valueSets: [set] });
    expect(ok.diagnostics).toEqual([]);
    expect(set.entries()).toEqual([{ value: 0x8100, mask: 0xffff }, { value: 0x9100, mask: 0xff00 }]);
    expect(set.matches(0x91ab)).toBe(true);
    expect(set.matches(0x1234)).toBe(false);
    const errors = (text: string) => loadEntriesJson(text, 'e.json', { tables: [], valueSets: [set] }).diagnostics.map(formatControlDiagnostic);
    expect(errors(`{"value_set_entries": [{"value_set": "tpids", "members": [1, 2, 3]}]}`)[0]).toMatch(/3 members exceed the set's size 2/);
    expect(errors(`{"value_set_entries": [{"value_set": "tpids", "members": ["0x10000"]}]}`)[0]).toMatch(/does not fit in 16 bits/);
    expect(errors(`{"value_set_entries": [{"value_set": "tpids", "members": [[1]]}]}`)[0]).toMatch(/expected VALUE or \[VALUE, MASK\]/);
    // A failed element changes nothing.
    expect(set.entries()).toHaveLength(2);
  });
});
