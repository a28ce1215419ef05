/**
 * The checker: name resolution, typing, constant folding and the semantic rules of P4-16 (spec
 * v1.2.x, p4c's behaviour as the reference). See `checked-program.ts` for what it produces.
 */
import type { Program } from '../ast/nodes.ts';
import type { DiagnosticBag } from '../diagnostics/index.ts';
import { InternalDiagnostics } from '../diagnostics/codes/internal.ts';
import type { CheckedProgram } from './checked-program.ts';
import { CheckContext } from './context.ts';
import { checkDeclaration } from './declarations.ts';

export type {
  BoundArgument,
  BuiltinMethodName,
  CallTarget,
  CheckedProgram,
  MainPackage,
  MemberResolution,
  ParserInfo,
  ResolvedCall,
  ResolvedInstance,
  TableActionInfo,
  TableEntryInfo,
  TableInfo,
  TableKeyInfo,
} from './checked-program.ts';
export type { Symbol } from './scope.ts';
export type { Type } from './types.ts';
export { typeToString, sameType, widthInBits } from './types.ts';
export type { ConstValue } from './values.ts';

/** Checks a whole program. Never throws: internal failures are reported as compiler bugs. */
export function checkProgram(program: Program, diagnostics: DiagnosticBag): CheckedProgram {
  const ctx = new CheckContext(program, diagnostics);
  try {
    for (const decl of program.declarations) checkDeclaration(ctx, decl);
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    diagnostics.report(InternalDiagnostics.CompilerBug, undefined, [`checker: ${message}`]);
  }
  try {
    ctx.flush();
  } catch (error) {
    diagnostics.report(InternalDiagnostics.CompilerBug, undefined, [`checker: ${String(error)}`]);
  }
  return ctx.result;
}
