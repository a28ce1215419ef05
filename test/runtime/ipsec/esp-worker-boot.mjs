// Plain-JS entry for the ESP worker test: Node 20 cannot start a worker from a .ts file and a
// worker does not inherit the parent's loader hooks, so register tsx here, then load the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
