/**
 * Golden copies of the module generated for `examples/l3-router` in each execution mode
 * (`golden/l3-router.MODE.ts`). The runtime is imported as `p4ts/runtime/` and source paths are
 * relative to the repository, so the files do not depend on the machine. After an intended
 * change of the code generator, regenerate them with
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/compiler/emit/golden.test.ts
 *
 * and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXECUTION_MODES, type ExecutionMode } from '../../../contract/execution-mode.ts';
import { compileFile } from '../../../compiler/compile.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const PROGRAM = `${ROOT}examples/l3-router/l3-router.p4`;
const MODES: readonly ExecutionMode[] = EXECUTION_MODES;
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** The generated module with repository paths made relative (`examples/…`, `compiler/p4include/…`). */
function generate(mode: ExecutionMode): string {
  const result = compileFile(PROGRAM, { mode, runtimeImport: 'p4ts/runtime/' });
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  expect(result.code).toBeDefined();
  return result.code!.split(ROOT).join('');
}

describe('generated module of examples/l3-router', () => {
  it.each(MODES)('matches golden/l3-router.%s.ts', (mode) => {
    const code = generate(mode);
    const file = `${GOLDEN}l3-router.${mode}.ts`;
    if (UPDATE || !existsSync(file)) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, code);
      if (!UPDATE) throw new Error(`${file} did not exist; written now (run again, or set UPDATE_GOLDEN=1 on purpose)`);
      return;
    }
    // toBe on the whole text: vitest prints a line diff when it differs.
    expect(code, `golden/l3-router.${mode}.ts differs (UPDATE_GOLDEN=1 regenerates it)`).toBe(readFileSync(file, 'utf8'));
  });

  it('is machine-independent and the same for the same input', () => {
    const code = generate('longjump');
    expect(code).not.toContain(ROOT);
    expect(code).toMatch(/from 'p4ts\/runtime\//);
    expect(generate('longjump')).toBe(code);
  });
});
