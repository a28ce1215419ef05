/**
 * Wire format shared by the main thread and the co-processor worker.
 *
 * A ring slot is `SLOT_WORDS` 32-bit words (32 bytes: two slots to a 64-byte cache line). The
 * header comes first — opcode, status and message code in one word, then the ring-slot handle
 * ("descriptor id") the main loop uses to find the parked packet again, as the paper puts the ring
 * position in front of the task data — followed by where the data lives (packet-pool buffer index;
 * offset and length in one word) and the operation's arguments. Packet bytes are never copied into
 * a ring: they stay in the shared `PacketPool`.
 *
 * Why 32 bytes: every slot the main thread writes is read by the worker, and every result the
 * worker writes is read by the main thread, so each cache line of a ring crosses between the two
 * cores once per use (~80 ns per line on a 2-core machine, measured as a ping-pong:
 * docs/notes/performance-log.md, "The co-processor's ring: 32-byte slots, results in place"). Two
 * tasks to a line halve those transfers on both sides.
 *
 * There is no response ring: the worker writes a task's result into the task's own slot (status,
 * message code and new length in their words; the handle, buffer and offset stay; an argument an
 * operation overwrote carries its result) and releases the slot to the main thread, which reads
 * the results in order from the slots released and reuses a slot only after delivering its
 * result. A slot the worker has just read is a line it holds: writing the result there costs no
 * further crossing, where a separate response slot was one more line to fetch per task.
 */
import type { OpModuleSpec } from './registry.ts';

/** Words per slot (8 × 4 bytes = 32 bytes). */
export const SLOT_WORDS = 8;
/** Operation code (bits 0–7, see `BuiltinOp` and `OpRegistry`), completion status (bits 8–15, `Status`; 0 in requests) and message code (bits 16–31, `ErrorCode` or an op-defined code; 0 in requests). */
export const F_OP = 0;
/** Ring-slot handle / descriptor id chosen by the submitter, returned unchanged. */
export const F_HANDLE = 1;
/** Packet-pool buffer index. */
export const F_BUF = 2;
/** Offset of the data inside the buffer (bits 0–15) and its length (bits 16–31; in a result, the new length). */
export const F_SPAN = 3;
/** First argument word; there are `MAX_ARGS` of them. */
export const F_ARGS = 4;
/** Arguments per task. */
export const MAX_ARGS = 4;
/** Largest message code a slot carries (16 bits). */
export const MAX_CODE = 0xffff;
/** Largest offset, length and buffer size a slot can name (16 bits each). */
export const MAX_SPAN = 0xffff;

/** The `F_OP` word of a task: its opcode (an opcode outside 0..255 becomes 0, which no operation has). */
export function opWord(op: number): number {
  return op >= 0 && op <= 0xff ? op : 0;
}

/** The `F_OP` word of a result. */
export function resultWord(op: number, status: number, code: number): number {
  return (op & 0xff) | ((status & 0xff) << 8) | ((code > MAX_CODE || code < 0 ? MAX_CODE : code) << 16);
}

/** The `F_SPAN` word: offset and length (a value outside 0..`MAX_SPAN` becomes `MAX_SPAN`, which no pool buffer holds: the task fails as `BadTask`). */
export function spanWord(offset: number, length: number): number {
  const o = offset >= 0 && offset <= MAX_SPAN ? offset : MAX_SPAN;
  const l = length >= 0 && length <= MAX_SPAN ? length : MAX_SPAN;
  return o | (l << 16);
}

/** The opcode in an `F_OP` word. */
export function opOf(word: number): number {
  return word & 0xff;
}

/** The status in an `F_OP` word. */
export function statusOf(word: number): number {
  return (word >>> 8) & 0xff;
}

/** The message code in an `F_OP` word. */
export function codeOf(word: number): number {
  return word >>> 16;
}

/** The offset in an `F_SPAN` word. */
export function offsetOf(word: number): number {
  return word & 0xffff;
}

/** The length in an `F_SPAN` word. */
export function lengthOf(word: number): number {
  return word >>> 16;
}

