/**
 * Golden diagnostics: each `errors/NAME.p4` is a small invalid program of ours and
 * `errors/NAME.p4.stderr` holds its printed diagnostics (`test/golden.ts` says how to regenerate).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../golden.ts';
import { checkSource, formatAll } from './helpers.ts';

const dir = fileURLToPath(new URL('./errors/', import.meta.url));
const programs = readdirSync(dir).filter((f) => f.endsWith('.p4')).sort();

describe('golden checker diagnostics', () => {
  it('has at least 40 programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of programs) {
    it(name, () => {
      const run = checkSource(readFileSync(join(dir, name), 'utf8'), name);
      expect(run.errors.length).toBeGreaterThan(0);
      expect(run.errors.some((d) => d.severity === 'internal')).toBe(false);
      expectGolden(join(dir, `${name}.stderr`), `${formatAll(run)}\n`);
    });
  }
});
