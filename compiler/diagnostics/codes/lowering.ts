import type { DiagnosticMessage } from '../diagnostic.ts';

/** IR lowering and code generation diagnostics: codes 5000-5999. */
export const LoweringDiagnostics = {
  Unsupported: { code: 5001, severity: 'error', template: '{0}' },
  NotV1Model: { code: 5002, severity: 'error', template: 'p4ts runs v1model programs: the main package is {0}, not V1Switch' },
  NoMain: { code: 5003, severity: 'error', template: 'the program has no `main` package instantiation' },
  ExternSiteInLoop: { code: 5004, severity: 'error', template: 'extern {0} may run asynchronously and cannot be called inside a loop' },
} as const satisfies Record<string, DiagnosticMessage>;
