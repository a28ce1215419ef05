import { describe, expect, it } from 'vitest';
import { type StfCommand, expectMatches, formatStfDiagnostic, parseStf, stfKeyToFieldMatch } from '../../../runtime/io/stf.ts';

function only<K extends StfCommand['kind']>(text: string, kind: K): Extract<StfCommand, { kind: K }> {
  const r = parseStf(text, 't.stf');
  expect(r.diagnostics.map(formatStfDiagnostic)).toEqual([]);
  expect(r.commands).toHaveLength(1);
  expect(r.commands[0]!.kind).toBe(kind);
  return r.commands[0] as Extract<StfCommand, { kind: K }>;
}

describe('STF packets', () => {
  it('packet with spaced hex', () => {
    const p = only('packet  0 0b 0000 11 00 b0  # trailing comment', 'packet');
    expect(p.port).toBe(0);
    expect(Array.from(p.data)).toEqual([0x0b, 0, 0, 0x11, 0, 0xb0]);
    expect(p.line).toBe(1);
  });
  it('expect with wildcards, end marker, and without data', () => {
    const e = only('expect 11 0b **** 11 ** ** $', 'expect');
    expect(e).toMatchObject({ port: 11, pattern: '0B****11****', exact: true });
    expect(expectMatches(e, Uint8Array.from([0x0b, 1, 2, 0x11, 3, 4]))).toBe(true);
    expect(expectMatches(e, Uint8Array.from([0x0b, 1, 2, 0x11, 3, 4, 5]))).toBe(false); // '$': no extra bytes
    expect(expectMatches(e, Uint8Array.from([0x0c, 1, 2, 0x11, 3, 4]))).toBe(false);
    const loose = only('expect 2 00000101 ******** **** 7f 66', 'expect');
    expect(expectMatches(loose, Uint8Array.from([0, 0, 1, 1, 9, 9, 9, 9, 9, 9, 0x7f, 0x66, 0xaa]))).toBe(true); // longer is fine
    expect(expectMatches(loose, Uint8Array.from([0, 0, 1, 1]))).toBe(false); // shorter fails
    expect(only('expect 0 00$', 'expect')).toMatchObject({ pattern: '00', exact: true });
    const any = only('expect 5', 'expect');
    expect(any.pattern).toBeUndefined();
    expect(expectMatches(any, new Uint8Array(0))).toBe(true);
    expect(only('no_packet', 'no_packet').kind).toBe('no_packet');
  });
});

describe('STF table commands', () => {
  it('add with priority, wildcards, action args and id', () => {
    const a = only('add test1 503 data.f1:0x****0202 ingress.setb1(val:7, port:3) = E1', 'add');
    expect(a.table).toBe('test1');
    expect(a.priority).toBe(503);
    expect(a.keys[0]!.field).toBe('data.f1');
    expect(a.keys[0]!.match).toMatchObject({ kind: 'value', value: 0x0202n, mask: 0x0000ffffn, digitBits: 32, wildcards: true });
    expect(a.action).toEqual({ name: 'ingress.setb1', args: [{ name: 'val', value: 7n }, { name: 'port', value: 3n }] });
    expect(a.id).toBe('E1');
  });
  it('add without priority; names with $, [n], slices; lpm, ternary, range keys', () => {
    const a = only('add t1 extra$0.h:0x25** hdr.s[1].x:0x0a000000/8 m:0x10&&&0xf0 p:10->20 b:0b1*1 act()', 'add');
    expect(a.priority).toBeUndefined();
    expect(a.keys.map((k) => k.field)).toEqual(['extra$0.h', 'hdr.s[1].x', 'm', 'p', 'b']);
    expect(a.keys[1]!.match).toEqual({ kind: 'lpm', value: 0x0a000000n, prefixLength: 8 });
    expect(a.keys[2]!.match).toEqual({ kind: 'ternary', value: 0x10n, mask: 0xf0n });
    expect(a.keys[3]!.match).toEqual({ kind: 'range', low: 10n, high: 20n });
    expect(a.keys[4]!.match).toMatchObject({ value: 0b101n, mask: 0b101n, digitBits: 3 });
    expect(a.action.args).toEqual([]);
    const wide = only('add mac_da fwd.l2ptr:0xbeef ingress.set_bd_dmac_intf(bd:26, dmac:0x021357efbeff, intf:0)', 'add');
    expect(wide.action.args[1]!.value).toBe(0x021357efbeffn);
  });
  it('setdefault, remove', () => {
    expect(only('setdefault pipe_t pipe_Reject(rej:0, bar:1)', 'setdefault').action.args).toHaveLength(2);
    expect(only('remove all', 'remove_all').kind).toBe('remove_all');
    expect(only('remove_all', 'remove_all').kind).toBe('remove_all');
    expect(only('remove t k:0x01 5', 'remove')).toMatchObject({ table: 't', priority: 5 });
  });
  it('interprets keys by match kind as the runners do', () => {
    const lit = (s: string) => (only(`add t k:${s} a()`, 'add').keys[0]!.match);
    expect(stfKeyToFieldMatch(lit('0x0a01****'), 'lpm', 32)).toEqual({ kind: 'lpm', value: 0x0a010000n, prefixLength: 16 });
    expect(stfKeyToFieldMatch(lit('0x0a010065'), 'lpm', 32)).toEqual({ kind: 'lpm', value: 0x0a010065n, prefixLength: 32 });
    expect(stfKeyToFieldMatch(lit('0x25**'), 'ternary', 16)).toEqual({ kind: 'ternary', value: 0x2500n, mask: 0xff00n });
    expect(stfKeyToFieldMatch(lit('7'), 'ternary', 16)).toEqual({ kind: 'ternary', value: 7n, mask: 0xffffn });
    expect(stfKeyToFieldMatch(lit('7'), 'exact', 16)).toEqual({ kind: 'exact', value: 7n });
    expect(stfKeyToFieldMatch(lit('0x1*'), 'exact', 16)).toMatch(/wildcards/);
    expect(stfKeyToFieldMatch(lit('0x10000'), 'exact', 16)).toMatch(/does not fit/);
    expect(stfKeyToFieldMatch(lit('1->2'), 'exact', 16)).toMatch(/range/);
  });
});

