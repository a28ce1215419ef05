/**
 * Worker side of the cross-thread test: rebuilds the SAs from their JSON configs and encapsulates
 * tasks (offset, length, capacity, SA index, seq, IV index) in place in a SharedArrayBuffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EspTaskContext, espEncapsulateTask } from '../../../runtime/ipsec/index.ts';
import type { SaConfig } from '../../../runtime/ipsec/index.ts';

interface Input {
  configs: SaConfig[];
  data: SharedArrayBuffer;
  /** Per task: off, len, cap, saIndex, seq, ivIndex, result. */
  tasks: SharedArrayBuffer;
  count: number;
}

const input = workerData as Input;
const ctx = new EspTaskContext(input.configs);
const buf = new Uint8Array(input.data);
const t = new Float64Array(input.tasks);
for (let i = 0; i < input.count; i++) {
  const b = i * 7;
  t[b + 6] = espEncapsulateTask(ctx, buf, t[b]!, t[b + 1]!, t[b + 2]!, t[b + 3]!, t[b + 4]!, t[b + 5]!);
}
parentPort?.postMessage('done');
