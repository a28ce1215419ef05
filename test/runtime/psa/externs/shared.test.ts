import { describe, expect, it } from 'vitest';
import { BigRegister, Counter, CounterType, DirectCounter, Register } from '../../../../runtime/v1model/index.ts';

describe('the shared externs in their PSA forms', () => {
  it('Register(size, initial_value) starts every value at the initial value, wrapped to the width', () => {
    const r = new Register('r', 3, 8).initialize(0x1ff);
    expect([r.get(0), r.get(2)]).toEqual([0xff, 0xff]);
    const b = new BigRegister('b', 2, 80).initialize((1n << 80n) + 5n);
    expect(b.get(1)).toBe(5n);
  });

  it('Counter and DirectCounter count an explicit length (DPDK count(.., pkt_len))', () => {
    const c = new Counter('c', 2, CounterType.packets_and_bytes);
    c.countLength(1, 1500);
    c.countLength(2, 1500);
    expect([c.readPackets(1), c.readBytes(1), c.outOfRange]).toEqual([1, 1500, 1]);
    const d = new DirectCounter('d', CounterType.bytes);
    d.countLength(0, 40);
    d.countLength(0, 60);
    expect(d.readBytes(0)).toBe(100);
  });
});
