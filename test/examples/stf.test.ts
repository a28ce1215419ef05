/**
 * The STF tests of the p4ts-extern examples (ipsec-esp and its PSA twin ipsec-esp-psa, encrypt,
 * custom-extern) pass in every mode, with the extern work inline and on the worker co-processor
 * (SAs and keys set by the STF file mid-run reach the worker through the shared configuration),
 * with the same outputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatStfFailure, runStfText, toHex, type StfResult } from '../../runtime/testing/index.ts';
import { MODES, loadAnyP4, workerSetup } from './harness.ts';

const EXAMPLES = ['ipsec-esp', 'ipsec-esp-psa', 'encrypt', 'custom-extern'] as const;

function path(name: string, ext: string): string {
  return new URL(`../../examples/${name}/${name}.${ext}`, import.meta.url).pathname;
}

function outputs(result: StfResult): string {
  return [...result.outputs]
    .sort((a, b) => a[0] - b[0])
    .map(([port, list]) => `${port}: ${list.map((p) => toHex(p.bytes)).join(' ')}`)
    .join('\n');
}

function failures(result: StfResult, file: string): string[] {
  return result.failures.map((f) => formatStfFailure(f, file));
}

for (const name of EXAMPLES) {
  describe(`examples/${name}/${name}.stf`, () => {
    const stf = readFileSync(path(name, 'stf'), 'utf8');
    const seen: string[] = [];
    for (const mode of MODES) {
      it(`passes in ${mode} mode, inline and on the worker, with the same outputs`, async () => {
        const createProgram = await loadAnyP4(path(name, 'p4'), mode);
        const inline = runStfText(createProgram, stf, { file: `${name}.stf` });
        expect(failures(inline, `${name}.stf`)).toEqual([]);

        const program = createProgram();
        const setup = workerSetup(program);
        try {
          await setup.executor.start();
          const worker = runStfText(() => program, stf, { file: `${name}.stf`, switchOptions: setup.switchOptions });
          expect(failures(worker, `${name}.stf`)).toEqual([]);
          expect(outputs(worker)).toBe(outputs(inline));
          expect(setup.executor.coprocessor.stats.submitted).toBeGreaterThan(0);
        } finally {
          await setup.executor.coprocessor.close();
        }
        seen.push(outputs(inline));
        expect(new Set(seen).size).toBe(1);
      });
    }
  });
}
