/**
 * The C-style preprocessor that runs before the lexer: `#include`, macros and conditional
 * compilation, producing one translation unit and a source map back to the original files.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import type { SourceFile } from '../../source/source-file.ts';
import { Preprocessor, type PreprocessOptions, type TranslationUnit } from './preprocessor.ts';

export { BUILTIN_INCLUDE_DIR } from './include-paths.ts';
export { MAX_INCLUDE_DEPTH, type PreprocessOptions, type TranslationUnit } from './preprocessor.ts';

/** Preprocesses `main` (never throws: problems are reported to `diagnostics`). */
export function preprocess(main: SourceFile, diagnostics: DiagnosticBag, options?: PreprocessOptions): TranslationUnit {
  return new Preprocessor(diagnostics, options).run(main);
}
