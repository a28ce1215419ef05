/**
 * One P4 file from source to IR: the front end (read → preprocess → parse → check), then
 * lowering. Everything that consumes the IR starts here — `compile` emits code from it, `model`
 * derives the packet work. Every failure is a diagnostic; nothing escapes as an exception.
 */
import { runStage } from './diagnostics/boundary.ts';
import { DiagnosticBag, type Diagnostic } from './diagnostics/index.ts';
import { runFrontEnd, type FrontEndOptions, type FrontEndResult } from './frontend.ts';
import { lowerProgram, type IrProgram } from './ir/index.ts';
import type { SourceMap } from './source/index.ts';
import type { Span } from './source/span.ts';

export interface LowerOptions extends FrontEndOptions {
  /** Make every extern call an extern site (a test switch for the async modes). */
  readonly asyncAll?: boolean;
}

export interface LoweredFile {
  /** No errors (warnings allowed) and an IR. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly ir: IrProgram | undefined;
  /** The translation unit's source map (set once the preprocessor ran), for later diagnostics. */
  readonly sourceMap: SourceMap | undefined;
  /** `file.p4:LINE` of a span of the program, for text that maps back to the P4 source. */
  readonly locate: (span: Span) => string;
}

/** `front`: the front end's result when the caller has already run it on `path`. */
export function lowerFile(path: string, options: LowerOptions = {}, front: FrontEndResult = runFrontEnd(path, options)): LoweredFile {
  const unit = front.unit;
  const locate = (span: Span): string => {
    if (unit === undefined) return path;
    const location = unit.sourceMap.resolve(span);
    return `${location.file.path}:${location.file.position(location.start).line}`;
  };
  const failed = (diagnostics: readonly Diagnostic[]): LoweredFile => ({ ok: false, diagnostics, ir: undefined, sourceMap: unit?.sourceMap, locate });
  if (!front.ok || front.checked === undefined || unit === undefined) return failed(front.diagnostics);
  const diagnostics = new DiagnosticBag(unit.sourceMap);
  for (const d of front.diagnostics) diagnostics.add(d);
  const checked = front.checked;
  const ir = runStage(diagnostics, 'lowering', () => lowerProgram(checked, diagnostics, { asyncAll: options.asyncAll ?? false }, path));
  if (ir === undefined || diagnostics.hasErrors) return failed(diagnostics.all);
  return { ok: true, diagnostics: diagnostics.all, ir, sourceMap: unit.sourceMap, locate };
}
