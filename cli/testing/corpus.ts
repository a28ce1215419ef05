/**
 * Finding the STF tests of a corpus laid out like the reference compiler's
 * `testdata/p4_16_samples`: every `X.p4` with an `X.stf` beside it, in any subfolder. Only
 * programs for an architecture p4ts runs — those that include `v1model.p4` or `psa.p4` (also as
 * `bmv2/psa.p4`) — are run; the others are skipped.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { StfTestCase } from './stf-test-case.ts';

export interface CorpusListing {
  readonly tests: readonly StfTestCase[];
  /** Names of the programs with an STF file for an architecture p4ts does not run. */
  readonly skipped: readonly string[];
}

const ARCHITECTURE_INCLUDE = /^[ \t]*#[ \t]*include[ \t]*[<"](?:v1model|psa|bmv2\/psa)\.p4[>"]/m;

/** Lists the tests under `dir` (sorted by name); `filter` keeps names containing it. */
export function listCorpus(dir: string, filter?: string): CorpusListing {
  const tests: StfTestCase[] = [];
  const skipped: string[] = [];
  for (const p4Path of findFiles(dir, '.p4')) {
    const stfPath = `${p4Path.slice(0, -3)}.stf`;
    const name = relative(dir, p4Path).split(sep).join('/').replace(/\.p4$/, '');
    if (filter !== undefined && !name.includes(filter)) continue;
    if (!existsSync(stfPath)) continue;
    let source: string;
    try {
      source = readFileSync(p4Path, 'utf8');
    } catch {
      source = '';
    }
    if (ARCHITECTURE_INCLUDE.test(source)) tests.push({ name, p4Path, stfPath });
    else skipped.push(name);
  }
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  tests.sort((a, b) => byName(a.name, b.name));
  skipped.sort(byName);
  return { tests, skipped };
}

function findFiles(dir: string, extension: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(path, extension));
    else if (entry.isFile() && entry.name.endsWith(extension)) out.push(path);
  }
  return out;
}
