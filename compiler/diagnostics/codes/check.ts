import type { DiagnosticMessage } from '../diagnostic.ts';

/** Checker diagnostics (names, types, constants, semantics): codes 3000-4999. */
export const CheckDiagnostics = {
  DeclarationNotFound: { code: 3001, severity: 'error', template: '{0}: declaration not found' },
} as const satisfies Record<string, DiagnosticMessage>;
