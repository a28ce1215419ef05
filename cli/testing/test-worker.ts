/**
 * The STF test worker thread: runs the test cases its parent sends, one at a time, and answers
 * each with its outcome. The parent terminates the thread when a test exceeds its time limit.
 */
import { parentPort } from 'node:worker_threads';
import { loadCompiler } from '../compile-program.ts';
import { runStfTestCase } from './stf-test-case.ts';
import type { TestWorkerReply, TestWorkerRequest } from './test-worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('test-worker.ts must run in a worker thread');

port.on('message', (request: TestWorkerRequest) => {
  void runStfTestCase(request.test, request.settings).then((outcome) => {
    const reply: TestWorkerReply = { type: 'result', id: request.id, outcome };
    port.postMessage(reply);
  });
});
// Load the compiler before saying ready, so the first test's time limit does not pay for it. A
// compiler that fails to load is reported by each test instead.
await loadCompiler().catch(() => undefined);
const ready: TestWorkerReply = { type: 'ready' };
port.postMessage(ready);
