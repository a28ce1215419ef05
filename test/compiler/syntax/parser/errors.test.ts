import { describe, expect, it } from 'vitest';
import { parse } from './helpers.ts';

function firstError(text: string): { code: number; message: string; offset: number | undefined } {
  const { diagnostics } = parse(text);
  const d = diagnostics[0];
  if (d === undefined) throw new Error('no diagnostic');
  return { code: d.code, message: d.message, offset: d.location?.start };
}

describe('syntax errors', () => {
  it("reports a missing `;` at the unexpected token, in p4c's words", () => {
    const text = 'header h { bit<8> a }';
    expect(firstError(text)).toEqual({
      code: 2001,
      message: 'syntax error, unexpected "}", expecting ";"',
      offset: text.indexOf('}'),
    });
  });

  it('names unexpected identifiers with their text', () => {
    const text = 'const bit<8> x = 1 y;';
    expect(firstError(text)).toEqual({
      code: 2001,
      message: 'syntax error, unexpected IDENTIFIER "y", expecting ";"',
      offset: text.indexOf('y'),
    });
  });

  it('reports a missing expression', () => {
    const text = 'control C() { apply { x = ; } }';
    expect(firstError(text)).toMatchObject({ code: 2001, offset: text.indexOf(';') });
  });

  it('rejects an expression statement that is neither a call nor an assignment', () => {
    const text = 'control C() { apply { a + b; } }';
    expect(firstError(text)).toEqual({
      code: 2007,
      message: 'syntax error, an expression statement must be a method call or an assignment',
      offset: text.indexOf('a +'),
    });
  });

  it('reports an unexpected end of input at the end of the last token', () => {
    const text = 'control C() { apply { }';
    expect(firstError(text)).toMatchObject({
      message: 'syntax error, unexpected end of file, expecting "}"',
      offset: text.length,
    });
  });

  it('reports stray tokens after the last declaration', () => {
    const text = 'const int x = 1;\n}';
    expect(firstError(text)).toMatchObject({ message: 'syntax error, unexpected "}"', offset: text.length - 1 });
  });

  it('stops at the first syntax error but returns the declarations before it', () => {
    const { program, diagnostics } = parse('const int a = 1;\nconst int b = 2;\nconst int c = ;\nconst int d = 4;');
    expect(diagnostics).toHaveLength(1);
    expect(program.kind).toBe('Program');
    expect(program.declarations.map((d) => d.kind === 'ConstantDeclaration' && d.name.name)).toEqual(['a', 'b']);
  });

  it('reports lexical errors and drops the syntax errors they cause', () => {
    const { diagnostics } = parse('const bit<8> x = "abc;\nconst int y = 1;\n');
    expect(diagnostics.map((d) => [d.code, d.location?.start])).toEqual([[2003, 17]]);
  });

  it('reports one error per line', () => {
    const { diagnostics } = parse('const bit<8> x = 1 $ 2; /* never closed');
    expect(diagnostics.map((d) => d.message)).toEqual(['syntax error, unexpected character "$", expecting ";"']);
  });

  it('never throws, whatever the input', () => {
    for (const text of [
      '',
      '}',
      '{{{{',
      '@',
      'control',
      'parser P() { state',
      '"',
      '/*',
      '#',
      '((((((((',
      'a<b<c<d',
      '\u0000',
    ]) {
      expect(() => parse(text)).not.toThrow();
      expect(parse(text).program.kind).toBe('Program');
    }
  });

  it('accepts an empty unit', () => {
    expect(parse('').diagnostics).toEqual([]);
    expect(parse('  // nothing\n').program.declarations).toEqual([]);
  });
});
