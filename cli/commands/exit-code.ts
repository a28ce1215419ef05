import type { Diagnostic } from '../../compiler/diagnostics/index.ts';

/** 2 when any diagnostic is internal (a p4ts bug), else 1 when any is an error, else 0. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): 0 | 1 | 2 {
  let code: 0 | 1 | 2 = 0;
  for (const d of diagnostics) {
    if (d.severity === 'internal') return 2;
    if (d.severity === 'error') code = 1;
  }
  return code;
}

/** Combines per-file exit codes: the worst wins. */
export function worstExitCode(codes: readonly number[]): number {
  return codes.reduce((worst, c) => Math.max(worst, c), 0);
}
