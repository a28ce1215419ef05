import { describe, expect, it } from 'vitest';
import { decodeIntegerLiteral, decodeStringLiteral } from '../../../../compiler/syntax/lexer/literals.ts';

describe('integer literals', () => {
  it.each([
    ['42', 42n, undefined, false],
    ['1_000', 1000n, undefined, false],
    ['0x1F', 31n, undefined, false],
    ['0XfF', 255n, undefined, false],
    ['0b1010', 10n, undefined, false],
    ['0o17', 15n, undefined, false],
    ['0d99', 99n, undefined, false],
    ['8w0xFF', 255n, 8, false],
    ['4s3', 3n, 4, true],
    ['16w0b1111_0000', 240n, 16, false],
    ['128w0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', (1n << 128n) - 1n, 128, false],
  ])('%s', (text, value, width, signed) => {
    expect(decodeIntegerLiteral(text)).toEqual({ value, width, signed });
  });

  it('rejects a literal with no digits', () => {
    expect(decodeIntegerLiteral('0x__')).toBeUndefined();
  });
});

describe('string literals', () => {
  it('resolves escapes', () => {
    expect(decodeStringLiteral('"a\\"b\\\\c\\n\\t"')).toBe('a"b\\c\n\t');
  });

  it('keeps unknown escapes as the escaped character', () => {
    expect(decodeStringLiteral('"\\q"')).toBe('q');
  });
});
