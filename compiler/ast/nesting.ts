/**
 * How deeply a program may nest, and the one measure of it that later stages rely on.
 *
 * Every stage after the parser (checker, IR lowering, code generation, constant folding) walks
 * trees recursively, as does the parser itself. Rather than rewrite each of them without
 * recursion, p4ts refuses a program that nests more than `MAX_NESTING` levels deep, at the
 * token where the limit is crossed: the parser counts the statements, expressions and types it
 * has open, and `firstTooDeep` measures the finished tree (which catches long operator chains
 * such as `a + b + … + z`, which parse without nesting but build a tree one level per operator).
 * The limit keeps every stage well inside Node's default stack (about 1 MB).
 */
import type { Span } from '../source/span.ts';

export const MAX_NESTING = 256;

interface TreeNode {
  readonly kind: string;
  readonly span?: Span;
}

function isNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

/**
 * The first node (in source order) that sits more than `limit` nodes below `root`, or undefined.
 * Works on any tree of kind-tagged objects (AST or IR) and uses no recursion. Only nodes with a
 * span count as a level: wrappers without one (annotation bodies) are walked through.
 */
export function firstTooDeep(root: object, limit: number = MAX_NESTING): TreeNode | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    let level = depth;
    if (isNode(value) && value.span !== undefined) {
      level = depth + 1;
      if (level > limit) return value;
    }
    const children = Object.entries(value);
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i]!;
      if (key !== 'span' && typeof child === 'object' && child !== null) stack.push({ value: child, depth: level });
    }
  }
  return undefined;
}
