/**
 * One P4 file from source to IR: the front end (read → preprocess → parse → check), then
 * lowering. Everything that consumes the IR starts here — `compile` emits code from it, `model`
 * derives the packet work. Every failure is a diagnostic; nothing escapes as an exception.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import { runStage } from './diagnostics/boundary.ts';
import { DiagnosticBag, type Diagnostic } from './diagnostics/index.ts';
import { runFrontEnd, type FrontEndOptions, type FrontEndResult } from './frontend.ts';
import { lowerProgram, type IrProgram } from './ir/index.ts';
import type { SourceMap } from './source/index.ts';
import type { Span } from './source/span.ts';
import { BUILTIN_INCLUDE_DIR } from './syntax/preprocess/include-paths.ts';

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
  /**
   * `file.p4:LINE` of a span of the program, for text that maps back to the P4 source. The file
   * is named without machine paths: the program by its base name, p4ts's own include files as
   * `<v1model.p4>`, other included files relative to the program's folder.
   */
  readonly locate: (span: Span) => string;
}

/** `front`: the front end's result when the caller has already run it on `path`. */
export function lowerFile(path: string, options: LowerOptions = {}, front: FrontEndResult = runFrontEnd(path, options)): LoweredFile {
  const unit = front.unit;
  const locate = (span: Span): string => {
    if (unit === undefined) return displayPath(path, path);
    const location = unit.sourceMap.resolve(span);
    return `${displayPath(location.file.path, path)}:${location.file.position(location.start).line}`;
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

/** How generated text names a source file (no machine paths): see `LoweredFile.locate`. */
export function displayPath(file: string, program: string): string {
  const absolute = resolve(file);
  if (absolute === resolve(program)) return basename(program);
  if (absolute.startsWith(`${BUILTIN_INCLUDE_DIR}/`)) return `<${relative(BUILTIN_INCLUDE_DIR, absolute)}>`;
  return relative(dirname(resolve(program)), absolute);
}