/** Completion status of a task. Anything but `Ok` means the packet is dropped with a reason. */
export const Status = {
  Ok: 0,
  /** The handler threw or returned a negative value; `code` says why. */
  OpError: 1,
  /** No handler is registered for the opcode. */
  UnknownOp: 2,
  /** Buffer index / offset / length out of range of the packet pool. */
  BadTask: 3,
  /** The worker died (exit, uncaught error, terminate) while the task was in flight. */
  Died: 4,
  /** The worker stopped making progress and was recycled while the task was in flight. */
  Hung: 5,
  /** The co-processor was closed while the task was in flight. */
  Closed: 6,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

/** Drop reason for each status, indexed by status (static strings: no allocation). */
export const STATUS_REASON: readonly string[] = [
  'ok',
  'coprocessor-op-error',
  'coprocessor-unknown-op',
  'coprocessor-bad-task',
  'coprocessor-died',
  'coprocessor-hung',
  'coprocessor-closed',
];

/** Returns the drop reason of a status. */
export function reasonOf(status: number): string {
  return STATUS_REASON[status] ?? 'coprocessor-unknown-status';
}

/** Message codes the runtime itself puts in a result (`codeOf`). Op modules use codes 16 .. `MAX_CODE`. */
export const ErrorCode = {
  None: 0,
  /** The handler threw something that was not an `OpError`. */
  Exception: 1,
  /** The handler returned a length that does not fit the buffer. */
  BadLength: 2,
} as const;

/** Opcodes of the built-in operations (always registered, same numbers in every process). */
export const BuiltinOp = {
  /** Returns the data unchanged. */
  Echo: 1,
  /** XORs every byte with `args[0] & 0xff`. */
  Xor: 2,
  /** Spins for about `args[0]` CPU cycles (nominal clock), data unchanged. */
  Burn: 3,
} as const;

/** First opcode handed out by `OpRegistry.define` when a module does not choose one. */
export const FIRST_DYNAMIC_OP = 16;
/** Largest opcode. */
export const MAX_OP = 255;

/** What the main thread hands the worker (structured-cloned; the SharedArrayBuffers are shared). */
export interface WorkerInit {
  request: SharedArrayBuffer;
  pool: SharedArrayBuffer;
  bufferSize: number;
  /** Buffers in the pool (its SharedArrayBuffer may be larger: whole pages). */
  poolBuffers: number;
  opModules: OpModuleSpec[];
  nominalHz: number;
  spinMicros: number;
  /** µs of spinning on an empty ring after which the worker says it is drowsy (`DROWSY_SPIN_SHARE` of `spinMicros` by default). */
  drowsyMicros: number;
  idleWaitMs: number;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'ready'; iterationsPerSecond: number; iterationsPerCycle: number; ops: Array<[string, number]> }
  | { type: 'op-error'; op: number; code: number; message: string };

/**
 * The worker releases the slots it has written results into (one atomic store) at least every
 * this many tasks, and at the end of what was available: few atomic stores for short tasks, early
 * results for long ones. Here, not in `worker.ts` (which starts the worker when loaded), so that
 * the cost model can import it.
 */
export const PUBLISH_EVERY = 16;

/**
 * How many staged tasks the main thread publishes at once, for a burst size, to a worker that has
 * finished everything and has said it is drowsy (`CoprocessorOptions.publishWhenIdle`: spun on an
 * empty ring `DROWSY_SPIN_SHARE` of its spin window without falling asleep): a quarter burst, at
 * least one. A worker that has only just run dry waits for the full burst. The size `Coprocessor`
 * applies; here so that the cost model (`runtime/model/simulate.ts`, which also waits for the
 * drowsy share) applies the same one.
 */
export function idleBurstOf(burstSize: number): number {
  return Math.max(1, burstSize >> 2);
}

/**
 * Share of its spin window (`spinMicros`) the worker spins on an empty ring before it announces
 * it is drowsy (`SpscRing.announceDrowsy`), the sign for the main thread to publish a partial
 * burst (`publishWhenIdle`) rather than let it sleep: half, so that the rest of the window leaves
 * time for the next task to come and go out before the worker parks.
 */
export const DROWSY_SPIN_SHARE = 0.5;

/** Value of the request ring's `CTL_USER` word asking the worker to return. */
export const STOP_FLAG = 1;

/**
 * The worker's own counters, in the request ring's `CTL_STATS` words (a line only the worker
 * writes): plain stores when it releases results or runs dry, read by `Coprocessor.workerStats`
 * for benchmarks and diagnostics. Counts are free-running int32 (differences stay right across a
 * wrap); times are whole microseconds, so a difference is right for spans under 35 minutes.
 */
export const WorkerStat = {
  /** Tasks the worker has run. */
  Served: 0,
  /** Times it found work after finding the ring empty or starting (its batches). */
  Batches: 1,
  /** Microseconds spent spinning on an empty ring. */
  SpinMicros: 2,
  /** Microseconds spent parked in `Atomics.wait`. */
  SleepMicros: 3,
  /** Times it parked. */
  Sleeps: 4,
  /** Its Linux thread id (0 where unknown), for its CPU time in `/proc/self/task/<tid>/schedstat`. */
  ThreadId: 5,
  /**
   * Microseconds between finding work and running dry (wall clock: a spell in which the thread was
   * descheduled counts whole; spells are tens of µs, far shorter than a time slice, so few are).
   */
  BusyMicros: 6,
} as const;
