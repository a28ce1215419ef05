/**
 * The syntax stage: preprocessed unit text in, AST out. Stops at the first syntax error (as p4c
 * does) and returns the declarations read before it; never throws for bad input.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Program } from '../ast/nodes.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { InternalDiagnostics } from '../diagnostics/codes/internal.ts';
import { SyntaxDiagnostics } from '../diagnostics/codes/syntax.ts';
import { tokenize } from './lexer/lexer.ts';
import { p4Parser } from './parser/p4-parser.ts';

export function parseProgram(text: string, diagnostics: DiagnosticBag): Program {
  const span = { start: 0, end: text.length };
  try {
    const { tokens, firstErrorOffset } = tokenize(text, diagnostics);
    const parser = p4Parser();
    const declarations = parser.parseUnit(text, tokens);
    const error = parser.errors[0];
    if (error !== undefined) {
      const site = errorSite(error, text);
      // A syntax error after a lexical error is most likely its echo.
      if (firstErrorOffset === undefined || site.start < firstErrorOffset) {
        diagnostics.report(SyntaxDiagnostics.SyntaxError, site, [error.message]);
      }
    }
    return { kind: 'Program', declarations, span };
  } catch (e) {
    diagnostics.report(InternalDiagnostics.CompilerBug, undefined, [e instanceof Error ? (e.stack ?? e.message) : String(e)]);
    return { kind: 'Program', declarations: [], span };
  }
}

function errorSite(error: IRecognitionException, text: string): { start: number; end: number } {
  const token = error.token;
  if (Number.isNaN(token.startOffset) || token.tokenType.name === 'EOF') {
    const previous = (error as { previousToken?: IToken }).previousToken;
    if (previous !== undefined && !Number.isNaN(previous.startOffset)) {
      const end = previous.startOffset + previous.image.length;
      return { start: end, end };
    }
    return { start: text.length, end: text.length };
  }
  return { start: token.startOffset, end: token.startOffset + Math.max(1, token.image.length) };
}
