/**
 * Turns unit text into tokens. Lexical errors (unterminated strings and comments, characters that
 * start no token, malformed integer literals) are returned, not reported: the syntax stage
 * decides which errors are worth showing. The offending text is left out of the token stream.
 */
import { Lexer, type IToken } from 'chevrotain';
import type { DiagnosticMessage, MessageArgument } from '../../diagnostics/diagnostic.ts';
import { SyntaxDiagnostics } from '../../diagnostics/codes/syntax.ts';
import type { Span } from '../../source/span.ts';
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

export interface LexicalError {
  readonly message: DiagnosticMessage;
  readonly span: Span;
  readonly args: readonly MessageArgument[];
}

export interface TokenizeResult {
  readonly tokens: IToken[];
  /** In text order. */
  readonly errors: readonly LexicalError[];
}

export function tokenize(text: string): TokenizeResult {
  const result = p4Lexer().tokenize(text);
  const errors: LexicalError[] = result.errors.map((e) => ({
    message: SyntaxDiagnostics.UnexpectedCharacter,
    span: { start: e.offset, end: e.offset + 1 },
    args: [JSON.stringify(text.slice(e.offset, e.offset + 1))],
  }));

  const tokens: IToken[] = [];
  for (const token of result.tokens) {
    const type = token.tokenType;
    const span = { start: token.startOffset, end: token.startOffset + token.image.length };
    if (type === UnterminatedString) {
      errors.push({
        message: SyntaxDiagnostics.UnterminatedString,
        span: { start: span.start, end: span.start + 1 },
        args: [],
      });
      continue;
    }
    if (type === UnterminatedComment) {
      errors.push({
        message: SyntaxDiagnostics.UnterminatedComment,
        span: { start: span.start, end: span.start + 2 },
        args: [],
      });
      continue;
    }
    if (type === IntLiteral) {
      const decoded = decodeIntegerLiteral(token.image);
      if (decoded === undefined) {
        errors.push({ message: SyntaxDiagnostics.InvalidIntegerLiteral, span, args: [token.image] });
        continue;
      }
      if (decoded.width === 0) {
        errors.push({ message: SyntaxDiagnostics.InvalidIntegerWidth, span, args: [token.image] });
        continue;
      }
    }
    tokens.push(token);
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  return { tokens, errors };
}
