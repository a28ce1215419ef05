/**
 * The packet descriptor: everything the switch and a compiled program know about one packet
 * instance. Descriptors are pooled by the switch and reused; nothing in here is allocated per
 * packet in steady state.
 */
import type { Tracer } from '../trace/index.ts';
import { Stage } from './constants.ts';
import type { ExternTask } from '../tasks/executor.ts';
import { StandardMetadata } from './standard-metadata.ts';

/**
 * What the switch offers a running stage through `descriptor.services` (the v1model externs in
 * `externs/primitives.ts` use it; generated code normally calls those helpers, not this directly).
 */
export interface SwitchServices {
  /** The drop port (`mark_to_drop` writes it to `egress_spec`). */
  readonly dropPort: number;
  /**
   * Sync mode: runs an extern task at the call and returns when it is complete — inline on this
   * thread, or on the configured executor while this thread waits (the paper's non-async mode).
   */
  runSync(task: ExternTask): void;
  /** Microseconds since the switch started (the clock of the global timestamps). */
  nowMicros(): number;
  /** Uniform random integer in [lo, hi] (numbers up to 2^53) from the switch's seeded generator. */
  random(lo: number, hi: number): number;
  /** Uniform random integer in [lo, hi] for `bit<W>` with W > 53. */
  randomBig(lo: bigint, hi: bigint): bigint;
  /** `log_msg` sink. */
  log(d: PacketDescriptor<unknown>, message: string): void;
  /** The packet tracer, when the switch traces (programs compiled with tracing report to it). */
  readonly tracer?: Tracer | null;
}

/**
 * Live locals saved across an extern site (longjump mode): the generator numbers the live
 * variables of each site and stores them here before parking, reads them back on re-entry.
 * Sizes come from the program (`liveNumbers`, `liveBigints`, `liveRefs`).
 */
export class LiveLocals {
  /** `bit<W>`/`int<W>` up to 53 bits, booleans as 0/1. */
  readonly num: Float64Array;
  /** Wider values. */
  readonly big: bigint[];
  /** Anything else (e.g. a header object reference, an array index is a number). */
  readonly ref: unknown[];

  constructor(numbers: number, bigints: number, refs: number) {
    this.num = new Float64Array(numbers);
    this.big = new Array<bigint>(bigints).fill(0n);
    this.ref = new Array<unknown>(refs).fill(null);
  }
}

/** Where a descriptor is in its life; internal to the switch but readable for tests/tools. */
export const Flow = {
  /** Normal ingress/egress pipeline. */
  PIPELINE: 0,
  /** An ingress-to-egress clone being re-parsed from the original bytes; goes to egress after the parser. */
  CLONE_REPARSE: 1,
} as const;
export type Flow = (typeof Flow)[keyof typeof Flow];

export class PacketDescriptor<S> {
  /** Pool slot; the handle carried by this packet's extern tasks. */
  readonly slot: number;
  /** Unique id of this packet instance (for logs; copies get new ids). */
  packetId = 0;
  /**
   * The number the caller gave with the input this instance came from (`V1Switch.inject*`);
   * clones and multicast copies inherit it, and the output callbacks hand it back (0 by default).
   */
  origin = 0;

  // ---- packet bytes ----------------------------------------------------------------------
  /**
   * Packet buffer. The frame occupies `data[start, end)`; `start` leaves headroom in front so
   * the deparsed headers can be placed right before the payload without moving the payload.
   * The pipeline never modifies `data[start, end)` before the deparser (clones re-read it).
   * Usually `ownData`; a buffer lent by `V1Switch.injectBuffer` while the packet is in the switch.
   */
  data: Uint8Array;
  /** The descriptor's own packet buffer (`data` again when the packet leaves the switch). */
  readonly ownData: Uint8Array;
  /** Offset of the first byte of the frame in `data`. */
  start = 0;
  /** Offset one past the last byte of the frame (the parser's bound: `end - cursor` bytes are left). */
  end = 0;
  /**
   * Parser cursor (an offset in `data`, starts at `start`): bytes before it have been extracted
   * into headers. After the parser, the payload is `data[cursor, end)`.
   */
  cursor = 0;
  /**
   * Deparser output: the emitted headers are written at `out[outBase, outLength)`. Usually
   * `ownOut` with `outBase` 0; `data` itself (headers written in place in front of the payload)
   * while a program that declares `maxEmitBytes` is deparsed.
   */
  out: Uint8Array;
  /** The descriptor's own deparser scratch buffer. */
  readonly ownOut: Uint8Array;
  /** Where the deparser starts writing in `out`. */
  outBase = 0;
  /** End of what the deparser wrote to `out`. */
  outLength = 0;
  /** Length of this instance when it entered ingress (bmv2 "ingress length"; counters and meters count it). */
  ingressLength = 0;

