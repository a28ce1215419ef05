/**
 * How `p4ts run` drives the switch: the merged inputs in batches of `BATCH` packets, each copied
 * once from the reader's buffer into a packet buffer of the switch (`injectFrom`, no view or
 * other allocation per packet) with its slot in the batch as its origin, then the switch run to
 * idle — the public batch API the bench drives. Every output names the slot of the input it came
 * from (clones and multicast copies too), so it is written with that input's timestamp.
 */
import type { AnySwitch } from '../runtime/switch/index.ts';
import type { InputStream } from './pcap-inputs.ts';
import type { RunProgress } from './run-progress.ts';

/** Packets injected before the switch is run to idle (as many as before streaming: the async modes interleave parked packets the same way, so outputs come in the same order). */
export const BATCH = 64;

/** Timestamps of the batch's inputs by slot (the origin the switch hands back with each output). */
export class BatchStamps {
  readonly tsSec = new Float64Array(BATCH);
  readonly tsNanos = new Float64Array(BATCH);
}

export interface SwitchInputsOptions {
  /** Extern tasks run on the worker co-processor: let the event loop turn while packets wait. */
  readonly worker: boolean;
  /** Longest wait for the co-processor without any result, ms. */
  readonly stallMs: number;
}

/** Sends every input through the switch; returns the number of packets read. Throws `InputError` for a malformed input. */
export async function switchInputs<S>(sw: AnySwitch<S>, inputs: InputStream, stamps: BatchStamps, progress: RunProgress, options: SwitchInputsOptions): Promise<number> {
  const { tsSec, tsNanos } = stamps;
  const total = inputs.totalBytes;
  let packets = 0;
  for (;;) {
    let n = 0;
    while (n < BATCH && inputs.next()) {
      tsSec[n] = inputs.tsSec;
      tsNanos[n] = inputs.tsNanos;
      sw.injectFrom(inputs.port, inputs.buffer, inputs.offset, inputs.length, n);
      n++;
    }
    if (n === 0) return packets;
    packets += n;
    if (options.worker) await runToIdle(sw, options.stallMs);
    else sw.runUntilIdle();
    progress.update(packets, inputs.bytesRead, total);
  }
}

/**
 * `runUntilIdle` for a worker co-processor: the same loop, but it lets the event loop turn while
 * packets wait on the worker (and now and then while it works), so a worker's death is noticed.
 */
async function runToIdle<S>(sw: AnySwitch<S>, stallMs: number): Promise<void> {
  let lastProgress = Date.now();
  let sinceYield = 0;
  for (;;) {
    const worked = sw.pump();
    if (worked > 0) {
      lastProgress = Date.now();
      if (++sinceYield >= 256) {
        sinceYield = 0;
        await turn();
      }
      continue;
    }
    if (sw.inFlight === 0) return;
    sw.executor.flush();
    await turn();
    if (Date.now() - lastProgress > stallMs) throw new Error(`the co-processor returned nothing for ${stallMs} ms with ${sw.parked} packets parked`);
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
