import { describe, expect, it } from 'vitest';
import { expression, show, showType, statements } from './helpers.ts';

const s = (text: string): string => show(expression(text));

describe('operator precedence and associativity (P4-16 grammar)', () => {
  it.each([
    ['a + b * c', '(a + (b * c))'],
    ['a * b + c', '((a * b) + c)'],
    ['a - b - c', '((a - b) - c)'],
    ['a / b % c', '((a / b) % c)'],
    // `++` binds like `+` and associates left.
    ['a ++ b + c', '((a ++ b) + c)'],
    ['a + b ++ c', '((a + b) ++ c)'],
    ['a |+| b |-| c * d', '((a |+| b) |-| (c * d))'],
    ['a << 1 + b', '(a << (1 + b))'],
    ['a >> 2', '(a >> 2)'],
    ['a >> 2 >> 1', '((a >> 2) >> 1)'],
    // Bitwise operators bind tighter than comparisons (unlike C).
    ['a & b == c', '((a & b) == c)'],
    ['a | b ^ c & d', '(a | (b ^ (c & d)))'],
    ['a < b == c > d', '((a < b) == (c > d))'],
    ['a <= b && c >= d || e', '(((a <= b) && (c >= d)) || e)'],
    ['a || b && c', '(a || (b && c))'],
    ['a == b != c', '((a == b) != c)'],
    ['c ? a : b', '(c ? a : b)'],
    ['c ? a : d ? e : f', '(c ? a : (d ? e : f))'],
    ['a && b ? c + 1 : d', '((a && b) ? (c + 1) : d)'],
  ])('%s', (text, tree) => {
    expect(s(text)).toBe(tree);
  });

  it('applies prefix operators before binary ones and after postfix ones', () => {
    expect(s('-a.b + ~c[1]')).toBe('((-a.b) + (~c[1]))');
    expect(s('!a && !!b')).toBe('((!a) && (!(!b)))');
    expect(s('- - 1')).toBe('(-(-1))');
  });

  it('does not read `> >` with a space between as a shift', () => {
    // `a > > b` is not a shift: the two `>` are not adjacent.
    expect(() => s('a > > b')).toThrow();
  });
});

describe('postfix expressions', () => {
  it('chains members, indexes, slices and calls left to right', () => {
    expect(s('h.s[2].f[7:0]')).toBe('h.s[2].f[7:0]');
    expect(s('t.apply().hit')).toBe('t.apply().hit');
    expect(s('f(1, x = 2, _)')).toBe('f(1, x=2, _)');
  });

  it('parses indexed slices `[lo +: w]`, keeping the width and a synthesised high bit', () => {
    const e = expression('d[i +: 8]');
    expect(show(e)).toBe('d[i +: 8]');
    expect(e.kind === 'SliceExpression' && show(e.hi)).toBe('((i + 8) - 1)');
    expect(s('d[i + 1 +: 8]')).toBe('d[(i + 1) +: 8]');
  });

  it('accepts keywords that are names as members', () => {
    expect(s('t.apply')).toBe('t.apply');
    expect(s('h.type + h.key + h.state + h.priority + h.entries + h.actions')).toBe(
      '(((((h.type + h.key) + h.state) + h.priority) + h.entries) + h.actions)',
    );
  });

  it('parses generic calls `f<T>(x)`', () => {
    expect(s('f<bit<8>>(x)')).toBe('f<bit<8>>(x)');
    expect(s('f<bit<8>, T>(x) + 1')).toBe('(f<bit<8>, T>(x) + 1)');
    expect(s('f<bit<b ^ 3>>(x)')).toBe('f<bit<(b ^ 3)>>(x)');
  });

  it('keeps `<` a comparison when no type-argument call follows', () => {
    expect(s('a < b')).toBe('(a < b)');
    expect(s('(a < b) && (c > d)')).toBe('((a < b) && (c > d))');
    expect(s('a < b && c > (d)')).toBe('((a < b) && (c > d))');
  });

  it('parses a member of a generic type `P<T>.apply`', () => {
    const [st] = statements('P<bit>.apply(1);');
    expect(st!.kind).toBe('CallStatement');
    if (st!.kind === 'CallStatement') expect(show(st.call)).toBe('P<bit>.apply(1)');
  });
});

describe('casts vs parenthesised expressions', () => {
  it.each([
    ['(bit<8>) x', '((bit<8>) x)'],
    ['(bit<8>) -1', '((bit<8>) (-1))'],
    ['(int<4>) x + 1', '(((int<4>) x) + 1)'],
    ['(bool) b', '((bool) b)'],
    ['(T) x', '((T) x)'],
    ['(T) (x + 1)', '((T) (x + 1))'],
    ['(T) x.y', '((T) x.y)'],
    ['(.T) x', '((.T) x)'],
    ['(S<bit<8>>) { 1, 2 }', '((S<bit<8>>) {1, 2})'],
    ['(S) { a = 1, b = 2 }', '((S) {a = 1, b = 2})'],
    ['(x) - 1', '(x - 1)'],
    ['(x) + y', '(x + y)'],
    ['(x)', 'x'],
    ['((x))', 'x'],
    ['(a.b)', 'a.b'],
    ['(bit<8>) (bit<4>) x', '((bit<8>) ((bit<4>) x))'],
  ])('%s', (text, tree) => {
    expect(s(text)).toBe(tree);
  });
});

describe('primary expressions', () => {
  it('decodes literals', () => {
    const e = expression('8w0xFF');
    expect(e).toMatchObject({ kind: 'IntLiteral', value: 255n, width: 8, signed: false, text: '8w0xFF' });
    expect(expression('4s3')).toMatchObject({ value: 3n, width: 4, signed: true });
    expect(expression('"a\\nb"')).toMatchObject({ kind: 'StringLiteral', value: 'a\nb' });
    expect(expression('true')).toMatchObject({ kind: 'BoolLiteral', value: true });
  });

  it('parses list and struct expressions, with `...` and trailing commas', () => {
    expect(s('{1, 2, 3}')).toBe('{1, 2, 3}');
    expect(s('{1, 2,}')).toBe('{1, 2}');
    expect(s('{}')).toBe('{}');
    expect(s('{1, ...}')).toBe('{1, ...}');
    expect(s('{a = 1, b = {2, 3}}')).toBe('{a = 1, b = {2, 3}}');
    expect(s('{a = 1, ...}')).toBe('{a = 1, ...}');
    expect(expression('{a = 1}').kind).toBe('StructExpression');
  });

  it('parses `{#}`, `error.X`, `this`, `_`, top-level `.name`', () => {
    expect(expression('{#}').kind).toBe('InvalidHeaderExpression');
    const e = expression('error.NoError');
    expect(e.kind).toBe('TypeMemberExpression');
    if (e.kind === 'TypeMemberExpression') expect(showType(e.type)).toBe('error');
    expect(s('.x + y')).toBe('(.x + y)');
    expect(s('f(this, _)')).toBe('f(this, _)');
  });

  it('represents a lone `...` (default value) as an empty list with dots', () => {
    expect(expression('...')).toMatchObject({ kind: 'ListExpression', items: [], hasDots: true });
  });
});
