/**
 * PSA `InternetChecksum` and `Checksum<W>`. Their state belongs to one packet in one block
 * (the specification starts every instance cleared each time its parser or control runs, and
 * the state is independent per packet), so the generated program keeps one object per instance
 * in each packet's state and clears it when the block starts. Data arrives as a `HashInput`
 * filled by the generated code (fields concatenated most significant bit first).
 */
import { HashEngine, type HashAlgorithmName, HashInput } from '../../externs/hash.ts';

/** One's complement addition of two 16-bit values (end-around carry). */
function onesAdd(x: number, y: number): number {
  const s = x + y;
  return s > 0xffff ? (s + 1) & 0xffff : s;
}

/**
 * The Internet checksum (RFC 1071) with incremental update (RFC 1624), as the PSA specification's
 * reference implementation: a 16-bit one's complement sum. Data should be whole 16-bit words;
 * a trailing odd byte counts as the high byte of a word whose low byte is 0.
 */
export class InternetChecksum {
  /** The one's complement sum of everything added and not subtracted. */
  private sum = 0;

  clear(): void {
    this.sum = 0;
  }

  add(input: HashInput): void {
    this.sum = this.fold(input, false);
  }

  subtract(input: HashInput): void {
    this.sum = this.fold(input, true);
  }

  /** The checksum: the one's complement of the sum. */
  get(): number {
    return ~this.sum & 0xffff;
  }

  getState(): number {
    return this.sum;
  }

  setState(state: number): void {
    this.sum = state & 0xffff;
  }

  private fold(input: HashInput, negate: boolean): number {
    const b = input.bytes;
    const n = input.byteLength;
    let sum = this.sum;
    for (let i = 0; i < n; i += 2) {
      const word = (b[i]! << 8) | (i + 1 < n ? b[i + 1]! : 0);
      sum = onesAdd(sum, negate ? ~word & 0xffff : word);
    }
    return sum;
  }
}

/**
 * `Checksum<W>(algo)`: the hash `algo` of everything `update` gave since `clear`, the pieces
 * concatenated bit by bit (zero-padded at the end to whole bytes), as a `W`-bit value.
 */
export class Checksum {
  /** What `update` appended since `clear` (the generated code pushes onto it). */
  readonly input = new HashInput(64);
  private readonly engine: HashEngine;

  constructor(algorithm: HashAlgorithmName) {
    this.engine = new HashEngine(algorithm);
  }

  clear(): void {
    this.input.reset();
  }

  /** The checksum truncated to `width` bits (≤ 53). */
  get(width: number): number {
    const h = this.engine.compute(this.input);
    return width >= 32 ? h >>> 0 : h % 2 ** width;
  }

  /** The checksum as a bigint, for `W` > 53. */
  getWide(width: number): bigint {
    return BigInt.asUintN(width, this.engine.computeWide(this.input));
  }
}
