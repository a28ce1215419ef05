/**
 * Rules on annotations (spec 18.2): structured annotations `@n[...]` may not share their name
 * with another annotation on the same element, their keys are unique and their values are
 * compile-time known int, string or bool values; `@name` and `@deprecated` take one string;
 * `@match` (on a value_set's struct fields) names one match_kind; `@pkginfo` takes key=value
 * pairs; `@p4runtime_translation` takes a URI string and the controller type (`string`,
 * `bit<N>` or a width), as P4Runtime defines it.
 */
import type { Annotation, Expression, Ident, Program } from '../ast/nodes.ts';
import { CheckDiagnostics } from '../diagnostics/codes/check.ts';
import { forEachNode } from './ast-walk.ts';
import { printExpression } from './const-eval.ts';
import type { CheckContext } from './context.ts';

/** Names whose values exist only at run time (or are objects), never compile-time constants. */
const RUN_TIME_SYMBOLS: ReadonlySet<string> = new Set(['instance', 'variable', 'parameter', 'table', 'value_set']);

/** Annotations whose single argument must be a string (concatenations of strings fold to one). */
const STRING_ANNOTATIONS = new Set(['name', 'deprecated']);

export function checkAnnotations(ctx: CheckContext, program: Program): void {
  forEachNode(program, (node) => {
    if (!Array.isArray(node['annotations'])) return;
    // The annotated declaration's own type parameters are in scope in its annotations.
    const typeParameters = Array.isArray(node['typeParameters']) ? (node['typeParameters'] as Ident[]).map((t) => t.name) : [];
    checkAnnotationList(ctx, node['annotations'] as Annotation[], new Set(typeParameters));
  });
}

function checkAnnotationList(ctx: CheckContext, list: readonly Annotation[], typeParameters: ReadonlySet<string>): void {
  const reported = new Set<string>();
  list.forEach((annotation, i) => {
    const name = annotation.name.name;
    const clash = list.slice(0, i).some((earlier) => earlier.name.name === name && (earlier.structured || annotation.structured));
    if (clash && !reported.has(name)) {
      reported.add(name);
      ctx.report(CheckDiagnostics.DuplicateStructuredAnnotation, annotation.span, [name]);
    }
    if (annotation.structured) checkStructuredBody(ctx, annotation, typeParameters);
    if (name === 'pkginfo' && !annotation.structured && !isKeyValueBody(annotation)) {
      ctx.report(CheckDiagnostics.AnnotationNeedsKeyValues, annotation.span, [name]);
    }
    if (name === 'p4runtime_translation' && !annotation.structured && !isTranslationBody(annotation)) {
      ctx.report(CheckDiagnostics.P4RuntimeTranslationForm, annotation.span, [bodyText(annotation)]);
    }
    if (name === 'match' && annotation.body.kind === 'Expressions') checkMatchKind(ctx, annotation.body.items);
    if (STRING_ANNOTATIONS.has(name) && annotation.body.kind === 'Expressions' && !annotation.structured && !isStringArgument(annotation)) {
      ctx.report(CheckDiagnostics.AnnotationNeedsString, annotation.span, [name]);
    }
  });
}

function checkStructuredBody(ctx: CheckContext, annotation: Annotation, typeParameters: ReadonlySet<string>): void {
  const body = annotation.body;
  if (body.kind === 'Expressions') {
    for (const item of body.items) checkStructuredValue(ctx, item, typeParameters);
  } else if (body.kind === 'KeyValues') {
    const seen = new Set<string>();
    for (const { key, value } of body.items) {
      if (seen.has(key.name)) ctx.report(CheckDiagnostics.DuplicateStructuredKey, key.span, [key.name]);
      seen.add(key.name);
      checkStructuredValue(ctx, value, typeParameters);
    }
  }
}

function checkStructuredValue(ctx: CheckContext, value: Expression, typeParameters: ReadonlySet<string>): void {
  if (value.kind === 'ListExpression' || value.kind === 'StructExpression') {
    ctx.report(CheckDiagnostics.StructuredAnnotationValue, value.span, [printExpression(value)]);
    return;
  }
  // Names in the value must denote compile-time known values: a type, or an instance, variable,
  // parameter or table (whose value exists only at run time) cannot appear there. Names that do
  // not resolve at top level (a local constant on a local element) are left alone.
  let reported = false;
  forEachNode(value, (node) => {
    if (reported || node['kind'] !== 'PathExpression') return;
    const path = node as unknown as Extract<Expression, { kind: 'PathExpression' }>;
    const name = path.path.name.name;
    const isTypeParameter = !path.path.global && typeParameters.has(name);
    const symbol = isTypeParameter ? undefined : ctx.scope.root.lookup(name)?.[0];
    if (isTypeParameter || symbol?.kind === 'type') {
      ctx.report(CheckDiagnostics.TypeInExpression, path.span, [name]);
      reported = true;
    } else if (symbol !== undefined && RUN_TIME_SYMBOLS.has(symbol.kind)) {
      ctx.report(CheckDiagnostics.StructuredAnnotationNotConstant, value.span, [printExpression(value)]);
      reported = true;
    }
  });
}

/** `@pkginfo(key = value, ...)`: the parser keeps a key=value body unparsed. */
function isKeyValueBody(annotation: Annotation): boolean {
  const body = annotation.body;
  if (body.kind === 'KeyValues') return body.items.length > 0;
  return body.kind === 'Unparsed' && /^[A-Za-z_][A-Za-z0-9_]*\s*=[^=]/.test(body.text);
}

/** `@p4runtime_translation("uri", string | bit<N> | N)`. */
function isTranslationBody(annotation: Annotation): boolean {
  const body = annotation.body;
  if (body.kind === 'Expressions') {
    return body.items.length === 2 && body.items[0]!.kind === 'StringLiteral' && body.items[1]!.kind === 'IntLiteral';
  }
  return body.kind === 'Unparsed' && /^"(?:[^"\\]|\\.)*"\s*,\s*(?:string|bit\s*<\s*\d+\s*>|\d+)$/.test(body.text);
}

function bodyText(annotation: Annotation): string {
  const body = annotation.body;
  if (body.kind === 'Unparsed') return body.text;
  if (body.kind === 'Expressions') return body.items.map(printExpression).join(', ');
  return '';
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
