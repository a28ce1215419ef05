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
});
