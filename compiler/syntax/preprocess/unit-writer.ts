import type { SourceFile } from '../../source/source-file.ts';
import { SourceMap } from '../../source/source-map.ts';

/** Accumulates the translation unit's text together with its source map segments. */
export class UnitWriter {
  private readonly parts: string[] = [];
  private readonly segments: { unitStart: number; length: number; file: SourceFile; fileStart: number }[] = [];
  private length = 0;
  private last = '';
  /** Lines written as blanks (`blank`) but not yet turned into text: one string per run. */
  private blankFile: SourceFile | undefined;
  private blankStart = 0;
  private blankEnd = 0;

  /** The last character written so far ('' at the start). */
  get lastCharacter(): string {
    if (this.blankFile !== undefined) return this.blankFile.text[this.blankEnd - 1] === '\n' ? '\n' : ' ';
    return this.last;
  }

  /** Text copied verbatim from `file` at `fileStart`: maps character by character. */
  copy(text: string, file: SourceFile, fileStart: number): void {
    if (text.length === 0) return;
    this.flushBlanks();
    this.map(text.length, file, fileStart);
    this.write(text);
  }

  /**
   * The file's text `[start, end)` with every character but newlines turned into a space: what
   * a directive line or a line skipped by `#if` leaves in the unit. It keeps the line structure
   * and maps character by character, so consecutive blanked lines cost one segment and one
   * string, however many there are.
   */
  blank(file: SourceFile, start: number, end: number): void {
    if (end <= start) return;
    if (this.blankFile !== file || this.blankEnd !== start) {
      this.flushBlanks();
      this.blankFile = file;
      this.blankStart = start;
    }
    this.blankEnd = end;
  }

  /**
   * Text produced by the preprocessor (a macro expansion) for the source range
   * `[fileStart, fileStart + fileLength)`: all of it maps into that range.
   */
  synthesize(text: string, file: SourceFile, fileStart: number, fileLength: number): void {
    if (text.length === 0) return;
    this.flushBlanks();
    this.segments.push({ unitStart: this.length, length: Math.max(0, Math.min(text.length, fileLength)), file, fileStart });
    this.write(text);
  }

  finish(fallback: SourceFile): { text: string; sourceMap: SourceMap } {
    this.flushBlanks();
    return { text: this.parts.join(''), sourceMap: new SourceMap(this.segments, fallback) };
  }

  private map(length: number, file: SourceFile, fileStart: number): void {
    const previous = this.segments[this.segments.length - 1];
    if (
      previous !== undefined &&
      previous.file === file &&
      previous.unitStart + previous.length === this.length &&
      previous.fileStart + previous.length === fileStart
    ) {
      previous.length += length;
    } else {
      this.segments.push({ unitStart: this.length, length, file, fileStart });
    }
  }

  private flushBlanks(): void {
    const file = this.blankFile;
    if (file === undefined) return;
    this.blankFile = undefined;
    const text = blanked(file.text, this.blankStart, this.blankEnd);
    this.map(text.length, file, this.blankStart);
    this.write(text);
  }

  private write(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    this.last = text[text.length - 1]!;
  }
}

/** `text[start, end)` with every character but `\n` replaced by a space (built in one buffer). */
function blanked(text: string, start: number, end: number): string {
  const bytes = Buffer.alloc(end - start, 0x20);
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) bytes[i - start] = 0x0a;
  return bytes.toString('latin1');
}
