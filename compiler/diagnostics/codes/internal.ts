import type { DiagnosticMessage } from '../diagnostic.ts';

/** Compiler bugs and environment failures: codes 9000-9999. */
export const InternalDiagnostics = {
  CompilerBug: { code: 9001, severity: 'internal', template: 'compiler bug: {0}' },
  CannotReadFile: { code: 9002, severity: 'error', template: 'cannot read {0}: {1}' },
} as const satisfies Record<string, DiagnosticMessage>;
