import { afterEach, describe, expect, test } from 'vitest';
import { BuiltinOp, ErrorCode, Status, nowMicros } from '../../../runtime/coprocessor/index.ts';
import { Collector, balanced, closeAll, startCop, until } from './helpers.ts';

afterEach(closeAll);

describe('Coprocessor round trips', () => {
  test('echo, xor and an op-module op with config; handle and lengths come back', async () => {
    const cop = await startCop({}, 5);
    expect(cop.state).toBe('running');
    expect(cop.workerBurn?.iterationsPerCycle).toBeGreaterThan(0);
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.pool.bytes(b).set([1, 2, 3, 4], 16);
    expect(cop.submitOp(BuiltinOp.Xor, 1, b, 16, 4, 0xff)).toBe(true);
    expect(cop.submit({ op: cop.opcode('add-k'), handle: 2, buf: b, offset: 16, length: 4 })).toBe(true);
    expect(cop.submit({ op: BuiltinOp.Echo, handle: 3, buf: b, offset: 16, length: 4 })).toBe(true);
    cop.flush();
    expect(await cop.drain(col.cb)).toBe(0);
    expect(col.results.map((r) => r.handle)).toEqual([1, 2, 3]);
    expect(col.results.every((r) => r.status === Status.Ok && r.length === 4 && r.buf === b && r.offset === 16)).toBe(true);
    expect([...cop.pool.bytes(b).subarray(16, 20)]).toEqual([0xfe + 5, 0xfd + 5, 0xfc + 5, 0xfb + 5].map((x) => x & 0xff));
    expect(balanced(cop)).toBe(true);
  });

  test("the worker's own counters: tasks, batches, idle spells and its thread", async () => {
    const cop = await startCop({ spinMicros: 100, idleWaitMs: 5 });
    const col = new Collector();
    const b = cop.pool.alloc();
    const s0 = cop.workerStats();
    for (let i = 0; i < 20; i++) expect(cop.submitOp(BuiltinOp.Echo, i, b, 0, 4)).toBe(true);
    cop.flush();
    expect(await cop.drain(col.cb)).toBe(0);
    // idle now: it spins 100 µs, then sleeps (5 ms at a time)
    expect(await until(() => cop.workerStats().sleeps > s0.sleeps + 1)).toBe(true);
    const s1 = cop.workerStats();
    expect(s1.served - s0.served).toBe(20);
    expect(s1.batches - s0.batches).toBeGreaterThanOrEqual(1);
    expect(s1.batches - s0.batches).toBeLessThanOrEqual(20);
    expect(s1.spinMicros - s0.spinMicros).toBeGreaterThanOrEqual(90);
    expect(s1.sleepMicros - s0.sleepMicros).toBeGreaterThan(1000);
    // the worker stores its busy time when it runs dry, so serving the 20 tasks shows up
    expect(s1.busyMicros).toBeGreaterThan(s0.busyMicros);
    if (process.platform === 'linux') expect(s1.threadId).toBeGreaterThan(0);
  });

  test('results can carry arguments and a new length', async () => {
    const cop = await startCop();
    const b = cop.pool.alloc();
    let arg1 = -1;
    let len = -1;
    cop.submit({ op: cop.opcode('grow'), handle: 9, buf: b, offset: 0, length: 10, args: [6] });
    cop.flush();
    await cop.drain((_h, st, _b, _o, length) => {
      expect(st).toBe(Status.Ok);
      len = length;
      arg1 = cop.resultArg(1);
    });
    expect(len).toBe(16);
    expect(arg1).toBe(16);
    expect(cop.pool.bytes(b)[15]).toBe(0xab);
  });

  test('a full burst publishes by itself; many bursts keep order and data', async () => {
    const cop = await startCop({ burstSize: 8, capacity: 64, publishWhenIdle: false });
    const col = new Collector();
    const bufs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const b = cop.pool.alloc();
      bufs.push(b);
      cop.pool.bytes(b).fill(i & 0xff, 0, 64);
    }
    let next = 0;
    const end = performance.now() + 3000;
    while (col.results.length < 200 && performance.now() < end) {
      while (next < 200 && cop.submitOp(BuiltinOp.Xor, next, bufs[next]!, 0, 64, 0x5a)) next++;
      cop.poll(col.cb);
      cop.tick(nowMicros());
      await new Promise<void>((r) => setImmediate(r));
    }
    expect(col.results.map((r) => r.handle)).toEqual([...Array(200).keys()]);
    for (let i = 0; i < 200; i++) expect(cop.pool.bytes(bufs[i]!)[63]).toBe((i & 0xff) ^ 0x5a);
    expect(cop.stats.bursts).toBeGreaterThanOrEqual(200 / 8);
    expect(balanced(cop)).toBe(true);
  });

  test('a staged burst is invisible to the worker until flushed', async () => {
    const cop = await startCop({ burstSize: 8, flushMicros: 1e9, publishWhenIdle: false });
    const col = new Collector();
    const b = cop.pool.alloc();
    for (let i = 0; i < 3; i++) cop.submitOp(BuiltinOp.Echo, i, b, 0, 1);
    await new Promise<void>((r) => setTimeout(r, 30));
    expect(cop.poll(col.cb)).toBe(0);
    expect(cop.backlog).toBe(3);
    cop.tick(nowMicros()); // not old enough
    expect(await until(() => cop.poll(col.cb) > 0, 30)).toBe(false);
    expect(cop.flush()).toBe(3);
    await cop.drain(col.cb);
    expect(col.results.length).toBe(3);
    expect(balanced(cop)).toBe(true);
  });
});

