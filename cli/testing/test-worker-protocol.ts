/** Messages between the corpus runner and its test worker thread. */
import type { StfTestCase, StfTestOutcome, StfTestSettings } from './stf-test-case.ts';

export interface TestWorkerRequest {
  readonly id: number;
  readonly test: StfTestCase;
  readonly settings: StfTestSettings;
}

export type TestWorkerReply = { readonly type: 'ready' } | { readonly type: 'result'; readonly id: number; readonly outcome: StfTestOutcome };
