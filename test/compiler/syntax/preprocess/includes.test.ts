import { describe, expect, it } from 'vitest';
import { PreprocessDiagnostics } from '../../../../compiler/diagnostics/index.ts';
import { BUILTIN_INCLUDE_DIR, MAX_INCLUDE_DEPTH } from '../../../../compiler/syntax/preprocess/index.ts';
import { origin, run, summary } from './harness.ts';

describe('#include', () => {
  it('includes a quoted file relative to the including file', () => {
    const { code, diagnostics, unit } = run({
      'src/main.p4': '#include "lib/a.p4"\nmain_text;\n',
      'src/lib/a.p4': '#include "b.p4"\na_text;\n',
      'src/lib/b.p4': 'b_text;\n',
    }, 'src/main.p4');
    expect(diagnostics).toEqual([]);
    expect(code).toBe('b_text; a_text; main_text;');
    expect(unit.files.map((f) => f.path)).toEqual(['src/main.p4', 'src/lib/a.p4', 'src/lib/b.p4']);
  });

  it('searches <> includes in the built-in directory, then in includeDirs', () => {
    const files = {
      'main.p4': '#include <core.p4>\n#include <mine.p4>\n',
      [`${BUILTIN_INCLUDE_DIR}/core.p4`]: 'builtin_core;\n',
      'inc1/core.p4': 'user_core;\n',
      'inc1/mine.p4': 'mine_from_inc1;\n',
      'inc2/mine.p4': 'mine_from_inc2;\n',
    };
    const { code, diagnostics } = run(files, 'main.p4', { includeDirs: ['inc1', 'inc2'] });
    expect(diagnostics).toEqual([]);
    expect(code).toBe('builtin_core; mine_from_inc1;');
  });

  it('falls back from the quoted search to the <> search path', () => {
    const { code } = run({ 'a/main.p4': '#include "x.p4"\n', 'inc/x.p4': 'found;\n' }, 'a/main.p4', { includeDirs: ['inc'] });
    expect(code).toBe('found;');
  });

  it('reads the built-in core.p4 and v1model.p4 from disk by default', () => {
    const { code, diagnostics } = run({ 'main.p4': '#include <core.p4>\n#include <v1model.p4>\n' }, 'main.p4', { readFile: undefined });
    expect(diagnostics).toEqual([]);
    expect(code).toContain('extern packet_in');
    expect(code).toContain('package V1Switch');
  });

  it('reports a missing include at the directive line and goes on', () => {
    const { code, diagnostics } = run({ 'main.p4': 'one;\n\n#include "nowhere.p4"\ntwo;\n#include <gone.p4>\n' });
    expect(summary(diagnostics)).toEqual([
      { code: PreprocessDiagnostics.IncludeNotFound.code, line: 3, file: 'main.p4' },
      { code: PreprocessDiagnostics.IncludeNotFound.code, line: 5, file: 'main.p4' },
    ]);
    expect(diagnostics[0]!.message).toContain('"nowhere.p4"');
    expect(diagnostics[1]!.message).toContain('<gone.p4>');
    expect(code).toBe('one; two;');
  });

  it('reports a malformed include', () => {
    const { diagnostics } = run({ 'main.p4': '#include nothing_here\n#include\n' });
    expect(summary(diagnostics).map((d) => [d.code, d.line])).toEqual([
      [PreprocessDiagnostics.InvalidInclude.code, 1],
      [PreprocessDiagnostics.InvalidInclude.code, 2],
    ]);
  });

  it('accepts a macro naming the file', () => {
    const { code } = run({ 'main.p4': '#define HDR "h.p4"\n#include HDR\n', 'h.p4': 'from_h;\n' });
    expect(code).toBe('from_h;');
  });

  it('honours include guards', () => {
    const guarded = '#ifndef G_H\n#define G_H\nguarded;\n#endif\n';
    const { code } = run({ 'main.p4': '#include "g.h"\n#include "g.h"\n#include "g.h"\n', 'g.h': guarded });
    expect(code).toBe('guarded;');
  });

  it('honours #pragma once', () => {
    const { code } = run({ 'main.p4': '#include "o.h"\n#include "o.h"\n', 'o.h': '#pragma once\nonce;\n' });
    expect(code).toBe('once;');
  });

  it('bounds recursive inclusion with a diagnostic', () => {
    const { diagnostics, code } = run({ 'main.p4': '#include "self.p4"\n', 'self.p4': 'x;\n#include "self.p4"\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.IncludeDepth.code, line: 2, file: 'self.p4' }]);
    expect(code.split('x;').length - 1).toBe(MAX_INCLUDE_DEPTH);
  });

  it('maps text of included files back to their file and line', () => {
    const { unit } = run({
      'main.p4': '// main\n#include "dir/h.p4"\nafter_include;\n',
      'dir/h.p4': '\n\n  header_line_3;\n#include "deeper.p4"\n',
      'dir/deeper.p4': 'deeper_line_1;\n',
    });
    expect(origin(unit, 'header_line_3')).toEqual({ file: 'dir/h.p4', line: 3, column: 3 });
    expect(origin(unit, 'deeper_line_1')).toEqual({ file: 'dir/deeper.p4', line: 1, column: 1 });
    expect(origin(unit, 'after_include')).toEqual({ file: 'main.p4', line: 3, column: 1 });
  });

  it('handles an included file without a final newline', () => {
    const { unit, code } = run({ 'main.p4': '#include "n.p4"\nnext;\n', 'n.p4': 'last_line;' });
    expect(code).toBe('last_line; next;');
    expect(origin(unit, 'next')).toEqual({ file: 'main.p4', line: 2, column: 1 });
  });

  it('reports conditionals left open at the end of an included file in that file', () => {
    const { diagnostics, code } = run({ 'main.p4': '#include "open.h"\nvisible;\n', 'open.h': '\n#if 1\nin_open;\n' });
    expect(summary(diagnostics)).toEqual([{ code: PreprocessDiagnostics.UnterminatedConditional.code, line: 2, file: 'open.h' }]);
    expect(code).toBe('in_open; visible;');
  });
});
