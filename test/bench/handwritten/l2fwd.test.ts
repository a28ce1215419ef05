/**
 * The hand-written l2fwd switch the bench measures the compiled program against does the same
 * work: on the same frames and entries (forward, drop, misses flooded to multicast group 1 but
 * never back out of the ingress port, a frame too short for an Ethernet header) it transmits the
 * same packets, in the same order, as examples/l2fwd compiled and run on the v1model switch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HandwrittenL2Switch } from '../../../bench/handwritten/l2fwd.ts';
import { RuntimeTable } from '../../../runtime/control/index.ts';
import { V1Switch } from '../../../runtime/v1model/switch.ts';
import { loadP4 } from '../../examples/harness.ts';

const PROGRAM = new URL('../../../examples/l2fwd/l2fwd.p4', import.meta.url).pathname;
const FLOOD_PORTS = [1, 2, 3, 5];

const hex = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.subarray(from, to)).toString('hex');

function frame(dst: number, src: number, length: number, seed: number): Uint8Array {
  const f = new Uint8Array(length);
  for (let i = 0; i < length; i++) f[i] = (i * 29 + seed) & 0xff;
  const put = (at: number, mac: number): void => {
    for (let k = 5; k >= 0; k--) {
      if (at + k < length) f[at + k] = mac % 256;
      mac = Math.floor(mac / 256);
    }
  };
  put(0, dst);
  put(6, src);
  return f;
}

describe('hand-written l2fwd switch (bench reference)', () => {
  it('fast-check: the same outputs as the compiled program, in the same order', async () => {
    const createProgram = await loadP4(PROGRAM, 'sync');
    const macs = [0x02_00_00_00_00_01, 0x0a_bc_de_f0_12_34, 0xfe_ff_ff_ff_ff_fe, 0x02_00_00_00_01_00];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ entry: fc.nat(5), inPort: fc.constantFrom(1, 2, 3, 4), length: fc.constantFrom(8, 14, 60, 100) }), { minLength: 1, maxLength: 30 }),
        async (packets) => {
          const program = createProgram();
          const table = program.objects.get('mac_table', 'table') as RuntimeTable;
          const want: string[] = [];
          const got: string[] = [];
          const sw = new V1Switch(program, { onOutputRaw: (port, b, off, len) => want.push(`${port} ${hex(b, off, off + len)}`) });
          sw.multicast.setGroup(1, FLOOD_PORTS.map((port, rid) => ({ rid, port })));
          const hand = new HandwrittenL2Switch((port, b, off, len) => got.push(`${port} ${hex(b, off, off + len)}`));
          hand.setFloodPorts(FLOOD_PORTS);
          // macs[0..1] forward, macs[2] drop, macs[3] and anything else miss (flood)
          table.insert([{ kind: 'exact', value: BigInt(macs[0]!) }], 'forward', [4]);
          table.insert([{ kind: 'exact', value: BigInt(macs[1]!) }], 'forward', [7]);
          table.insert([{ kind: 'exact', value: BigInt(macs[2]!) }], 'drop', []);
          hand.addForward(macs[0]!, 4);
          hand.addForward(macs[1]!, 7);
          hand.addDrop(macs[2]!);
          packets.forEach((p, i) => {
            const f = frame(macs[p.entry] ?? 0x06_00_00_00_00_00 + p.entry, 0x02_00_00_00_99_00 + i, p.length, i);
            sw.inject(p.inPort, f);
            sw.runUntilIdle();
            const b = new Uint8Array(f.length + 64);
            b.set(f, 32);
            hand.receive(p.inPort, b, 32, f.length);
          });
          expect(got).toEqual(want);
          expect(hand.dropped).toBe(sw.stats.dropped);
        },
      ),
      { numRuns: 60 },
    );
  });
});
