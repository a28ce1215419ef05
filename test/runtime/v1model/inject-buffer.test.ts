import { describe, expect, it } from 'vitest';
import type { PacketDescriptor, SyncProgram } from '../../../runtime/v1model/index.ts';
import { harness } from './harness.ts';
import { frame, makeL2, type State } from './programs.ts';

const A = 0x000000000001;
const B = 0x000000000002;

function setup() {
  const l2 = makeL2();
  l2.macTable.set(A, 1);
  l2.macTable.set(B, 2);
  const h = harness(l2.program);
  h.sw.multicast.setGroup(1, [
    { rid: 1, port: 1 },
    { rid: 2, port: 2 },
  ]);
  return { ...l2, ...h };
}

describe('v1model switch: injectBuffer (zero-copy input) and the run-to-completion path', () => {
  it('transmits the same frames as inject, from the lent buffer, and gives the buffer back', () => {
    const copy = setup();
    const lent = setup();
    const frames = [frame(B, A, 0x0800, [1, 2, 3]), frame(A, B, 0x0800, [4, 5]), frame(0xffffffffffff, A, 0x0806, [6])];
    for (const f of frames) {
      copy.sw.inject(3, f);
      const b = lent.sw.createFrameBuffer();
      expect(b.length).toBe(lent.sw.frameBufferSize);
      b.set(f, lent.sw.frameOffset);
      lent.sw.injectBuffer(3, b, f.length);
    }
    copy.sw.runUntilIdle();
    lent.sw.runUntilIdle();
    expect(lent.out).toEqual(copy.out);
    expect(lent.drops).toEqual(copy.drops);
    expect(lent.balanced()).toBe(true);
    // the descriptors use their own buffers again
    copy.sw.inject(0, frames[0]!);
    lent.sw.inject(0, frames[0]!);
    copy.sw.runUntilIdle();
    lent.sw.runUntilIdle();
    expect(lent.out).toEqual(copy.out);
  });

  it('copies a short buffer, drops an oversize length', () => {
    const { sw, out, drops } = setup();
    const f = frame(B, A, 0x0800, [1]);
    const b = new Uint8Array(sw.frameOffset + f.length);
    b.set(f, sw.frameOffset);
    expect(sw.injectBuffer(0, b, f.length)).toBe(true);
    expect(sw.injectBuffer(0, b, f.length + 1)).toBe(false);
    sw.runUntilIdle();
    expect(out).toHaveLength(1);
    expect(drops).toEqual(['oversize']);
  });

  it('pump counts a packet run to completion as two work items', () => {
    const { sw, out } = setup();
    sw.inject(3, frame(B, A, 0x0800));
    sw.inject(3, frame(A, B, 0x0800));
    expect(sw.pump(1)).toBe(1); // ingress only: the budget leaves no room for egress
    expect(out).toHaveLength(0);
    expect(sw.pump(3)).toBe(3); // egress of the first, then the second in one go
    expect(out.map((o) => o.port)).toEqual([2, 1]);
  });

  it('a program with maxEmitBytes is deparsed in place, with the same output (exact bound, loose bound, no room)', () => {
    const frames = [frame(B, A, 0x0800, [1, 2, 3]), frame(A, B, 0x0800), frame(0xffffffffffff, A, 0x0806, [6])];
    const outputs = [undefined, 14, 40, 100_000].map((maxEmitBytes) => {
      const l2 = makeL2();
      l2.macTable.set(A, 1);
      l2.macTable.set(B, 2);
      const base = l2.program;
      const tmp = new Uint8Array(64);
      // the shared hand-written deparser writes from 0: wrap it to write from d.outLength
      const deparser = (d: PacketDescriptor<State>): void => {
        const out = d.out;
        const at = d.outLength;
        d.out = tmp;
        d.outLength = 0;
        base.deparser(d);
        const n = d.outLength;
        out.set(tmp.subarray(0, n), at);
        d.out = out;
        d.outLength = at + n;
      };
      const program: SyncProgram<State> = maxEmitBytes === undefined ? base : { ...base, maxEmitBytes, deparser };
      const h = harness(program);
      h.sw.multicast.setGroup(1, [{ rid: 1, port: 1 }, { rid: 2, port: 2 }]);
      for (const f of frames) h.sw.inject(3, f);
      h.sw.runUntilIdle();
      expect(h.balanced()).toBe(true);
      return h.out;
    });
    expect(outputs[0]!.length).toBe(4);
    for (const o of outputs.slice(1)) expect(o).toEqual(outputs[0]);
  });
});
