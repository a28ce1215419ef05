import { describe, expect, it } from 'vitest';
import { Prng } from '../../../../runtime/v1model/index.ts';
import type { SwitchServices } from '../../../../runtime/v1model/descriptor.ts';
import { Digest, Random, RandomWide } from '../../../../runtime/psa/externs/index.ts';

function source(seed: number): { services: SwitchServices } {
  const prng = new Prng(seed);
  const services = {
    random: (lo: number, hi: number) => prng.range(lo, hi),
    randomBig: (lo: bigint, hi: bigint) => prng.rangeBig(lo, hi),
  } as unknown as SwitchServices;
  return { services };
}

describe('PSA Random', () => {
  it('draws within [min, max], reproducibly for a seed, covering the range', () => {
    const r = new Random(5, 9);
    const a = Array.from({ length: 200 }, (() => { const s = source(7); return () => r.read(s); })());
    const b = Array.from({ length: 200 }, (() => { const s = source(7); return () => r.read(s); })());
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([5, 6, 7, 8, 9]));
  });

  it('returns min when the range is a single value, and draws wide values as bigints', () => {
    expect(new Random(3, 3).read(source(1))).toBe(3);
    const w = new RandomWide(1n << 60n, (1n << 60n) + 3n);
    const s = source(2);
    for (let i = 0; i < 50; i++) {
      const v = w.read(s);
      expect(v >= 1n << 60n && v <= (1n << 60n) + 3n).toBe(true);
    }
  });
});

describe('PSA Digest', () => {
  it('keeps messages until a sink is connected, then hands each to it', () => {
    const dg = new Digest('ingress.learn');
    dg.pack({ packetId: 1 }, { mac: 1 });
    const seen: [string, object, number][] = [];
    dg.sink = (digest, data, packetId) => seen.push([digest.name, data, packetId]);
    dg.pack({ packetId: 2 }, { mac: 2 });
    expect(dg.messages).toEqual([{ data: { mac: 1 }, packetId: 1 }]);
    expect(seen).toEqual([['ingress.learn', { mac: 2 }, 2]]);
    expect(dg.packed).toBe(2);
  });
});
