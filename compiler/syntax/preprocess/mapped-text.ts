import type { SourceFile } from '../../source/source-file.ts';

/**
 * A run of preprocessor working text whose characters come from one original file, with a
 * table mapping each character back to its offset in that file. Working text differs from the
 * file where backslash-newline splices were removed or padding newlines were added.
 */
export interface TextPiece {
  /** Offset of the piece in the working text. */
  readonly textStart: number;
  readonly length: number;
  /** Offset in the original file of the piece's first character. */
  readonly fileStart: number;
}

export class MappedText {
  constructor(
    readonly file: SourceFile,
    readonly text: string,
    /** Sorted by `textStart`, covering the whole text without gaps. */
    readonly pieces: readonly TextPiece[],
  ) {}

  /** The original file offset of a working-text offset (offsets past the end map to the end). */
  fileOffset(textOffset: number): number {
    const pieces = this.pieces;
    if (pieces.length === 0) return 0;
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid]!.textStart <= textOffset) lo = mid;
      else hi = mid - 1;
    }
    const piece = pieces[lo]!;
    return piece.fileStart + Math.min(Math.max(0, textOffset - piece.textStart), piece.length);
  }

  /** The pieces overlapping `[start, end)`, clipped to that range. */
  *piecesIn(start: number, end: number): Generator<TextPiece> {
    const pieces = this.pieces;
    // The first piece that ends after `start` (binary search: a block may have many pieces).
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid]!.textStart + pieces[mid]!.length <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.textStart >= end) break;
      const from = Math.max(start, piece.textStart);
      const to = Math.min(end, piece.textStart + piece.length);
      yield { textStart: from, length: to - from, fileStart: piece.fileStart + (from - piece.textStart) };
    }
  }
}

/**
 * Builds a `MappedText` by appending runs, merging runs that continue one another. Text taken
 * unchanged from the file (`appendFile`) is sliced out of it only once a run ends, so a block of
 * many lines costs one string, not one per line.
 */
export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private readonly pieces: { textStart: number; length: number; fileStart: number }[] = [];
  private length = 0;
  /** A range of the file's text appended but not yet sliced into `parts`. */
  private pendingStart = 0;
  private pendingEnd = 0;

  constructor(private readonly file: SourceFile) {}

  get isEmpty(): boolean {
    return this.length === 0;
  }

  append(text: string, fileStart: number): void {
    if (text.length === 0) return;
    this.flushPending();
    this.addPiece(text.length, fileStart);
    this.parts.push(text);
  }

  /** The file's own text `[start, end)`. */
  appendFile(start: number, end: number): void {
    if (end <= start) return;
    if (this.pendingEnd !== start || this.pendingEnd === this.pendingStart) {
      this.flushPending();
      this.pendingStart = start;
    }
    this.pendingEnd = end;
    this.addPiece(end - start, start);
  }

  build(): MappedText {
    this.flushPending();
    return new MappedText(this.file, this.parts.join(''), this.pieces);
  }

  private addPiece(length: number, fileStart: number): void {
    const last = this.pieces[this.pieces.length - 1];
    if (last !== undefined && last.textStart + last.length === this.length && last.fileStart + last.length === fileStart) {
      last.length += length;
    } else {
      this.pieces.push({ textStart: this.length, length, fileStart });
    }
    this.length += length;
  }

  private flushPending(): void {
    if (this.pendingEnd > this.pendingStart) this.parts.push(this.file.text.slice(this.pendingStart, this.pendingEnd));
    this.pendingStart = this.pendingEnd = 0;
  }
}
