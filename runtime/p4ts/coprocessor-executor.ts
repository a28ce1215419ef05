/**
 * The worker co-processor as the switch's `ExternExecutor`: p4ts payload tasks go to the worker
 * through the SharedArrayBuffer rings (the packet's bytes are in the shared pool, so only
 * numbers cross); anything else runs inline and completes at once.
 *
 * "Help when behind": when the co-processor is behind (`Coprocessor.behind`), `submit` refuses the task
 * and the switch runs it itself (`V1SwitchOptions.inlineFallback`, on by default; the packet goes
 * on at once), so both cores work instead of the main core idling.
 */
import { Coprocessor, nowMicros, type CoprocessorOptions } from '../coprocessor/index.ts';
import type { PacketPool } from '../coprocessor/pool.ts';
import { Status, reasonOf } from '../coprocessor/protocol.ts';
import type { ExternExecutor, ExternTask } from '../tasks/executor.ts';
import { ownModuleUrl } from '../modules/index.ts';
import { PAYLOAD_CODE_BASE, PAYLOAD_OP_NAME } from './coprocessor-ops.ts';
import { payloadFailureReason } from './payload-ops.ts';
import { PayloadTask } from './payload-task.ts';
import type { SecurityStore } from './security-store.ts';
import { SharedSecurityConfig } from './shared-config.ts';

export interface CoprocessorExecutorOptions extends Omit<CoprocessorOptions, 'opModules' | 'pool'> {
  /** Run tasks on the main thread when the worker is behind (`Coprocessor.behind`; default true). */
  helpWhenBehind?: boolean;
}

export class CoprocessorExecutor implements ExternExecutor {
  readonly coprocessor: Coprocessor;
  private readonly shared = new SharedSecurityConfig();
  private published = -1;
  private op = -1;
  /**
   * Tasks the worker has, at index handle + 1: a parked packet's handle is its descriptor's slot,
   * the switch's `runSync` task's is -1 — at index 0, since a negative index would be a named
   * property of the array, a dictionary lookup on every access (a few hundred ns per sync task).
   */
  private readonly inFlight: (ExternTask | undefined)[] = [];
  /**
   * Tasks completed without the worker (inline), waiting to be handed back by `poll`: slots
   * [doneHead, doneCount) of an array that keeps its length (no allocation per task once grown).
   */
  private readonly done: (ExternTask | null)[] = [];
  private doneHead = 0;
  private doneCount = 0;
  private readonly helpWhenBehind: boolean;
  private readonly deliver = (handle: number, status: number, _buf: number, _offset: number, length: number, code: number): void => {
    const task = this.inFlight[handle + 1];
    if (task === undefined) return;
    this.inFlight[handle + 1] = undefined;
    const t = task as PayloadTask;
    if (status === Status.Ok) t.d!.end = t.d!.cursor + length;
    else task.failure = status === Status.OpError && code > PAYLOAD_CODE_BASE ? payloadFailureReason(PAYLOAD_CODE_BASE - code) : reasonOf(status);
    this.callback!(task);
  };
  private callback: ((task: ExternTask) => void) | undefined;
  /** Tasks the main thread ran because the worker was behind. */
  helped = 0;
  /**
   * The task `declines` last let through (the switch asks before a packet parks, `runHere`, then
   * submits the same task at once): `submit` does not ask a second time for it.
   */
  private admitted: ExternTask | null = null;
  /**
   * Per task handle (a descriptor's slot, or -1 for `runSync`'s task; at index handle + 1 as
   * `inFlight`): the packet bytes last submitted under it, their pool buffer and where they start
   * in it — found once per descriptor (a descriptor keeps its buffer), not per task.
   */
  private readonly dataOf: (Uint8Array | undefined)[] = [];
  private readonly bufOf: number[] = [];
  private readonly startOf: number[] = [];

