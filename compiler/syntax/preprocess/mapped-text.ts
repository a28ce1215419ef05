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
    for (const piece of this.pieces) {
      const pieceEnd = piece.textStart + piece.length;
      if (pieceEnd <= start) continue;
      if (piece.textStart >= end) break;
      const from = Math.max(start, piece.textStart);
      const to = Math.min(end, pieceEnd);
      yield { textStart: from, length: to - from, fileStart: piece.fileStart + (from - piece.textStart) };
    }
  }
}

/** Builds a `MappedText` by appending runs, merging runs that continue one another. */
export class MappedTextBuilder {
  private readonly parts: string[] = [];
  private readonly pieces: TextPiece[] = [];
  private length = 0;

  constructor(private readonly file: SourceFile) {}

  get isEmpty(): boolean {
    return this.length === 0;
  }

  append(text: string, fileStart: number): void {
    if (text.length === 0) return;
    const last = this.pieces[this.pieces.length - 1];
    if (last !== undefined && last.textStart + last.length === this.length && last.fileStart + last.length === fileStart) {
      this.pieces[this.pieces.length - 1] = { ...last, length: last.length + text.length };
    } else {
      this.pieces.push({ textStart: this.length, length: text.length, fileStart });
    }
    this.parts.push(text);
    this.length += text.length;
  }

  build(): MappedText {
    return new MappedText(this.file, this.parts.join(''), this.pieces);
  }
}
