import { describe, expect, it } from 'vitest';
import { checkSource, errorSummary } from './helpers.ts';

describe('resolving written types', () => {
  it('refuses a generic type specialized with itself, not with another generic', () => {
    const src = (typedef: string) => `struct P<T> { T f; }\nstruct Q<T> { T g; }\ntypedef P<bit<8>> P8;\ntypedef ${typedef} X;`;
    expect(checkSource(src('Q<P8>')).errors).toEqual([]);
    expect(checkSource(src('P<Q<bit<8>>>')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('P<P8>')))).toEqual(['3131@4']);
    expect(errorSummary(checkSource(src('P<Q<P8>>')))).toEqual(['3131@4']);
  });

  it('looks through the parameters of a control given as a type argument', () => {
    const src = (param: string) => `extern Box<T> { Box(); }\ncontrol user(${param}) { apply { } }\ncontrol top() { Box<user>() b; apply { } }`;
    expect(checkSource(src('in bit<8> x')).errors).toEqual([]);
    expect(errorSummary(checkSource(src('Box<bit<8>> b')))).toEqual(['3131@3']);
  });
});
