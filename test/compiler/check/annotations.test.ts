import { describe, expect, it } from 'vitest';
import { checkSource } from './helpers.ts';

const codes = (text: string): number[] => checkSource(text).errors.map((d) => d.code);

describe('annotation rules', () => {
  it('accepts well-formed structured and string annotations', () => {
    expect(codes('@info[a = 1, b = "x", c = true] @name("n" ++ "m") @deprecated("old") @pragma name "p"\nconst bit<8> K = 1;\n')).toEqual([]);
  });

  it('lets unstructured annotations repeat, but not a structured one', () => {
    expect(codes('@hint(1) @hint(2)\nconst bit<8> K = 1;\n')).toEqual([]);
    expect(codes('@hint[1] @hint[2]\nconst bit<8> K = 1;\n')).toEqual([3901]);
  });

  it('checks annotations on nested elements too', () => {
    expect(codes('control c(inout bit<8> x) { @name(3) action a() { } apply { a(); } }\n')).toEqual([3904]);
  });

  it('wants a match_kind name in @match', () => {
    expect(codes('#include <core.p4>\nstruct s { @match(ternary) bit<8> a; @match(1 + 1) bit<8> b; }\n')).toEqual([3906]);
  });

  it('wants key=value pairs in @pkginfo', () => {
    expect(codes('@pkginfo(name = "p.p4", version = "1.0")\nconst bit<8> K = 1;\n')).toEqual([]);
    expect(codes('@pkginfo\nconst bit<8> K = 1;\n')).toEqual([3908]);
    expect(codes('@pkginfo("p.p4")\nconst bit<8> K = 1;\n')).toEqual([3908]);
  });

  it('wants string, bit<N> or a width as the controller type of @p4runtime_translation', () => {
    for (const ok of ['32', 'bit<32>', 'string']) {
      expect(codes(`@p4runtime_translation("example.org/t", ${ok})\ntype bit<9> T;\n`)).toEqual([]);
    }
    for (const bad of ['bool', 'int<32>', 'bit<4 + 4>', 'T0']) {
      expect(codes(`type bit<9> T0;\n@p4runtime_translation("example.org/t", ${bad})\ntype bit<9> T;\n`)).toEqual([3909]);
    }
  });

  it('wants compile-time values in structured annotations: constants yes, types and instances no', () => {
    expect(codes('const bit<8> N = 3;\n@info[a = N + 1, b = 2 * 3]\nconst bit<8> K = 1;\n')).toEqual([]);
    expect(codes('struct S { }\n@info[a = S]\nconst bit<8> K = 1;\n')).toEqual([3322]);
    expect(codes('extern E { E(); }\nE() e;\n@info[a = e]\nconst bit<8> K = 1;\n')).toEqual([3907]);
  });
});
