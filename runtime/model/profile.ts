/**
 * `Profile`: the cost parameters of one target machine. Units are in the field names' comments:
 * `*Cycles` are cycles of the core that runs the operation (main core or co-processor core),
 * `*PerByte` are cycles per byte. Each profile file documents, per value, where it comes from:
 * [datasheet] a hardware fact, [fitted: point] solved by `fit.ts` on a paper number,
 * [assumed] an engineering estimate (with its reasoning).
 */
import type { MatchKind, OpCounts } from './work.ts';

/** Main-core costs of the software data plane (T4P4S-like runtime on DPDK). */
export interface CpuCosts {
  /** Per packet received from the NIC (descriptor, mbuf), cycles. */
  rxPacketCycles: number;
  /** Per packet sent to the NIC, cycles. */
  txPacketCycles: number;
  /** Per rx or tx burst call (amortised over the burst), cycles. */
  burstCallCycles: number;
  /** Fixed per-packet cost of the runtime around the P4 pipeline (metadata init, dispatch), cycles. */
  pipelinePacketCycles: number;
  /** Per header extracted / emitted, cycles, and per byte parsed / emitted, cycles. */
  parseHeaderCycles: number;
  parseByteCycles: number;
  emitHeaderCycles: number;
  emitByteCycles: number;
  /** Per table application, by match kind, cycles. */
  lookupCycles: Record<MatchKind, number>;
  /** Per action primitive, cycles. */
  actionPrimitiveCycles: number;
  /** Per memcpy call and per byte copied, cycles. */
  copyCallCycles: number;
  copyPerByte: number;
  /** Per byte of checksum computed, cycles. */
  checksumPerByte: number;
  /**
   * Per extern call, in every mode: building the task (op from a mempool, session, offsets) and
   * releasing it after the result, cycles.
   */
  externCallCycles: number;
}

/** Co-processor costs (a dedicated core running the crypto library / burn loop), co-processor cycles. */
export interface CoprocCosts {
  /** Clock of the co-processor core, Hz. */
  clockHz: number;
  /** Per burst of tasks taken from the ring (dequeue, result enqueue, doorbells), cycles. */
  burstCycles: number;
  /** Per task (op setup, ring slot handling), cycles. */
  taskCycles: number;
  /** AES-CBC: per call (cipher context setup) and per 16-byte block, cycles. */
  aesCallCycles: number;
  aesBlockCycles: number;
  /** AES-GCM extra per GHASH block, cycles. */
  ghashBlockCycles: number;
  /** HMAC: per call (context copy from precomputed pads, finalisation), cycles. */
  hmacCallCycles: number;
  /** Per compression-function call (64-byte block), cycles. */
  md5BlockCycles: number;
  sha1BlockCycles: number;
  sha256BlockCycles: number;
  /** Per `burn` task beyond the burnt cycles (timer read, loop exit), cycles. */
  burnCallCycles: number;
}

/** Costs of the three extern execution modes, main-core cycles unless stated. */
export interface ModeCosts {
  /** sync: building and enqueueing the single op, cycles. */
  syncSubmitCycles: number;
  /**
   * sync: time the main core waits per call beyond the co-processor's service time (ring crossing
   * both ways, the co-processor's polling granularity, completion polling), main-core cycles.
   */
  syncWaitCycles: number;
  /** async modes: per task enqueued and per burst sent, per poll of the result ring, per result taken. */
  asyncTaskCycles: number;
  asyncBurstCycles: number;
  asyncPollCycles: number;
  asyncResultCycles: number;
  /** async modes: one-way latency main core → co-processor (and back), main-core cycles. */
  asyncHandoffCycles: number;
  /** async modes: tasks in flight before the main core stops taking packets (ring slots). */
  maxInFlight: number;
  /** async modes: a partial burst is sent after this long, ns (p4ts' flush timeout). */
  flushTimeoutNs: number;
  /** context: one switch (save registers + signal mask, jump), cycles; two per extern call. */
  contextSwitchCycles: number;
  /** context: frame bytes (stack + heap state) saved at suspend and restored at resume. */
  contextFrameBytes: number;
  /** context: getting a context from the pool and preparing it (makecontext), cycles. */
  contextCreateCycles: number;
  /** longjump: parking (ring slot, program-state variable, setjmp), cycles. */
  parkCycles: number;
  /** longjump: re-entry at the site (slot lookup, restore, longjmp), cycles. */
  reentryCycles: number;
  /** longjump: whether resuming parses the packet again (T4P4S does; see `PathWork.reparse*`). */
  reparse: boolean;
}

/** Main-core work a runtime does around one p4ts operation, beyond the program's own statements. */
export interface ExternFraming {
  before: Partial<OpCounts>;
  after: Partial<OpCounts>;
  /** Whether the runtime moves the packet for the operation (the task's input, then the whole output frame). */
  copiesPacket: boolean;
}

/** What the target's runtime adds around the program's own work. */
export interface RuntimeCosts {
  /** Bytes the runtime writes in front of each task's data (T4P4S: the ring position, "start from the 9th byte"). */
  taskHandleBytes: number;
  /** Main-core work around a p4ts operation, by operation number (`PayloadOp`). */
  externFraming: Readonly<Partial<Record<number, ExternFraming>>>;
}

/** Profile parameters `fit.ts` can solve for. */
export type FittableParam = 'cpu.pipelinePacketCycles' | 'modes.syncWaitCycles' | 'modes.contextSwitchCycles';

export interface FitSpec {
  param: FittableParam;
  point: string;
  targetPps?: number;
}

export interface Profile {
  name: string;
  description: string;
  /** Main core clock, Hz. */
  clockHz: number;
  /** Cores the data plane uses for packets (the paper: one worker core + one co-processor core). */
  mainCores: number;
  /** Ethernet line rate, bit/s. */
  lineRateBps: number;
  /** Per-frame overhead on the wire: preamble + SFD + inter-frame gap + FCS, bytes. */
  wireOverheadBytes: number;
  /** NIC: packets per rx burst call, and rx descriptors (excess arrivals are dropped). */
  rxBurst: number;
  rxRingSize: number;
  /** Default co-processor burst size (the paper's burstSize). */
  defaultBurst: number;
  cpu: CpuCosts;
  coproc: CoprocCosts;
  runtime: RuntimeCosts;
  modes: ModeCosts;
  /**
   * Parameters `fit.ts` solves, in this order, each on one paper point (id from `paper.ts`);
   * `targetPps` overrides the point's stated number (e.g. "about 320k" split into 316k / 324k).
   */
  fitted: readonly FitSpec[];
  /** Paper points and claims (ids from `paper.ts`) the fitted profile is checked against. */
  validated: readonly string[];
}

/** Packets per second a line carries for frames of `frameBytes` (without FCS). */
export function lineRatePps(profile: Profile, frameBytes: number): number {
  // minimum Ethernet frame is 60 bytes + FCS
  const onWire = Math.max(frameBytes, 60) + profile.wireOverheadBytes;
  return profile.lineRateBps / (8 * onWire);
}
