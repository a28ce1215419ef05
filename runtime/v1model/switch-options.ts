/**
 * What a `V1Switch` can be configured with, and the defaults it takes.
 */
import type { Tracer } from '../trace/index.ts';
import type { Clock } from './externs/clock.ts';
import type { PacketDescriptor } from './descriptor.ts';
import type { ExternExecutor } from '../tasks/executor.ts';

export interface V1SwitchOptions<S> {
  /** Async modes: where extern tasks run (default: a new `InlineExecutor`). */
  executor?: ExternExecutor;
  /**
   * Sync mode: when given, `runSync` submits each task here and waits for it (the paper's
   * non-async offload); otherwise the task runs inline on this thread.
   */
  syncExecutor?: ExternExecutor;
  /**
   * When the executor refuses a task (full), run it inline on this thread and continue the
   * packet at once (default true: the main core helps a co-processor that falls behind). With
   * false, the packet waits in a blocked queue and new packets are not started until it is taken.
   */
  inlineFallback?: boolean;
  /**
   * Use the program's straight path when it has one (default true; not with a `tracer`). False drives every packet
   * through the stage functions one by one (the general path), as for programs without one.
   */
  straightPath?: boolean;
  /** Drop port (default 511). */
  dropPort?: number;
  /** Largest frame accepted by `inject` (default 9216). */
  maxFrameSize?: number;
  /**
   * Allocates a descriptor's packet buffer (default: a fresh `Uint8Array`). The worker
   * co-processor passes buffers of its shared packet pool, so a task points at the packet's
   * bytes instead of copying them.
   */
  allocateBuffer?: (size: number) => Uint8Array;
  /**
   * Bytes the deparser may add in front of what the parser extracted (default 512, as bmv2's
   * limit): buffers keep this much headroom before the frame, so emitted headers are placed just
   * before the payload and the payload is never moved.
   */
  headroom?: number;
  /** Descriptors created up front (default 64) and at most (default 1024). */
  initialDescriptors?: number;
  maxDescriptors?: number;
  /** Resubmits + recirculations allowed per instance before it is dropped `loop-limit` (default 16). */
  maxPasses?: number;
  /** Work items processed between two polls of the executor (default 32). */
  burst?: number;
  /** Clock of the global timestamps (default: real time). */
  clock?: Clock;
  /** Seed of `random` (default 1). */
  seed?: number;
  /** What a failing assert/assume does: drop the packet (default) or drop it and throw from the run (bmv2 aborts). */
  assertPolicy?: 'drop' | 'abort';
  /** What a stage that throws does: drop the packet and rethrow from the run (default) or only drop it. */
  errorPolicy?: 'throw' | 'drop';
  /** `runUntilIdle` throws if async tasks make no progress for this long (default 10 s). */
  stallTimeoutMs?: number;
  /**
   * Each transmitted packet; `bytes` is a view valid only during the call. `origin` is the number
   * given with the input it came from (`inject*`; clones and multicast copies keep their original's).
   */
  onOutput?: (port: number, bytes: Uint8Array, origin: number) => void;
  /** Allocation-free alternative to `onOutput`: the frame is `buffer[offset, offset + length)`, valid during the call. */
  onOutputRaw?: (port: number, buffer: Uint8Array, offset: number, length: number, origin: number) => void;
  /** Each dropped instance (descriptor valid during the call; null when no descriptor could be allocated). */
  onDrop?: (reason: string, d: PacketDescriptor<S> | null) => void;
  /** Each digest (default: kept in `switch.digests`). */
  onDigest?: (receiver: number, data: object, d: PacketDescriptor<S>, type: string) => void;
  /** Each `log_msg` (default: discarded, counted in `stats.logMessages`). */
  onLog?: (message: string, d: PacketDescriptor<S>) => void;
  /**
   * Reports each packet's path (arrival, extern sites, copies, egress port, output, drop with its
   * reason) and `log_msg`; a program compiled with tracing adds its parser states, extractions
   * and table applies. Without it the switch reports nothing.
   */
  tracer?: Tracer;
}
