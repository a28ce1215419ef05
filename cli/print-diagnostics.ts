import { formatDiagnostic, type Diagnostic } from '../compiler/diagnostics/index.ts';

/** Prints diagnostics to stderr the way `p4ts check` does. */
export function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
}
