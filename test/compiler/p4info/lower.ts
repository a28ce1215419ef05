/** Lowers a P4 file to IR for the P4Info tests (front end + lowering, no code generation). */
import { DiagnosticBag } from '../../../compiler/diagnostics/index.ts';
import { runFrontEnd } from '../../../compiler/frontend.ts';
import { lowerProgram, type IrProgram } from '../../../compiler/ir/index.ts';

export function lowerFile(path: string): IrProgram {
  const front = runFrontEnd(path);
  if (!front.ok || front.checked === undefined || front.unit === undefined) throw new Error(`${path}: ${front.diagnostics.map((d) => d.message).join('; ')}`);
  const diagnostics = new DiagnosticBag(front.unit.sourceMap);
  const ir = lowerProgram(front.checked, diagnostics, { asyncAll: false }, path);
  if (ir === undefined || diagnostics.hasErrors) throw new Error(`${path}: ${diagnostics.all.map((d) => d.message).join('; ')}`);
  return ir;
}
