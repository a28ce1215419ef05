// Entry of the co-processor worker thread. Node 20 cannot load a .ts file as a worker entry, and
// a worker does not reliably inherit the parent's loader hooks (neither under `tsx` nor under
// vitest), so this plain-JS bootstrap registers tsx's ESM loader in the worker first and then
// imports the real entry, `worker.ts` (its URL comes in `workerData.entry`).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
