/**
 * Golden AST: the whole tree (with spans) of one medium program (`test/golden.ts` says how to
 * regenerate it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../../golden.ts';
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
      expectGolden(`${GOLDEN_DIR}${name}.ast.json`, astJson(program));
    });
  }
});
