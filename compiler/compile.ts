/**
 * The whole compiler as one call: front end → IR → TypeScript module (+ P4Info). Every failure
 * is a diagnostic; nothing escapes as an exception.
 */
import { DiagnosticBag, InternalDiagnostics, type Diagnostic } from './diagnostics/index.ts';
import { LoweringDiagnostics } from './diagnostics/codes/lowering.ts';
import { EmitError } from './emit/expressions.ts';
import { emitProgram, type ExecutionMode } from './emit/index.ts';
import type { P4Info } from './emit/p4info.ts';
import { runFrontEnd, type FrontEndOptions } from './frontend.ts';
import { lowerProgram, type IrProgram } from './ir/index.ts';

export type { ExecutionMode };

export interface CompileOptions extends FrontEndOptions {
  readonly mode?: ExecutionMode;
  /** Make every extern call an extern site (a test switch for the async modes). */
  readonly asyncAll?: boolean;
  /**
   * The module specifier the generated code imports the runtime from: a path to the `runtime/`
   * folder (relative to where the module will be written, or absolute).
   */
  readonly runtimeImport?: string;
}

export interface CompileResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly ir: IrProgram | undefined;
  /** The generated TypeScript module. */
  readonly code: string | undefined;
  readonly p4info: P4Info | undefined;
}

/** The absolute path of this checkout's `runtime/` folder. */
export const RUNTIME_DIR = new URL('../runtime/', import.meta.url).pathname;

export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  const front = runFrontEnd(path, options);
  const failed = (diagnostics: readonly Diagnostic[]): CompileResult => ({ ok: false, diagnostics, ir: undefined, code: undefined, p4info: undefined });
  if (!front.ok || front.checked === undefined || front.unit === undefined) return failed(front.diagnostics);
  const diagnostics = new DiagnosticBag(front.unit.sourceMap);
  for (const d of front.diagnostics) diagnostics.add(d);
  try {
    const ir = lowerProgram(front.checked, diagnostics, { asyncAll: options.asyncAll ?? false }, path);
    if (ir === undefined || diagnostics.hasErrors) return failed(diagnostics.all);
    const emitted = emitProgram(ir, {
      mode: options.mode ?? 'sync',
      runtimeImport: options.runtimeImport ?? RUNTIME_DIR,
      sourceName: path,
      locate: (span) => {
        const location = front.unit!.sourceMap.resolve(span);
        return `${location.file.path}:${location.file.position(location.start).line}`;
      },
    });
    return { ok: true, diagnostics: diagnostics.all, ir, code: emitted.code, p4info: emitted.p4info };
  } catch (error) {
    if (error instanceof EmitError) {
      diagnostics.report(LoweringDiagnostics.Unsupported, undefined, [error.message]);
      return failed(diagnostics.all);
    }
    diagnostics.report(InternalDiagnostics.CompilerBug, undefined, [error instanceof Error ? (error.stack ?? error.message) : String(error)]);
    return failed(diagnostics.all);
  }
}
