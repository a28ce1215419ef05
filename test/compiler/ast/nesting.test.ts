/** `firstTooDeep`: the one measure of nesting that every stage after the parser relies on. */
import { describe, expect, it } from 'vitest';
import { firstTooDeep, MAX_NESTING } from '../../../compiler/ast/nesting.ts';

interface N {
  kind: string;
  span: { start: number; end: number };
  children: N[];
}

function node(start: number, children: N[] = []): N {
  return { kind: 'X', span: { start, end: start + 1 }, children };
}

/** A chain `depth` nodes long, built without recursion. */
function chain(depth: number, offset = 0): N {
  let n = node(offset + depth - 1);
  for (let i = depth - 2; i >= 0; i--) n = node(offset + i, [n]);
  return n;
}

describe('firstTooDeep', () => {
  it('accepts a tree exactly as deep as the limit and finds the first node beyond it', () => {
    expect(firstTooDeep(chain(10), 10)).toBeUndefined();
    expect(firstTooDeep(chain(11), 10)?.span?.start).toBe(10);
  });

  it('measures a million-node chain without using the call stack', () => {
    expect(firstTooDeep(chain(1_000_000))?.span?.start).toBe(MAX_NESTING);
  });

  it('reports the first too-deep node in source order, not the deepest', () => {
    const root = node(0, [chain(5, 10), chain(8, 100), chain(9, 200)]);
    // The root and the first chain make 6 levels; the second chain's 6th node is the 7th level.
    expect(firstTooDeep(root, 6)?.span?.start).toBe(105);
  });

  it('walks through objects without a span (annotation bodies) without counting them', () => {
    const wrapped = { kind: 'Root', span: { start: 0, end: 1 }, body: { kind: 'Expressions', items: [node(1, [node(2)])] } };
    expect(firstTooDeep(wrapped, 3)).toBeUndefined();
    expect(firstTooDeep(wrapped, 2)?.span?.start).toBe(2);
  });
});
