import { describe, expect, it } from 'vitest';
import { isExplicitlyCastable, isImplicitlyConvertible } from '../../../compiler/check/casts.ts';
import { BOOL, INT, bits } from '../../../compiler/check/types.ts';
import { checkSource, errorSummary } from './helpers.ts';

describe('implicit conversions', () => {
  it('follows the spec rules', () => {
    expect(isImplicitlyConvertible(INT, bits(8))).toBe(true);
    expect(isImplicitlyConvertible(bits(8), bits(16))).toBe(false);
    expect(isImplicitlyConvertible(BOOL, bits(1))).toBe(false);
    expect(isImplicitlyConvertible(bits(1), BOOL)).toBe(false);
    expect(isImplicitlyConvertible({ kind: 'tuple', elements: [INT, bits(8)] }, { kind: 'tuple', elements: [bits(4), bits(8)] })).toBe(true);
  });

  it('allows int literals in range context and records the conversion', () => {
    const run = checkSource('control c(inout bit<8> x) { apply { x = 5; } }');
    expect(run.errors).toEqual([]);
    const [conversion] = [...run.checked!.conversions.values()];
    expect(conversion).toEqual(bits(8));
  });

  it('keeps typedefs transparent and new types distinct', () => {
    expect(checkSource('typedef bit<8> B;\ncontrol c(inout B x) { apply { x = 8w1; } }').errors).toEqual([]);
    expect(errorSummary(checkSource('type bit<8> N;\ncontrol c(inout N x) { apply { x = 8w1; } }'))).toEqual(['3101@2']);
    expect(checkSource('type bit<8> N;\ncontrol c(inout N x) { apply { x = (N)8w1; } }').errors).toEqual([]);
  });

  it('does not convert tuple-typed values to structs', () => {
    const src = `struct S { bit<8> a; }
control c() { apply { tuple<bit<8>> t = { 1 }; S s = t; } }`;
    expect(errorSummary(checkSource(src))).toEqual(['3101@2']);
    expect(checkSource('struct S { bit<8> a; }\ncontrol c() { apply { S s = { 1 }; } }').errors).toEqual([]);
  });
});

describe('explicit casts', () => {
  it('follows p4c', () => {
    expect(isExplicitlyCastable(BOOL, bits(1))).toBe(true);
    expect(isExplicitlyCastable(BOOL, bits(8))).toBe(false);
    expect(isExplicitlyCastable(bits(8, true), bits(8))).toBe(true);
    expect(isExplicitlyCastable(bits(4, true), bits(8))).toBe(false);
    expect(isExplicitlyCastable(bits(4), bits(8))).toBe(true);
  });

  it('reports illegal casts with p4c wording', () => {
    const run = checkSource('control c(inout bit<8> x, in bool b) { apply { x = (bit<8>)b; } }');
    expect(run.errors.map((d) => d.message)).toEqual(['Cannot cast from bool to bit<8>']);
  });

  it('only casts 0 and 1 to bool', () => {
    expect(errorSummary(checkSource('const bool b = (bool)2;'))).toEqual(['3213@1']);
    expect(checkSource('const bool b = (bool)1;').errors).toEqual([]);
  });
});
