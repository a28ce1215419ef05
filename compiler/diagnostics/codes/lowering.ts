import type { DiagnosticMessage } from '../diagnostic.ts';

/** IR lowering and code generation diagnostics: codes 5000-5999. */
export const LoweringDiagnostics = {
  Unsupported: { code: 5001, severity: 'error', template: '{0}' },
  NotV1Model: { code: 5002, severity: 'error', template: 'p4ts runs v1model and PSA programs: the main package is {0}, not V1Switch or PSA_Switch' },
  NoMain: { code: 5003, severity: 'error', template: 'the program has no `main` package instantiation' },
  ExternSiteInLoop: { code: 5004, severity: 'error', template: 'extern {0} may run asynchronously and cannot be called inside a loop' },
  CheckedNotV1Model: {
    code: 5005,
    severity: 'warning',
    template: 'main is a {0}: p4ts compiles v1model (V1Switch) and PSA (PSA_Switch) programs only, so this program was checked as P4 but not as something p4ts can run',
  },
  CheckedWithoutMain: {
    code: 5006,
    severity: 'warning',
    template: '{0} has no main: it was checked as P4, but only a program with a V1Switch or PSA_Switch main can be compiled',
  },
} as const satisfies Record<string, DiagnosticMessage>;