  // ---- metadata and program state --------------------------------------------------------
  readonly std = new StandardMetadata();
  /** The program's headers and user metadata, laid out by the generator; opaque to the switch. */
  readonly state: S;
  /** Scratch state for preserving field lists across a metadata reset (created on first use). */
  aux: S | null = null;

  // ---- resumable execution ----------------------------------------------------------------
  /** Stage being executed (or next to execute). */
  stage: Stage = Stage.PARSER;
  /** 0 on first entry into a stage; the extern site number to re-enter at after PARKED. */
  resumeSite = 0;
  /** Live locals across an extern site. */
  readonly locals: LiveLocals;
  /** The extern task in flight (or the last one completed, readable by the resumed site). */
  task: ExternTask | null = null;
  /** Context mode: the suspended stage generator. */
  gen: Generator<ExternTask, void, ExternTask> | null = null;
  /** Context mode: the straight path's continuation the packet waits as (`StraightContinuation`), called with its `fuse`. */
  continuation: ((fuse: boolean) => number) | null = null;

  // ---- v1model requests recorded by externs, acted on at the end of a pipeline --------------
  /** Mirror session requested by `clone*` in this pipeline, or -1. */
  cloneSession = -1;
  /** Field list index given to `clone_preserving_field_list`, or -1 (none). */
  cloneFieldList = -1;
  /** `resubmit_preserving_field_list` index, or -1 when not requested. */
  resubmitFieldList = -1;
  /** `recirculate_preserving_field_list` index, or -1 when not requested. */
  recirculateFieldList = -1;
  /** `truncate(n)` length in bytes, or -1. */
  truncateLength = -1;
  /** `digest` receiver, or -1 when none pending. */
  digestReceiver = -1;
  /** `digest` data (a snapshot built by the generated code). */
  digestData: object | null = null;
  /** `digest` data type's control-plane name (the P4Info digest's name), '' when unknown. */
  digestType = '';

  // ---- switch bookkeeping -----------------------------------------------------------------
  /** Resubmits + recirculations this instance went through. */
  passes = 0;
  /** @internal */ flow: Flow = Flow.PIPELINE;
  /** @internal mirror session of a pending I2E clone re-parse */ pendingSession = -1;
  /** @internal intrusive queue link */ next: PacketDescriptor<S> | null = null;
  /** @internal true while owned by the pool's free list */ free = true;
  /** The switch services (set once by the pool). */
  readonly services: SwitchServices;

  constructor(slot: number, state: S, bufferSize: number, outSize: number, locals: LiveLocals, services: SwitchServices, data?: Uint8Array) {
    this.slot = slot;
    this.state = state;
    this.data = data ?? new Uint8Array(bufferSize);
    this.ownData = this.data;
    this.out = new Uint8Array(outSize);
    this.ownOut = this.out;
    this.locals = locals;
    this.services = services;
  }

  /** Clears the per-pipeline extern requests (clone, recirculate, digest). */
  clearRequests(): void {
    this.cloneSession = -1;
    this.cloneFieldList = -1;
    this.resubmitFieldList = -1;
    this.recirculateFieldList = -1;
    this.digestReceiver = -1;
    this.digestData = null;
  }

}
