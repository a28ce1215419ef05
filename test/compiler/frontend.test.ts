import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runFrontEnd } from '../../compiler/frontend.ts';

const examples = ['examples/l2fwd/l2fwd.p4', 'examples/l3-router/l3-router.p4'].map((path) => ({
  path,
  text: readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8'),
}));

/** Runs the front end on in-memory text (includes still come from our own p4include). */
function frontEnd(path: string, text: string) {
  return runFrontEnd(path, {
    readFile: (p) => {
      if (p === path) return text;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
}

/** A source edit: delete, duplicate or insert at a position scaled to the text. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.constantFrom(
      '{', '}', '(', ')', ';', '<', '>', '>>', '.', ',', '=', '8w', '0x', '"', '/*', '#if 1', '#endif', '#define X (',
      'bit<', 'header', 'table t {', 'apply', 'transition', 'select(', 'default', '_', '&&&', '..', '++', '|+|',
      'error.', '@name(', 'extern', 'const', 'int<0>', 'bit<0>', 'exit;', 'return 1;', 'x', '1', '-', '?', ':',
      'struct S { S s; }', 'typedef T T;', 'package', '{#}', '...', 'bit<(1<<31)>', '99999999999999999999w1',
    ),
  }),
);

type Mutation = { readonly kind: 'delete' | 'duplicate' | 'insert'; readonly at: number; readonly length?: number; readonly text?: string };

function applyMutation(text: string, m: Mutation): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + (m.length ?? 1));
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + (m.length ?? 1)) + text.slice(at);
    default:
      return text.slice(0, at) + (m.text ?? '') + text.slice(at);
  }
}

describe('front end', () => {
  it('accepts the example programs', () => {
    for (const { path, text } of examples) {
      const result = frontEnd(path, text);
      expect(result.diagnostics.map((d) => d.message)).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it('reports an unreadable file as a user error, not a crash', () => {
    const result = runFrontEnd('/nonexistent/missing.p4');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.severity).toBe('error');
  });

  it('never throws or reports an internal error on randomly mutated programs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }), (example, mutations) => {
        let text = example.text;
        for (const m of mutations) text = applyMutation(text, m);
        const result = frontEnd(example.path, text);
        const internal = result.diagnostics.filter((d) => d.severity === 'internal');
        expect(internal.map((d) => d.message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
