/**
 * The interface between the switch and whatever runs extern tasks asynchronously (the inline
 * executor below, the worker co-processor of `runtime/coprocessor/` once it is plugged in).
 *
 * Protocol (the paper's Algorithm 1, with a flush so a partial burst never stalls):
 * - the switch sets `task.handle` to the parked descriptor's slot and calls `submit(task)`;
 *   `false` means "full, not taken" (backpressure) and the switch keeps ownership of the task;
 * - the executor may queue submitted tasks and send them as a burst once `burstSize` are queued;
 * - `flush()` sends whatever is queued now (the switch calls it when it has nothing else to do);
 * - `poll(cb)` hands every completed task back, once, through `cb`, and returns how many.
 * A task object is owned by the executor from a successful `submit` until `poll` returns it.
 */
export interface ExternTask {
  /** Ring-slot handle: the descriptor slot of the parked packet. Set by the switch; returned unchanged. */
  handle: number;
  /**
   * `null` when the task succeeded. Otherwise a static drop-reason string (e.g. `coprocessor-died`):
   * the switch drops the packet with that reason instead of resuming it.
   */
  failure: string | null;
  /** Performs the extern's work on the calling thread, storing its result in the task. */
  runInline(): void;
}

/**
 * Thrown in `sync` mode when an extern's work failed: the switch drops the packet with the
 * failure as its reason (in the async modes the switch sees the failed task itself).
 */
export class ExternFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ExternFailure';
  }
}

export interface ExternExecutor {
  /** Takes the task (returns true) or refuses it because it is full (returns false). */
  submit(task: ExternTask): boolean;
  /** Delivers completed tasks to `cb`; returns the number delivered. */
  poll(cb: (task: ExternTask) => void): number;
  /** Sends any queued partial burst now. */
  flush(): void;
  /**
   * Optional: whether the executor is too far behind to take `task` now and would refuse it, so
   * the caller had better run it on its own thread at once (help when behind) instead of
   * submitting it. `true` counts as help given.
   */
  declines?(task: ExternTask): boolean;
}

export interface InlineExecutorOptions {
  /** Tasks queued before a burst is run automatically (default 32). */
  burstSize?: number;
  /** Tasks the executor holds at once, queued + completed (default 1024); `submit` refuses beyond. */
  capacity?: number;
}

/**
 * Runs tasks on the calling thread, but only in bursts and hands the results back only through
 * `poll`, so the switch's park → submit → poll → re-enter path is exercised exactly as with a real
 * co-processor. Fixed rings, no allocation per task.
 */
export class InlineExecutor implements ExternExecutor {
  readonly burstSize: number;
  readonly capacity: number;
  private readonly queued: Array<ExternTask | null>;
  private readonly done: Array<ExternTask | null>;
  private qHead = 0;
  private qCount = 0;
  private dHead = 0;
  private dCount = 0;
  /** Statistics: tasks run, bursts run, submissions refused. */
  executed = 0;
  bursts = 0;
  refused = 0;

  constructor(options: InlineExecutorOptions = {}) {
    this.burstSize = Math.max(1, options.burstSize ?? 32);
    this.capacity = Math.max(this.burstSize, options.capacity ?? 1024);
    this.queued = new Array<ExternTask | null>(this.capacity).fill(null);
    this.done = new Array<ExternTask | null>(this.capacity).fill(null);
  }

  /** Tasks submitted and not yet handed back by `poll`. */
  get outstanding(): number {
    return this.qCount + this.dCount;
  }

  submit(task: ExternTask): boolean {
    if (this.qCount + this.dCount >= this.capacity) {
      this.refused++;
      return false;
    }
    this.queued[(this.qHead + this.qCount) % this.capacity] = task;
    this.qCount++;
    if (this.qCount >= this.burstSize) this.flush();
    return true;
  }

  flush(): void {
    if (this.qCount === 0) return;
    this.bursts++;
    while (this.qCount > 0) {
      const task = this.queued[this.qHead]!;
      this.queued[this.qHead] = null;
      this.qHead = (this.qHead + 1) % this.capacity;
      this.qCount--;
      try {
        task.runInline();
      } catch {
        task.failure = 'extern-exception';
      }
      this.executed++;
      this.done[(this.dHead + this.dCount) % this.capacity] = task;
      this.dCount++;
    }
  }

  poll(cb: (task: ExternTask) => void): number {
    // Deliver only what is complete now; tasks completed by callbacks wait for the next poll.
    let n = this.dCount;
    const delivered = n;
    while (n-- > 0) {
      const task = this.done[this.dHead]!;
      this.done[this.dHead] = null;
      this.dHead = (this.dHead + 1) % this.capacity;
      this.dCount--;
      cb(task);
    }
    return delivered;
  }
}
