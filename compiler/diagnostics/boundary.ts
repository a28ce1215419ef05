/**
 * The compiler's one error boundary: every stage runs inside `runStage`, so bad input never
 * escapes as an exception. An exception a stage throws is a compiler bug (diagnostic 9001,
 * exit code 2 on the CLI), unless the stage's `expected` handler recognises it as a diagnostic
 * of its own (e.g. a construct the code generator does not support).
 */
import { InternalDiagnostics } from './codes/internal.ts';
import type { DiagnosticBag } from './diagnostic.ts';

/**
 * Runs `run`; when it throws, reports the exception — through `expected` when that returns
 * true, else as a compiler bug naming `stage` — and returns undefined.
 */
export function runStage<T>(
  diagnostics: DiagnosticBag,
  stage: string,
  run: () => T,
  expected?: (error: unknown, diagnostics: DiagnosticBag) => boolean,
): T | undefined {
  try {
    return run();
  } catch (error) {
    if (expected === undefined || !expected(error, diagnostics)) reportCompilerBug(diagnostics, stage, error);
    return undefined;
  }
}

/** Reports `error` (thrown inside `stage`) as a compiler bug, with its stack. */
export function reportCompilerBug(diagnostics: DiagnosticBag, stage: string, error: unknown): void {
  diagnostics.report(InternalDiagnostics.CompilerBug, undefined, [`${stage}: ${describeError(error)}`]);
}

/** An exception as text: its stack (which starts with the message) or its message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
