import { describe, expect, it } from 'vitest';
import { typeToString } from '../../../compiler/check/types.ts';
import { checkSource, errorSummary, lineContaining, v1model } from './helpers.ts';

function typeOfConst(decls: string, name: string): string {
  const run = checkSource(decls);
  expect(run.errors).toEqual([]);
  const decl = run.program.declarations.find((d) => d.kind === 'ConstantDeclaration' && d.name.name === name);
  if (decl?.kind !== 'ConstantDeclaration') throw new Error('no such constant');
  return typeToString(run.checked!.types.get(decl.value)!);
}

describe('expression types', () => {
  it('types operators', () => {
    expect(typeOfConst('const bit<16> x = 8w1 ++ 8w2;', 'x')).toBe('bit<16>');
    expect(typeOfConst('const bit<8> x = 8w1 << 3;', 'x')).toBe('bit<8>');
    expect(typeOfConst('const bool x = 8w1 == 1;', 'x')).toBe('bool');
    expect(typeOfConst('const bit<4> x = (8w0xab)[7:4];', 'x')).toBe('bit<4>');
    expect(typeOfConst('const int<8> x = -(8s3);', 'x')).toBe('int<8>');
  });

  it('rejects mismatched operand types', () => {
    expect(errorSummary(checkSource('const bit<8> x = 8w1 + 16w1;'))).toEqual(['3301@1']);
    expect(errorSummary(checkSource('const bool x = true + false;'))).toEqual(['3301@1']);
    expect(errorSummary(checkSource('const bit<8> x = 8w1 << -1;'))).toEqual(['3204@1']);
    expect(errorSummary(checkSource('const int x = ~5;'))).toEqual(['3207@1']);
  });

  it('checks slices', () => {
    expect(errorSummary(checkSource('const bit<4> x = (8w1)[9:6];'))).toEqual(['3310@1']);
    expect(errorSummary(checkSource('const bit<4> x = (8w1)[2:3];'))).toEqual(['3311@1']);
  });

  it('resolves fields and header methods', () => {
    const src = v1model({ ingressApply: '    if (hdr.h.isValid()) { hdr.h.setInvalid(); meta.m = hdr.h.a; }' });
    expect(checkSource(src).errors).toEqual([]);
    const bad = v1model({ ingressApply: '    meta.m = hdr.h.nope;' });
    expect(errorSummary(checkSource(bad))).toEqual([`3305@${lineContaining(bad, 'hdr.h.nope')}`]);
  });

  it('resolves enum and error members', () => {
    const src = `#include <core.p4>
enum Color { Red, Green }
const Color c = Color.Green;
const error e = error.NoMatch;`;
    expect(checkSource(src).errors).toEqual([]);
    expect(errorSummary(checkSource(`${src}\nconst Color d = Color.Blue;`))).toEqual(['3306@5']);
  });

  it('rejects types used as values', () => {
    expect(errorSummary(checkSource('header H { bit<8> a; }\ncontrol c(inout bit<8> x) { apply { x = H; } }'))).toEqual(['3322@2']);
  });

  it('allows action_run only in switch', () => {
    const bad = v1model({
      ingressLocals: '  action a() {}\n  table t { actions = { a; } }',
      ingressApply: '    bool b = t.apply().action_run == t.apply().action_run;',
    });
    expect(errorSummary(checkSource(bad))[0]).toMatch(/^3318@/);
  });

  it('types stack properties and indexing', () => {
    const src = `header h { bit<8> f; }
control c() { apply { h[4] s; s[1].f = 2; bit<32> n = s.size; s.push_front(1); } }`;
    expect(checkSource(src).errors).toEqual([]);
    expect(errorSummary(checkSource('header h { bit<8> f; }\ncontrol c() { apply { h[4] s; s[4].f = 2; } }'))).toEqual(['3308@2']);
  });

  it('checks l-values', () => {
    expect(errorSummary(checkSource('control c(in bit<8> x) { apply { x = 1; } }'))).toEqual(['3303@1']);
    expect(errorSummary(checkSource('const bit<8> k = 1;\ncontrol c() { apply { k = 2; } }'))).toEqual(['3303@2']);
  });

  it('compares struct initializers only when one side names the type', () => {
    const cmp = (e: string) => `struct S { bit<8> a; }\ncontrol c(in S s, out bool b) { apply { b = ${e}; } }`;
    expect(checkSource(cmp('s == { a = 1 }')).errors).toEqual([]);
    expect(checkSource(cmp('(S){ a = 1 } == { a = 1 }')).errors).toEqual([]);
    expect(checkSource(cmp('{ 8w1, 8w2 } == { 8w1, 8w2 }')).errors).toEqual([]);
    expect(errorSummary(checkSource(cmp('{ a = 8w1 } == { a = 8w1 }')))).toEqual(['3326@2']);
  });
});
