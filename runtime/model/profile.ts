/**
 * `Profile`: the cost parameters of one target machine, as the cost accounting (`costs.ts`) and
 * the simulator use them. `*Cycles` are cycles of the core that runs the operation (main core or
 * co-processor core), `*PerByte` cycles per byte. A profile is built, not written: the paper's
 * machines from documented facts, assumptions and fitted values (`paper-profiles.ts`), this
 * machine from microbenchmarks (`local-profile.ts`). Where each value comes from is recorded
 * beside it (`ParamOrigin`).
 */
import type { MatchKind, OpCounts } from './work.ts';

/** Main-core costs of the software data plane. */
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
  /** Per extern call, in every mode: building the task and releasing it after the result, cycles. */
  externCallCycles: number;
  /** Main-core cycles the runtime spends around a call of a p4ts operation (by `PayloadOp`), beyond `externCallCycles`. */
  externOpCycles?: Readonly<Partial<Record<number, number>>>;
}

/** Co-processor costs (a dedicated core running the crypto library / burn loop), co-processor cycles. */
export interface CoprocCosts {
  /** Clock of the co-processor core, Hz. */
  clockHz: number;
  /** Per burst of tasks taken from the ring (dequeue, result enqueue, doorbells), cycles. */
  burstCycles: number;
  /** Per task (op setup, ring slot handling), cycles. */
  taskCycles: number;
  /**
   * How long the co-processor polls an empty ring before its thread sleeps, ns (absent: it polls
   * for ever, as a DPDK core does; p4ts' worker thread spins `DEFAULT_SPIN_MICROS` then sleeps).
   */
  idleSpinNs?: number;
  /** Time from a burst sent to a sleeping co-processor until it starts on it (its thread's wake-up), ns. */
  wakeNs?: number;
  /** Per cipher or MAC transform a task runs (library call: context setup, finalisation), cycles. */
  cryptoCallCycles: number;
  /** AES-CBC (128-bit key) per 16-byte block, cycles; 256-bit keys take 14/10 of it. */
  aesBlockCycles: number;
  /** AES-GCM extra per GHASH block, cycles. */
  ghashBlockCycles: number;
  /** Per compression-function call (64-byte block), cycles. */
  md5BlockCycles: number;
  sha1BlockCycles: number;
  sha256BlockCycles: number;
  /** Per task of a p4ts operation, by operation number, beyond its ops (work the operation does besides cipher and MAC), cycles. */
  operationCycles: Readonly<Partial<Record<number, number>>>;
  /** Block costs of one operation where its implementation differs from the others' (by operation number). */
  operationBlockCycles: Readonly<Partial<Record<number, { readonly aes?: number; readonly md5?: number }>>>;
  /** Per `burn` task beyond the burnt cycles (timer read, loop exit), cycles. */
  burnCallCycles: number;
  /**
   * Co-processor cycles per cycle of a `burn(cycles)` argument: 1 where the argument counts this
   * core's cycles (the paper's machines); this machine's burn counts a nominal 3 GHz clock.
   */
  burnCyclesPerCycle: number;
}