describe('publishing a partial burst to an idle worker', () => {
  // Both workers below spin a minute on an empty ring before they would sleep, so each is idle
  // and awake for as long as its test takes, however long a loaded machine keeps this thread off
  // its core; only where the drowsy point lies (`drowsyMicros`) differs.
  test('a worker that has just run dry (not drowsy) gets no partial burst: a quarter burst stays staged for the burst to fill', async () => {
    // drowsy only at the end of its minute: never, it would sleep first
    const cop = await startCop({ burstSize: 8, flushMicros: 1e9, spinMicros: 60_000_000, drowsyMicros: 60_000_000 });
    expect(cop.idleBurst).toBe(2);
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.submitOp(BuiltinOp.Echo, 0, b, 0, 8);
    cop.flush();
    expect(await until(() => (cop.poll(col.cb), col.results.length === 1), 30_000)).toBe(true);
    expect(cop.workerStats()).toMatchObject({ drowsy: false, sleeps: 0 });
    cop.submitOp(BuiltinOp.Echo, 1, b, 0, 8);
    cop.submitOp(BuiltinOp.Echo, 2, b, 0, 8);
    expect(cop.stats.bursts).toBe(1);
    expect(cop.stats.idleFlushes).toBe(0);
    expect(cop.backlog).toBe(2);
    expect(cop.flush()).toBe(2);
    await cop.drain(col.cb, 30_000);
    expect(col.results.map((r) => r.handle)).toEqual([0, 1, 2]);
    expect(balanced(cop)).toBe(true);
  });

  test('a worker that has said it is drowsy (spun for work past its drowsy point, still awake) gets a quarter burst at once; one task alone still waits', async () => {
    const cop = await startCop({ burstSize: 8, flushMicros: 1e9, spinMicros: 60_000_000, drowsyMicros: 20_000 });
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.submitOp(BuiltinOp.Echo, 0, b, 0, 8);
    cop.flush();
    expect(await until(() => (cop.poll(col.cb), col.results.length === 1), 30_000)).toBe(true);
    // 20 ms after it ran dry it says it is drowsy; it has not slept (DROWSY would stay set while it slept)
    expect(await until(() => cop.workerStats().drowsy, 30_000)).toBe(true);
    expect(cop.workerStats().sleeps).toBe(0);
    // one task alone (less than a quarter burst) waits even for a drowsy worker
    cop.submitOp(BuiltinOp.Echo, 1, b, 0, 8);
    expect(cop.stats.bursts).toBe(1);
    expect(cop.backlog).toBe(1);
    // the next task takes the staged one with it
    cop.submitOp(BuiltinOp.Echo, 2, b, 0, 8);
    expect(cop.stats.idleFlushes).toBe(1);
    expect(cop.stats.bursts).toBe(2);
    // No flush, no tick: the results come back by themselves, from a worker that never slept.
    expect(await until(() => (cop.poll(col.cb), col.results.length === 3), 30_000)).toBe(true);
    expect(col.results.map((r) => r.handle)).toEqual([0, 1, 2]);
    expect(cop.workerStats().sleeps).toBe(0);
    expect(balanced(cop)).toBe(true);
  });

  test('a sleeping worker waits for a full burst (one wake-up per burst)', async () => {
    const cop = await startCop({ burstSize: 4, flushMicros: 1e9, spinMicros: 0, idleWaitMs: 60_000 });
    const col = new Collector();
    const b = cop.pool.alloc();
    // The worker has nothing to do: it parks in Atomics.wait at once (and for a minute).
    await new Promise<void>((r) => setTimeout(r, 50));
    for (let i = 0; i < 3; i++) cop.submitOp(BuiltinOp.Echo, i, b, 0, 8);
    expect(cop.stats.idleFlushes).toBe(0);
    expect(cop.backlog).toBe(3);
    expect(await until(() => cop.poll(col.cb) > 0, 50)).toBe(false);
    cop.submitOp(BuiltinOp.Echo, 3, b, 0, 8); // the fourth fills the burst: published, worker woken
    expect(await until(() => (cop.poll(col.cb), col.results.length === 4), 2000)).toBe(true);
    expect(col.results.map((r) => r.handle)).toEqual([0, 1, 2, 3]);
    expect(cop.stats.bursts).toBe(1);
    expect(balanced(cop)).toBe(true);
  });

  test('helpBacklog defaults to 2 bursts, at least 64, at most half the capacity', async () => {
    expect((await startCop({ burstSize: 32, capacity: 1024 })).helpBacklog).toBe(64);
    expect((await startCop({ burstSize: 64, capacity: 1024 })).helpBacklog).toBe(128);
    expect((await startCop({ burstSize: 4, capacity: 16 })).helpBacklog).toBe(8);
  });
});

