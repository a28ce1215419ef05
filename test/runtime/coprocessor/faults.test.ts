import { afterEach, describe, expect, test } from 'vitest';
import { BuiltinOp, Coprocessor, ErrorCode, Status, nowMicros, reasonOf } from '../../../runtime/coprocessor/index.ts';
import { Collector, TEST_OPS_URL, balanced, closeAll, startCop, until } from './helpers.ts';

afterEach(closeAll);

describe('co-processor faults: nothing in flight is lost', () => {
  test('a throwing op fails only its own task, with a message code', async () => {
    const cop = await startCop();
    const col = new Collector();
    const b = cop.pool.alloc();
    const fail = cop.opcode('fail');
    cop.submitOp(BuiltinOp.Echo, 1, b, 0, 4);
    cop.submitOp(fail, 2, b, 0, 4, 77);
    cop.submitOp(fail, 3, b, 0, 4, 0);
    cop.submitOp(cop.opcode('fail-ret'), 4, b, 0, 4, 12);
    cop.submitOp(200, 5, b, 0, 4);
    cop.submitOp(BuiltinOp.Echo, 6, 100000, 0, 4);
    cop.submitOp(BuiltinOp.Echo, 7, b, 0, 4);
    cop.submitOp(BuiltinOp.Echo, 8, b, -1, 4); // an offset a slot cannot carry
    cop.submitOp(cop.opcode('fail-ret'), 9, b, 0, 4, 70000); // a code above 16 bits
    cop.flush();
    expect(await cop.drain(col.cb)).toBe(0);
    const st = col.results.map((r) => [r.handle, r.status, r.code]);
    expect(st).toEqual([
      [1, Status.Ok, 0],
      [2, Status.OpError, 77],
      [3, Status.OpError, ErrorCode.Exception],
      [4, Status.OpError, 12],
      [5, Status.UnknownOp, 0],
      [6, Status.BadTask, 0],
      [7, Status.Ok, 0],
      [8, Status.BadTask, 0],
      [9, Status.OpError, 65535],
    ]);
    expect(cop.stats.failed).toBe(7);
    expect(cop.stats.restarts).toBe(0);
    expect(await until(() => cop.lastError !== undefined, 1000)).toBe(true);
    expect(cop.lastError).toMatch(/asked to fail|plain failure/);
    expect(balanced(cop)).toBe(true);
  });

  test('a worker that exits mid-burst: the rest of the burst fails as coprocessor-died, a new worker carries on', async () => {
    const cop = await startCop({ burstSize: 16, capacity: 64 });
    const col = new Collector();
    const b = cop.pool.alloc();
    // Three results published by the worker but not polled yet when it dies: kept as Ok.
    for (let i = 0; i < 3; i++) cop.submitOp(BuiltinOp.Echo, i, b, 0, 4);
    cop.flush();
    expect(await until(() => cop.backlog === 0, 15_000)).toBe(true);
    cop.submitOp(cop.opcode('exit'), 3, b, 0, 4);
    for (let i = 4; i < 10; i++) cop.submitOp(BuiltinOp.Echo, i, b, 0, 4);
    cop.flush();
    // Staged (unpublished) tasks at the time of death move to the new worker.
    for (let i = 10; i < 13; i++) cop.submitOp(BuiltinOp.Echo, i, b, 0, 4);
    expect(await until(() => cop.stats.restarts === 1, 15_000)).toBe(true);
    expect(await until(() => cop.state === 'running', 15_000)).toBe(true);
    expect(await cop.drain(col.cb)).toBe(0);
    const byHandle = new Map(col.results.map((r) => [r.handle, r.status]));
    expect(byHandle.size).toBe(13);
    for (let i = 0; i < 3; i++) expect(byHandle.get(i)).toBe(Status.Ok);
    for (let i = 3; i < 10; i++) expect(byHandle.get(i)).toBe(Status.Died);
    for (let i = 10; i < 13; i++) expect(byHandle.get(i)).toBe(Status.Ok);
    expect(reasonOf(Status.Died)).toBe('coprocessor-died');
    expect(cop.stats.lost).toBe(7);
    expect(balanced(cop)).toBe(true);
    // The new worker works.
    cop.submitOp(BuiltinOp.Xor, 50, b, 0, 4, 1);
    cop.flush();
    await cop.drain(col.cb);
    expect(col.byHandle(50)?.status).toBe(Status.Ok);
    expect(balanced(cop)).toBe(true);
  });

  test('worker.terminate() while tasks are in flight', async () => {
    const cop = await startCop({ burstSize: 4, capacity: 64 });
    const col = new Collector();
    const b = cop.pool.alloc();
    for (let i = 0; i < 20; i++) cop.submitOp(BuiltinOp.Burn, i, b, 0, 4, 3_000_000); // ~1 ms each
    cop.flush();
    await new Promise<void>((r) => setTimeout(r, 3));
    await cop.workerThread!.terminate();
    expect(await until(() => cop.state === 'running' && cop.stats.restarts === 1, 15_000)).toBe(true);
    expect(await cop.drain(col.cb)).toBe(0);
    expect(col.results.length).toBe(20);
    expect(cop.stats.lost).toBeGreaterThan(0);
    expect(cop.stats.completed + cop.stats.lost).toBe(20);
    expect(col.results.every((r) => r.status === Status.Ok || r.status === Status.Died)).toBe(true);
    expect(balanced(cop)).toBe(true);
  });

  test('a full ring pushes back; everything accepted completes', async () => {
    const cop = await startCop({ burstSize: 4, capacity: 16 });
    const col = new Collector();
    const b = cop.pool.alloc();
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      if (cop.submitOp(BuiltinOp.Burn, i, b, 0, 4, 300_000)) accepted++;
      else refused++;
    }
    expect(accepted).toBe(16);
    expect(refused).toBe(24);
    expect(cop.stats.ringFull).toBe(24);
    expect(cop.inflight).toBe(16);
    expect(cop.behind).toBe(true);
    // Draining makes room again.
    expect(await cop.drain(col.cb)).toBe(0);
    expect(cop.submitOp(BuiltinOp.Echo, 100, b, 0, 4)).toBe(true);
    expect(await cop.drain(col.cb)).toBe(0);
    expect(col.results.length).toBe(17);
    expect(cop.stats.submitted).toBe(17);
    expect(balanced(cop)).toBe(true);
  });

  test("a callback that submits into the slot of the result it is given still reads that result's arguments", async () => {
    const cop = await startCop({ burstSize: 8, capacity: 8, publishWhenIdle: false });
    const b = cop.pool.alloc();
    for (let i = 0; i < 8; i++) expect(cop.submitOp(BuiltinOp.Echo, i, b, 0, 4, 100 + i)).toBe(true);
    expect(await until(() => cop.backlog === 0, 15_000)).toBe(true); // all done, none polled: the ring is full
    const seen: number[] = [];
    cop.poll((handle) => {
      if (handle === 0) expect(cop.submitOp(BuiltinOp.Echo, 8, b, 0, 4, 777)).toBe(true); // takes slot 0 again
      seen.push(cop.resultArg(0));
    });
    expect(seen).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    const col = new Collector();
    expect(await cop.drain(col.cb)).toBe(0);
    expect(col.results.map((r) => r.handle)).toEqual([8]);
    expect(balanced(cop)).toBe(true);
  });

  test('results not polled count as in flight, so no slot is reused before its result is polled', async () => {
    const cop = await startCop({ burstSize: 8, capacity: 8, publishWhenIdle: false });
    const b = cop.pool.alloc();
    for (let i = 0; i < 8; i++) expect(cop.submitOp(BuiltinOp.Echo, i, b, 0, 4)).toBe(true);
    await new Promise<void>((r) => setTimeout(r, 20)); // all done by the worker, none polled
    expect(cop.backlog).toBe(0);
    expect(cop.submitOp(BuiltinOp.Echo, 8, b, 0, 4)).toBe(false);
    const col = new Collector();
    expect(cop.poll(col.cb)).toBe(8);
    expect(balanced(cop)).toBe(true);
  });

  test('a hung worker is recycled by tick() with hangMicros', async () => {
    const cop = await startCop({ burstSize: 4, hangMicros: 100_000 });
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.submitOp(BuiltinOp.Echo, 1, b, 0, 4);
    cop.flush();
    expect(await until(() => cop.backlog === 0, 15_000)).toBe(true);
    cop.submitOp(cop.opcode('hang'), 2, b, 0, 4);
    cop.submitOp(BuiltinOp.Echo, 3, b, 0, 4);
    cop.flush();
    const ok = await until(() => {
      cop.tick(nowMicros());
      cop.poll(col.cb);
      return col.results.length === 3;
    }, 15_000);
    expect(ok).toBe(true);
    expect(col.results.map((r) => [r.handle, r.status])).toEqual([
      [1, Status.Ok],
      [2, Status.Hung],
      [3, Status.Hung],
    ]);
    expect(cop.stats.restarts).toBe(1);
    expect(await until(() => cop.state === 'running', 15_000)).toBe(true);
    cop.submitOp(BuiltinOp.Echo, 4, b, 0, 4);
    cop.flush();
    await cop.drain(col.cb);
    expect(col.byHandle(4)?.status).toBe(Status.Ok);
    expect(balanced(cop)).toBe(true);
  });

  test('offloadSync gives up on a hung worker after syncTimeoutMs and recycles it', async () => {
    const cop = await startCop({ syncTimeoutMs: 200 });
    const col = new Collector();
    const b = cop.pool.alloc();
    const t0 = performance.now();
    const st = cop.offloadSync({ op: cop.opcode('hang'), handle: 1, buf: b, offset: 0, length: 4 }, col.cb);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(st).toBe(Status.Hung);
    expect(cop.stats.restarts).toBe(1);
    expect(balanced(cop)).toBe(true);
    // The next sync call waits for the new worker to come up.
    expect(cop.offloadSync({ op: BuiltinOp.Echo, handle: 2, buf: b, offset: 0, length: 4 }, col.cb)).toBe(Status.Ok);
    expect(balanced(cop)).toBe(true);
  });

  test('close() with tasks in flight: they come back as coprocessor-closed', async () => {
    const cop = await startCop({ burstSize: 4 });
    const col = new Collector();
    const b = cop.pool.alloc();
    for (let i = 0; i < 6; i++) cop.submitOp(BuiltinOp.Burn, i, b, 0, 4, 30_000_000);
    await cop.close();
    expect(cop.state).toBe('closed');
    cop.poll(col.cb);
    expect(col.results.length).toBe(6);
    expect(col.results.every((r) => r.status === Status.Closed || r.status === Status.Ok)).toBe(true);
    expect(balanced(cop)).toBe(true);
    expect(() => cop.submitOp(BuiltinOp.Echo, 9, b, 0, 4)).toThrow();
  });

  test('a worker that cannot start: start() rejects and the co-processor is broken', async () => {
    const cop = new Coprocessor({ poolBuffers: 8, capacity: 8, opModules: [{ url: TEST_OPS_URL, config: { k: 1, failRegister: true } }] });
    // The main thread loads the module first and fails the same way.
    await expect(cop.start()).rejects.toThrow(/asked to fail/);
    expect(cop.submitOp(BuiltinOp.Echo, 1, 0, 0, 1)).toBe(false);
    await cop.close();
  });

  test('a worker with an uncaught error at start-up: start() rejects with its message', async () => {
    const cop = new Coprocessor({ poolBuffers: 8, capacity: 8, opModules: [{ url: TEST_OPS_URL, config: { k: 1, failInWorker: true } }] });
    await expect(cop.start()).rejects.toThrow(/worker refuses to start/);
    expect(cop.state).toBe('broken');
    expect(cop.behind).toBe(true);
    // Inline still works: the main loop can do the work itself.
    expect(cop.runInline({ op: BuiltinOp.Echo, handle: 1, buf: 0, offset: 0, length: 1 })).toBe(Status.Ok);
    await cop.close();
  });

  test('under load, two kills: every task is delivered exactly once and the counts add up', async () => {
    const cop = await startCop({ burstSize: 8, capacity: 64 });
    const b = cop.pool.alloc();
    const seen = new Uint8Array(2000);
    let dup = 0;
    const cb = (handle: number): void => {
      if (seen[handle]++ !== 0) dup++;
    };
    let next = 0;
    let kills = 0;
    const end = performance.now() + 15_000; // generous: three worker start-ups on a loaded machine
    while ((next < 2000 || cop.inflight > 0) && performance.now() < end) {
      while (next < 2000 && cop.submitOp(BuiltinOp.Burn, next, b, 0, 4, 3000)) next++;
      cop.tick(nowMicros());
      cop.poll(cb);
      if ((next >= 500 && kills === 0) || (next >= 1200 && kills === 1 && cop.state === 'running')) {
        kills++;
        void cop.workerThread?.terminate();
      }
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(next).toBe(2000);
    expect(dup).toBe(0);
    expect(seen.every((x) => x === 1)).toBe(true);
    expect(cop.stats.restarts).toBe(2);
    expect(cop.stats.failed).toBe(cop.stats.lost);
    expect(balanced(cop)).toBe(true);
  });
});
