/**
 * `PacketWork`: what a compiled program executes for one packet, as operation counts. This is the
 * seam between the compiler and the cost model: the model never looks at P4 or at generated code,
 * only at these counts.
 *
 * Producers:
 * - later, the compiler (from the IR: per path through the stages, count what the lowered
 *   statements do) or an instrumented run of the generated module (count while running);
 * - for now, the hand-written descriptions of the paper's programs in `programs.ts`.
 *
 * A program's traffic splits into two classes: packets that never reach an extern site (`plain`)
 * and packets that call one or more externs (`extern`). The model mixes them by the extern share.
 */

/** Table match kinds the profiles price separately. */
export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional';

export const MATCH_KINDS: readonly MatchKind[] = ['exact', 'lpm', 'ternary', 'range', 'optional'];

/** One operation an extern task performs on the co-processor (or inline, in sync inline mode). */
export type ExternOp =
  /** AES-CBC encryption of `blocks` 16-byte blocks (key schedule precomputed per SA). */
  | { kind: 'aes-cbc'; keyBits: 128 | 256; blocks: number }
  /** AES-GCM: `blocks` counter-mode blocks and `ghashBlocks` GHASH multiplications. */
  | { kind: 'aes-gcm'; keyBits: 128 | 256; blocks: number; ghashBlocks: number }
  /**
   * HMAC: `blocks` compression-function calls in total (inner + outer hash), counting only what
   * runs per packet: with precomputed ipad/opad states the two key blocks are not counted.
   */
  | { kind: 'hmac'; hash: 'md5' | 'sha1' | 'sha256'; blocks: number }
  /** A function of a given cost (the paper's custom externs): `cycles` co-processor cycles. */
  | { kind: 'burn'; cycles: number };

/** One call of an extern at an extern site. */
export interface ExternCall {
  /** The extern site number (stable per program, as the IR numbers them). */
  site: number;
  /** Extern method name, for reports ("esp_encap", "aes_encrypt", "burn"). */
  name: string;
  /** What the task computes; several ops run in one task (e.g. a chained cipher + HMAC op). */
  ops: readonly ExternOp[];
  /** Bytes the main core writes into the task (ring-slot handle + data), copied per call. */
  taskBytes: number;
  /** Bytes of the result the main core copies back into the packet. */
  resultBytes: number;
}

/** Operation counts along one path through the program, for one packet. */
export interface PathWork {
  /** Headers extracted by the parser, and the bytes they span. */
  headersParsed: number;
  bytesParsed: number;
  /** Headers emitted by the deparser, and the bytes written. */
  headersEmitted: number;
  bytesEmitted: number;
  /** Payload / buffer bytes moved by the pipeline itself (encapsulation shifts, padding). */
  bytesCopied: number;
  /** Table applications per match kind (a table with mixed keys counts as its costliest kind). */
  lookups: Partial<Record<MatchKind, number>>;
  /** Action primitives executed (assignments, header validity changes, arithmetic statements). */
  actionPrimitives: number;
  /** Bytes summed by checksum updates (verify + compute). */
  checksumBytes: number;
  /** Extern calls in program order. Empty for the plain path. */
  externCalls: readonly ExternCall[];
  /**
   * Bytes saved with the packet at an extern site in longjump mode: descriptor (parsed header
   * fields, metadata) and the live locals the IR finds across the site.
   */
  liveStateBytes: number;
  /**
   * Headers the longjump resume parses again before jumping to the site (T4P4S re-parses the
   * packet; a compiler that saves the parsed headers in the descriptor sets this to 0).
   */
  reparseHeaders: number;
  reparseBytes: number;
  /** Fraction (0..1) of the path's pipeline work that runs after the last extern call returns. */
  workAfterExtern: number;
  /** Frame sizes (without FCS) received and transmitted; `bytesOut` 0 means dropped. */
  frameBytesIn: number;
  frameBytesOut: number;
}

/** Per-packet work of one program, for both traffic classes. */
export interface PacketWork {
  /** Program name, as in the paper's experiments ("l2fwd", "ipsec-esp", ...). */
  program: string;
  /** Where the counts come from ("hand-written stand-in", "IR", "instrumented run"). */
  source: string;
  /** Packets that take no extern. */
  plain: PathWork;
  /** Packets that call externs; equal to `plain` for programs without extern sites. */
  extern: PathWork;
}

/** A path that does nothing (start for counters). */
export function emptyPath(frameBytes: number): PathWork {
  return {
    headersParsed: 0,
    bytesParsed: 0,
    headersEmitted: 0,
    bytesEmitted: 0,
    bytesCopied: 0,
    lookups: {},
    actionPrimitives: 0,
    checksumBytes: 0,
    externCalls: [],
    liveStateBytes: 0,
    reparseHeaders: 0,
    reparseBytes: 0,
    workAfterExtern: 0.5,
    frameBytesIn: frameBytes,
    frameBytesOut: frameBytes,
  };
}

/** Sum of two paths' counts (frame sizes and fractions are taken from `b`): for counting runs. */
export function addPaths(a: PathWork, b: PathWork): PathWork {
  const lookups: Partial<Record<MatchKind, number>> = { ...a.lookups };
  for (const kind of MATCH_KINDS) {
    const n = b.lookups[kind];
    if (n !== undefined) lookups[kind] = (lookups[kind] ?? 0) + n;
  }
  return {
    headersParsed: a.headersParsed + b.headersParsed,
    bytesParsed: a.bytesParsed + b.bytesParsed,
    headersEmitted: a.headersEmitted + b.headersEmitted,
    bytesEmitted: a.bytesEmitted + b.bytesEmitted,
    bytesCopied: a.bytesCopied + b.bytesCopied,
    lookups,
    actionPrimitives: a.actionPrimitives + b.actionPrimitives,
    checksumBytes: a.checksumBytes + b.checksumBytes,
    externCalls: [...a.externCalls, ...b.externCalls],
    liveStateBytes: Math.max(a.liveStateBytes, b.liveStateBytes),
    reparseHeaders: a.reparseHeaders + b.reparseHeaders,
    reparseBytes: a.reparseBytes + b.reparseBytes,
    workAfterExtern: b.workAfterExtern,
    frameBytesIn: b.frameBytesIn,
    frameBytesOut: b.frameBytesOut,
  };
}
