import type { Diagnostic } from './diagnostic.ts';
import type { Location } from '../source/source-map.ts';

/** `file.p4(12)` as p4c prints a location. */
export function formatLocation(location: Location): string {
  return `${location.file.path}(${location.file.position(location.start).line})`;
}

/** The source line of a location and a caret line under the span (`^^^`), as p4c prints them. */
function sourceExcerpt(location: Location): string {
  const { line, column } = location.file.position(location.start);
  const text = location.file.lineText(line).replace(/\t/g, ' ');
  const lineEnd = location.file.lineStarts[line - 1]! + text.length;
  const width = Math.max(1, Math.min(location.end, lineEnd) - location.start);
  return `${text}\n${' '.repeat(column - 1)}${'^'.repeat(width)}`;
}

/**
 * Prints a diagnostic the way p4c does, so P4 programmers recognise it:
 *
 *     prog.p4(12): [P4TS3001] error: x: declaration not found
 *         y = x + 1;
 *             ^
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const tag = `[P4TS${diagnostic.code}]`;
  const severity = diagnostic.severity === 'internal' ? 'internal error' : diagnostic.severity;
  const lines: string[] = [];
  if (diagnostic.location) {
    lines.push(`${formatLocation(diagnostic.location)}: ${tag} ${severity}: ${diagnostic.message}`);
    lines.push(sourceExcerpt(diagnostic.location));
  } else {
    lines.push(`${tag} ${severity}: ${diagnostic.message}`);
  }
  for (const related of diagnostic.related) {
    lines.push(`${formatLocation(related.location)}: ${related.message}`);
    lines.push(sourceExcerpt(related.location));
  }
  return lines.join('\n');
}

/** The shape of one diagnostic in `p4ts check --json`. */
export interface DiagnosticJson {
  readonly severity: Diagnostic['severity'];
  readonly code: number;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export function diagnosticToJson(diagnostic: Diagnostic): DiagnosticJson {
  if (!diagnostic.location) {
    return { severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message };
  }
  const { line, column } = diagnostic.location.file.position(diagnostic.location.start);
  return {
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    file: diagnostic.location.file.path,
    line,
    column,
  };
}
