import { describe, expect, it } from 'vitest';
import { checkSource, errorSummary, lineContaining, v1model } from './helpers.ts';

const actions = '  action set(bit<8> v) { meta.m = v; }\n  action fwd(inout bit<8> p, bit<9> port) { sm.egress_spec = port; }';

describe('tables', () => {
  it('accepts a well-formed table', () => {
    const src = v1model({
      ingressLocals: `${actions}
  table t {
    key = { hdr.h.a: exact; hdr.h.b: ternary; }
    actions = { set; fwd(meta.m); NoAction; }
    default_action = set(3);
    const entries = {
      (1, 0x10 &&& 0xf0): set(1);
      (2, _): fwd(meta.m, 4);
    }
    size = 64;
  }`,
      ingressApply: '    if (t.apply().hit) { }',
    });
    const run = checkSource(src);
    expect(run.errors).toEqual([]);
    const info = [...run.checked!.tables.values()][0]!;
    expect(info.keys.map((k) => k.matchKind)).toEqual(['exact', 'ternary']);
    expect(info.actions.map((a) => a.action.name)).toEqual(['set', 'fwd', 'NoAction']);
    expect(info.entries).toHaveLength(2);
    expect(info.defaultAction?.action.name).toBe('set');
  });

  it('rejects an entry whose keyset repeats an earlier one (same values, however written), pointing at both', () => {
    const src = v1model({
      ingressLocals: `${actions}
  table t {
    key = { hdr.h.a: exact; hdr.h.b: ternary; }
    actions = { set; }
    const entries = {
      (1, 0x10 &&& 0xf0): set(1);
      (1, 0x10): set(2);
      (2, _): set(3);
      (0x01, 16 &&& 240): set(4);
      (2, default): set(5);
    }
  }`,
    });
    const run = checkSource(src);
    expect(errorSummary(run)).toEqual([`3624@${lineContaining(src, 'set(4)')}`, `3624@${lineContaining(src, 'set(5)')}`]);
    const first = run.errors[0]!;
    expect(first.related.map((r) => r.message)).toEqual(['previous entry']);
  });

  it('rejects unknown match kinds', () => {
    const src = v1model({ ingressLocals: '  table t { key = { hdr.h.a: fuzzy; } actions = { NoAction; } }' });
    expect(errorSummary(checkSource(src))).toEqual([`3601@${lineContaining(src, 'fuzzy')}`]);
  });

  it('requires the default action to be listed', () => {
    const src = v1model({ ingressLocals: `${actions}\n  table t { actions = { set; } default_action = NoAction; }` });
    expect(errorSummary(checkSource(src))).toEqual([`3604@${lineContaining(src, 'default_action')}`]);
  });

  it('requires bound directional parameters and forbids binding action data', () => {
    const unbound = v1model({ ingressLocals: `${actions}\n  table t { actions = { fwd; } }` });
    expect(errorSummary(checkSource(unbound))).toEqual([`3605@${lineContaining(unbound, 'table t')}`]);
    const bound = v1model({ ingressLocals: `${actions}\n  table t { actions = { set(1); } }` });
    expect(errorSummary(checkSource(bound))).toEqual([`3606@${lineContaining(bound, 'table t')}`]);
  });

  it('checks entry keyset sizes', () => {
    const src = v1model({
      ingressLocals: `${actions}\n  table t {\n    key = { hdr.h.a: exact; }\n    actions = { set; }\n    const entries = { (1, 2): set(1); }\n  }`,
    });
    expect(errorSummary(checkSource(src))).toEqual([`3608@${lineContaining(src, '(1, 2)')}`]);
  });

  it('rejects a table referring to itself', () => {
    const src = v1model({ ingressLocals: '  table t { key = { t: exact; } actions = { NoAction; } }' });
    expect(errorSummary(checkSource(src))).toEqual([`3616@${lineContaining(src, 'table t')}`]);
  });

  it('wants a numeric constant as the size', () => {
    const table = (size: string) => `#include <core.p4>\nconst bit<32> N = 512;\ncontrol c(in bit<8> k) {\n  table t { key = { k: exact; } actions = { NoAction; } size = ${size}; }\n  apply { t.apply(); }\n}`;
    expect(checkSource(table('1024')).errors).toEqual([]);
    expect(checkSource(table('N * 2')).errors).toEqual([]);
    expect(errorSummary(checkSource(table('true')))).toEqual(['3617@4']);
    expect(errorSummary(checkSource(table('k')))).toEqual(['3617@4']);
  });

  it('wants entry priorities that start with the first entry and stay non-negative', () => {
    const table = (props: string, entries: string) => `#include <core.p4>\ncontrol c(in bit<8> k) {\n  table t { key = { k: ternary; } actions = { NoAction; } ${props}\n    entries = { ${entries} }\n  }\n  apply { t.apply(); }\n}`;
    const e = (n: number, p?: number) => `${p === undefined ? '' : `priority = ${p} : `}8w${n} &&& 8w0xF : NoAction();`;
    expect(checkSource(table('', `${e(1)} ${e(2)}`)).errors).toEqual([]);
    expect(checkSource(table('priority_delta = 2;', `${e(1, 4)} ${e(2)} ${e(3)}`)).errors).toEqual([]);
    expect(checkSource(table('largest_priority_wins = false; priority_delta = 5;', `${e(1, 1)} ${e(2)} ${e(3)}`)).errors).toEqual([]);
    expect(errorSummary(checkSource(table('', `${e(1)} ${e(2, 3)}`)))).toEqual(['3626@4']);
    expect(errorSummary(checkSource(table('priority_delta = 2;', `${e(1, 3)} ${e(2)} ${e(3)}`)))).toEqual(['3627@4']);
  });

  it('takes a value or _ for an optional key, a mask too for an exact one (as the spec examples do)', () => {
    const table = (kind: string, keyset: string) => `#include <core.p4>\nmatch_kind { optional }\ncontrol c(in bit<8> k) {\n  table t { key = { k: ${kind}; } actions = { NoAction; }\n    entries = { ${keyset} : NoAction(); }\n  }\n  apply { t.apply(); }\n}`;
    expect(checkSource(table('optional', '8w1')).errors).toEqual([]);
    expect(checkSource(table('optional', '_')).errors).toEqual([]);
    expect(checkSource(table('exact', '8w1 &&& 8w0xF')).errors).toEqual([]);
    expect(errorSummary(checkSource(table('optional', '8w1 &&& 8w0xF')))).toEqual(['3628@5']);
    expect(errorSummary(checkSource(table('optional', '8w1 .. 8w3')))).toEqual(['3628@5']);
  });
});
