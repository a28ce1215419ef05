import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildP4Info } from '../../../compiler/p4info/index.ts';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { serializeP4Info } from '../../../runtime/p4runtime/p4info-files.ts';
import { decode, messageType } from '../../../runtime/p4runtime/schema.ts';
import { parseText } from '../../../runtime/p4runtime/text-format.ts';
import { lowerFile } from './lower.ts';

const root = new URL('../../../', import.meta.url).pathname;
const P4InfoType = messageType('p4.config.v1.P4Info');

function ids(info: P4Info): Map<string, number> {
  const out = new Map<string, number>();
  for (const [kind, list] of Object.entries(info)) {
    if (!Array.isArray(list)) continue;
    for (const o of list as { preamble: { name: string; id: number } }[]) out.set(`${kind}:${o.preamble.name}`, o.preamble.id);
  }
  return out;
}

describe('P4Info of the examples', () => {
  const examples = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory());

  for (const e of examples) {
    it(`${e.name}: parses against the schema in both formats, with the same ids on every build`, () => {
      const path = join(root, 'examples', e.name, `${e.name}.p4`);
      const a = buildP4Info(lowerFile(path));
      const b = buildP4Info(lowerFile(path));
      expect(a.problems).toEqual([]);
      const binary = serializeP4Info(a.p4info, 'binary') as Uint8Array;
      const fromBinary = decode<P4Info>(P4InfoType, binary);
      const fromText = parseText<P4Info>(P4InfoType, serializeP4Info(a.p4info, 'text') as string);
      expect(P4InfoType.verify(P4InfoType.fromObject(fromText))).toBeNull();
      expect(ids(fromBinary)).toEqual(ids(a.p4info));
      expect(ids(fromText)).toEqual(ids(a.p4info));
      expect(ids(b.p4info)).toEqual(ids(a.p4info));
      expect(ids(a.p4info).size).toBeGreaterThan(0);
      for (const id of ids(a.p4info).values()) expect(id >>> 24).toBeGreaterThan(0);
    });
  }

  it('l3-router: the ids we expect (the reference scheme: prefix and name hash)', () => {
    const info = buildP4Info(lowerFile(join(root, 'examples/l3-router/l3-router.p4'))).p4info;
    expect(Object.fromEntries(ids(info))).toEqual({
      'tables:RouterIngress.ipv4_lpm': 39632193,
      'tables:RouterIngress.next_hop_macs': 42635874,
      'actions:RouterIngress.route': 32212560,
      'actions:RouterIngress.drop': 18887053,
      'actions:RouterIngress.set_macs': 31431886,
    });
    const lpm = info.tables![0]!;
    expect(lpm.match_fields).toEqual([{ id: 1, name: 'hdr.ipv4.dst_addr', bitwidth: 32, match_type: 'LPM' }]);
    expect(lpm.initial_default_action).toEqual({ action_id: 18887053 });
    expect(lpm.size).toBe(1024);
    expect(info.actions![0]!.params).toEqual([
      { id: 1, name: 'next_hop', bitwidth: 32 },
      { id: 2, name: 'port', bitwidth: 9 },
    ]);
  });
});

