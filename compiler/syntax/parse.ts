/**
 * The syntax stage: preprocessed unit text in, AST out. Stops at the first syntax error (as p4c
 * does) and returns the declarations read before it; never throws for bad input.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Program } from '../ast/nodes.ts';
import { firstTooDeep, MAX_NESTING } from '../ast/nesting.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { runStage } from '../diagnostics/boundary.ts';
import { SyntaxDiagnostics } from '../diagnostics/codes/syntax.ts';
import type { Span } from '../source/span.ts';
import { tokenize, type LexicalError } from './lexer/lexer.ts';
import { p4Parser, type P4Parser } from './parser/p4-parser.ts';

export function parseProgram(text: string, diagnostics: DiagnosticBag): Program {
  const span = { start: 0, end: text.length };
  const program = runStage(diagnostics, 'parse', (): Program => {
    const { tokens, errors } = tokenize(text);
    const parser = p4Parser();
    const declarations = parser.parseUnit(text, tokens);
    reportErrors(text, errors, parser.errors[0], parser, diagnostics);
    const parsed: Program = { kind: 'Program', declarations, span };
    // Operator chains nest without the parser recursing: measure the finished tree too.
    const tooDeep = diagnostics.hasErrors ? undefined : firstTooDeep(parsed);
    if (tooDeep?.span !== undefined) {
      const at = tooDeep.span.start;
      diagnostics.report(SyntaxDiagnostics.NestingTooDeep, { start: at, end: at + 1 }, [MAX_NESTING]);
    }
    return parsed;
  });
  return program ?? { kind: 'Program', declarations: [], span };
}

/**
 * Reports the lexical errors and the syntax error, leaving out the noise: a syntax error after
 * (or caused by) a lexical error, and any second error on a line.
 */
function reportErrors(
  text: string,
  lexicalErrors: readonly LexicalError[],
  syntaxError: IRecognitionException | undefined,
  parser: P4Parser,
  diagnostics: DiagnosticBag,
): void {
  const candidates: LexicalError[] = [...lexicalErrors];
  if (syntaxError !== undefined) {
    const atEnd = isEndOfInput(syntaxError.token);
    const site = errorSite(syntaxError, text);
    const firstLexical = lexicalErrors[0]?.span.start;
    const echo = firstLexical !== undefined && (atEnd || site.start >= firstLexical);
    const custom = parser.customError(syntaxError);
    if (!echo) {
      candidates.push(
        custom !== undefined
          ? { message: custom.message, span: custom.span ?? site, args: custom.args }
          : { message: SyntaxDiagnostics.SyntaxError, span: site, args: [syntaxError.message] },
      );
    }
  }
  candidates.sort((a, b) => a.span.start - b.span.start);
  let lastLine = -1;
  let lineStart = 0;
  let line = 0;
  for (const candidate of candidates) {
    // Candidates are in text order: count lines incrementally.
    for (let i = text.indexOf('\n', lineStart); i >= 0 && i < candidate.span.start; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    if (line === lastLine) continue;
    lastLine = line;
    diagnostics.report(candidate.message, candidate.span, candidate.args);
  }
}

function isEndOfInput(token: IToken): boolean {
  return token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset);
}

function errorSite(error: IRecognitionException, text: string): Span {
  const token = error.token;
  if (isEndOfInput(token)) {
    const previous = (error as { previousToken?: IToken }).previousToken;
    if (previous !== undefined && !Number.isNaN(previous.startOffset)) {
      const end = previous.startOffset + previous.image.length;
      return { start: end, end };
    }
    return { start: text.length, end: text.length };
  }
  return { start: token.startOffset, end: token.startOffset + Math.max(1, token.image.length) };
}
