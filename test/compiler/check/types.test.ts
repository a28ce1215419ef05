import { describe, expect, it } from 'vitest';
import { BOOL, INT, bits, sameType, substitute, typeToString, widthInBits, freshTypeVariable, type Type } from '../../../compiler/check/types.ts';

describe('semantic types', () => {
  it('prints like p4c', () => {
    expect(typeToString(bits(8))).toBe('bit<8>');
    expect(typeToString(bits(4, true))).toBe('int<4>');
    expect(typeToString(INT)).toBe('int');
    expect(typeToString({ kind: 'tuple', elements: [bits(1), BOOL] })).toBe('tuple<bit<1>, bool>');
    expect(typeToString({ kind: 'varbit', maxWidth: 16 })).toBe('varbit<16>');
    expect(typeToString({ kind: 'stack', element: bits(8), size: 3 })).toBe('bit<8>[3]');
  });

  it('compares structurally, with declarations by identity', () => {
    expect(sameType(bits(8), bits(8))).toBe(true);
    expect(sameType(bits(8), bits(8, true))).toBe(false);
    expect(sameType({ kind: 'tuple', elements: [bits(1)] }, { kind: 'tuple', elements: [bits(1)] })).toBe(true);
    const tv = freshTypeVariable('T');
    expect(sameType(tv, freshTypeVariable('T'))).toBe(false);
    expect(sameType(tv, tv)).toBe(true);
  });

  it('substitutes type variables', () => {
    const tv = freshTypeVariable('T');
    const list: Type = { kind: 'list', element: tv };
    expect(typeToString(substitute(list, new Map([[tv.id, bits(16)]])))).toBe('list<bit<16>>');
  });

  it('computes widths of serializable types', () => {
    expect(widthInBits(bits(12), false)).toBe(12);
    expect(widthInBits(BOOL, false)).toBe(1);
    expect(widthInBits({ kind: 'tuple', elements: [bits(3), bits(5)] }, false)).toBe(8);
    expect(widthInBits(INT, false)).toBeUndefined();
  });
});
