/**
 * Rules on annotations (spec 18.2): structured annotations `@n[...]` may not share their name
 * with another annotation on the same element, their keys are unique and their values are
 * int, string or bool; `@name` and `@deprecated` take one string; `@match` (on a value_set's
 * struct fields) names one match_kind.
 */
import type { Annotation, Expression, Program } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { forEachNode } from './ast-walk.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';

/** Annotations whose single argument must be a string (concatenations of strings fold to one). */
const STRING_ANNOTATIONS = new Set(['name', 'deprecated']);

export function checkAnnotations(ctx: CheckContext, program: Program): void {
  forEachNode(program, (node) => {
    if (Array.isArray(node['annotations'])) checkAnnotationList(ctx, node['annotations'] as Annotation[]);
  });
}

function checkAnnotationList(ctx: CheckContext, list: readonly Annotation[]): void {
  const reported = new Set<string>();
  list.forEach((annotation, i) => {
    const name = annotation.name.name;
    const clash = list.slice(0, i).some((earlier) => earlier.name.name === name && (earlier.structured || annotation.structured));
    if (clash && !reported.has(name)) {
      reported.add(name);
      ctx.report(CheckDiagnostics.DuplicateStructuredAnnotation, annotation.span, [name]);
    }
    if (annotation.structured) checkStructuredBody(ctx, annotation);
    if (name === 'match' && annotation.body.kind === 'Expressions') checkMatchKind(ctx, annotation.body.items);
    if (STRING_ANNOTATIONS.has(name) && annotation.body.kind === 'Expressions' && !annotation.structured && !isStringArgument(annotation)) {
      ctx.report(CheckDiagnostics.AnnotationNeedsString, annotation.span, [name]);
    }
  });
}

function checkStructuredBody(ctx: CheckContext, annotation: Annotation): void {
  const body = annotation.body;
  if (body.kind === 'Expressions') {
    for (const item of body.items) checkStructuredValue(ctx, item);
  } else if (body.kind === 'KeyValues') {
    const seen = new Set<string>();
    for (const { key, value } of body.items) {
      if (seen.has(key.name)) ctx.report(CheckDiagnostics.DuplicateStructuredKey, key.span, [key.name]);
      seen.add(key.name);
      checkStructuredValue(ctx, value);
    }
  }
}

function checkStructuredValue(ctx: CheckContext, value: Expression): void {
  if (value.kind === 'ListExpression' || value.kind === 'StructExpression') {
    ctx.report(CheckDiagnostics.StructuredAnnotationValue, value.span, [printExpression(value)]);
  }
}

function checkMatchKind(ctx: CheckContext, items: readonly Expression[]): void {
  const first = items[0];
  if (first !== undefined && first.kind !== 'PathExpression') {
    ctx.report(CheckDiagnostics.MatchAnnotationKind, first.span, [printExpression(first)]);
  }
}

function isStringArgument(annotation: Annotation): boolean {
  const body = annotation.body;
  return body.kind === 'Expressions' && body.items.length === 1 && isStringExpression(body.items[0]!);
}

function isStringExpression(e: Expression): boolean {
  if (e.kind === 'StringLiteral') return true;
  return e.kind === 'BinaryExpression' && e.op === '++' && isStringExpression(e.left) && isStringExpression(e.right);
}
