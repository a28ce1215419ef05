/**
 * Golden copies of generated modules, in each execution mode (`golden/NAME.MODE.ts`):
 * `examples/l3-router` (no extern sites) and `examples/ipsec-esp` (p4ts extern sites: the parking,
 * yielding and re-entry code of each mode); and `examples/l3-router` compiled for packet traces
 * in longjump mode (`golden/l3-router.longjump.trace.ts`). `test/golden.ts` says how to
 * regenerate them.
 */
import { describe, expect, it } from 'vitest';
import { EXECUTION_MODES, type ExecutionMode } from '../../../contract/execution-mode.ts';
import { compileFile } from '../../../compiler/compile.ts';
import { expectGolden } from '../../golden.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const PROGRAMS = ['l3-router', 'ipsec-esp'] as const;

function generate(name: string, mode: ExecutionMode, trace = false): string {
  const result = compileFile(`${ROOT}examples/${name}/${name}.p4`, { mode, trace });
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  expect(result.code).toBeDefined();
  return result.code!;
}

describe.each(PROGRAMS)('generated module of examples/%s', (name) => {
  it.each(EXECUTION_MODES)(`matches golden/${name}.%s.ts`, (mode) => {
    expectGolden(`${GOLDEN}${name}.${mode}.ts`, generate(name, mode));
  });
});

describe('generated module of examples/l3-router compiled for traces', () => {
  it('matches golden/l3-router.longjump.trace.ts', () => {
    expectGolden(`${GOLDEN}l3-router.longjump.trace.ts`, generate('l3-router', 'longjump', true));
  });
});

describe('generated modules', () => {
  it('name no machine path, import the runtime by package name, and are the same for the same input', () => {
    const code = generate('ipsec-esp', 'longjump');
    expect(code).not.toContain(ROOT);
    expect(code).not.toMatch(/\/(work|home|tmp|Users)\//);
    const specifiers = [...code.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^p4ts\/runtime\/[a-z0-9]+$/);
    expect(generate('ipsec-esp', 'longjump')).toBe(code);
  });

  it('number extern sites as they are resumed, and name each site with its call chain', () => {
    const code = generate('ipsec-esp', 'longjump');
    const sites = [...code.matchAll(/\/\/ ── extern site (\d+): (.*) ──/g)].map((m) => [Number(m[1]), m[2]]);
    // each site once in the stage function and once in the straight path, which parks with the same number
    expect(sites.map((s) => s[0])).toEqual([1, 2, 1, 2]);
    for (const [id] of sites) {
      expect(code).toContain(`d.resumeSite = ${id};`);
      expect(code).toContain(`$resume = ${id};`);
      expect(code).toContain(`case ${id}: return ingress_resume${id}(d);`);
    }
    expect(sites[0]![1]).toMatch(/^`esp_encapsulate` in action `encapsulate` \(:\d+\), via table `esp_policy` \(:\d+\)$/);
  });
});
