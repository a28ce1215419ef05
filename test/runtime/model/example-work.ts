/** The work of the example programs, derived from their IR, for the model's tests. */
import { deriveProgramWork } from '../../../cli/model/program-work.ts';
import { DEFAULT_FRAME_BYTES } from '../../../compiler/packet-work/index.ts';
import type { PacketWork, PaperProgram, PaperWorkSource } from '../../../runtime/model/index.ts';
import { withBurnCycles } from '../../../cli/model/paper-work.ts';

const EXAMPLE: Record<PaperProgram, string> = { l2fwd: 'l2fwd', 'ipsec-esp': 'ipsec-esp', encryption: 'encrypt', burn: 'custom-extern' };

const cache = new Map<string, PacketWork>();

/** The work of `examples/NAME/NAME.p4` (`frameBytes`: the received frame, default the derivation's 60). */
export function exampleWork(name: string, frameBytes?: number): PacketWork {
  const key = `${name}/${frameBytes ?? DEFAULT_FRAME_BYTES}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const path = new URL(`../../../examples/${name}/${name}.p4`, import.meta.url).pathname;
  const d = deriveProgramWork(path, { include: [], define: [], ...(frameBytes !== undefined ? { frameBytes } : {}) });
  if (d.derivation === undefined) throw new Error(`${name}: ${d.diagnostics.map((x) => x.message).join('; ')}`);
  const work = d.derivation.work;
  cache.set(key, work);
  return work;
}

/** The paper programs' work from the examples, as `p4ts model --paper` uses it. */
export const paperWorkOf: PaperWorkSource = (program, cycles, frameBytes) => {
  const work = exampleWork(EXAMPLE[program], frameBytes);
  return program === 'burn' ? withBurnCycles(work, cycles) : work;
};
