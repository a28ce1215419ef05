import { describe, expect, it } from 'vitest';
import {
  ActionProfile,
  ActionSelector,
  BigRegister,
  Counter,
  CounterType,
  DirectCounter,
  DirectMeter,
  ManualClock,
  Meter,
  MeterColor,
  MeterType,
  NamedObjectRegistry,
  NotSupportedError,
  Prng,
  Register,
  formatLogMessage,
} from '../../../runtime/v1model/index.ts';

const pkt = (len: number) => ({ ingressLength: len });

describe('v1model externs', () => {
  it('Counter counts packets and bytes, ignores out-of-range indices', () => {
    const c = new Counter('c', 4, CounterType.packets_and_bytes);
    c.count(0, pkt(64));
    c.count(0, pkt(100));
    c.count(3, pkt(1));
    c.count(4, pkt(1));
    c.count(-1, pkt(1));
    expect([c.readPackets(0), c.readBytes(0), c.readPackets(3)]).toEqual([2, 164, 1]);
    expect(c.outOfRange).toBe(2);
    expect(() => c.readPackets(4)).toThrow(RangeError);
    const p = new Counter('p', 1, CounterType.packets);
    p.count(0, pkt(10));
    expect([p.readPackets(0), p.readBytes(0)]).toEqual([1, 0]);
    c.reset();
    expect(c.readBytes(0)).toBe(0);
  });

  it('DirectCounter counts per entry handle and grows', () => {
    const c = new DirectCounter('t_counter', CounterType.bytes, 2);
    c.count(1, pkt(10));
    c.count(100, pkt(20));
    expect([c.readBytes(1), c.readBytes(100), c.readPackets(100), c.readBytes(7)]).toEqual([10, 20, 0, 0]);
    c.resetEntry(100);
    expect(c.readBytes(100)).toBe(0);
  });

  it('Meter: unconfigured is GREEN; trTCM packets meter marks GREEN/YELLOW/RED by bucket', () => {
    const clock = new ManualClock(1000);
    const m = new Meter('m', 2, MeterType.packets, clock);
    expect(m.execute(0, pkt(1))).toBe(MeterColor.GREEN);
    // CIR 1 packet / 1000 µs, CBS 2; PIR 1 packet / 500 µs, PBS 3
    m.setRates(0, { rate: 0.001, burst: 2 }, { rate: 0.002, burst: 3 });
    const colors = [0, 1, 2, 3].map(() => m.execute(0, pkt(1)));
    // peak bucket 3 → 3 pass peak; committed bucket 2 → 2 green, third yellow; fourth exceeds peak → red
    expect(colors).toEqual([MeterColor.GREEN, MeterColor.GREEN, MeterColor.YELLOW, MeterColor.RED]);
    clock.advance(500); // +1 peak token, +0 committed (floor(0.5))
    expect(m.execute(0, pkt(1))).toBe(MeterColor.YELLOW);
    clock.advance(500); // +1 peak, committed reaches floor(1000 * 0.001) = 1
    expect(m.execute(0, pkt(1))).toBe(MeterColor.GREEN);
    clock.advance(10_000_000); // buckets refill only up to their burst sizes
    expect([0, 1, 2, 3].map(() => m.execute(0, pkt(1)))).toEqual([0, 0, 1, 2]);
    // index 1 still unconfigured; out of range returns the fallback
    expect(m.execute(1, pkt(1))).toBe(MeterColor.GREEN);
    expect(m.execute(5, pkt(1), 2)).toBe(2);
    expect(m.outOfRange).toBe(1);
    expect(m.getRates(0)).toEqual([
      { rate: 0.001, burst: 2 },
      { rate: 0.002, burst: 3 },
    ]);
    expect(() => m.setRates(0, { rate: 2, burst: 1 }, { rate: 1, burst: 1 })).toThrow(RangeError);
  });

  it('Meter in bytes uses the ingress length; a packet larger than the peak bucket is RED', () => {
    const clock = new ManualClock();
    const m = new Meter('mb', 1, MeterType.bytes, clock);
    m.setRates(undefined, { rate: 1, burst: 1000 }, { rate: 2, burst: 1500 });
    expect(m.execute(0, pkt(1600))).toBe(MeterColor.RED);
    expect(m.execute(0, pkt(1200))).toBe(MeterColor.YELLOW); // peak 1500 ok, committed 1000 not
    expect(m.execute(0, pkt(300))).toBe(MeterColor.GREEN); // peak 300 left, committed 1000
    clock.advance(100); // +200 peak, +100 committed
    expect(m.execute(0, pkt(500))).toBe(MeterColor.RED); // peak has 200
    m.resetRates();
    expect(m.execute(0, pkt(5000))).toBe(MeterColor.GREEN);
  });

  it('DirectMeter per entry', () => {
    const clock = new ManualClock();
    const m = new DirectMeter('dm', MeterType.packets, clock);
    expect(m.read(3, pkt(1))).toBe(MeterColor.GREEN);
    m.setRates(3, { rate: 0, burst: 1 }, { rate: 0, burst: 2 });
    expect([m.read(3, pkt(1)), m.read(3, pkt(1)), m.read(3, pkt(1))]).toEqual([0, 1, 2]);
    m.resetEntry(3);
    expect(m.read(3, pkt(1))).toBe(0);
  });

  it('Register wraps to its width; out of range reads return the fallback, writes are ignored', () => {
    const r = new Register('r', 4, 8);
    r.write(0, 300);
    r.write(1, -1);
    r.write(9, 5);
    expect([r.read(0), r.read(1), r.read(9), r.read(9, 42)]).toEqual([44, 255, 0, 42]);
    expect(r.outOfRange).toBe(3);
    const s = new Register('s', 1, 8, true);
    s.write(0, 200);
    expect(s.read(0)).toBe(-56);
    const w = new Register('w', 1, 48);
    w.write(0, 2 ** 48 + 5);
    expect(w.read(0)).toBe(5);
    expect(() => new Register('x', 1, 64)).toThrow(RangeError);
    const b = new BigRegister('b', 2, 64);
    b.write(0, -1n);
    b.write(5, 1n);
    expect([b.read(0), b.read(5), b.read(5, 7n)]).toEqual([0xffffffffffffffffn, 0n, 7n]);
    b.set(1, 1n << 70n);
    expect(b.get(1)).toBe(0n);
    expect(() => r.get(4)).toThrow(RangeError);
  });

  it('Prng: seeded, deterministic, within range, roughly uniform, bigint ranges', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 20 }, () => a.range(0, 1000));
    expect(Array.from({ length: 20 }, () => b.range(0, 1000))).toEqual(xs);
    expect(new Prng(43).range(0, 1000000)).not.toBe(new Prng(42).range(0, 1000000));
    const counts = new Array<number>(6).fill(0);
    const p = new Prng(7);
    for (let i = 0; i < 60000; i++) {
      const v = p.range(5, 10);
      expect(v >= 5 && v <= 10).toBe(true);
      counts[v - 5]!++;
    }
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(600);
    expect(p.range(9, 9)).toBe(9);
    expect(p.range(9, 3)).toBe(9);
    const big = p.range(0, 2 ** 52);
    expect(big >= 0 && big <= 2 ** 52 && Number.isInteger(big)).toBe(true);
    for (let i = 0; i < 100; i++) {
      const v = p.rangeBig(1n << 60n, (1n << 64n) - 1n);
      expect(v >= 1n << 60n && v < 1n << 64n).toBe(true);
    }
  });

  it('log_msg formatting like bmv2', () => {
    expect(formatLogMessage('a={} b={}', [1, 2n])).toBe('a=1 b=2');
    expect(formatLogMessage('flag={}', [true])).toBe('flag=1');
    expect(formatLogMessage('\\{x\\} {}', [7])).toBe('{x} 7');
    expect(formatLogMessage('{} {}', [1])).toBe('1 {}');
  });

  it('ControlPlaneRegistry: exact and unique-suffix lookup, kind check, duplicates rejected', () => {
    const r = new NamedObjectRegistry();
    const c = r.add('MyIngress.c', 'counter', new Counter('MyIngress.c', 1, CounterType.packets));
    r.add('MyEgress.c', 'counter', new Counter('MyEgress.c', 1, CounterType.packets));
    r.add('MyIngress.reg', 'register', new Register('MyIngress.reg', 1, 8));
    expect(r.get('MyIngress.c', 'counter')).toBe(c);
    expect(r.lookup('reg')?.kind).toBe('register');
    expect(r.lookup('c')).toBeUndefined();
    expect(() => r.get('c', 'counter')).toThrow(/ambiguous/);
    expect(() => r.get('reg', 'counter')).toThrow(/is a register/);
    expect(() => r.get('nope', 'table')).toThrow(/no control-plane object/);
    expect(() => r.add('MyIngress.c', 'counter', {})).toThrow(/already registered/);
  });

  it('action profiles and selectors are not supported yet and say so', () => {
    expect(() => new ActionProfile('ap', 16)).toThrow(NotSupportedError);
    expect(() => new ActionSelector('as', 0, 16, 8)).toThrow(NotSupportedError);
  });
});
