import { describe, expect, test } from 'vitest';
import {
  BuiltinOp,
  ErrorCode,
  OpError,
  OpRegistry,
  OpRunner,
  PacketPool,
  SLOT_WORDS,
  SpscRing,
  Status,
  calibrateBurn,
  reasonOf,
  registerBuiltins,
} from '../../../runtime/coprocessor/index.ts';

describe('SpscRing', () => {
  test('staged slots stay invisible until publish; full ring refuses', () => {
    const producer = SpscRing.create(4, SLOT_WORDS);
    const consumer = new SpscRing(producer.sab);
    for (let i = 0; i < 4; i++) {
      const s = producer.reserve();
      expect(s).toBeGreaterThanOrEqual(0);
      producer.words[s] = 100 + i;
    }
    expect(producer.reserve()).toBe(-1);
    expect(producer.staged).toBe(4);
    expect(consumer.available()).toBe(0);
    producer.publish();
    expect(consumer.available()).toBe(4);
    expect(consumer.words[consumer.slotAt(0)]).toBe(100);
    expect(consumer.words[consumer.slotAt(3)]).toBe(103);
    consumer.release(2);
    expect(consumer.available()).toBe(2);
    expect(producer.backlog()).toBe(2);
    // Two slots free again.
    expect(producer.reserve()).toBeGreaterThanOrEqual(0);
    expect(producer.reserve()).toBeGreaterThanOrEqual(0);
    expect(producer.reserve()).toBe(-1);
  });

  test('waitingAtMost counts staged and unreleased slots', () => {
    const producer = SpscRing.create(8, SLOT_WORDS);
    const consumer = new SpscRing(producer.sab);
    for (let i = 0; i < 3; i++) producer.reserve();
    expect(producer.waitingAtMost(3)).toBe(true); // staged ones count
    expect(producer.waitingAtMost(2)).toBe(false);
    producer.publish();
    consumer.release(2);
    expect(producer.waitingAtMost(1)).toBe(true); // reads the moved head
    expect(producer.waitingAtMost(0)).toBe(false);
    consumer.release(1);
    expect(producer.waitingAtMost(0)).toBe(true);
  });

  test('consumerDrowsy: the consumer announced it found no work for a while, released everything and is not parked', () => {
    const producer = SpscRing.create(8, SLOT_WORDS);
    const consumer = new SpscRing(producer.sab);
    expect(producer.consumerDrowsy()).toBe(false); // idle, but has not said so
    consumer.announceDrowsy(true);
    expect(producer.consumerDrowsy()).toBe(true);
    producer.reserve();
    expect(producer.consumerDrowsy()).toBe(true); // staged tasks are not the consumer's yet
    producer.publish();
    expect(producer.consumerDrowsy()).toBe(false); // published, not yet released: it is about to work
    expect(consumer.available()).toBe(1);
    consumer.announceDrowsy(false);
    consumer.release(1);
    expect(producer.consumerDrowsy()).toBe(false); // ran dry again, but only just
    consumer.announceDrowsy(true);
    expect(producer.consumerDrowsy()).toBe(true);
    producer.ctl[32] = 1; // SLEEPING: parked (a publish would need a wake-up)
    expect(producer.consumerDrowsy()).toBe(false);
  });

  test('indices wrap around 2^31 safely', () => {
    const ring = SpscRing.create(8, SLOT_WORDS);
    const start = 0x7ffffffd;
    ring.ctl[0] = start; // tail
    ring.ctl[16] = start; // head
    const p = new SpscRing(ring.sab);
    const c = new SpscRing(ring.sab);
    let sent = 0;
    let got = 0;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 5; i++) {
        const s = p.reserve();
        expect(s).toBeGreaterThanOrEqual(0);
        p.words[s] = sent++;
      }
      p.publish();
      const n = c.available();
      expect(n).toBe(5);
      for (let i = 0; i < n; i++) expect(c.words[c.slotAt(i)]).toBe(got++);
      c.release(n);
    }
    expect(c.head).toBeLessThan(0); // went past 2^31
  });

  test('publish reports a sleeping consumer', () => {
    const p = SpscRing.create(2, SLOT_WORDS);
    p.reserve();
    expect(p.publish()).toBe(false);
    Atomics.store(p.ctl, 32, 1);
    p.reserve();
    expect(p.publish()).toBe(true);
  });

  test('rejects a capacity that is not a power of two', () => {
    expect(() => SpscRing.create(3, SLOT_WORDS)).toThrow(RangeError);
  });
});

