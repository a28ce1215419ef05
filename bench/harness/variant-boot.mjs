// Entry of an isolated benchmark variant's worker thread. Node 20 cannot start a worker from a
// .ts file and a worker does not reliably inherit the parent's tsx loader, so this plain-JS
// bootstrap registers tsx first and then imports the real entry (its URL is `workerData.entry`).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
