import type { DiagnosticMessage } from '../diagnostic.ts';

/** Lexer and parser diagnostics: codes 2000-2999. */
export const SyntaxDiagnostics = {
  SyntaxError: { code: 2001, severity: 'error', template: 'syntax error, {0}' },
} as const satisfies Record<string, DiagnosticMessage>;