  constructor(
    private readonly security: SecurityStore,
    readonly pool: PacketPool,
    options: CoprocessorExecutorOptions = {},
  ) {
    this.helpWhenBehind = options.helpWhenBehind ?? true;
    this.coprocessor = new Coprocessor({
      ...options,
      pool,
      opModules: [{ url: ownModuleUrl('./coprocessor-ops.ts', import.meta.url).href, config: { shared: this.shared.sab, nominalHz: options.nominalHz } }],
    });
  }

  /** Starts the worker (publishing the current SAs and keys). */
  async start(): Promise<void> {
    this.publish();
    await this.coprocessor.start();
    this.op = this.coprocessor.opcode(PAYLOAD_OP_NAME);
  }

  close(): void {
    this.coprocessor.close();
  }

  private publish(): void {
    if (this.published === this.security.version) return;
    this.shared.publish(this.security.config());
    this.published = this.security.version;
  }

  /** Notes which pool buffer the bytes `data` submitted under `handle` live in (-1: not in the shared pool), and where in it they start. */
  private locate(handle: number, data: Uint8Array): void {
    const buf = data.buffer === this.pool.sab ? Math.floor(data.byteOffset / this.pool.bufferSize) : -1;
    this.dataOf[handle + 1] = data;
    this.bufOf[handle + 1] = buf;
    this.startOf[handle + 1] = buf >= 0 ? data.byteOffset - buf * this.pool.bufferSize : 0;
  }

  /** A p4ts task while the worker is behind (`Coprocessor.behind`, counted as help): the caller runs it instead. */
  declines(task: ExternTask): boolean {
    if (!this.helpWhenBehind || this.op < 0 || !(task instanceof PayloadTask)) return false;
    if (!this.coprocessor.behind) {
      this.admitted = task;
      return false;
    }
    this.helped++;
    return true;
  }

  submit(task: ExternTask): boolean {
    // Refused when behind: the switch runs the task on its own thread at once (its inline
    // fallback) and the packet goes on in the same call, instead of waiting for the next poll.
    // A task `declines` has just let through is not asked about again.
    if (task !== this.admitted && this.declines(task)) return false;
    this.admitted = null;
    if (task instanceof PayloadTask && this.op >= 0) {
      const d = task.d!;
      const h = task.handle;
      const data = d.data;
      if (this.dataOf[h + 1] !== data) this.locate(h, data);
      const buf = this.bufOf[h + 1]!;
      if (buf >= 0) {
        this.publish();
        if (this.coprocessor.submitOp(this.op, h, buf, this.startOf[h + 1]! + d.cursor, d.end - d.cursor, task.op, task.a0, task.a1, task.a2)) {
          this.inFlight[h + 1] = task;
          return true;
        }
        if (!this.helpWhenBehind) return false;
      }
    }
    // Inline: work the switch's own thread does (v1model externs, or helping the worker).
    try {
      task.runInline();
    } catch {
      task.failure = 'extern-exception';
    }
    this.done[this.doneCount++] = task;
    return true;
  }

  poll(cb: (task: ExternTask) => void): number {
    let n = 0;
    while (this.doneHead < this.doneCount) {
      const task = this.done[this.doneHead]!;
      this.done[this.doneHead++] = null;
      cb(task);
      n++;
    }
    if (this.doneHead === this.doneCount) {
      this.doneHead = 0;
      this.doneCount = 0;
    }
    this.callback = cb;
    const cop = this.coprocessor;
    // The clock only when a partial burst waits for its flush timeout (a reading allocates).
    if (cop.needsTick) cop.tick(nowMicros());
    n += cop.poll(this.deliver);
    return n;
  }

  flush(): void {
    this.coprocessor.flush();
  }

  /** Sleeps until the worker has a result (see `Coprocessor.waitForResult`); at once when a task completed inline waits for `poll`. */
  waitForResult(timeoutMs = 1): void {
    if (this.doneHead < this.doneCount) return;
    this.coprocessor.waitForResult(timeoutMs);
  }
}
