/**
 * The checker: name resolution, typing, constant folding and the semantic rules of P4-16 (spec
 * v1.2.x, p4c's behaviour as the reference). See `checked-program.ts` for what it produces.
 */
import type { Program } from '../ast/nodes.ts';
import type { DiagnosticBag } from '../diagnostics/index.ts';
import { runStage } from '../diagnostics/boundary.ts';
import type { CheckedProgram } from './checked-program.ts';
import { CheckContext } from './context.ts';
import { checkAnnotations } from './annotations.ts';
import { checkActionControlPlaneNames } from './control-plane-names.ts';
import { checkDeclaration } from './declarations.ts';
import { checkMainIsInstance } from './instantiation.ts';

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
  runStage(diagnostics, 'checker', () => {
    for (const decl of program.declarations) checkDeclaration(ctx, decl);
  });
  runStage(diagnostics, 'checker', () => {
    checkAnnotations(ctx, program);
    checkActionControlPlaneNames(ctx, program);
    checkMainIsInstance(ctx, program);
  });
  // Deferred checks run even after a crash above, so the result is as complete as it can be.
  runStage(diagnostics, 'checker', () => ctx.flush());
  return ctx.result;
}
