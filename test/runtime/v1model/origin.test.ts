/**
 * The `origin` number given with an input comes back with every output it leads to — the
 * original, its multicast copies, I2E and E2E clones, resubmitted and recirculated passes — so
 * a caller (`p4ts run`) can give each output the timestamp of its input; `injectFrom` copies a
 * frame out of a larger buffer.
 */
import { describe, expect, it } from 'vitest';
import { V1Switch, type V1Program } from '../../../runtime/v1model/index.ts';
import { frame, makeL2, makeOps, tagFrame } from './programs.ts';

const A = 0x000000000001;
const B = 0x000000000002;
const D = 0x000000000042;

interface Output {
  port: number;
  origin: number;
  bytes: number[];
}

/** A switch on `program` that collects its outputs with their origin. */
function collect<S>(program: V1Program<S>): { sw: V1Switch<S>; out: Output[] } {
  const out: Output[] = [];
  const sw = new V1Switch(program, { onOutputRaw: (port, buf, off, len, origin) => out.push({ port, origin, bytes: [...buf.subarray(off, off + len)] }) });
  return { sw, out };
}

describe('v1model switch: the origin of an input comes back with its outputs', () => {
  it('multicast copies and the unicast packets of one batch each carry their own input’s origin', () => {
    const l2 = makeL2();
    l2.macTable.set(B, 2);
    const { sw, out } = collect(l2.program);
    sw.multicast.setGroup(1, [
      { rid: 1, port: 1 },
      { rid: 2, port: 2 },
      { rid: 3, port: 3 },
    ]);
    sw.inject(4, frame(B, A, 0x0800, [1]), undefined, 101);
    sw.inject(4, frame(0xffffffffffff, A, 0x0806, [2]), undefined, 102);
    sw.inject(4, frame(B, A, 0x0800, [3]), undefined, 103);
    sw.runUntilIdle();
    expect(out.map((o) => [o.bytes[14], o.origin]).sort()).toEqual([
      [1, 101],
      [2, 102],
      [2, 102],
      [2, 102],
      [3, 103],
    ]);
  });

  it('clones (I2E, E2E), resubmitted and recirculated packets keep the origin', () => {
    for (const [op, outputs] of [
      [1, 2], // I2E clone + original
      [4, 2], // E2E clone + original
      [2, 1], // resubmitted until passes reach tag.value
      [3, 1], // recirculated until ttl 0
    ] as const) {
      const ops = makeOps();
      const { sw, out } = collect(ops.program);
      sw.mirroring.add(5, 7);
      sw.mirroring.add(6, { egressPort: 8 });
      sw.inject(1, tagFrame(D, 2, op, 2), undefined, 7000 + op);
      sw.runUntilIdle();
      expect(out, `op ${op}`).toHaveLength(outputs);
      for (const o of out) expect(o.origin, `op ${op}`).toBe(7000 + op);
    }
  });

  it('injectFrom copies the frame at an offset of a larger buffer (and the buffer may change at once)', () => {
    const l2 = makeL2();
    l2.macTable.set(B, 2);
    const { sw, out } = collect(l2.program);
    const f = frame(B, A, 0x0800, [9, 8, 7]);
    const big = new Uint8Array(100).fill(0xee);
    big.set(f, 33);
    expect(sw.injectFrom(1, big, 33, f.length, 5)).toBe(true);
    big.fill(0); // copied at once: the switch does not keep a view
    expect(sw.injectFrom(1, big, 90, 20, 6)).toBe(false); // runs past the end of the buffer: oversize
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(out[0]!.origin).toBe(5);
    expect(out[0]!.bytes.slice(12)).toEqual([0x08, 0x00, 9, 8, 7]);
    expect(sw.stats.dropsFor('oversize')).toBe(1);
  });
});
