/**
 * The front end as one call: read → preprocess → parse → check. Every failure, including a bug
 * in a stage, ends as a diagnostic; nothing escapes as an exception.
 */
import type { Program } from './ast/nodes.ts';
import { checkProgram, type CheckedProgram } from './check/index.ts';
import { describeError, runStage } from './diagnostics/boundary.ts';
import { DiagnosticBag, InternalDiagnostics, type Diagnostic } from './diagnostics/index.ts';
import { readSourceText, SourceFile, SourceReadError } from './source/index.ts';
import { parseProgram } from './syntax/parse.ts';
import { preprocess, type PreprocessOptions, type TranslationUnit } from './syntax/preprocess/index.ts';

export interface FrontEndOptions {
  readonly includeDirs?: readonly string[];
  readonly defines?: Readonly<Record<string, string>>;
  /** Stop after this stage (default: `check`). */
  readonly until?: 'preprocess' | 'parse' | 'check';
  /** Read files from somewhere other than the disk (tests). */
  readonly readFile?: (path: string) => string | undefined;
}

export interface FrontEndResult {
  readonly path: string;
  readonly unit: TranslationUnit | undefined;
  readonly program: Program | undefined;
  readonly checked: CheckedProgram | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** No errors and no internal errors (warnings allowed). */
  readonly ok: boolean;
}

/** Runs the front end on one file. */
export function runFrontEnd(path: string, options: FrontEndOptions = {}): FrontEndResult {
  const diagnostics = new DiagnosticBag();
  const until = options.until ?? 'check';
  const readFile = options.readFile ?? readSourceText;
  let unit: TranslationUnit | undefined;
  let program: Program | undefined;
  let checked: CheckedProgram | undefined;

  const finish = (): FrontEndResult => ({
    path,
    unit,
    program,
    checked,
    diagnostics: diagnostics.all,
    ok: !diagnostics.hasErrors,
  });

  let text: string | undefined;
  try {
    text = readFile(path);
  } catch (error) {
    diagnostics.report(InternalDiagnostics.CannotReadFile, undefined, [path, error instanceof SourceReadError ? error.message : describeError(error)]);
    return finish();
  }
  if (text === undefined) {
    diagnostics.report(InternalDiagnostics.CannotReadFile, undefined, [path, 'no such file']);
    return finish();
  }

  const main = new SourceFile(path, text);
  const preprocessOptions: PreprocessOptions = {
    ...(options.includeDirs ? { includeDirs: options.includeDirs } : {}),
    ...(options.defines ? { defines: options.defines } : {}),
    readFile,
  };
  unit = runStage(diagnostics, 'preprocess', () => preprocess(main, diagnostics, preprocessOptions));
  if (unit === undefined || diagnostics.hasErrors || until === 'preprocess') return finish();
  diagnostics.attachSourceMap(unit.sourceMap);

  const parsedUnit = unit;
  program = runStage(diagnostics, 'parse', () => parseProgram(parsedUnit.text, diagnostics));
  if (program === undefined || diagnostics.hasErrors || until === 'parse') return finish();

  const parsed = program;
  checked = runStage(diagnostics, 'check', () => checkProgram(parsed, diagnostics));
  return finish();
}
