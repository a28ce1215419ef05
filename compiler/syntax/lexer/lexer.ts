/**
 * Turns unit text into tokens. Lexical errors (unexpected characters, unterminated strings and
 * comments, malformed integer literals) are reported; the offending text is left out of the
 * token stream so that parsing can still go on.
 */
import { Lexer, type IToken } from 'chevrotain';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import { SyntaxDiagnostics } from '../../diagnostics/codes/syntax.ts';
import { decodeIntegerLiteral } from './literals.ts';
import { allTokens, IntLiteral, UnterminatedComment, UnterminatedString } from './tokens.ts';

let lexerInstance: Lexer | undefined;

function p4Lexer(): Lexer {
  lexerInstance ??= new Lexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
  });
  return lexerInstance;
}

export interface TokenizeResult {
  readonly tokens: IToken[];
  /** Offset of the first lexical error, if any (later syntax errors are likely its echo). */
  readonly firstErrorOffset: number | undefined;
}

export function tokenize(text: string, diagnostics: DiagnosticBag): TokenizeResult {
  const result = p4Lexer().tokenize(text);
  let firstErrorOffset: number | undefined;
  let lastErrorLine = -1;
  const noteError = (offset: number): boolean => {
    if (firstErrorOffset === undefined || offset < firstErrorOffset) firstErrorOffset = offset;
    // One lexical error per line is plenty.
    const line = lineOf(text, offset);
    if (line === lastErrorLine) return false;
    lastErrorLine = line;
    return true;
  };

  const errors = result.errors
    .map((e) => ({ offset: e.offset, length: e.length }))
    .sort((a, b) => a.offset - b.offset);
  for (const error of errors) {
    if (!noteError(error.offset)) continue;
    const char = text.slice(error.offset, error.offset + Math.min(error.length, 1));
    diagnostics.report(SyntaxDiagnostics.UnexpectedCharacter, { start: error.offset, end: error.offset + 1 }, [
      JSON.stringify(char),
    ]);
  }

  const tokens: IToken[] = [];
  for (const token of result.tokens) {
    const type = token.tokenType;
    if (type === UnterminatedString || type === UnterminatedComment) {
      if (noteError(token.startOffset)) {
        const message =
          type === UnterminatedString ? SyntaxDiagnostics.UnterminatedString : SyntaxDiagnostics.UnterminatedComment;
        diagnostics.report(message, { start: token.startOffset, end: token.startOffset + 2 });
      }
      continue;
    }
    if (type === IntLiteral) {
      const decoded = decodeIntegerLiteral(token.image);
      const site = { start: token.startOffset, end: token.startOffset + token.image.length };
      if (decoded === undefined) {
        if (noteError(token.startOffset)) diagnostics.report(SyntaxDiagnostics.InvalidIntegerLiteral, site, [token.image]);
        continue;
      }
      if (decoded.width === 0) {
        if (noteError(token.startOffset)) diagnostics.report(SyntaxDiagnostics.InvalidIntegerWidth, site, [token.image]);
        continue;
      }
    }
    tokens.push(token);
  }
  return { tokens, firstErrorOffset };
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
