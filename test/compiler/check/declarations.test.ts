import { describe, expect, it } from 'vitest';
import { checkSource, errorSummary } from './helpers.ts';

describe('type declarations', () => {
  it('accepts headers, structs, unions, enums and stacks', () => {
    const src = `header A { bit<8> x; varbit<32> v; }
header B { int<4> y; bool z; }
header_union U { A a; B b; }
struct S { A a; U u; B[3] bs; tuple<bit<1>, bool> t; }
enum bit<4> E { X = 1, Y = 2 }
struct G<T> { T f; }
typedef G<bit<8>> G8;
const G8 g = { f = 3 };`;
    expect(checkSource(src).errors).toEqual([]);
  });

  it('rejects illegal field types', () => {
    expect(errorSummary(checkSource('header H { int x; }'))).toEqual(['3107@1']);
    expect(errorSummary(checkSource('header_union U { bit<8> x; }'))).toEqual(['3107@1']);
    expect(errorSummary(checkSource('header H { varbit<8> a; varbit<8> b; }'))).toEqual(['3115@1']);
  });

  it('checks serializable enum types', () => {
    expect(errorSummary(checkSource('enum bool E { A = true }'))).toEqual(['3108@1']);
  });

  it('restricts new types to base types', () => {
    expect(errorSummary(checkSource('header H { bit<8> a; }\ntype H T;'))).toEqual(['3109@2']);
    expect(checkSource('type bit<32> T;').errors).toEqual([]);
  });

  it('requires type arguments for generic structs', () => {
    expect(errorSummary(checkSource('struct G<T> { T f; }\ncontrol c() { apply { G g; } }'))).toEqual(['3106@2']);
  });

  it('checks parameter rules', () => {
    expect(errorSummary(checkSource('control c() { action a(in bit<8> x, bit<8> y, inout bit<8> z) {} apply {} }'))).toEqual(['3121@1']);
    expect(errorSummary(checkSource('extern void f(in string s);'))).toEqual(['3113@1']);
    expect(errorSummary(checkSource('void f(out bit<8> x = 1) {}'))).toEqual(['3119@1']);
  });

  it('reports duplicate fields and error members', () => {
    expect(errorSummary(checkSource('struct S { bit<8> a; bit<8> a; }'))).toEqual(['3002@1']);
    expect(errorSummary(checkSource('error { A }\nerror { A }'))).toEqual(['3002@2']);
  });

  it('has no variables at the top level', () => {
    expect(errorSummary(checkSource('bit<8> v;'))).toEqual(['3010@1']);
    expect(checkSource('const bit<8> v = 1;').errors).toEqual([]);
  });

  it('refuses an extern whose methods mention the extern type itself', () => {
    expect(errorSummary(checkSource('extern E {\n  E();\n  E copy();\n}'))).toEqual(['3116@3']);
    expect(checkSource('extern E<T> {\n  E();\n  void put(in T v);\n}').errors).toEqual([]);
  });
});
