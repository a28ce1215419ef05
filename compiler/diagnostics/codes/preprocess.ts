import type { DiagnosticMessage } from '../diagnostic.ts';

/** Preprocessor diagnostics: codes 1000-1999. */
export const PreprocessDiagnostics = {
  IncludeNotFound: { code: 1001, severity: 'error', template: 'cannot find include file {0}' },
  IncludeDepth: { code: 1002, severity: 'error', template: '#include nested more than {0} levels deep (including {1})' },
  InvalidInclude: { code: 1003, severity: 'error', template: '#{0} expects "FILENAME" or <FILENAME>' },
  UnterminatedConditional: { code: 1004, severity: 'error', template: 'unterminated #{0}' },
  UnmatchedConditional: { code: 1005, severity: 'error', template: '#{0} without #if' },
  ConditionalAfterElse: { code: 1006, severity: 'error', template: '#{0} after #else' },
  ErrorDirective: { code: 1007, severity: 'error', template: '#error {0}' },
  WarningDirective: { code: 1008, severity: 'warning', template: '#warning {0}' },
  InvalidDirective: { code: 1009, severity: 'error', template: 'invalid preprocessing directive #{0}' },
  InvalidExpression: { code: 1010, severity: 'error', template: 'invalid #{0} condition: {1}' },
  MacroArgumentCount: { code: 1011, severity: 'error', template: 'macro {0} expects {1} argument(s), but {2} given' },
  UnterminatedMacroCall: { code: 1012, severity: 'error', template: 'unterminated argument list invoking macro {0}' },
  MissingMacroName: { code: 1013, severity: 'error', template: 'no macro name given in #{0} directive' },
  InvalidMacroName: { code: 1014, severity: 'error', template: 'invalid macro name {0}' },
  InvalidMacroParameters: { code: 1015, severity: 'error', template: 'invalid parameter list of macro {0}: {1}' },
  MacroRedefined: { code: 1016, severity: 'warning', template: 'macro {0} redefined' },
  StringifyWithoutParameter: { code: 1017, severity: 'error', template: "'#' in macro {0} is not followed by a parameter" },
  PasteAtEdge: { code: 1018, severity: 'error', template: "'##' cannot start or end the replacement of macro {0}" },
  ExtraTokens: { code: 1019, severity: 'warning', template: 'extra tokens at end of #{0} directive' },
  ExpansionTooLarge: { code: 1020, severity: 'error', template: 'expansion of macro {0} is too large' },
  IncludeUnreadable: { code: 1022, severity: 'error', template: 'cannot include {0}: {1}' },
  ArgumentsTooDeep: { code: 1021, severity: 'error', template: 'arguments of macro {0} nested more than {1} levels deep' },
} as const satisfies Record<string, DiagnosticMessage>;
