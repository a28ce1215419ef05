import type { SourceFile } from './source-file.ts';
import type { Span } from './span.ts';

/** A place in an original source file: what a diagnostic points at. */
export interface Location {
  readonly file: SourceFile;
  /** Offsets into `file.text`. */
  readonly start: number;
  readonly end: number;
}

/**
 * A run of the translation unit copied verbatim from one original file. The preprocessor emits
 * segments in unit order; text produced by macro expansion is attributed to the macro's use.
 */
export interface SourceSegment {
  readonly unitStart: number;
  readonly length: number;
  readonly file: SourceFile;
  readonly fileStart: number;
}

/**
 * Maps offsets of the preprocessed translation unit back to original files, so that every
 * diagnostic points at the line the user wrote, also inside included files.
 */
export class SourceMap {
  constructor(private readonly segments: readonly SourceSegment[], private readonly fallback: SourceFile) {}

  /** The original location of a unit span (its end is clamped to the start's segment). */
  resolve(span: Span): Location {
    const segment = this.segmentAt(span.start);
    if (segment === undefined) return { file: this.fallback, start: 0, end: 0 };
    const delta = Math.max(0, span.start - segment.unitStart);
    const inside = Math.min(delta, segment.length);
    const start = segment.fileStart + inside;
    const end = segment.fileStart + Math.min(segment.length, Math.max(inside, span.end - segment.unitStart));
    return { file: segment.file, start, end };
  }

  private segmentAt(offset: number): SourceSegment | undefined {
    const segs = this.segments;
    if (segs.length === 0) return undefined;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid]!.unitStart <= offset) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo];
  }
}
