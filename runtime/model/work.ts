/**
 * `PacketWork`: what a compiled program executes for one packet, as operation counts. This is the
 * seam between the compiler and the cost model: the model never looks at P4 or at generated code,
 * only at these counts. The compiler derives them from a program's IR (`compiler/packet-work/`).
 *
 * The counts say what the *program* does. What a target's runtime adds around it (a T4P4S-style
 * runtime framing ESP on the main core, a task handle copied into each task, a descriptor copy at
 * a park) belongs to the target's profile, not here.
 *
 * A program's traffic splits into two classes: packets that never reach an extern site (`plain`)
 * and packets that call one or more externs (`extern`). The model mixes them by the extern share.
 */

/** Table match kinds the profiles price separately. */
export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional';

export const MATCH_KINDS: readonly MatchKind[] = ['exact', 'lpm', 'ternary', 'range', 'optional'];

/** One piece of work an extern task computes (on the co-processor, or inline in sync-inline mode). */
export type ExternOp =
  /** AES-CBC encryption of `blocks` 16-byte blocks (key schedule precomputed per key). */
  | { kind: 'aes-cbc'; keyBits: 128 | 256; blocks: number }
  /** AES-GCM: `blocks` counter-mode blocks and `ghashBlocks` GHASH multiplications. */
  | { kind: 'aes-gcm'; keyBits: 128 | 256; blocks: number; ghashBlocks: number }
  /**
   * HMAC: `blocks` compression-function calls in total (inner + outer hash), counting only what
   * runs per packet: with precomputed ipad/opad states the two key blocks are not counted.
   */
  | { kind: 'hmac'; hash: 'md5' | 'sha1' | 'sha256'; blocks: number }
  /** A function of a given cost (the paper's custom externs): `cycles` cycles of a nominal clock. */
  | { kind: 'burn'; cycles: number };

/** One call of an extern at an extern site. */
export interface ExternCall {
  /** The extern site number (stable per program, as the IR numbers them). */
  site: number;
  /** Extern name, for reports ("esp_encapsulate", "burn"). */
  name: string;
  /** The p4ts operation number (runtime `PayloadOp`) of the call, or null for another extern. */
  op: number | null;
  /** What the task computes; several ops run in one task (e.g. a cipher and an HMAC). */
  ops: readonly ExternOp[];
  /** Bytes of packet data the task reads. */
  taskBytes: number;
  /** Bytes of packet data the task writes. */
  resultBytes: number;
}

/** The operations of a pipeline stretch that a profile prices one by one. */
export interface OpCounts {
  /** Headers extracted by the parser (a lookahead counts: it decodes fields), and the bytes they span. */
  headersParsed: number;
  bytesParsed: number;
  /** Headers emitted by the deparser, and the bytes written. */
  headersEmitted: number;
  bytesEmitted: number;
  /**
   * Of the emitted headers, those whose bytes must be written because they are not already where
   * the parser found them: a statement other than the extract changes them, this path did not
   * parse them, or they moved (the headers in front of them changed size). A straight path
   * (`compiler/emit/straight-path.ts`) writes only these; the stage functions' deparser writes all.
   */
  headersRewritten: number;
  bytesRewritten: number;
  /** Payload bytes moved by the pipeline itself (headers that change size). */
  bytesCopied: number;
  /** Table applications per match kind (a table with mixed keys counts as its costliest kind). */
  lookups: Partial<Record<MatchKind, number>>;
  /** Action primitives executed (assignments, header validity changes, ordinary extern calls). */
  actionPrimitives: number;
  /** Bytes summed by checksums and hashes (verify, update, `hash`). */
  checksumBytes: number;
}

/** Operation counts along one path through the program, for one packet. */
export interface PathWork extends OpCounts {
  /** Extern calls in program order. Empty for the plain path. */
  externCalls: readonly ExternCall[];
  /** Of the counts above, those after the last extern call (all zero without calls). */
  afterLastCall: OpCounts;
  /**
   * Bytes a packet holds at its extern site: the headers valid there, user and standard metadata,
   * and the site's live locals (what a longjump runtime parks with the packet).
   */
  liveStateBytes: number;
  /** Headers the parser extracted on this path, and their bytes (what a re-parse repeats). */
  reparseHeaders: number;
  reparseBytes: number;
  /** Frame sizes (without FCS) received and transmitted; `frameBytesOut` 0 means dropped. */
  frameBytesIn: number;
  frameBytesOut: number;
  /** Of the counts above before the first call, work a longjump rerun does not repeat (T4P4S's every-N counter, asked once per packet before `handle_packet`); none when absent. */
  notRerun?: OpCounts;
}

/** Per-packet work of one program, for both traffic classes. */
export interface PacketWork {
  /** Program name ("l2fwd", "ipsec-esp", ...). */
  program: string;
  /** Where the counts come from ("IR (examples/l2fwd/l2fwd.p4)"). */
  source: string;
  /** Packets that take no extern. */
  plain: PathWork;
  /** Packets that call externs; the same object as `plain` for programs without extern sites. */
  extern: PathWork;
}

/** Counts of nothing. */
export function noOps(): OpCounts {
  return { headersParsed: 0, bytesParsed: 0, headersEmitted: 0, bytesEmitted: 0, headersRewritten: 0, bytesRewritten: 0, bytesCopied: 0, lookups: {}, actionPrimitives: 0, checksumBytes: 0 };
}

/** `a + k·b`, count by count (k = -1 subtracts); match kinds counted 0 times are left out. */
export function addOps(a: OpCounts, b: Partial<OpCounts>, k = 1): OpCounts {
  const lookups: Partial<Record<MatchKind, number>> = { ...a.lookups };
  for (const kind of MATCH_KINDS) {
    const n = b.lookups?.[kind];
    if (n === undefined) continue;
    const sum = (lookups[kind] ?? 0) + k * n;
    if (sum === 0) delete lookups[kind];
    else lookups[kind] = sum;
  }
  return {
    headersParsed: a.headersParsed + k * (b.headersParsed ?? 0),
    bytesParsed: a.bytesParsed + k * (b.bytesParsed ?? 0),
    headersEmitted: a.headersEmitted + k * (b.headersEmitted ?? 0),
    bytesEmitted: a.bytesEmitted + k * (b.bytesEmitted ?? 0),
    headersRewritten: a.headersRewritten + k * (b.headersRewritten ?? 0),
    bytesRewritten: a.bytesRewritten + k * (b.bytesRewritten ?? 0),
    bytesCopied: a.bytesCopied + k * (b.bytesCopied ?? 0),
    lookups,
    actionPrimitives: a.actionPrimitives + k * (b.actionPrimitives ?? 0),
    checksumBytes: a.checksumBytes + k * (b.checksumBytes ?? 0),
  };
}

/** The counts of a path (its `OpCounts` part only). */
export function opsOf(path: OpCounts): OpCounts {
  return addOps(noOps(), path);
}
