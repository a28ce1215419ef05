/**
 * Task-shaped ESP for the co-processor: plain numbers in, plain numbers out, bytes in a (possibly
 * SharedArrayBuffer-backed) Uint8Array. No object crosses threads: a worker builds its own
 * `EspTaskContext` from the same `SaConfig[]` the main thread used, and a task names its SA by
 * index.
 *
 * Counters are assigned by the main thread when the task is created: it calls
 * `claimEspTask(sa)` (or `sa.claimSeq()` and `sa.claimIvIndex()`), puts the sequence number and
 * IV index in the task, and the encrypting thread uses exactly them. Results are therefore the
 * same whichever thread encrypts and in whatever order tasks complete (random-IV SAs excepted:
 * there the encrypting thread draws the IV from its own pool).
 */
import { EspDrop, espDecapsulateAt, espEncapsulateAt } from './esp.ts';
import { SecurityAssociation } from './sa.ts';
import type { SaConfig, SaLookup } from './sa.ts';

/** The SAs of one thread, rebuilt from serialisable configs; index i is `configs[i]`. */
export class EspTaskContext implements SaLookup {
  readonly sas: readonly SecurityAssociation[];
  private readonly bySpi = new Map<number, SecurityAssociation>();

  constructor(configs: readonly SaConfig[]) {
    this.sas = configs.map((c) => new SecurityAssociation(c));
    for (const sa of this.sas) this.bySpi.set(sa.spi, sa);
  }

  get(spi: number): SecurityAssociation | undefined {
    return this.bySpi.get(spi);
  }
}

/**
 * Encapsulates, in place, the frame at `buf[off .. off+len)` with SA number `saIndex`, sequence
 * number `seq` and IV index `ivIndex` (both claimed on the main thread). The result replaces the
 * frame, starting at `off`; `cap` bytes from `off` are available. Returns the new length or a
 * negative `EspDrop` code.
 */
export function espEncapsulateTask(
  ctx: EspTaskContext,
  buf: Uint8Array,
  off: number,
  len: number,
  cap: number,
  saIndex: number,
  seq: number,
  ivIndex: number,
): number {
  const sa = ctx.sas[saIndex];
  if (sa === undefined) return EspDrop.UnknownSpi;
  return espEncapsulateAt(sa, seq, ivIndex, buf, off, len, buf, off, cap);
}

/** Decapsulates, in place, the ESP frame at `buf[off .. off+len)`; SA found by SPI. */
export function espDecapsulateTask(ctx: EspTaskContext, buf: Uint8Array, off: number, len: number, cap: number): number {
  return espDecapsulateAt(buf, off, len, ctx, buf, off, cap);
}

/**
 * Main thread: claims the counters for one encapsulation task. Writes [seq, ivIndex] into
 * `into[at]`, `into[at+1]` (e.g. the task's slot in an Int32/Float64 ring) and returns the
 * sequence number, or -1 when the sequence space is exhausted.
 */
export function claimEspTask(sa: SecurityAssociation, into: Float64Array | Uint32Array, at: number): number {
  const seq = sa.claimSeq();
  if (seq < 0) return -1;
  into[at] = seq;
  into[at + 1] = sa.claimIvIndex();
  return seq;
}
