/**
 * Golden AST: the whole tree (with spans) of one medium program. Regenerate after an intended
 * change with `UPDATE_GOLDEN=1 npx vitest run test/compiler/syntax/parser/golden.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from './helpers.ts';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

function astJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 2)}\n`;
}

describe('golden AST', () => {
  for (const name of ['medium']) {
    it(`${name}.p4`, () => {
      const text = readFileSync(`${GOLDEN_DIR}${name}.p4`, 'utf8');
      const { program, diagnostics } = parse(text);
      expect(diagnostics).toEqual([]);
      const actual = astJson(program);
      const goldenPath = `${GOLDEN_DIR}${name}.ast.json`;
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, actual);
      expect(actual).toBe(readFileSync(goldenPath, 'utf8'));
    });
  }
});
