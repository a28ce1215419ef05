/**
 * Actions share one control-plane namespace (P4Runtime names them by their fully qualified
 * `@name`). Two actions whose names resolve to the same absolute name conflict: a top-level
 * action `a` is `.a`, an action `a` in control `C` is `.C.a`, and `@name(".x")` is `.x` wherever
 * it is written. As in p4c, which checks after removing unused declarations, an action without
 * `@name` that nothing refers to (such as core.p4's `NoAction` in a program that does not use it)
 * is not part of the control plane.
 */
import type { ActionDeclaration, Program } from '../ast/nodes.ts';
import type { Span } from '../source/index.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { forEachNode } from './ast-walk.ts';
import type { CheckContext } from './context.ts';

export function checkActionControlPlaneNames(ctx: CheckContext, program: Program): void {
  const seen = new Map<string, ActionDeclaration>();
  const mentions = identifierCounts(program);
  const claim = (action: ActionDeclaration, scope: string): void => {
    if (nameAnnotation(action) === undefined && (mentions.get(action.name.name) ?? 0) <= 1) return;
    const written = nameAnnotation(action) ?? action.name.name;
    const absolute = written.startsWith('.') ? written : `${scope}.${written}`;
    const previous = seen.get(absolute);
    if (previous === undefined) seen.set(absolute, action);
    else {
      ctx.report(CheckDiagnostics.ConflictingControlPlaneName, nameSite(action), [written, nameAnnotation(previous) ?? previous.name.name], [
        { message: 'previous declaration', site: nameSite(previous) },
      ]);
    }
  };
  for (const decl of program.declarations) {
    if (decl.kind === 'ActionDeclaration') claim(decl, '');
    else if (decl.kind === 'ControlDeclaration') {
      for (const local of decl.locals) if (local.kind === 'ActionDeclaration') claim(local, `.${decl.name.name}`);
    }
  }
}

/** Where the name is written: the `@name` annotation, else the action's identifier. */
function nameSite(action: ActionDeclaration): Span {
  return action.annotations.find((a) => a.name.name === 'name')?.span ?? action.name.span;
}

function nameAnnotation(action: ActionDeclaration): string | undefined {
  const annotation = action.annotations.find((a) => a.name.name === 'name');
  const first = annotation?.body.kind === 'Expressions' ? annotation.body.items[0] : undefined;
  return first?.kind === 'StringLiteral' ? first.value : undefined;
}

/** How often each identifier occurs in the program (declarations included). */
function identifierCounts(program: Program): Map<string, number> {
  const counts = new Map<string, number>();
  forEachNode(program, (node) => {
    if (node['kind'] === 'Ident' && typeof node['name'] === 'string') counts.set(node['name'], (counts.get(node['name']) ?? 0) + 1);
  });
  return counts;
}
