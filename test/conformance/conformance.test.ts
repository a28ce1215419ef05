/**
 * Conformance programs of our own: every `programs/NAME.p4` with a `programs/NAME.stf` beside it
 * is compiled and its STF test run in the three execution modes (`sync`; `longjump` and
 * `context` with every extern call an extern site). Each pair pins down one piece of P4-16 /
 * v1model / bmv2 semantics; the comment at the top of the `.p4` file says which.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, type ExecutionMode } from '../../compiler/compile.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { formatStfFailure, loadProgramModule, runStfText } from '../../runtime/testing/index.ts';

const DIR = new URL('./programs/', import.meta.url).pathname;

const MODES: readonly { readonly mode: ExecutionMode; readonly asyncAll: boolean }[] = [
  { mode: 'sync', asyncAll: false },
  { mode: 'longjump', asyncAll: true },
  { mode: 'context', asyncAll: true },
];

const programs = readdirSync(DIR)
  .filter((f) => f.endsWith('.p4'))
  .map((f) => f.slice(0, -3))
  .filter((name) => readdirSync(DIR).includes(`${name}.stf`))
  .sort();

describe('conformance programs', () => {
  for (const name of programs) {
    for (const { mode, asyncAll } of MODES) {
      it(`${name} (${mode})`, async () => {
        const p4 = join(DIR, `${name}.p4`);
        const stf = join(DIR, `${name}.stf`);
        const compiled = compileFile(p4, { mode, asyncAll });
        expect(compiled.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'internal').map((d) => formatDiagnostic(d))).toEqual([]);
        expect(compiled.code).toBeDefined();
        const module = await loadProgramModule(compiled.code!, undefined, { name });
        const result = runStfText(module.createProgram, readFileSync(stf, 'utf8'), { file: stf });
        expect(result.failures.map((f) => formatStfFailure(f, `${name}.stf`))).toEqual([]);
      });
    }
  }
});