describe('P4Info features (test/fixtures/p4info/features.p4)', () => {
  const info = buildP4Info(lowerFile(join(root, 'test/fixtures/p4info/features.p4'))).p4info;
  const table = (name: string) => info.tables!.find((t) => t.preamble.name === name)!;
  const byName = <T extends { preamble: { name: string } }>(list: readonly T[] | undefined, name: string): T => list!.find((o) => o.preamble.name === name)!;

  it('@name renames a table and a key, @id fixes an action and a parameter id, @brief/@description become documentation', () => {
    const t = table('I.mac_table');
    expect(t.preamble.alias).toBe('mac_table');
    expect(t.match_fields!.map((f) => [f.id, f.name, f.bitwidth, f.match_type])).toEqual([
      [1, 'dst_mac', 48, 'EXACT'],
      [2, 'h.ethernet.$valid$', 1, 'EXACT'],
      [3, 'h.ethernet.ether_type', 16, 'TERNARY'],
    ]);
    expect(t.match_fields![0]!.doc).toEqual({ brief: 'destination' });
    const forward = byName(info.actions, 'I.forward');
    expect(forward.preamble.id).toBe(0x01000042);
    expect(forward.preamble.doc).toEqual({ brief: 'forward', description: 'send the packet out of a port' });
    expect(forward.params!.map((p) => [p.id, p.name])).toEqual([
      [5, 'port'],
      [2, 'reason'],
    ]);
  });

  it('action scopes, default action, size, idle timeout and direct resources', () => {
    const t = table('I.mac_table');
    const drop = byName(info.actions, 'I.drop').preamble.id;
    const learn = byName(info.actions, 'I.learn').preamble.id;
    expect(t.action_refs).toEqual([
      { id: 0x01000042, scope: 'TABLE_AND_DEFAULT' },
      { id: drop, annotations: ['@defaultonly'], scope: 'DEFAULT_ONLY' },
      { id: learn, annotations: ['@tableonly'], scope: 'TABLE_ONLY' },
    ]);
    expect(t.initial_default_action).toEqual({ action_id: drop });
    expect(t.const_default_action_id).toBeUndefined();
    expect(t.size).toBe(4096);
    expect(t.idle_timeout_behavior).toBe('NOTIFY_CONTROL');
    const hits = byName(info.direct_counters, 'I.hits');
    expect(t.direct_resource_ids).toEqual([hits.preamble.id]);
    expect(hits.direct_table_id).toBe(t.preamble.id);
    expect(hits.spec).toEqual({ unit: 'BOTH' });
    const policer = table('I.policer');
    expect(policer.match_fields!.map((f) => f.match_type)).toEqual(['RANGE', 'OPTIONAL', 'LPM']);
    expect(policer.const_default_action_id).toBe(byName(info.actions, 'NoAction').preamble.id);
    expect(byName(info.direct_meters, 'I.rate').spec).toEqual({ unit: 'BYTES' });
  });

  it('an action selector named by the property\'s @name, its table, and the selector keys left out of the match', () => {
    const profile = byName(info.action_profiles, 'ecmp_selector');
    const ecmp = table('I.ecmp');
    expect(profile).toMatchObject({ with_selector: true, size: 128, table_ids: [ecmp.preamble.id] });
    expect(profile.preamble.id >>> 24).toBe(0x11);
    expect(ecmp.implementation_id).toBe(profile.preamble.id);
    expect(ecmp.match_fields!.map((f) => f.name)).toEqual(['h.ethernet.dst']);
  });

  it('a table without default_action lists NoAction as a default-only action, as the reference compiler does', () => {
    const ecmp = table('I.ecmp');
    const noAction = byName(info.actions, 'NoAction').preamble.id;
    expect(ecmp.initial_default_action).toEqual({ action_id: noAction });
    expect(ecmp.action_refs).toEqual([
      { id: byName(info.actions, 'I.forward').preamble.id, scope: 'TABLE_AND_DEFAULT' },
      { id: noAction, annotations: ['@defaultonly'], scope: 'DEFAULT_ONLY' },
    ]);
    // listed once when the program lists it
    expect(table('I.policer').action_refs!.filter((r) => r.id === noAction)).toHaveLength(1);
  });

  it('controller headers, counters, meters, registers, value sets and digests', () => {
    const packetIn = byName(info.controller_packet_metadata, 'packet_in');
    expect(packetIn.preamble.id >>> 24).toBe(0x04);
    expect(packetIn.metadata).toEqual([
      { id: 1, name: 'ingress_port', bitwidth: 9 },
      { id: 7, name: 'pad', bitwidth: 7 },
    ]);
    expect(byName(info.counters, 'I.port_packets')).toMatchObject({ size: 64, spec: { unit: 'PACKETS' }, preamble: { doc: { brief: 'per port' } } });
    expect(byName(info.meters, 'I.port_meter')).toMatchObject({ size: 32, spec: { unit: 'PACKETS' } });
    expect(byName(info.registers, 'I.last_seen')).toMatchObject({ size: 16, type_spec: { bitstring: { bit: { bitwidth: 32 } } } });
    expect(byName(info.value_sets, 'P.tpids')).toMatchObject({ size: 4, match: [{ id: 1, bitwidth: 16, match_type: 'EXACT' }] });
    expect(byName(info.digests, 'learn_t').type_spec).toEqual({ struct: { name: 'learn_t' } });
    expect(info.type_info!.structs!['learn_t']!.members!.map((m) => [m.name, m.type_spec])).toEqual([
      ['src', { bitstring: { bit: { bitwidth: 48 } } }],
      ['port', { bitstring: { bit: { bitwidth: 9 } } }],
    ]);
  });
});

describe('P4Info of PSA programs', () => {
  const externs = buildP4Info(lowerFile(join(root, 'test/fixtures/stf/psa-externs.p4'))).p4info;
  const selector = buildP4Info(lowerFile(join(root, 'test/fixtures/stf/psa-action-selector.p4'))).p4info;
  const byName = <T extends { preamble: { name: string } }>(list: readonly T[] | undefined, name: string): T => {
    const found = list?.find((o) => o.preamble.name === name);
    if (found === undefined) throw new Error(`${name} not in the P4Info`);
    return found;
  };

  it('says the architecture is psa', () => {
    expect(externs.pkg_info).toEqual({ arch: 'psa' });
    expect(selector.pkg_info).toEqual({ arch: 'psa' });
  });

  it('lists Counter, DirectCounter (with its table), Meter and Register as the v1model resources', () => {
    expect(byName(externs.counters, 'IngressImpl.by_proto')).toMatchObject({ size: 256, spec: { unit: 'BOTH' } });
    const hits = byName(externs.direct_counters, 'IngressImpl.hits');
    expect(hits.spec).toEqual({ unit: 'PACKETS' });
    expect(hits.direct_table_id).toBe(byName(externs.tables, 'IngressImpl.marks').preamble.id);
    expect(byName(externs.meters, 'IngressImpl.meter')).toMatchObject({ size: 4, spec: { unit: 'PACKETS' } });
    expect(byName(externs.registers, 'IngressImpl.serial')).toMatchObject({ size: 4, type_spec: { bitstring: { bit: { bitwidth: 32 } } } });
  });

  it('names a Digest by its instance (as p4c does for PSA), with the data type', () => {
    const learn = byName(externs.digests, 'IngressDeparserImpl.learn');
    expect(learn.preamble.alias).toBe('learn');
    expect(learn.type_spec).toEqual({ struct: { name: 'learn_t' } });
  });

  it('lists ActionProfile and ActionSelector, the selector with its table', () => {
    expect(byName(selector.action_profiles, 'IngressImpl.tags')).toMatchObject({ size: 8 });
    expect(byName(selector.action_profiles, 'IngressImpl.tags').with_selector).toBeUndefined();
    const ecmp = byName(selector.tables, 'IngressImpl.ecmp');
    expect(byName(selector.action_profiles, 'ecmp_selector')).toMatchObject({ with_selector: true, size: 16, table_ids: [ecmp.preamble.id] });
    expect(ecmp.match_fields!.map((f) => f.name)).toEqual(['hdr.ethernet.dst']);
  });
});
