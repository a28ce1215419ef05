import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../compiler/syntax/lexer/lexer.ts';

function kinds(text: string): string[] {
  return tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('lexer tokens', () => {
  it('tells keywords from identifiers that start with them', () => {
    expect(kinds('in inout input int integer header header_union header_t')).toEqual([
      'Kw_in:in',
      'Kw_inout:inout',
      'Identifier:input',
      'Kw_int:int',
      'Identifier:integer',
      'Kw_header:header',
      'Kw_header_union:header_union',
      'Identifier:header_t',
    ]);
  });

  it("lexes `_` alone as don't-care and `_x` as an identifier", () => {
    expect(kinds('_ _x x_')).toEqual(['DontCare:_', 'Identifier:_x', 'Identifier:x_']);
  });

  it('lexes integer literals with widths, radixes and underscores as single tokens', () => {
    expect(kinds('8w0xFF 4s3 0x1F 0b1010 0o17 0d99 1_000 32w0')).toEqual([
      'IntLiteral:8w0xFF',
      'IntLiteral:4s3',
      'IntLiteral:0x1F',
      'IntLiteral:0b1010',
      'IntLiteral:0o17',
      'IntLiteral:0d99',
      'IntLiteral:1_000',
      'IntLiteral:32w0',
    ]);
  });

  it('keeps `>` single so that `>>` closes two type argument lists', () => {
    expect(kinds('a<b<c>> >= >>=')).toEqual([
      'Identifier:a',
      'LAngle:<',
      'Identifier:b',
      'LAngle:<',
      'Identifier:c',
      'RAngle:>',
      'RAngle:>',
      'GreaterEqual:>=',
      'RAngle:>',
      'GreaterEqual:>=',
    ]);
  });

  it('prefers the longest operator', () => {
    expect(kinds('&&& && & |+|= |+| |-| ++ += ... .. . <<= <<')).toEqual([
      'Mask:&&&',
      'AndAnd:&&',
      'Amp:&',
      'PlusSatAssign:|+|=',
      'PlusSat:|+|',
      'MinusSat:|-|',
      'PlusPlus:++',
      'PlusAssign:+=',
      'Dots:...',
      'Range:..',
      'Dot:.',
      'ShlAssign:<<=',
      'Shl:<<',
    ]);
  });

  it('lexes `1..5` as a range between two literals', () => {
    expect(kinds('1..5')).toEqual(['IntLiteral:1', 'Range:..', 'IntLiteral:5']);
  });

  it('lexes `{#}` as one token', () => {
    expect(kinds('h = {#};')).toEqual(['Identifier:h', 'Assign:=', 'InvalidHeader:{#}', 'Semicolon:;']);
  });

  it('skips comments and leftover preprocessor lines, but not a `#` inside a line', () => {
    expect(kinds('a // x\n/* y\n z */ b\n  #line 3 "f.p4"\nc')).toEqual([
      'Identifier:a',
      'Identifier:b',
      'Identifier:c',
    ]);
    const { tokens } = tokenize('a # b');
    expect(tokens.map((t) => t.tokenType.name)).toEqual(['Identifier', 'UnexpectedCharacter', 'Identifier']);
  });

  it('lexes strings with escaped quotes and newlines', () => {
    expect(kinds('"a\\"b" "c\nd"')).toEqual(['StringLiteral:"a\\"b"', 'StringLiteral:"c\nd"']);
  });

  it('keeps a whole `@pragma` line as one token', () => {
    expect(kinds('@pragma name "x y"\nconst')).toEqual(['PragmaLine:@pragma name "x y"', 'Kw_const:const']);
  });

  it('records token offsets in the unit text', () => {
    const [a, b] = tokenize('  ab\n cd').tokens;
    expect([a!.startOffset, b!.startOffset]).toEqual([2, 6]);
  });
});

describe('lexer errors', () => {
  it('reports an unterminated string at its opening quote and drops it', () => {
    const { tokens, errors } = tokenize('x = "abc;\n');
    expect(errors.map((e) => [e.message.code, e.span.start])).toEqual([[2003, 4]]);
    expect(tokens.map((t) => t.image)).toEqual(['x', '=']);
  });

  it('reports an unterminated comment', () => {
    const { errors } = tokenize('x /* never closed');
    expect(errors.map((e) => [e.message.code, e.span.start])).toEqual([[2004, 2]]);
  });

  it('reports characters that start no token', () => {
    const { errors } = tokenize('x ⟶ y');
    expect(errors.map((e) => [e.message.code, e.span.start, e.args[0]])).toEqual([[2002, 2, '"⟶"']]);
  });

  it('reports literals of width zero', () => {
    const { errors } = tokenize('0w5');
    expect(errors.map((e) => e.message.code)).toEqual([2006]);
  });
});
