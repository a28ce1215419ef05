/**
 * Code generation: one readable TypeScript module per program, in one of three execution
 * modes. The module exports `createProgram(): V1Program<State>` (see runtime/v1model/program.ts)
 * and `p4info`.
 */
import type { ExecutionMode } from '../../contract/execution-mode.ts';
import type { IrProgram } from '../ir/index.ts';
import type { Span } from '../source/span.ts';
import type { P4Info } from './p4info.ts';
import { emitModule } from './emit-module.ts';

export type { ExecutionMode };

export interface EmitOptions {
  readonly mode: ExecutionMode;
  /** The P4 source's name, for the header comment. */
  readonly sourceName: string;
  /** `file.p4:LINE` of a span, for comments that map generated code back to P4. */
  readonly locate: (span: Span) => string;
  /** Emit trace calls (parser states, extractions, table applies) and the extern sites' descriptions (compiler/emit/trace.ts). */
  readonly trace?: boolean;
}

export interface EmittedProgram {
  readonly code: string;
  readonly p4info: P4Info;
}

export function emitProgram(ir: IrProgram, options: EmitOptions): EmittedProgram {
  return emitModule(ir, options);
}
