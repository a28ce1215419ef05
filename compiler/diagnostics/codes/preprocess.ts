import type { DiagnosticMessage } from '../diagnostic.ts';

/** Preprocessor diagnostics: codes 1000-1999. */
export const PreprocessDiagnostics = {
  IncludeNotFound: { code: 1001, severity: 'error', template: 'cannot find include file {0}' },
} as const satisfies Record<string, DiagnosticMessage>;
