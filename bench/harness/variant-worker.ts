/** The worker side of `isolated.ts`: builds the variant, then runs rounds on request. */
import { parentPort, workerData } from 'node:worker_threads';
import type { IsolatedSpec, WorkerReply } from './isolated.ts';
import { GcCounter, runFor, settle, type Variant } from './measure.ts';

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
  port.on('message', (m: { seconds: number; cpu: boolean }) => {
    void (async () => {
      try {
        await settle();
        const m0 = gc.minor;
        const M0 = gc.major;
        const r = runFor(variant, m.seconds, m.cpu);
        await settle();
        send({ kind: 'round', result: { ...r, gcMinor: gc.minor - m0, gcMajor: gc.major - M0 } });
      } catch (e) {
        send({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    })();
  });
  send({ kind: 'ready' });
} catch (e) {
  send({ kind: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
