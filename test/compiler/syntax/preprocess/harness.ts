/** Shared helpers for the preprocessor tests: in-memory files and source-map queries. */
import { DiagnosticBag, type Diagnostic } from '../../../../compiler/diagnostics/index.ts';
import { SourceFile } from '../../../../compiler/source/index.ts';
import { preprocess, type PreprocessOptions, type TranslationUnit } from '../../../../compiler/syntax/preprocess/index.ts';

export interface Run {
  readonly unit: TranslationUnit;
  readonly diagnostics: readonly Diagnostic[];
  /** The unit text with comments removed and whitespace collapsed to single spaces. */
  readonly code: string;
}

/** Preprocesses `files[main]` reading every other file from `files` only. */
export function run(files: Readonly<Record<string, string>>, main = 'main.p4', options: PreprocessOptions = {}): Run {
  const bag = new DiagnosticBag();
  const unit = preprocess(new SourceFile(main, files[main] ?? ''), bag, { readFile: (path) => files[path], ...options });
  return { unit, diagnostics: bag.all, code: compact(unit.text) };
}

export function compact(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where the `occurrence`-th appearance of `needle` in the unit text comes from. */
export function origin(unit: TranslationUnit, needle: string, occurrence = 0): { file: string; line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = unit.text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`'${needle}' not in unit`);
  }
  const location = unit.sourceMap.resolve({ start: at, end: at + needle.length });
  return { file: location.file.path, ...location.file.position(location.start) };
}

/** code, 1-based line and file of each diagnostic. */
export function summary(diagnostics: readonly Diagnostic[]): { code: number; line: number | undefined; file: string | undefined }[] {
  return diagnostics.map((d) => ({
    code: d.code,
    line: d.location?.file.position(d.location.start).line,
    file: d.location?.file.path,
  }));
}
