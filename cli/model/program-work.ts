/**
 * The work of one P4 program: front end, lowering to the IR, `derivePacketWork` (no code
 * generation: the model needs only the IR).
 */
import { basename } from 'node:path';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { PacketWorkDerivation } from '../../compiler/packet-work/index.ts';
import { frontEndOptions, type FrontEndFlags } from '../commands/front-end-options.ts';

export interface DeriveOptions extends FrontEndFlags {
  readonly frameBytes?: number;
  readonly burnCycles?: number;
}

export interface DerivedWork {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly derivation: PacketWorkDerivation | undefined;
}

export async function deriveProgramWork(file: string, options: DeriveOptions = { include: [], define: [] }): Promise<DerivedWork> {
  const [{ runFrontEnd }, { DiagnosticBag, InternalDiagnostics }, { lowerProgram }, { derivePacketWork }] = await Promise.all([
    import('../../compiler/frontend.ts'),
    import('../../compiler/diagnostics/index.ts'),
    import('../../compiler/ir/index.ts'),
    import('../../compiler/packet-work/index.ts'),
  ]);
  const front = runFrontEnd(file, frontEndOptions(options));
  if (!front.ok || front.checked === undefined || front.unit === undefined) return { ok: false, diagnostics: front.diagnostics, derivation: undefined };
  const bag = new DiagnosticBag(front.unit.sourceMap);
  for (const d of front.diagnostics) bag.add(d);
  let ir;
  try {
    ir = lowerProgram(front.checked, bag, { asyncAll: false }, file);
  } catch (error) {
    bag.report(InternalDiagnostics.CompilerBug, undefined, [error instanceof Error ? (error.stack ?? error.message) : String(error)]);
    return { ok: false, diagnostics: bag.all, derivation: undefined };
  }
  if (ir === undefined || bag.hasErrors) return { ok: false, diagnostics: bag.all, derivation: undefined };
  const derivation = derivePacketWork(ir, {
    program: basename(file).replace(/\.p4$/, ''),
    ...(options.frameBytes !== undefined ? { frameBytes: options.frameBytes } : {}),
    ...(options.burnCycles !== undefined ? { burnCycles: options.burnCycles } : {}),
  });
  return { ok: true, diagnostics: bag.all, derivation };
}
