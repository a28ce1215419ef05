import { describe, expect, it } from 'vitest';
import { DirectMeter, ManualClock, Meter, MeterType } from '../../../../runtime/v1model/index.ts';
import { PsaMeterColor } from '../../../../runtime/psa/constants.ts';
import { directMeterExecute, meterExecute } from '../../../../runtime/psa/externs/index.ts';

const { RED, GREEN, YELLOW } = PsaMeterColor;
const pkt = (len: number) => ({ ingressLength: len });

/** A packet meter at index 0: 1 committed / 2 peak packets per second, bursts of 1 and 2. */
function packetMeter(clock: ManualClock): Meter {
  const m = new Meter('m', 2, MeterType.packets, clock);
  m.setRates(0, { rate: 1e-6, burst: 1 }, { rate: 2e-6, burst: 2 });
  return m;
}

describe('PSA meters', () => {
  it('report GREEN until rates are set, in PSA numbering (RED 0, GREEN 1, YELLOW 2)', () => {
    const m = new Meter('m', 1, MeterType.packets, new ManualClock());
    expect(meterExecute(m, 0, pkt(64))).toBe(GREEN);
    expect([RED, GREEN, YELLOW]).toEqual([0, 1, 2]);
  });

  it('colour-blind: GREEN, then YELLOW, then RED as the buckets empty', () => {
    const clock = new ManualClock();
    const m = packetMeter(clock);
    expect([meterExecute(m, 0, pkt(64)), meterExecute(m, 0, pkt(64)), meterExecute(m, 0, pkt(64))]).toEqual([GREEN, YELLOW, RED]);
    clock.advance(1_000_000);
    expect(meterExecute(m, 0, pkt(64))).toBe(GREEN);
  });

  it('colour-aware: a RED packet stays RED, a YELLOW one is at best YELLOW', () => {
    const m = packetMeter(new ManualClock());
    expect(meterExecute(m, 0, pkt(64), RED)).toBe(RED);
    expect(meterExecute(m, 0, pkt(64), YELLOW)).toBe(YELLOW);
    // the YELLOW packet took a peak token only: one committed token is left for a GREEN one
    expect(meterExecute(m, 0, pkt(64), GREEN)).toBe(GREEN);
    expect(meterExecute(m, 0, pkt(64), GREEN)).toBe(RED);
  });

  it('an unconfigured or out-of-range meter returns the colour it was given', () => {
    const m = new Meter('m', 1, MeterType.packets, new ManualClock());
    expect(meterExecute(m, 0, pkt(64), YELLOW)).toBe(YELLOW);
    expect(meterExecute(m, 5, pkt(64), RED)).toBe(RED);
    expect(meterExecute(m, 5, pkt(64))).toBe(GREEN);
    expect(m.outOfRange).toBe(2);
  });

  it('byte meters measure the packet length, or the explicit length of the DPDK forms', () => {
    const m = new Meter('b', 1, MeterType.bytes, new ManualClock());
    m.setRates(0, { rate: 0, burst: 100 }, { rate: 0, burst: 150 });
    expect(meterExecute(m, 0, pkt(100))).toBe(GREEN);
    expect(meterExecute(m, 0, pkt(10), GREEN, 40)).toBe(YELLOW);
    expect(meterExecute(m, 0, pkt(10), GREEN, 20)).toBe(RED);
  });

  it('direct meters meter the entry they are given; entries without rates return the colour given', () => {
    const dm = new DirectMeter('dm', MeterType.packets, new ManualClock());
    expect(directMeterExecute(dm, 3, pkt(64))).toBe(GREEN);
    expect(directMeterExecute(dm, 3, pkt(64), RED)).toBe(RED);
    dm.setRates(3, { rate: 0, burst: 1 }, { rate: 0, burst: 1 });
    expect([directMeterExecute(dm, 3, pkt(64)), directMeterExecute(dm, 3, pkt(64))]).toEqual([GREEN, RED]);
  });
});
