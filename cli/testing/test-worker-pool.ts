/**
 * Runs STF tests in a worker thread with a time limit per test. A synchronous endless loop in a
 * generated program cannot be interrupted on its own thread; here the test's thread is
 * terminated instead, the test is reported as an error, and a fresh worker takes the next test.
 * The worker is reused across tests while they finish in time (its start-up — tsx, the compiler
 * — is paid once).
 */
import { Worker } from 'node:worker_threads';
import { ownModuleUrl } from '../../runtime/modules/index.ts';
import type { StfTestCase, StfTestOutcome, StfTestSettings } from './stf-test-case.ts';
import type { TestWorkerReply, TestWorkerRequest } from './test-worker-protocol.ts';

const BOOT = new URL('./test-worker-boot.mjs', import.meta.url);
export const DEFAULT_TEST_WORKER_ENTRY = ownModuleUrl('./test-worker.ts', import.meta.url).href;

export interface TestWorkerOptions {
  /** URL of the worker's module (default `test-worker.ts`; tests substitute their own). */
  readonly entry?: string;
  /** How long a new worker may take to load (default 60 s). */
  readonly startupTimeoutMs?: number;
}

export class TestWorker {
  private worker: Worker | undefined;
  private started: Promise<Worker> | undefined;
  private nextId = 1;
  private readonly entry: string;
  private readonly startupTimeoutMs: number;

  constructor(options: TestWorkerOptions = {}) {
    this.entry = options.entry ?? DEFAULT_TEST_WORKER_ENTRY;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 60_000;
  }

  /** Runs one test; resolves with an `error` outcome when it exceeds `timeLimitMs` or the worker dies. */
  async run(test: StfTestCase, settings: StfTestSettings, timeLimitMs: number): Promise<StfTestOutcome> {
    const failed = (message: string): StfTestOutcome => ({ name: test.name, status: 'error', message, details: [message] });
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (e) {
      return failed(`the test worker did not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    const id = this.nextId++;
    return new Promise<StfTestOutcome>((resolve) => {
      const finish = (outcome: StfTestOutcome): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (reply: TestWorkerReply): void => {
        if (reply.type === 'result' && reply.id === id) finish(reply.outcome);
      };
      const onError = (e: unknown): void => {
        this.forget(worker);
        finish(failed(`the test worker failed: ${e instanceof Error ? e.message : String(e)}`));
      };
      const onExit = (code: number): void => {
        this.forget(worker);
        finish(failed(`the test worker exited (code ${code})`));
      };
      const timer = setTimeout(() => {
        this.forget(worker);
        void worker.terminate();
        finish(failed(`time limit of ${formatSeconds(timeLimitMs)} exceeded (the test was stopped)`));
      }, timeLimitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const request: TestWorkerRequest = { id, test, settings };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.started = undefined;
    if (w !== undefined) await w.terminate();
  }

  private forget(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined;
      this.started = undefined;
    }
  }

  private start(): Promise<Worker> {
    this.started ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(BOOT, { workerData: { entry: this.entry } });
      this.worker = worker;
      const fail = (message: string): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        this.forget(worker);
        void worker.terminate();
        reject(new Error(message));
      };
      const onMessage = (reply: TestWorkerReply): void => {
        if (reply.type !== 'ready') return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onStartError);
        worker.off('exit', onStartExit);
        resolve(worker);
      };
      const onStartError = (e: unknown): void => fail(e instanceof Error ? e.message : String(e));
      const onStartExit = (code: number): void => fail(`exited with code ${code} while starting`);
      const timer = setTimeout(() => fail(`not ready after ${formatSeconds(this.startupTimeoutMs)}`), this.startupTimeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onStartError);
      worker.once('exit', onStartExit);
    });
    return this.started;
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
