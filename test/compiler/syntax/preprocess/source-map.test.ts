import { describe, expect, it } from 'vitest';
import { origin, run } from './harness.ts';

describe('source map', () => {
  it('keeps the line structure of a file without includes', () => {
    const source = '#define X 1\n#if 0\nskipped\nskipped\n#endif\nx = X;\n/* a\n   b */\ny;\n';
    const { unit } = run({ 'main.p4': source });
    expect(unit.text.split('\n').length).toBe(source.split('\n').length);
    expect(unit.text.split('\n')[5]).toBe('x = 1;');
  });

  it('points at the right line after a skipped block and after directives', () => {
    const { unit } = run({ 'main.p4': '#ifdef NOT_DEFINED\nnot\nhere\n#else\n  kept_1;\n#endif\n\nkept_2;\n' });
    expect(origin(unit, 'kept_1')).toEqual({ file: 'main.p4', line: 5, column: 3 });
    expect(origin(unit, 'kept_2')).toEqual({ file: 'main.p4', line: 8, column: 1 });
  });

  it('points into included files, and back into the includer after them', () => {
    const { unit } = run({
      'main.p4': 'first;\n#include "a.h"\nsecond;\n#include "a.h"\nthird;\n',
      'a.h': '#if 0\nx\n#endif\nfrom_a;\n',
    });
    expect(origin(unit, 'first')).toEqual({ file: 'main.p4', line: 1, column: 1 });
    expect(origin(unit, 'from_a')).toEqual({ file: 'a.h', line: 4, column: 1 });
    expect(origin(unit, 'from_a', 1)).toEqual({ file: 'a.h', line: 4, column: 1 });
    expect(origin(unit, 'second')).toEqual({ file: 'main.p4', line: 3, column: 1 });
    expect(origin(unit, 'third')).toEqual({ file: 'main.p4', line: 5, column: 1 });
  });

  it('attributes macro expansions to the macro use', () => {
    const { unit } = run({
      'main.p4': '#include "defs.h"\n\nx = EXPANDS_TO_SOMETHING_LONGER + 1;\ny = CALL(a,\n  b) + tail;\n',
      'defs.h': '#define EXPANDS_TO_SOMETHING_LONGER (very_long_replacement_text_here * 2)\n#define CALL(p, q) call(p, q)\n',
    });
    expect(origin(unit, 'very_long_replacement_text_here')).toMatchObject({ file: 'main.p4', line: 3 });
    expect(origin(unit, '* 2)')).toMatchObject({ file: 'main.p4', line: 3 });
    expect(origin(unit, '+ 1')).toEqual({ file: 'main.p4', line: 3, column: 33 });
    expect(origin(unit, 'call(')).toMatchObject({ file: 'main.p4', line: 4, column: 5 });
    expect(origin(unit, 'tail')).toEqual({ file: 'main.p4', line: 5, column: 8 });
  });

  it('maps text after backslash continuations to the right physical line', () => {
    const { unit } = run({ 'main.p4': 'a = 1 + \\\n 2;\nnext;\n' });
    expect(origin(unit, '2;')).toEqual({ file: 'main.p4', line: 2, column: 2 });
    expect(origin(unit, 'next')).toEqual({ file: 'main.p4', line: 3, column: 1 });
  });

  it('maps every offset of the unit to a place inside an original file', () => {
    const { unit } = run({
      'main.p4': '#include "h.p4"\n#define M(x) x + x\nz = M(1);\n#if 0\nno\n#endif\nend;',
      'h.p4': 'h;\n',
    });
    for (let offset = 0; offset <= unit.text.length; offset++) {
      const location = unit.sourceMap.resolve({ start: offset, end: offset + 1 });
      expect(location.start).toBeGreaterThanOrEqual(0);
      expect(location.start).toBeLessThanOrEqual(location.file.text.length);
      expect(unit.files).toContain(location.file);
    }
  });

  it('copies ordinary text unchanged', () => {
    const source = 'header h_t { bit<8> f; }\n// comment #define\ncontrol c() { apply { } }\n';
    expect(run({ 'main.p4': source }).unit.text).toBe(source);
  });
});
