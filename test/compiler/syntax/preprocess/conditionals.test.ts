import { describe, expect, it } from 'vitest';
import { PreprocessDiagnostics } from '../../../../compiler/diagnostics/index.ts';
import { run, summary } from './harness.ts';

const kept = (source: string, defines?: Record<string, string>): string => {
  const result = run({ 'main.p4': source }, 'main.p4', defines ? { defines } : {});
  expect(result.diagnostics).toEqual([]);
  return result.code;
};

const truth = (expression: string): boolean => kept(`#if ${expression}\nyes\n#else\nno\n#endif\n`) === 'yes';

describe('conditional compilation', () => {
  it('chooses among #if / #elif / #else', () => {
    const source = (n: number): string => `#define N ${n}\n#if N == 1\none\n#elif N == 2\ntwo\n#elif N == 2\nagain\n#else\nother\n#endif\n`;
    expect(kept(source(1))).toBe('one');
    expect(kept(source(2))).toBe('two');
    expect(kept(source(7))).toBe('other');
  });

  it('nests, skipping everything inside a skipped group', () => {
    const source = `#ifdef A
a
#  ifdef B
ab
#  else
a_not_b
#  endif
#elif defined(B) && !defined C
b_only
#  if 0
#    error not reported
#    bogus directive
#    include "not/read.p4"
#  endif
#else
none
#endif
`;
    expect(kept(source, { A: '', B: '' })).toBe('a ab');
    expect(kept(source, { A: '' })).toBe('a a_not_b');
    expect(kept(source, { B: '' })).toBe('b_only');
    expect(kept(source, { B: '', C: '' })).toBe('none');
  });

  it('supports #ifndef, #elifdef and #elifndef', () => {
    expect(kept('#ifndef X\nnot_x\n#endif\n')).toBe('not_x');
    expect(kept('#define Y\n#ifdef X\nx\n#elifdef Y\ny\n#endif\n')).toBe('y');
    expect(kept('#ifdef X\nx\n#elifndef Z\nnot_z\n#endif\n')).toBe('not_z');
  });

  it('evaluates C integer expressions', () => {
    expect(truth('1 + 2 * 3 == 7')).toBe(true);
    expect(truth('(1 + 2) * 3 == 9')).toBe(true);
    expect(truth('10 / 3 == 3 && 10 % 3 == 1')).toBe(true);
    expect(truth('-7 / 2 == -3')).toBe(true);
    expect(truth('(1 << 4) == 16 && (256 >> 4) == 0x10')).toBe(true);
    expect(truth('(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5')).toBe(true);
    expect(truth('~0 == -1 && !0 && !!5')).toBe(true);
    expect(truth('1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 1 != 2')).toBe(true);
    expect(truth('0 || 0')).toBe(false);
    expect(truth('1 ? 2 : 0')).toBe(true);
    expect(truth('0 ? 1 : 0 ? 1 : 0')).toBe(false);
    expect(truth('010 == 8 && 0b101 == 5 && 20180101L == 20180101')).toBe(true);
  });

  it('treats identifiers that are not macros as 0 and knows both forms of defined', () => {
    expect(truth('UNKNOWN')).toBe(false);
    expect(truth('UNKNOWN == 0')).toBe(true);
    expect(kept('#define D\n#if defined D && defined(D) && !defined(E)\nyes\n#endif\n')).toBe('yes');
  });

  it('expands macros in conditions, like the version checks of v1model.p4', () => {
    const source = '#ifndef VERSION\n#define VERSION 20180101\n#endif\n#if VERSION >= 20200408\nnew\n#else\nold\n#endif\n';
    expect(kept(source)).toBe('old');
    expect(kept(source, { VERSION: '20200408' })).toBe('new');
  });

  it('does not evaluate the branches it does not need', () => {
    expect(truth('0 && 1 / 0')).toBe(false);
    expect(truth('1 || 1 / 0')).toBe(true);
    expect(kept('#if 1\na\n#elif 1 / 0\nb\n#endif\n')).toBe('a');
  });

  it('does not see directives inside block comments', () => {
    expect(kept('/* start\n#if 0\n*/\nvisible\n/* #endif */\n')).toBe('visible');
    expect(kept('#if 0\n/*\n#endif\n*/\nhidden\n#endif\nshown\n')).toBe('shown');
  });

  it('accepts comments on directive lines, also ones that continue on the next lines', () => {
    expect(kept('#if 1 /* a\n #else */ + 1 // two\nyes\n#endif /* end */\n')).toBe('yes');
    expect(kept('  /* lead */ # if 0\nno\n#endif\n')).toBe('');
  });
});

describe('conditional compilation errors', () => {
  it('reports an unterminated #if at its line', () => {
    const { diagnostics } = run({ 'main.p4': 'a\n#ifdef X\n#if 1\n#endif\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.UnterminatedConditional.code, line: 2, file: 'main.p4' }]);
    expect(diagnostics[0]!.message).toBe('unterminated #ifdef');
  });

  it('reports #endif, #else and #elif without #if', () => {
    const { diagnostics } = run({ 'main.p4': 'x\n#endif\n#else\n#elif 1\n' });
    expect(summary(diagnostics).map((d) => [d.code, d.line])).toEqual([
      [PreprocessDiagnostics.UnmatchedConditional.code, 2],
      [PreprocessDiagnostics.UnmatchedConditional.code, 3],
      [PreprocessDiagnostics.UnmatchedConditional.code, 4],
    ]);
  });

  it('reports #else or #elif after #else', () => {
    const { diagnostics } = run({ 'main.p4': '#if 1\n#else\n#else\n#elif 1\n#endif\n' });
    expect(summary(diagnostics).map((d) => [d.code, d.line])).toEqual([
      [PreprocessDiagnostics.ConditionalAfterElse.code, 3],
      [PreprocessDiagnostics.ConditionalAfterElse.code, 4],
    ]);
  });

  it('reports invalid expressions and treats them as false', () => {
    const { diagnostics, code } = run({ 'main.p4': '#if 1 +\nno1\n#endif\n#if (1\nno2\n#endif\n#if 5 / 0\nno3\n#endif\n#if\nno4\n#endif\n#if defined(\nno5\n#endif\n' });
    expect(code).toBe('');
    expect(summary(diagnostics).map((d) => [d.code, d.line])).toEqual([
      [PreprocessDiagnostics.InvalidExpression.code, 1],
      [PreprocessDiagnostics.InvalidExpression.code, 4],
      [PreprocessDiagnostics.InvalidExpression.code, 7],
      [PreprocessDiagnostics.InvalidExpression.code, 10],
      [PreprocessDiagnostics.InvalidExpression.code, 13],
    ]);
    expect(diagnostics[2]!.message).toBe('invalid #if condition: division by zero');
  });

  it('reports #ifdef without a name and warns about extra tokens', () => {
    const { diagnostics } = run({ 'main.p4': '#ifdef\n#endif\n#ifdef A B\n#endif C\n' });
    expect(summary(diagnostics).map((d) => [d.code, d.line])).toEqual([
      [PreprocessDiagnostics.MissingMacroName.code, 1],
      [PreprocessDiagnostics.ExtraTokens.code, 3],
      [PreprocessDiagnostics.ExtraTokens.code, 4],
    ]);
  });
});
