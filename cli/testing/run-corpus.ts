/** Runs a corpus of STF tests one after the other in a worker thread, each with a time limit. */
import type { StfTestCase, StfTestOutcome, StfTestSettings } from './stf-test-case.ts';
import { TestWorker, type TestWorkerOptions } from './test-worker-pool.ts';

export interface CorpusRunOptions {
  /** Limit of each test, compile included (ms). */
  readonly timeLimitMs: number;
  readonly worker?: TestWorkerOptions;
  /** Called as each test ends, in order. */
  readonly onOutcome?: (outcome: StfTestOutcome) => void;
}

export async function runCorpus(tests: readonly StfTestCase[], settings: StfTestSettings, options: CorpusRunOptions): Promise<StfTestOutcome[]> {
  const worker = new TestWorker(options.worker);
  const outcomes: StfTestOutcome[] = [];
  try {
    for (const test of tests) {
      const outcome = await worker.run(test, settings, options.timeLimitMs);
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  } finally {
    await worker.close();
  }
  return outcomes;
}