describe('flush timeout at low load', () => {
  test('a partial burst completes through tick()', async () => {
    const cop = await startCop({ burstSize: 32, flushMicros: 200, publishWhenIdle: false });
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.tick(nowMicros());
    expect(cop.needsTick).toBe(false);
    for (let i = 0; i < 3; i++) cop.submitOp(BuiltinOp.Echo, i, b, 0, 8);
    expect(cop.needsTick).toBe(true);
    const ok = await until(() => {
      cop.tick(nowMicros());
      cop.poll(col.cb);
      return col.results.length === 3;
    }, 2000);
    expect(ok).toBe(true);
    expect(cop.stats.timeoutFlushes).toBe(1);
    expect(cop.stats.bursts).toBe(1);
    expect(balanced(cop)).toBe(true);
  });

  test('a partial burst completes through the optional timer without tick()', async () => {
    const cop = await startCop({ burstSize: 32, flushMicros: 1000, autoFlushTimer: true, publishWhenIdle: false });
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.submitOp(BuiltinOp.Echo, 1, b, 0, 8);
    const ok = await until(() => {
      cop.poll(col.cb);
      return col.results.length === 1;
    }, 2000);
    expect(ok).toBe(true);
    expect(cop.stats.timeoutFlushes).toBe(1);
    expect(balanced(cop)).toBe(true);
  });
});

describe('inline and sync offload', () => {
  test('runInline runs the same registry on the main thread', async () => {
    const cop = await startCop({}, 7);
    const b = cop.pool.alloc();
    cop.pool.bytes(b).set([10, 20], 0);
    const task = { op: cop.opcode('add-k'), handle: 4, buf: b, offset: 0, length: 2 };
    let seen = -1;
    expect(cop.runInline(task, (h, st) => (seen = h * 10 + st))).toBe(Status.Ok);
    expect(seen).toBe(40);
    expect([...cop.pool.bytes(b).subarray(0, 2)]).toEqual([17, 27]);
    // Same result through the worker.
    cop.submit(task);
    cop.flush();
    await cop.drain(() => {});
    expect([...cop.pool.bytes(b).subarray(0, 2)]).toEqual([24, 34]);
    expect(cop.runInline({ op: cop.opcode('fail'), handle: 0, buf: b, offset: 0, length: 1, args: [33] })).toBe(Status.OpError);
    expect(cop.inlineCode).toBe(33);
    expect(cop.runInline({ op: cop.opcode('grow'), handle: 0, buf: b, offset: 0, length: 2, args: [3] })).toBe(Status.Ok);
    expect(cop.inlineLength).toBe(5);
    expect(cop.inlineArg(1)).toBe(5);
    expect(cop.stats.inline).toBe(3);
    expect(cop.stats.inlineFailed).toBe(1);
  });

  test('behind says when the backlog exceeds helpBacklog', async () => {
    const cop = await startCop({ burstSize: 4, capacity: 64, helpBacklog: 8 });
    const b = cop.pool.alloc();
    expect(cop.behind).toBe(false);
    for (let i = 0; i < 8; i++) cop.submitOp(BuiltinOp.Burn, i, b, 0, 1, 90_000_000); // ~30 ms each
    expect(cop.behind).toBe(false); // 8 waiting: not more than helpBacklog
    cop.submitOp(BuiltinOp.Burn, 8, b, 0, 1, 90_000_000);
    expect(cop.behind).toBe(true);
    const col = new Collector();
    // The main loop helps: runs a task itself while the worker is busy.
    expect(cop.runInline({ op: BuiltinOp.Echo, handle: 99, buf: b, offset: 0, length: 1 })).toBe(Status.Ok);
    expect(await cop.drain(col.cb)).toBe(0);
    expect(cop.behind).toBe(false);
    expect(balanced(cop)).toBe(true);
  });

  test('offloadSync blocks until its own result is back', async () => {
    const cop = await startCop();
    const col = new Collector();
    const b = cop.pool.alloc();
    cop.pool.bytes(b).set([1, 2, 3], 0);
    // An earlier task still staged is delivered too.
    cop.submitOp(BuiltinOp.Echo, 1, b, 0, 3);
    const st = cop.offloadSync({ op: BuiltinOp.Xor, handle: 2, buf: b, offset: 0, length: 3, args: [1] }, col.cb);
    expect(st).toBe(Status.Ok);
    expect(col.results.map((r) => r.handle)).toEqual([1, 2]);
    expect([...cop.pool.bytes(b).subarray(0, 3)]).toEqual([0, 3, 2]);
    const st2 = cop.offloadSync({ op: cop.opcode('fail'), handle: 3, buf: b, offset: 0, length: 3, args: [0] }, col.cb);
    expect(st2).toBe(Status.OpError);
    expect(col.byHandle(3)?.code).toBe(ErrorCode.Exception);
    expect(balanced(cop)).toBe(true);
  });
});
