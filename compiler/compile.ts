/**
 * The whole compiler as one call: front end → IR → TypeScript module (+ P4Info). Every failure
 * is a diagnostic; nothing escapes as an exception.
 */
import { ARCHITECTURES } from '../contract/index.ts';
import { runStage } from './diagnostics/boundary.ts';
import { DiagnosticBag, type Diagnostic } from './diagnostics/index.ts';
import { LoweringDiagnostics } from './diagnostics/codes/lowering.ts';
import { EmitError } from './emit/expressions.ts';
import { emitProgram, type ExecutionMode } from './emit/index.ts';
import type { P4Info } from './emit/p4info.ts';
import type { IrProgram } from './ir/index.ts';
import { runFrontEnd, type FrontEndResult } from './frontend.ts';
import type { Span } from './source/span.ts';
import { displayPath, lowerFile, type LowerOptions } from './lower-file.ts';

export type { ExecutionMode };

export interface CompileOptions extends LowerOptions {
  readonly mode?: ExecutionMode;
  /** Compile for packet traces: the program reports parser states, extractions and table applies to the switch's tracer. */
  readonly trace?: boolean;
}

export interface CompileResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** The program's IR, when lowering succeeded (also when code generation then failed). */
  readonly ir: IrProgram | undefined;
  /** The generated TypeScript module. */
  readonly code: string | undefined;
  readonly p4info: P4Info | undefined;
  /** `file.p4:LINE` of a span of the program (see `LoweredFile.locate`). */
  readonly locate: (span: Span) => string;
}

/** `front`: the front end's result when the caller has already run it on `path`. */
export function compileFile(path: string, options: CompileOptions = {}, front?: FrontEndResult): CompileResult {
  const lowered = lowerFile(path, options, front);
  const failed = (diagnostics: readonly Diagnostic[]): CompileResult => ({ ok: false, diagnostics, ir: lowered.ir, code: undefined, p4info: undefined, locate: lowered.locate });
  const ir = lowered.ir;
  if (!lowered.ok || ir === undefined) return failed(lowered.diagnostics);
  const diagnostics = new DiagnosticBag(lowered.sourceMap);
  for (const d of lowered.diagnostics) diagnostics.add(d);
  const emitted = runStage(
    diagnostics,
    'code generation',
    () => emitProgram(ir, { mode: options.mode ?? 'sync', sourceName: displayPath(path, path), locate: lowered.locate, trace: options.trace === true }),
    (error, bag) => {
      if (!(error instanceof EmitError)) return false;
      bag.report(LoweringDiagnostics.Unsupported, error.span, [error.message]);
      return true;
    },
  );
  if (emitted === undefined) return failed(diagnostics.all);
  return { ok: true, diagnostics: diagnostics.all, ir, code: emitted.code, p4info: emitted.p4info, locate: lowered.locate };
}

/** The `main` package types of the architectures p4ts compiles. */
const RUNNABLE_PACKAGES: ReadonlySet<string> = new Set(ARCHITECTURES.map((a) => a.packageType));

export interface CheckResult {
  /** No errors and no internal errors (warnings allowed). */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * What `p4ts check` runs. The front end; then, for a program p4ts runs (`main` is a `V1Switch`
 * or a `PSA_Switch`), everything `compile` does short of writing the module — so anything the
 * compiler cannot handle is reported by `check`, with its location, and a program `check`
 * accepts compiles. A program for another architecture, or without `main`, is checked as P4
 * only, and a warning says so.
 */
export function checkFile(path: string, options: CompileOptions = {}): CheckResult {
  const front = runFrontEnd(path, options);
  const main = front.checked?.main;
  if (!front.ok || front.checked === undefined || front.unit === undefined) return { ok: front.ok, diagnostics: front.diagnostics };
  if (main === undefined || !RUNNABLE_PACKAGES.has(main.type.name)) {
    const diagnostics = new DiagnosticBag(front.unit.sourceMap);
    for (const d of front.diagnostics) diagnostics.add(d);
    if (main === undefined) diagnostics.report(LoweringDiagnostics.CheckedWithoutMain, undefined, [path]);
    else diagnostics.report(LoweringDiagnostics.CheckedNotV1Model, main.decl.span, [main.type.name]);
    return { ok: !diagnostics.hasErrors, diagnostics: diagnostics.all };
  }
  const compiled = compileFile(path, options, front);
  return { ok: compiled.ok, diagnostics: compiled.diagnostics };
}
