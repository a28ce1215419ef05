/**
 * What the fuzzer asserts of one mutant: `check` (the front end and, for a v1model program, all
 * of compile short of writing) ends with diagnostics, never an exception or an internal error —
 * the exit code is 0 or 1, never 2. Returns a description of the failure, or undefined.
 */
import { dirname, join } from 'node:path';
import { checkFile } from '../../compiler/compile.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { readSourceText } from '../../compiler/source/index.ts';
import type { Mutant } from './mutate.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export function checkMutant(mutant: Mutant): string | undefined {
  // The mutant sits where its program is, so its relative #includes still resolve.
  const path = join(ROOT, dirname(mutant.source), `mutant-${mutant.seed}.p4`);
  const readFile = (p: string): string | undefined => (p === path ? mutant.text : readSourceText(p));
  try {
    const r = checkFile(path, { readFile });
    const internal = r.diagnostics.filter((d) => d.severity === 'internal');
    if (internal.length > 0) return `internal error: ${internal.map((d) => formatDiagnostic(d)).join('\n')}`;
    if (!r.ok && !r.diagnostics.some((d) => d.severity === 'error')) return 'rejected without an error';
    return undefined;
  } catch (e) {
    return `exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
}
