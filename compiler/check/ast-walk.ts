/**
 * A generic pre-order walk over every AST node (any object), in source order. Iterative, so
 * deeply nested expressions cannot overflow the stack. For rules that look at one property of
 * many node kinds (annotations, identifiers) rather than at typed structure.
 */
export function forEachNode(root: unknown, visit: (node: Readonly<Record<string, unknown>>) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const record = node as Record<string, unknown>;
    visit(record);
    const children = Object.entries(record).filter(([key]) => key !== 'span').map(([, value]) => value);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
