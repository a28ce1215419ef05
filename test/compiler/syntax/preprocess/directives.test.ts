import { describe, expect, it } from 'vitest';
import { PreprocessDiagnostics } from '../../../../compiler/diagnostics/index.ts';
import { run, summary } from './harness.ts';

describe('other directives', () => {
  it('reports #error with its text at its line, and #warning as a warning', () => {
    const { diagnostics, code } = run({ 'main.p4': 'a;\n#error this target is not supported\n#warning "check me"\nb;\n' });
    expect(summary(diagnostics)).toEqual([
      { code: PreprocessDiagnostics.ErrorDirective.code, line: 2, file: 'main.p4' },
      { code: PreprocessDiagnostics.WarningDirective.code, line: 3, file: 'main.p4' },
    ]);
    expect(diagnostics[0]!.message).toBe('#error this target is not supported');
    expect(diagnostics[0]!.severity).toBe('error');
    expect(diagnostics[1]!.message).toBe('#warning "check me"');
    expect(diagnostics[1]!.severity).toBe('warning');
    expect(code).toBe('a; b;');
  });

  it('reports #error inside an included file at that file', () => {
    const { diagnostics } = run({ 'main.p4': '\n#include "e.h"\n', 'e.h': '\n\n#error in header\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.ErrorDirective.code, line: 3, file: 'e.h' }]);
  });

  it('reports unknown directives but ignores #line, line markers, other pragmas and empty directives', () => {
    const { diagnostics, code } = run({ 'main.p4': '#line 10 "x.p4"\n# 5 "y.p4"\n#pragma pack(1)\n#\n#frobnicate now\nok;\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.InvalidDirective.code, line: 5, file: 'main.p4' }]);
    expect(diagnostics[0]!.message).toBe('invalid preprocessing directive #frobnicate');
    expect(code).toBe('ok;');
  });

  it('does not treat a # inside a block comment or a string as a directive', () => {
    const { diagnostics, code } = run({ 'main.p4': '/*\n#error hidden\n*/\nx = "#error"; /*\n # define Q 1 */ Q;\n' });
    expect(diagnostics).toEqual([]);
    expect(code).toBe('x = "#error"; Q;');
  });

  it('handles CRLF line endings', () => {
    const { unit, code, diagnostics } = run({ 'main.p4': '#define A 1 \\\r\n + 2\r\n#if A == 3\r\nx = A;\r\n#endif\r\ny;\r\n' });
    expect(diagnostics).toEqual([]);
    expect(code).toBe('x = 1 + 2; y;');
    expect(unit.text.split('\n').length).toBe(7);
  });

  it('answers __has_include in conditions', () => {
    const { code } = run({ 'main.p4': '#if __has_include("here.h") && !__has_include(<missing.h>)\nyes\n#endif\n', 'here.h': '' });
    expect(code).toBe('yes');
  });

  it('never throws on odd input', () => {
    const inputs = ['#', '#if', '#define F(', '#define F(x) x\nF(', '"unterminated', '/* open', '#include "', '\\', '#if 1\n\\\n', '#endif\\'];
    for (const input of inputs) expect(() => run({ 'main.p4': input })).not.toThrow();
  });
});
