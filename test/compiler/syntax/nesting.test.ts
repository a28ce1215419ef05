/**
 * Deep nesting and long operator chains: refused at the offending token with a diagnostic
 * (`MAX_NESTING`, see compiler/ast/nesting.ts) instead of overflowing the JavaScript stack in the
 * parser, the checker, the IR lowering or the code generator; just inside the limit, every stage
 * handles them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../../compiler/ast/nesting.ts';
import { compileFile } from '../../../compiler/compile.ts';
import { v1model } from '../check/helpers.ts';

/** Each shape: ingress statements (or locals) nesting `n` levels. */
const SHAPES: Record<string, (n: number) => { ingressApply?: string; ingressLocals?: string }> = {
  parentheses: (n) => ({ ingressApply: `hdr.h.a = ${'('.repeat(n)}hdr.h.a${')'.repeat(n)};` }),
  blocks: (n) => ({ ingressApply: `${'{'.repeat(n)} hdr.h.a = 1; ${'}'.repeat(n)}` }),
  ifs: (n) => ({ ingressApply: `${'if (hdr.h.a == 1) '.repeat(n)}hdr.h.a = 2;` }),
  'else-if chains': (n) => ({ ingressApply: `${Array.from({ length: n }, (_, i) => `if (hdr.h.a == ${i % 256}) hdr.h.a = 1; else `).join('')}hdr.h.a = 2;` }),
  casts: (n) => ({ ingressApply: `hdr.h.a = ${'(bit<8>)'.repeat(n)}hdr.h.a;` }),
  'list expressions': (n) => ({ ingressLocals: `${'tuple<'.repeat(n)}bit<8>${'>'.repeat(n)} t = ${'{'.repeat(n)}8w1${'}'.repeat(n)};` }),
  '+ chains': (n) => ({ ingressApply: `hdr.h.a = ${Array(n).fill('hdr.h.a').join(' + ')};` }),
  'unary minus': (n) => ({ ingressApply: `hdr.h.a = ${'- '.repeat(n)}hdr.h.a;` }),
  'conditional chains': (n) => ({ ingressApply: `hdr.h.a = ${'hdr.h.a == 1 ? 8w1 : '.repeat(n)}8w2;` }),
  '&& chains': (n) => ({ ingressApply: `if (${Array(n).fill('hdr.h.a == 1').join(' && ')}) { hdr.h.a = 1; }` }),
};

function compileText(text: string) {
  return compileFile('nesting.p4', { readFile: (p) => (p === 'nesting.p4' ? text : readFileSync(p, 'utf8')) });
}

describe('nesting limit', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`refuses 2,000 levels of ${name} at their line, with no internal error`, () => {
      const text = v1model(shape(2000));
      const line = text.split('\n').findIndex((l) => l.length > 4000) + 1;
      const result = compileText(text);
      expect(result.diagnostics.filter((d) => d.severity === 'internal')).toEqual([]);
      const first = result.diagnostics[0]!;
      expect(first.code).toBe(2008);
      expect(first.message).toContain(String(MAX_NESTING));
      expect(first.location?.file.position(first.location.start).line).toBe(line);
    });

    it(`compiles 100 levels of ${name}`, () => {
      const result = compileText(v1model(shape(100)));
      expect(result.diagnostics.filter((d) => d.severity !== 'warning').map((d) => d.message)).toEqual([]);
      expect(result.ok).toBe(true);
    });
  }

  it('points at the token that crosses the limit', () => {
    const result = compileText(v1model(SHAPES['parentheses']!(2000)));
    const d = result.diagnostics[0]!;
    const column = d.location!.file.position(d.location!.start).column;
    // The limit counts the parser's open statements and expressions: two per parenthesis.
    expect(column).toBeGreaterThan(MAX_NESTING / 2 - 10);
    expect(column).toBeLessThan(MAX_NESTING / 2 + 20);
  });
});