describe('STF control-plane and state commands', () => {
  it('multicast, mirroring, registers, counters, meters, wait', () => {
    expect(only('mc_mgrp_create 1113', 'mc_mgrp_create').group).toBe(1113);
    expect(only('mc_node_create 257 6 8', 'mc_node_create')).toMatchObject({ rid: 257, ports: [6, 8] });
    expect(only('mc_node_associate 1113 2', 'mc_node_associate')).toMatchObject({ group: 1113, handle: 2 });
    expect(only('mirroring_add 5 4', 'mirroring_add')).toMatchObject({ session: 5, port: 4 });
    expect(only('mirroring_add_mc 10 5', 'mirroring_add_mc')).toMatchObject({ session: 10, group: 5 });
    expect(only('mirroring_get 10', 'mirroring_get').session).toBe(10);
    expect(only('register_read cIngress.regfile 5', 'register_read')).toMatchObject({ register: 'cIngress.regfile', index: 5 });
    expect(only('register_write cIngress.regfile 5 100', 'register_write')).toMatchObject({ index: 5, value: 100n });
    expect(only('register_reset cIngress.regfile', 'register_reset').register).toBe('cIngress.regfile');
    expect(only('counter_read c 3', 'counter_read').index).toBe(3);
    expect(only('check_counter cntDum(10) packets == 2', 'check_counter')).toMatchObject({ counter: 'cntDum', index: 10, check: { type: 'packets', op: '==', value: 2n } });
    expect(only('check_counter cntDum($A)', 'check_counter')).toMatchObject({ index: '$A', check: undefined });
    expect(only('check_counter c(1) bytes >= 64', 'check_counter').check?.op).toBe('>=');
    expect(only('meter_set_rates cIngress.meter0 2 0.000005:4 0.00002:5', 'meter_set_rates').rates).toEqual([
      { rate: 0.000005, burst: 4 },
      { rate: 0.00002, burst: 5 },
    ]);
    expect(only('meter_array_set_rates m 0.1:7', 'meter_array_set_rates').rates).toHaveLength(1);
    expect(only('meter_get_rates m 1', 'meter_get_rates').index).toBe(1);
    expect(only('WAIT', 'wait').kind).toBe('wait');
  });
});

describe('STF diagnostics', () => {
  it('reports malformed lines with file(LINE): error: and keeps parsing', () => {
    const text = [
      '# header',
      'packet 0 0a0',
      'packet x 00',
      'expect 1 00 $ 11',
      'add t k:0xzz a()',
      'add t k:1',
      'add t k: a()',
      'add t k:1 a(x:1',
      'frobnicate 1',
      'check_counter c(1) packets ~ 3',
      'mc_node_create 1',
      'packet 1 00',
    ].join('\n');
    const r = parseStf(text, 'bad.stf');
    expect(r.commands).toHaveLength(1);
    expect(r.commands[0]!.line).toBe(12);
    const msgs = r.diagnostics.map(formatStfDiagnostic);
    expect(msgs).toHaveLength(10);
    expect(msgs[0]).toBe('bad.stf(2): error: packet data has an odd number of hex digits (3)');
    expect(msgs[1]).toBe("bad.stf(3): error: expected a port (a decimal number), found 'x 00'");
    expect(msgs[2]).toMatch(/^bad\.stf\(4\): error: unexpected '11'/);
    expect(msgs[3]).toMatch(/^bad\.stf\(5\): error: bad key value '0xzz'/);
    expect(msgs[4]).toMatch(/^bad\.stf\(6\): error: expected an action call/);
    expect(msgs[5]).toMatch(/^bad\.stf\(7\): error: expected a key value/);
    expect(msgs[6]).toMatch(/^bad\.stf\(8\): error: expected ','/);
    expect(msgs[7]).toBe("bad.stf(9): error: unknown command 'frobnicate'");
    expect(msgs[8]).toMatch(/^bad\.stf\(10\): error: expected a comparison/);
    expect(msgs[9]).toMatch(/^bad\.stf\(11\): error: expected at least one port/);
  });
  it('never throws, whatever the input', () => {
    for (const junk of ['\u0000', 'add', 'add (', 'expect', 'packet 99999999999999999999 00', 'add t 1', 'check_counter', ')))', 'remove']) {
      expect(() => parseStf(junk)).not.toThrow();
      expect(parseStf(junk).diagnostics.length).toBe(1);
    }
  });
});
