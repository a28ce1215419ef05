import type { DiagnosticMessage } from '../diagnostic.ts';

/** Lexer and parser diagnostics: codes 2000-2999. */
export const SyntaxDiagnostics = {
  /** `{0}` is p4c's wording after "syntax error, ": `unexpected IDENTIFIER "x", expecting ";"`. */
  SyntaxError: { code: 2001, severity: 'error', template: 'syntax error, {0}' },
  UnexpectedCharacter: { code: 2002, severity: 'error', template: 'syntax error, unexpected character {0}' },
  UnterminatedString: { code: 2003, severity: 'error', template: 'unterminated string literal' },
  UnterminatedComment: { code: 2004, severity: 'error', template: 'unterminated comment' },
  InvalidIntegerLiteral: { code: 2005, severity: 'error', template: '{0}: invalid integer literal' },
  InvalidIntegerWidth: { code: 2006, severity: 'error', template: '{0}: integer literal width must be positive' },
  NotAStatement: {
    code: 2007,
    severity: 'error',
    template: 'syntax error, an expression statement must be a method call or an assignment',
  },
  NestingTooDeep: {
    code: 2008,
    severity: 'error',
    template: 'nested too deeply: p4ts reads statements and expressions nested at most {0} levels deep',
  },
} as const satisfies Record<string, DiagnosticMessage>;
