import { describe, expect, it } from 'vitest';
import { foldBinary, MAX_INT_CONSTANT_BITS, wrapToType } from '../../../compiler/check/const-eval.ts';
import { INT, bits } from '../../../compiler/check/types.ts';
import { checkSource, errorSummary } from './helpers.ts';

function constantOf(source: string, name: string) {
  const run = checkSource(source);
  expect(run.errors).toEqual([]);
  const decl = run.program.declarations.find((d) => d.kind === 'ConstantDeclaration' && d.name.name === name);
  const symbol = decl && run.checked!.declarations.get(decl);
  return symbol?.kind === 'constant' ? symbol.value : undefined;
}

describe('constant folding', () => {
  it('stops a constant that squares itself on every line, at the line that overflows the bound, once', () => {
    const lines = ['const int c0 = 1 << 4096;', ...Array.from({ length: 39 }, (_, i) => `const int c${i + 1} = c${i} * c${i};`)];
    const run = checkSource(lines.join('\n'));
    // c3 has 32,769 bits; c4 would have 65,537, over MAX_INT_CONSTANT_BITS (65,536).
    expect(errorSummary(run)).toEqual([`3214@5`]);
    expect(run.errors[0]!.message).toBe(`c3 * c3: constant too large: p4ts folds integers of at most ${MAX_INT_CONSTANT_BITS} bits`);
  });

  it('bounds int shifts and type widths by the same limit', () => {
    expect(foldBinary('<<', 1n, BigInt(MAX_INT_CONSTANT_BITS), INT, INT)).toBe('too_large');
    expect(foldBinary('<<', 1n, BigInt(MAX_INT_CONSTANT_BITS) - 1n, INT, INT)).toBe(1n << BigInt(MAX_INT_CONSTANT_BITS - 1));
    expect(foldBinary('<<', 1n, 10n ** 9n, INT, INT)).toBe('too_large');
    expect(foldBinary('<<', 1n, 10n ** 9n, bits(8), bits(8))).toBe(0n);
    expect(errorSummary(checkSource(`const bit<${MAX_INT_CONSTANT_BITS}> a = 1;\nconst bit<${MAX_INT_CONSTANT_BITS + 1}> b = 1;`))).toEqual(['3103@2']);
  });

  it('wraps fixed-width arithmetic', () => {
    expect(wrapToType(256n, bits(8))).toBe(0n);
    expect(wrapToType(128n, bits(8, true))).toBe(-128n);
    expect(foldBinary('+', 250n, 10n, bits(8), bits(8))).toBe(4n);
    expect(foldBinary('|+|', 250n, 10n, bits(8), bits(8))).toBe(255n);
    expect(foldBinary('|-|', 5n, 10n, bits(8), bits(8))).toBe(0n);
    expect(foldBinary('/', 5n, 0n, INT, INT)).toBe('division_by_zero');
    expect(foldBinary('++', 1n, 1n, bits(4), bits(8))).toBe(0x11n);
  });

  it('folds constant declarations and widths', () => {
    const src = `const int W = 4;
const bit<(W * 2)> x = 8w255 + 1;
const bit<16> y = (bit<16>)(x ++ 8w1);
const int z = (1 << 10) - 1;
const bool b = 3 > 2 && !false;`;
    expect(constantOf(src, 'x')).toBe(0n);
    expect(constantOf(src, 'y')).toBe(1n);
    expect(constantOf(src, 'z')).toBe(1023n);
    expect(constantOf(src, 'b')).toBe(true);
  });

  it('records serializable enum values', () => {
    const src = `enum bit<8> E { A = 1, B = 0x10 }
const E e = E.B;
const bit<8> v = (bit<8>)E.B;`;
    expect(constantOf(src, 'v')).toBe(16n);
  });

  it('reports non-constant widths and division by zero', () => {
    expect(errorSummary(checkSource('control c(in bit<8> w) { apply { bit<w> x; } }'))).toEqual(['3201@1']);
    expect(errorSummary(checkSource('const int x = 4 / 0;'))).toEqual(['3203@1']);
    expect(errorSummary(checkSource('const int x = -8 / 2;'))).toEqual(['3212@1']);
  });

  it('rejects zero-width signed types', () => {
    expect(errorSummary(checkSource('const int<0> x = 0;'))).toEqual(['3104@1']);
  });

  it('rejects a literal whose width is past the largest p4ts computes with, as a bit<N> width', () => {
    expect(errorSummary(checkSource('const bit<8> x = 99999999999999999999w1;'))).toEqual(['3103@1']);
    expect(errorSummary(checkSource('typedef bit<99999999999999999999w1> t;'))).toEqual(['3103@1']);
    expect(errorSummary(checkSource('const bit<8> x = 65537w1;'))).toEqual(['3103@1']);
    expect(errorSummary(checkSource('const bit<8> x = (bit<8>)65536w1;'))).toEqual([]);
  });
});
