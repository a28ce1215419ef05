/**
 * The diagnostics catalogue and its machinery. Each stage owns a file of codes in its own range
 * (`codes/`); codes are stable across releases: add new ones, never renumber.
 */
export {
  DiagnosticBag,
  formatTemplate,
  type Diagnostic,
  type DiagnosticMessage,
  type MessageArgument,
  type RelatedInformation,
  type ReportSite,
  type Severity,
} from './diagnostic.ts';
export { formatDiagnostic, formatLocation, diagnosticToJson, type DiagnosticJson } from './format.ts';
export { PreprocessDiagnostics } from './codes/preprocess.ts';
export { SyntaxDiagnostics } from './codes/syntax.ts';
export { CheckDiagnostics } from './codes/check.ts';
export { InternalDiagnostics } from './codes/internal.ts';
