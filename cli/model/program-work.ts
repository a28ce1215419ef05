/**
 * The work of one P4 program: `lowerFile` (front end → IR), then `derivePacketWork` (no code
 * generation: the model needs only the IR).
 */
import { basename } from 'node:path';
import { compileFile } from '../../compiler/compile.ts';
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { lowerFile } from '../../compiler/lower-file.ts';
import { derivePacketWork, type PacketWorkDerivation } from '../../compiler/packet-work/index.ts';
import { straightPathUse, type StraightPathUse } from '../../runtime/model/local.ts';
import { frontEndOptions, type FrontEndFlags } from '../commands/front-end-options.ts';

export interface DeriveOptions extends FrontEndFlags {
  readonly frameBytes?: number;
  readonly burnCycles?: number;
}

export interface DerivedWork {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly derivation: PacketWorkDerivation | undefined;
  /** Why a program that compiles has no derivation (the model knows v1model programs only). */
  readonly refusal?: string;
}

export function deriveProgramWork(file: string, options: DeriveOptions = { include: [], define: [] }): DerivedWork {
  const lowered = lowerFile(file, frontEndOptions(options));
  if (!lowered.ok || lowered.ir === undefined) return { ok: false, diagnostics: lowered.diagnostics, derivation: undefined };
  if (lowered.ir.architecture !== 'v1model') {
    return { ok: false, diagnostics: lowered.diagnostics, derivation: undefined, refusal: `${file}: error: the cost model knows v1model programs only; this is a ${lowered.ir.architecture} program` };
  }
  const derivation = derivePacketWork(lowered.ir, {
    program: basename(file).replace(/\.p4$/, ''),
    ...(options.frameBytes !== undefined ? { frameBytes: options.frameBytes } : {}),
    ...(options.burnCycles !== undefined ? { burnCycles: options.burnCycles } : {}),
  });
  return { ok: true, diagnostics: lowered.diagnostics, derivation };
}

/**
 * Whether generated code has a straight path: the program object lists `straightPath` (or says
 * why not: `// no straight path: REASON`), as `compiler/emit/emit-module.ts` writes it.
 */
export function hasStraightPath(code: string): boolean {
  return /^\s*straightPath,$/m.test(code);
}

/** Whether generated code's program object lists `straightResume` (longjump: resume functions of the straight path). */
export function hasStraightResume(code: string): boolean {
  return /^\s*straightResume,$/m.test(code);
}

/** Per execution mode, how the program's packets use the straight path the compiler gives it (`straightPathUse`). */
export function straightPathModes(file: string, options: FrontEndFlags = { include: [], define: [] }): Record<ExecutionMode, StraightPathUse> {
  const out = {} as Record<ExecutionMode, StraightPathUse>;
  for (const mode of EXECUTION_MODES) {
    const r = compileFile(file, { ...frontEndOptions(options), mode });
    const code = r.ok ? r.code : undefined;
    out[mode] = straightPathUse(mode, code !== undefined && hasStraightPath(code), code !== undefined && hasStraightResume(code));
  }
  return out;
}
