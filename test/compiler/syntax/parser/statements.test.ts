import { describe, expect, it } from 'vitest';
import type * as A from '../../../../compiler/ast/nodes.ts';
import { show, showType, statements } from './helpers.ts';

function one(text: string): A.Statement {
  const list = statements(text);
  expect(list).toHaveLength(1);
  return list[0]!;
}

describe('assignments and calls', () => {
  it('parses plain and compound assignments, `>>=` included', () => {
    const ops = statements(
      'a = 1; a += 1; a -= 1; a *= 1; a /= 1; a %= 1; a <<= 1; a >>= 1; a &= 1; a |= 1; a ^= 1; a |+|= 1; a |-|= 1;',
    );
    expect(ops.map((s) => s.kind === 'AssignmentStatement' && s.op)).toEqual([
      '=',
      '+=',
      '-=',
      '*=',
      '/=',
      '%=',
      '<<=',
      '>>=',
      '&=',
      '|=',
      '^=',
      '|+|=',
      '|-|=',
    ]);
  });

  it('parses assignments to members, indexes and slices', () => {
    const st = one('h.s[1].f[3:0] = x >> 1;');
    expect(st.kind === 'AssignmentStatement' && [show(st.target), show(st.value)]).toEqual([
      'h.s[1].f[3:0]',
      '(x >> 1)',
    ]);
  });

  it('parses method calls, generic calls and direct applications', () => {
    const calls = statements('h.setValid(); t.apply(); f<bit<8>>(x); Sub.apply(h);');
    expect(calls.map((s) => s.kind === 'CallStatement' && show(s.call))).toEqual([
      'h.setValid()',
      't.apply()',
      'f<bit<8>>(x)',
      'Sub.apply(h)',
    ]);
  });
});

describe('local declarations', () => {
  it('tells declarations from statements that start with a name', () => {
    const list = statements(`
      bit<8> a = 1;
      H h;
      H[2] stack;
      T<bit<8>> g;
      .T top;
      bool flags[4];
      const int k = 2;
      Checksum() ck;
      a = h.x;
      stack[0].x = 1;
      f(a);
    `);
    expect(list.map((s) => s.kind)).toEqual([
      'VariableDeclaration',
      'VariableDeclaration',
      'VariableDeclaration',
      'VariableDeclaration',
      'VariableDeclaration',
      'VariableDeclaration',
      'ConstantDeclaration',
      'Instantiation',
      'AssignmentStatement',
      'AssignmentStatement',
      'CallStatement',
    ]);
    expect(list.slice(0, 6).map((s) => s.kind === 'VariableDeclaration' && showType(s.type))).toEqual([
      'bit<8>',
      'H',
      'H[2]',
      'T<bit<8>>',
      '.T',
      'bool[4]',
    ]);
  });

  it('keeps annotations on declarations and blocks', () => {
    const [v, b] = statements('@name("v") bit<8> v; @atomic { v = 1; }');
    expect(v!.kind === 'VariableDeclaration' && v.annotations[0]!.name.name).toBe('name');
    expect(b!.kind === 'BlockStatement' && b.annotations[0]!.name.name).toBe('atomic');
  });
});

describe('control flow', () => {
  it('binds `else` to the nearest `if`', () => {
    const st = one('if (a) if (b) x(); else y();');
    expect(st.kind).toBe('IfStatement');
    if (st.kind === 'IfStatement') {
      expect(st.otherwise).toBeUndefined();
      expect(st.then.kind === 'IfStatement' && st.then.otherwise?.kind).toBe('CallStatement');
    }
  });

  it('parses switch cases with fall-through labels and default', () => {
    const st = one('switch (t.apply().action_run) { a: b: { x(); } c: { } default: { y(); } }');
    expect(st.kind).toBe('SwitchStatement');
    if (st.kind === 'SwitchStatement') {
      expect(show(st.subject)).toBe('t.apply().action_run');
      expect(st.cases.map((c) => [show(c.label), c.body?.statements.length])).toEqual([
        ['a', undefined],
        ['b', 1],
        ['c', 0],
        ['default', 1],
      ]);
    }
  });

  it('parses exit, return (with and without value), empty, break and continue', () => {
    const list = statements('exit; return; return a + 1; ; break; continue;');
    expect(list.map((s) => s.kind)).toEqual([
      'ExitStatement',
      'ReturnStatement',
      'ReturnStatement',
      'EmptyStatement',
      'BreakStatement',
      'ContinueStatement',
    ]);
    expect(list[2]!.kind === 'ReturnStatement' && list[2].value && show(list[2].value)).toBe('(a + 1)');
  });

  it('parses three-part for loops', () => {
    const st = one('for (bit<8> i = 0, j = 1; i < 4; i = i + 1, j += 2) { x(i); }');
    expect(st.kind).toBe('ForStatement');
    if (st.kind === 'ForStatement') {
      expect(st.init.map((s) => s.kind)).toEqual(['VariableDeclaration', 'AssignmentStatement']);
      expect(st.condition && show(st.condition)).toBe('(i < 4)');
      expect(st.update.map((s) => s.kind === 'AssignmentStatement' && s.op)).toEqual(['=', '+=']);
    }
    const empty = one('for (;;) { break; }');
    expect(empty).toMatchObject({ kind: 'ForStatement', init: [], condition: undefined, update: [] });
  });

  it('parses for-in loops over ranges and collections', () => {
    const [r, c, u] = statements('for (bit<8> i in 0 .. 7) { } for (@unroll H h in stack) { } for (x in list) { }');
    expect(r!.kind === 'ForInStatement' && [r.type && showType(r.type), r.name.name, show(r.collection)]).toEqual([
      'bit<8>',
      'i',
      '(0 .. 7)',
    ]);
    expect(c!.kind === 'ForInStatement' && [c.annotations[0]!.name.name, show(c.collection)]).toEqual([
      'unroll',
      'stack',
    ]);
    expect(u!.kind === 'ForInStatement' && u.type).toBeUndefined();
  });
});
