/**
 * The straight path's resume functions (longjump, compiler/emit/straight-path.ts `writeResumes`):
 * a packet back from its task goes on in `straightResume` exactly as the stage functions would
 * take it on — for random frames through a program with sites in ingress and egress, locals live
 * across them, multicast copies parking in egress and headers written only if they moved, with
 * pump budgets of one and 32, new packets queued (`inject`) or run at once (`receive`), and an
 * executor that refuses tasks (run at once, then the packet goes on from its site in the call;
 * queued input only: `receive` then gives another valid order, with or without resume functions).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import type { V1Program } from '../../../runtime/v1model/index.ts';
import { loadP4 } from '../../examples/harness.ts';
import { runFrames, type SwitchRunOptions } from './switch-run.ts';

const PROGRAM = new URL('./straight-path-resume/tagged-multicast.p4', import.meta.url).pathname;

const frameArb = fc.record({
  port: fc.integer({ min: 0, max: 3 }),
  /** The low nibble of the destination MAC: the egress port (7: dropped after the ingress site). */
  dst: fc.integer({ min: 0, max: 7 }),
  /** With the tag header (kind 0: unicast after a site, 1: multicast, 2: dropped), or without. */
  kind: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  payload: fc.uint8Array({ maxLength: 30 }),
  /** Cut the frame to this many bytes (PacketTooShort), or keep it whole. */
  cut: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});

type FrameSpec = typeof frameArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(f: FrameSpec): Uint8Array {
  const tag = f.kind !== undefined ? 4 : 0;
  const b = new Uint8Array(14 + tag + f.payload.length);
  b.set([0x0a, 0, 0, 0, 0, f.dst, 0x02, 0, 0, 0, 0, 0x09]);
  if (f.kind !== undefined) b.set([0x88, 0xb5, f.kind, f.dst, 0x08, 0x00], 12);
  else b.set([0x08, 0x00], 12);
  b.set(f.payload, 14 + tag);
  return f.cut === undefined ? b : b.subarray(0, Math.min(f.cut, b.length));
}

/** Everything a switch did with `frames`: outputs in order, drop reasons, counters. */
function run(program: V1Program<unknown>, o: SwitchRunOptions, frames: readonly { port: number; bytes: Uint8Array }[]): unknown {
  const { out, drops, sw } = runFrames(program, o, frames, (sw) => {
    // rid 0 goes on without a site in egress, rid 2 parks there, rid 3 parks and is dropped after it
    sw.multicast.setGroup(1, [
      { rid: 0, port: 1 },
      { rid: 2, port: 2 },
      { rid: 3, port: 3 },
    ]);
  });
  const s = sw.stats;
  return { out, drops, transmitted: s.transmitted, dropped: s.dropped, parks: s.parks, txByPort: [...s.txByPort.slice(0, 8)] };
}

describe('straight path resume functions (longjump)', () => {
  it('are emitted for sites in controls before the deparser, one per site, with the P4 line of each', () => {
    const code = compileFile(PROGRAM, { mode: 'longjump' }).code!;
    expect(code).toContain('straightResume,');
    expect(code).toContain('function straightPath_resume1(');
    expect(code).toContain('// ── ingress after extern site 1 (tagged-multicast.p4:59) ──');
    expect(code).toContain('// ── egress after extern site 2 (tagged-multicast.p4:73) ──');
    // not in the other modes
    expect(compileFile(PROGRAM, { mode: 'sync' }).code).not.toContain('straightResume');
    expect(compileFile(PROGRAM, { mode: 'context' }).code).not.toContain('straightResume');
  });

  it('take a packet on as the stage functions do: the same outputs, drops and counters', async () => {
    const create = await loadP4(PROGRAM, 'longjump');
    await fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 24 }), fc.constantFrom(1, 32), fc.constantFrom(undefined, 2), (specs, burst, capacity) => {
        const frames = specs.map((f) => ({ port: f.port, bytes: frameOf(f) }));
        const general = run(create(), { straightPath: false, burst, input: 'inject', capacity }, frames);
        expect(run(create(), { straightPath: true, burst, input: 'inject', capacity }, frames)).toEqual(general);
        // `receive` runs a new packet at once while finished tasks wait to be polled: with an
        // executor that refuses tasks, that is another (valid) order than the queued one
        if (capacity === undefined) expect(run(create(), { straightPath: true, burst, input: 'receive', capacity }, frames)).toEqual(general);
      }),
      { numRuns: 60 },
    );
  });
});
