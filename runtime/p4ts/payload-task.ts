/**
 * The extern task of a p4ts extern site: which operation, its arguments, and the packet it
 * works on. One per packet descriptor (a packet has at most one task in flight), filled by the
 * generated code at the site, run inline (`runInline`) or by the co-processor (see
 * `CoprocessorExecutor`), then read back when the packet resumes.
 */
import { ExternFailure, type ExternTask } from '../tasks/executor.ts';
import type { PacketDescriptor } from '../v1model/descriptor.ts';
import { calibrateBurn } from '../coprocessor/registry.ts';
import { PayloadOp, payloadFailureReason, runPayloadOp } from './payload-ops.ts';
import type { SecurityStore } from './security-store.ts';

let mainThreadIterationsPerCycle = 0;

/** This thread's burn calibration, measured once on first use. */
export function burnIterationsPerCycle(): number {
  if (mainThreadIterationsPerCycle === 0) mainThreadIterationsPerCycle = calibrateBurn().iterationsPerCycle;
  return mainThreadIterationsPerCycle;
}

export class PayloadTask implements ExternTask {
  handle = -1;
  failure: string | null = null;
  /** The extern site that issued the task. */
  site = 0;
  op: number = PayloadOp.Burn;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  /** The packet (set at each site; the task is reused). */
  d: PacketDescriptor<unknown> | null = null;

  constructor(readonly store: SecurityStore) {}

  /** Fills the task at a site; ESP encapsulation claims its sequence number and IV here. */
  prepare(d: PacketDescriptor<unknown>, site: number, op: number, a0 = 0, a1 = 0): this {
    this.d = d;
    this.site = site;
    this.op = op;
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = 0;
    this.failure = null;
    if (op === PayloadOp.EspEncapsulate) {
      const sa = this.store.sa(a0);
      if (sa !== undefined) {
        // 0 when the sequence space is used up (numbers start at 1; -1 would cross the
        // co-processor's 32-bit ring as 0xffffffff): encapsulation then fails with esp-seq-overflow.
        this.a1 = Math.max(0, sa.claimSeq());
        this.a2 = sa.claimIvIndex();
      }
    }
    return this;
  }

  /** Applies the outcome of the work: the payload's new end, or a failure. */
  complete(result: number): void {
    if (result < 0) this.failure = payloadFailureReason(result);
    else this.d!.end = result;
  }

  runInline(): void {
    const d = this.d!;
    const op = this.op;
    // only burn needs this thread's calibration (measured on its first use, not on the first ESP packet's)
    const iterationsPerCycle = op === PayloadOp.Burn ? burnIterationsPerCycle() : 0;
    this.complete(runPayloadOp(op, this.store, d.data, d.cursor, d.end, d.data.length, this.a0, this.a1, this.a2, iterationsPerCycle));
  }
}


/** `sync` mode: run the task now (inline or offloaded and waited for); a failure ends the packet. */
export function runTaskSync(d: PacketDescriptor<unknown>, task: PayloadTask): void {
  d.services.runSync(task);
  if (task.failure !== null) throw new ExternFailure(task.failure);
}
