/**
 * Wire format shared by the main thread and the co-processor worker.
 *
 * A ring slot is `SLOT_WORDS` 32-bit words (64 bytes, one cache line). The header comes first —
 * opcode, status, and the ring-slot handle ("descriptor id") the main loop uses to find the
 * parked packet again, as the paper puts the ring position in front of the task data — followed by
 * where the data lives (packet-pool buffer index, offset, length) and the operation's arguments.
 * Packet bytes are never copied into a ring: they stay in the shared `PacketPool`.
 *
 * Request and response slots have the same layout; the worker copies the header of a request into
 * the response and fills in `status`, the new `length`, `code` (error message code) and may
 * overwrite arguments with results.
 */
import type { OpModuleSpec } from './registry.ts';

/** Words per slot (16 × 4 bytes = 64 bytes). */
export const SLOT_WORDS = 16;
/** Operation code (see `BuiltinOp` and `OpRegistry`). */
export const F_OP = 0;
/** Completion status (`Status`); 0 in requests. */
export const F_STATUS = 1;
/** Ring-slot handle / descriptor id chosen by the submitter, returned unchanged. */
export const F_HANDLE = 2;
/** Packet-pool buffer index. */
export const F_BUF = 3;
/** Offset of the data inside the buffer. */
export const F_OFFSET = 4;
/** Length of the data; in a response, the new length. */
export const F_LENGTH = 5;
/** Error message code (`ErrorCode` or an op-defined code) in a response; 0 in requests. */
export const F_CODE = 6;
/** Reserved (keeps the arguments on an 8-word boundary). */
export const F_RESERVED = 7;
/** First argument word; there are `MAX_ARGS` of them. */
export const F_ARGS = 8;
/** Arguments per task. */
export const MAX_ARGS = 8;

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

/** Message codes the runtime itself puts in `F_CODE`. Op modules use codes ≥ 16. */
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
  response: SharedArrayBuffer;
  pool: SharedArrayBuffer;
  bufferSize: number;
  opModules: OpModuleSpec[];
  nominalHz: number;
  spinMicros: number;
  idleWaitMs: number;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'ready'; iterationsPerSecond: number; iterationsPerCycle: number; ops: Array<[string, number]> }
  | { type: 'op-error'; op: number; code: number; message: string };

/**
 * The worker publishes its results (and releases the request slots they came from) at least every
 * this many tasks, and at the end of what was available: few atomic stores for short tasks, early
 * results for long ones. Here, not in `worker.ts` (which starts the worker when loaded), so that
 * the cost model can import it.
 */
export const PUBLISH_EVERY = 16;

/** Value of the request ring's `CTL_USER` word asking the worker to return. */
export const STOP_FLAG = 1;
