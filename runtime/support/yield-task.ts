import type { ExternTask } from '../tasks/executor.ts';

/**
 * The task of an extern site whose work already ran on the main thread (v1model externs made
 * sites by `--async-all`: counters, registers, hashes touch switch state and cannot move to the
 * co-processor). The packet still parks and re-enters at the site, so the resume machinery is
 * exercised exactly as for co-processor work. One per packet descriptor: a packet has at most
 * one task in flight.
 */
export class YieldTask implements ExternTask {
  handle = -1;
  failure: string | null = null;
  /** The site that issued the task (for tracing). */
  site = 0;

  runInline(): void {}
}
