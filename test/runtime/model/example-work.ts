/** The work of the example programs, derived from their IR, for the model's tests. */
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { runFrontEnd } from '../../../compiler/frontend.ts';
import { lowerProgram } from '../../../compiler/ir/index.ts';
import { derivePacketWork } from '../../../compiler/packet-work/index.ts';
import type { PacketWork, PaperProgram, PaperWorkSource } from '../../../runtime/model/index.ts';
import { withBurnCycles } from '../../../cli/model/paper-work.ts';

const EXAMPLE: Record<PaperProgram, string> = { l2fwd: 'l2fwd', 'ipsec-esp': 'ipsec-esp', encryption: 'encrypt', burn: 'custom-extern' };

const cache = new Map<string, PacketWork>();

/** The work of `examples/NAME/NAME.p4`. */
export function exampleWork(name: string): PacketWork {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const path = new URL(`../../../examples/${name}/${name}.p4`, import.meta.url).pathname;
  const front = runFrontEnd(path, {});
  if (!front.ok || front.checked === undefined || front.unit === undefined) throw new Error(`${name}: ${front.diagnostics.map((d) => d.message).join('; ')}`);
  const ir = lowerProgram(front.checked, new DiagnosticBag(front.unit.sourceMap), { asyncAll: false }, path);
  if (ir === undefined) throw new Error(`${name}: not lowered`);
  const work = derivePacketWork(ir).work;
  cache.set(name, work);
  return work;
}

/** The paper programs' work from the examples, as `p4ts model --paper` uses it. */
export const paperWorkOf: PaperWorkSource = (program, cycles) => {
  const work = exampleWork(EXAMPLE[program]);
  return program === 'burn' ? withBurnCycles(work, cycles) : work;
};