describe('PacketPool', () => {
  test('alloc, free, views and double free', () => {
    const pool = PacketPool.create(3, 64);
    const a = pool.alloc();
    const b = pool.alloc();
    const c = pool.alloc();
    expect(new Set([a, b, c]).size).toBe(3);
    expect(pool.alloc()).toBe(-1);
    pool.bytes(b)[0] = 7;
    expect(pool.data[pool.base(b)]).toBe(7);
    expect(pool.bytes(b).length).toBe(64);
    pool.free(b);
    expect(() => pool.free(b)).toThrow(RangeError);
    expect(pool.available).toBe(1);
    expect(pool.alloc()).toBe(b);
    const other = new PacketPool(pool.sab, 64);
    expect(other.bytes(b)[0]).toBe(7);
  });
});

describe('OpRegistry and OpRunner', () => {
  function setup(): { reg: OpRegistry; pool: PacketPool; runner: OpRunner } {
    const reg = new OpRegistry();
    registerBuiltins(reg, calibrateBurn());
    const pool = PacketPool.create(4, 128);
    return { reg, pool, runner: new OpRunner(reg, pool) };
  }

  test('fixed and dynamic opcodes, duplicates refused', () => {
    const { reg } = setup();
    expect(reg.opcode('echo')).toBe(BuiltinOp.Echo);
    expect(reg.opcode('burn')).toBe(BuiltinOp.Burn);
    const a = reg.define('a', (_b, _o, l) => l);
    const b = reg.define('b', (_b, _o, l) => l);
    expect(b).toBe(a + 1);
    expect(() => reg.define('a', (_b, _o, l) => l)).toThrow();
    expect(() => reg.register(BuiltinOp.Xor, 'x2', (_b, _o, l) => l)).toThrow();
    expect(reg.opcode('nope')).toBe(-1);
  });

  test('statuses: ok, unknown op, bad task, throw, OpError code, negative return, bad length', () => {
    const { reg, runner, pool } = setup();
    const thrower = reg.define('throw', () => {
      throw new Error('boom');
    });
    const coded = reg.define('coded', () => {
      throw new OpError(42);
    });
    const neg = reg.define('neg', () => -17);
    const huge = reg.define('huge', () => 1_000_000);
    const b = pool.alloc();
    pool.bytes(b).set([1, 2, 3], 10);
    runner.args[0] = 0x0f;
    expect(runner.run(BuiltinOp.Xor, b, 10, 3)).toBe(Status.Ok);
    expect([...pool.bytes(b).subarray(10, 13)]).toEqual([0x0e, 0x0d, 0x0c]);
    expect(runner.run(99, b, 0, 1)).toBe(Status.UnknownOp);
    expect(runner.run(BuiltinOp.Echo, 4, 0, 1)).toBe(Status.BadTask);
    expect(runner.run(BuiltinOp.Echo, b, 100, 29)).toBe(Status.BadTask);
    expect(runner.run(thrower, b, 0, 1)).toBe(Status.OpError);
    expect(runner.code).toBe(ErrorCode.Exception);
    expect(runner.run(coded, b, 0, 1)).toBe(Status.OpError);
    expect(runner.code).toBe(42);
    expect(runner.run(neg, b, 0, 1)).toBe(Status.OpError);
    expect(runner.code).toBe(17);
    expect(runner.run(huge, b, 0, 1)).toBe(Status.OpError);
    expect(runner.code).toBe(ErrorCode.BadLength);
    expect(reasonOf(Status.Died)).toBe('coprocessor-died');
    expect(reasonOf(Status.OpError)).toBe('coprocessor-op-error');
  });

  test('burn leaves the data alone and costs about the asked cycles', () => {
    const { pool } = setup();
    const cal = calibrateBurn(1e9);
    expect(cal.iterationsPerCycle).toBeGreaterThan(0);
    const b = pool.alloc();
    pool.bytes(b).set([9, 8, 7], 0);
    const reg = new OpRegistry();
    registerBuiltins(reg, cal);
    const r = new OpRunner(reg, pool);
    r.args[0] = 20_000_000; // 20 ms at a nominal 1 GHz
    const t0 = performance.now();
    expect(r.run(BuiltinOp.Burn, b, 0, 3)).toBe(Status.Ok);
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThan(8); // wall time: more on a loaded machine, never much less
    expect(ms).toBeLessThan(1000);
    expect(r.newLength).toBe(3);
    expect([...pool.bytes(b).subarray(0, 3)]).toEqual([9, 8, 7]);
  });
});