/** Costs of the extern execution modes, main-core cycles unless stated. */
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
  /** async modes: a partial burst is sent after this long, ns. */
  flushTimeoutNs: number;
  /** context: one switch (save registers + signal mask, jump), cycles; two per extern call. */
  contextSwitchCycles: number;
  /** context: frame bytes (stack + heap state) saved at suspend and restored at resume. */
  contextFrameBytes: number;
  /**
   * context: whether the packet's descriptor (its state at the site, `PathWork.liveStateBytes`,
   * what longjump parks) is also copied out at a suspend and back at a resume (T4P4S's
   * `do_crypto_task` copies it in both async modes; the context's stack is its own, not copied).
   */
  contextCopiesDescriptor?: boolean;
  /** context: getting a context from the pool and preparing it (makecontext), cycles; once per packet that calls an extern. */
  contextCreateCycles: number;
  /**
   * context: switches a packet's context costs once, beyond the two of each extern call (T4P4S:
   * 2, entering the packet's context when it starts and leaving it through `uc_link` when it
   * ends, since every packet that calls an extern runs in a context of its own). Absent: 0.
   */
  contextSwitchesPerPacket?: number;
  /** longjump: parking (ring slot, program-state variable, setjmp), cycles. */
  parkCycles: number;
  /** longjump: re-entry at the site (slot lookup, descriptor restore, longjmp), cycles. */
  reentryCycles: number;
  /** longjump: whether resuming parses the packet again (T4P4S does; see `PathWork.reparse*`). */
  reparse: boolean;
  /**
   * longjump: whether resuming runs the runtime's per-packet processing again (`pipelinePacketCycles`):
   * T4P4S "reruns packet processing" for a result (Algorithm 1) before jumping to the site.
   */
  rerun: boolean;
  /**
   * longjump with `rerun`: whether the rerun runs the pipeline again from the parser up to the
   * site — every table and primitive before it, not only the parser (T4P4S does: its
   * `resume_packet_handling` calls `do_handle_packet`, whose `handle_packet` starts over and only
   * the extern jumps to its phase). It replaces `reparse`, which it includes. Absent: false.
   */
  rerunFromStart?: boolean;
  /**
   * async modes: whether the main core runs a task itself when the co-processor is a burst or
   * more behind (p4ts "help when behind"); the paper's T4P4S does not.
   */
  helpWhenBehind: boolean;
  /**
   * async modes with `helpWhenBehind`: a task the main core runs itself is run at its site, as a
   * synchronous call costing this many cycles beyond the task's work, and the packet goes on at
   * once, without suspending or resuming (the p4ts runtime: a declined task runs at the extern
   * site, the packet going on in the straight path). Absent: a helped packet suspends and resumes
   * like one the co-processor serves (the paper's loop, and p4ts before it ran declined tasks at the site).
   */
  helpAtSiteCycles?: number;
  /**
   * async modes: main-core cycles a packet suspended at a site of a p4ts operation (by number)
   * costs beyond one suspended at any other site (the task's traffic around a park and resume
   * that depends on the operation); may be negative, the suspend never below 0. Absent: none.
   */
  suspendOpCycles?: Readonly<Partial<Record<number, number>>>;
  /**
   * async modes: the p4ts executor's scheduling (`ExecutorScheduling` of `simulate.ts`): bursts
   * published as soon as they are full, a task refused (run by the main core) when the worker's
   * backlog exceeds the burst size, the worker releasing slots every `releaseEvery` tasks. Absent:
   * the paper's loop.
   */
  p4tsExecutor?: {
    readonly releaseEvery: number;
    /** Tasks waiting for the worker (staged included) beyond which a task is refused, by burst size; a burst not listed: the burst size. */
    readonly helpBacklog: Readonly<Record<number, number>>;
    readonly publishWhenIdle: boolean;
    /** Staged tasks a partial burst needs to go out at once to an idle worker, by burst size; a burst not listed: the runtime's rule (`idleBurstOf`, a quarter burst). */
    readonly idleBurst?: Readonly<Record<number, number>>;
    /** Share of its spin window the worker spins on an empty ring before a partial burst may go out to it (it says it is drowsy); absent: the runtime's `DROWSY_SPIN_SHARE`. */
    readonly drowsySpinShare?: number;
  };
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
  /** Whether a task's data is copied into the task and its result back; T4P4S's crypto ops and p4ts tasks work on the packet in place. */
  copiesTaskData: boolean;
  /**
   * Whether each cipher and MAC transform of an operation is offloaded as a task of its own, one
   * after the other: its own crypto op, ring round trip and, in the async modes, suspend and
   * resume (T4P4S's `ipsec_encapsulate`: the encryption in phase 0, the HMAC in phase 1).
   * Absent or false: one task runs all of an operation's transforms (p4ts).
   */
  taskPerTransform?: boolean;
}

export interface Profile {
  name: string;
  description: string;
  /** Main core clock, Hz. */
  clockHz: number;
  /** Cores the data plane uses for packets (the paper: one worker core + one co-processor core). */
  mainCores: number;
  /** Ethernet line rate, bit/s (Infinity: no line, packets are injected in memory). */
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
}

/** Where a parameter's value comes from. */
export type ParamOrigin =
  /** A published fact about the hardware or the paper (source given). */
  | 'documented'
  /** Computed from documented facts by a stated formula. */
  | 'derived'
  /** Measured on this machine by a microbenchmark. */
  | 'measured'
  /** Solved so one named measurement is reproduced. */
  | 'fitted'
  /** An engineering estimate. */
  | 'assumed';

/** Packets per second a line carries for frames of `frameBytes` (without FCS). */
export function lineRatePps(profile: Profile, frameBytes: number): number {
  // minimum Ethernet frame is 60 bytes + FCS
  const onWire = Math.max(frameBytes, 60) + profile.wireOverheadBytes;
  return profile.lineRateBps / (8 * onWire);
}
