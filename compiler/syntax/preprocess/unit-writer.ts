import type { SourceFile } from '../../source/source-file.ts';
import { SourceMap, type SourceSegment } from '../../source/source-map.ts';

/** Accumulates the translation unit's text together with its source map segments. */
export class UnitWriter {
  private readonly parts: string[] = [];
  private readonly segments: SourceSegment[] = [];
  private length = 0;
  private last = '';

  /** The last character written so far ('' at the start). */
  get lastCharacter(): string {
    return this.last;
  }

  /** Text copied verbatim from `file` at `fileStart`: maps character by character. */
  copy(text: string, file: SourceFile, fileStart: number): void {
    if (text.length === 0) return;
    const previous = this.segments[this.segments.length - 1];
    if (
      previous !== undefined &&
      previous.file === file &&
      previous.unitStart + previous.length === this.length &&
      previous.fileStart + previous.length === fileStart
    ) {
      this.segments[this.segments.length - 1] = { ...previous, length: previous.length + text.length };
    } else {
      this.segments.push({ unitStart: this.length, length: text.length, file, fileStart });
    }
    this.write(text);
  }

  /**
   * Text produced by the preprocessor (a macro expansion) for the source range
   * `[fileStart, fileStart + fileLength)`: all of it maps into that range.
   */
  synthesize(text: string, file: SourceFile, fileStart: number, fileLength: number): void {
    if (text.length === 0) return;
    this.segments.push({ unitStart: this.length, length: Math.max(0, Math.min(text.length, fileLength)), file, fileStart });
    this.write(text);
  }

  finish(fallback: SourceFile): { text: string; sourceMap: SourceMap } {
    return { text: this.parts.join(''), sourceMap: new SourceMap(this.segments, fallback) };
  }

  private write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    this.last = text[text.length - 1]!;
  }
}
