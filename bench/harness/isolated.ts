/**
 * Isolated variants: a variant built and run in a worker thread of its own (its own V8 isolate,
 * so its own JIT type feedback), driven round by round from the main thread. Only one variant
 * runs at a time; the main thread waits for the round's result.
 *
 * The worker imports `spec.module` and calls its export `spec.factory(spec.options)`, which
 * returns (a promise of) a `Variant`. Options must be structured-cloneable.
 */
import { Worker } from 'node:worker_threads';
import type { RoundResult, Runner, WarmUpBudget, WarmUpResult } from './measure.ts';
import { ownModuleUrl } from '../../runtime/modules/index.ts';

export interface IsolatedSpec {
  readonly label: string;
  /** URL of the module that builds the variant. */
  readonly module: string;
  /** Name of the exported factory: `(options) => Variant | Promise<Variant>`. */
  readonly factory: string;
  readonly options: unknown;
}

/** Messages to the worker: warm the variant up, or run a measured round. */
export type RunnerRequest = { readonly kind: 'warm-up'; readonly budget: WarmUpBudget } | { readonly kind: 'round'; readonly seconds: number; readonly cpu: boolean };

/** Messages from the worker. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'warm-up'; readonly result: WarmUpResult }
  | { readonly kind: 'round'; readonly result: RoundResult }
  | { readonly kind: 'error'; readonly message: string };

const BOOT = new URL('./variant-boot.mjs', import.meta.url);
const ENTRY = ownModuleUrl('./variant-worker.ts', import.meta.url).href;

/** Starts the worker, builds the variant there, and returns its runner once it is ready. */
export async function isolated(spec: IsolatedSpec): Promise<Runner> {
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY, spec } });
  let pending: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const next = (): Promise<WorkerReply> =>
    new Promise((resolve, reject) => {
      if (failure !== null) reject(failure);
      else pending = { resolve, reject };
    });
  worker.on('message', (m: WorkerReply) => {
    const p = pending;
    pending = null;
    p?.resolve(m);
  });
  const fail = (e: Error): void => {
    failure = e;
    const p = pending;
    pending = null;
    p?.reject(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`variant worker '${spec.label}' exited (code ${code})`)));
  const expect = async <K extends WorkerReply['kind']>(kind: K): Promise<Extract<WorkerReply, { kind: K }>> => {
    const m = await next();
    if (m.kind === 'error') throw new Error(`${spec.label}: ${m.message}`);
    if (m.kind !== kind) throw new Error(`${spec.label}: expected '${kind}' from the worker, got '${m.kind}'`);
    return m as Extract<WorkerReply, { kind: K }>;
  };
  try {
    await expect('ready');
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    label: spec.label,
    async warmUp(budget: WarmUpBudget): Promise<WarmUpResult> {
      const reply = expect('warm-up');
      worker.postMessage({ kind: 'warm-up', budget } satisfies RunnerRequest);
      return (await reply).result;
    },
    async round(seconds: number, cpu = false): Promise<RoundResult> {
      const reply = expect('round');
      worker.postMessage({ kind: 'round', seconds, cpu } satisfies RunnerRequest);
      return (await reply).result;
    },
    async close(): Promise<void> {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
