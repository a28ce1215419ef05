import type { Location, SourceMap } from '../source/source-map.ts';
import type { Span } from '../source/span.ts';

/** `internal` marks a compiler bug: never the user's fault (exit code 2). */
export type Severity = 'error' | 'warning' | 'internal';

/**
 * One entry of the diagnostics catalogue (see `codes/`): a stable numeric code, a severity and a
 * message template whose `{0}`, `{1}`... are filled with the arguments of a report.
 */
export interface DiagnosticMessage {
  readonly code: number;
  readonly severity: Severity;
  readonly template: string;
}

export interface RelatedInformation {
  readonly message: string;
  readonly location: Location;
}

export interface Diagnostic {
  readonly code: number;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location | undefined;
  readonly related: readonly RelatedInformation[];
}

export type MessageArgument = string | number | bigint;

/** Fills `{N}` placeholders of a catalogue template. */
export function formatTemplate(template: string, args: readonly MessageArgument[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const arg = args[Number(index)];
    return arg === undefined ? whole : String(arg);
  });
}

/** Where a report points: a span of the translation unit, or an already resolved location. */
export type ReportSite = Span | Location | undefined;

function isLocation(site: Span | Location): site is Location {
  return 'file' in site;
}

/**
 * Collects the diagnostics of one compilation. Spans are resolved to original files through the
 * translation unit's source map as they are reported.
 */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];
  private sourceMap: SourceMap | undefined;

  constructor(sourceMap?: SourceMap) {
    this.sourceMap = sourceMap;
  }

  /** Set once the preprocessor has produced the translation unit. */
  attachSourceMap(sourceMap: SourceMap): void {
    this.sourceMap = sourceMap;
  }

  resolve(site: ReportSite): Location | undefined {
    if (site === undefined) return undefined;
    if (isLocation(site)) return site;
    return this.sourceMap?.resolve(site);
  }

  report(
    message: DiagnosticMessage,
    site: ReportSite,
    args: readonly MessageArgument[] = [],
    related: readonly { readonly message: string; readonly site: Span | Location }[] = [],
  ): Diagnostic {
    const diagnostic: Diagnostic = {
      code: message.code,
      severity: message.severity,
      message: formatTemplate(message.template, args),
      location: this.resolve(site),
      related: related.flatMap((r) => {
        const location = this.resolve(r.site);
        return location ? [{ message: r.message, location }] : [];
      }),
    };
    this.items.push(diagnostic);
    return diagnostic;
  }

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity !== 'warning') n++;
    return n;
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}
