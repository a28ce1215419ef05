/** The worker side of `isolated.ts`: builds the variant, then runs rounds on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { IsolatedSpec, RunnerRequest, WorkerReply } from './isolated.ts';
import { GcCounter, measuredRound, warmUp, type Variant } from './measure.ts';

const port = parentPort!;
const spec = (workerData as { spec: IsolatedSpec }).spec;

function send(m: WorkerReply): void {
  port.postMessage(m);
}

function isVariant(v: unknown): v is Variant {
  return typeof v === 'object' && v !== null && typeof Reflect.get(v, 'batch') === 'function';
}

try {
  const mod: unknown = await import(spec.module);
  const factory: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, spec.factory) : undefined;
  if (typeof factory !== 'function') throw new Error(`${spec.module} does not export a function '${spec.factory}'`);
  const variant: unknown = await (factory as (o: unknown) => unknown)(spec.options);
  if (!isVariant(variant)) throw new Error(`${spec.factory}() did not return a Variant`);
  const gc = new GcCounter();
  port.on('message', (m: RunnerRequest) => {
    void (async () => {
      try {
        if (m.kind === 'warm-up') send({ kind: 'warm-up', result: warmUp(variant, m.budget) });
        else send({ kind: 'round', result: await measuredRound(variant, m.seconds, gc, m.cpu) });
      } catch (e) {
        send({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    })();
  });
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
