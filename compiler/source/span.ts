/**
 * A half-open range `[start, end)` of character offsets into the preprocessed translation unit.
 * Offsets are turned into a file, line and column only when a diagnostic is printed
 * (see `SourceMap.resolve`).
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export const NO_SPAN: Span = { start: 0, end: 0 };
