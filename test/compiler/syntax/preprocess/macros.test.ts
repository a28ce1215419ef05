import { describe, expect, it } from 'vitest';
import { PreprocessDiagnostics } from '../../../../compiler/diagnostics/index.ts';
import { run, summary } from './harness.ts';

const expand = (source: string, defines?: Record<string, string>): string => {
  const result = run({ 'main.p4': source }, 'main.p4', defines ? { defines } : {});
  expect(result.diagnostics).toEqual([]);
  return result.code;
};

describe('object-like macros', () => {
  it('replaces uses and rescans the replacement', () => {
    expect(expand('#define W 16\n#define TY bit<W>\nTY x;\n')).toBe('bit<16> x;');
  });

  it('does not expand inside strings, comments or P4 literals', () => {
    expect(expand('#define w 9\n#define X 1\nlog("X w"); // X\n/* X */ a = 8w255 + X;\n')).toBe('log("X w"); a = 8w255 + 1;');
  });

  it('does not expand a macro inside its own expansion', () => {
    expect(expand('#define loop loop + 1\n#define A B\n#define B A\nx = loop; y = A;\n')).toBe('x = loop + 1; y = A;');
  });

  it('supports #undef and redefinition', () => {
    expect(expand('#define V 1\na = V;\n#undef V\nb = V;\n#define V 3\nc = V;\n')).toBe('a = 1; b = V; c = 3;');
  });

  it('joins backslash-continued definitions', () => {
    expect(expand('#define LONG 1 + \\\n  2 + \\\n  3\nx = LONG;\n')).toBe('x = 1 + 2 + 3;');
  });

  it('warns when a macro is redefined differently, not when identically', () => {
    const { diagnostics } = run({ 'main.p4': '#define A 1\n#define A 1\n#define A 2\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.MacroRedefined.code, line: 3, file: 'main.p4' }]);
  });

  it('keeps expansion text from gluing onto neighbouring tokens', () => {
    expect(expand('#define NEG -1\n#define PLUS +\nx = 2-NEG; y = 1 PLUS+2;\n')).toBe('x = 2- -1; y = 1 + +2;');
  });

  it('knows __LINE__ and __FILE__', () => {
    expect(expand('\n\nline = __LINE__; file = __FILE__;\n')).toBe('line = 3; file = "main.p4";');
  });

  it('takes definitions from the options', () => {
    expect(expand('x = SIZE; y = TWICE(3);\n', { SIZE: '32', 'TWICE(v)': '((v) * 2)' })).toBe('x = 32; y = ((3) * 2);');
  });
});

describe('function-like macros', () => {
  it('substitutes fully expanded arguments', () => {
    expect(expand('#define W 8\n#define MAX(a, b) ((a) > (b) ? (a) : (b))\nx = MAX(W, f(1, 2));\n')).toBe(
      'x = ((8) > (f(1, 2)) ? (8) : (f(1, 2)));',
    );
  });

  it('leaves the name alone when no argument list follows', () => {
    expect(expand('#define F(x) [x]\nF; F (1); F\n(2);\n')).toBe('F; [1]; [2] ;');
  });

  it('accepts arguments spread over several lines and keeps the line count', () => {
    const { unit, code } = run({ 'main.p4': '#define ADD(a, b) a + b\nx = ADD(1,\n 2);\nend;\n' });
    expect(code).toBe('x = 1 + 2 ; end;'); // the newline the invocation spanned follows the expansion
    expect(unit.text.split('\n').length).toBe(5);
  });

  it('handles nested invocations and macros that name macros', () => {
    expect(expand('#define SQ(x) ((x)*(x))\n#define APPLY(f, v) f(v)\nr = APPLY(SQ, SQ(2));\n')).toBe('r = ((((2)*(2)))*(((2)*(2))));');
  });

  it('stringifies with # and pastes with ##', () => {
    expect(expand('#define S(x) #x\n#define CAT(a, b) a ## b\n#define NAME(n) hdr_ ## n ## _t\ns = S(a "b" \\c);\nCAT(foo, 12) = 1; NAME(ipv4) h; CAT(, only);\n')).toBe(
      's = "a \\"b\\" \\c"; foo12 = 1; hdr_ipv4_t h; only;',
    );
  });

  it('supports variadic macros', () => {
    expect(expand('#define LOG(fmt, ...) log_msg(fmt, {__VA_ARGS__})\nLOG("x", a, b); LOG("y");\n')).toBe('log_msg("x", {a, b}); log_msg("y", {});');
  });

  it('accepts zero-parameter macros invoked with ()', () => {
    expect(expand('#define Z() zero\nz = Z();\n')).toBe('z = zero;');
  });

  it('reports a wrong number of arguments at the use', () => {
    const { diagnostics, code } = run({ 'main.p4': '#define TWO(a, b) a b\n\nx = TWO(1);\ny = TWO(1, 2, 3);\n' });
    expect(summary(diagnostics)).toEqual([
      { code: PreprocessDiagnostics.MacroArgumentCount.code, line: 3, file: 'main.p4' },
      { code: PreprocessDiagnostics.MacroArgumentCount.code, line: 4, file: 'main.p4' },
    ]);
    expect(diagnostics[0]!.message).toBe('macro TWO expects 2 argument(s), but 1 given');
    expect(code).toBe('x = TWO; y = TWO;');
  });

  it('reports an unterminated invocation', () => {
    const { diagnostics } = run({ 'main.p4': '#define F(x) x\n\nF(1, (2)\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.UnterminatedMacroCall.code, line: 3, file: 'main.p4' }]);
  });

  it('reports malformed definitions', () => {
    const { diagnostics } = run({
      'main.p4': '#define\n#define 3x\n#define F(a,) a\n#define G(a) #b\n#define H ## x\n#define defined 1\n',
    });
    expect(summary(diagnostics).map((d) => [d.code, d.line])).toEqual([
      [PreprocessDiagnostics.MissingMacroName.code, 1],
      [PreprocessDiagnostics.InvalidMacroName.code, 2],
      [PreprocessDiagnostics.InvalidMacroParameters.code, 3],
      [PreprocessDiagnostics.StringifyWithoutParameter.code, 4],
      [PreprocessDiagnostics.PasteAtEdge.code, 5],
      [PreprocessDiagnostics.InvalidMacroName.code, 6],
    ]);
  });

  it('stops runaway expansion with a diagnostic instead of hanging', () => {
    const lines = ['#define M0 x x'];
    for (let i = 1; i <= 24; i++) lines.push(`#define M${i} M${i - 1} M${i - 1}`);
    const { diagnostics } = run({ 'main.p4': `${lines.join('\n')}\nM24;\n` });
    expect(diagnostics.map((d) => d.code)).toEqual([PreprocessDiagnostics.ExpansionTooLarge.code]);
  });
});
