/**
 * The generated modules type-check: the examples (v1model and PSA) in every execution mode (and
 * with every extern call an extern site), written to a temporary directory with the real runtime import
 * path, compiled with the TypeScript compiler API under strict options — zero diagnostics in
 * the generated files. One program holds all the modules, so the runtime is checked once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, RUNTIME_DIR, type ExecutionMode } from '../../../compiler/compile.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const EXAMPLES = ['l2fwd', 'l3-router', 'ipsec-esp-psa'] as const;
const VARIANTS: readonly { readonly mode: ExecutionMode; readonly asyncAll: boolean }[] = [
  { mode: 'sync', asyncAll: false },
  { mode: 'context', asyncAll: false },
  { mode: 'longjump', asyncAll: false },
  { mode: 'sync', asyncAll: true },
  { mode: 'context', asyncAll: true },
  { mode: 'longjump', asyncAll: true },
];

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  typeRoots: [join(ROOT, 'node_modules/@types')],
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noFallthroughCasesInSwitch: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  skipLibCheck: true,
};

const dir = mkdtempSync(join(tmpdir(), 'p4ts-typecheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated modules type-check under strict TypeScript', () => {
  const files = new Map<string, string>();
  for (const name of EXAMPLES) {
    for (const { mode, asyncAll } of VARIANTS) {
      const result = compileFile(`${ROOT}examples/${name}/${name}.p4`, { mode, asyncAll, runtimeImport: RUNTIME_DIR });
      const label = `${name} ${mode}${asyncAll ? ' async-all' : ''}`;
      if (!result.ok || result.code === undefined) throw new Error(`${label}: does not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
      // .mts: an ES module whatever governs the temporary directory.
      const file = join(dir, `${name}.${mode}${asyncAll ? '.async-all' : ''}.mts`);
      writeFileSync(file, result.code);
      files.set(label, file);
    }
  }
  const program = ts.createProgram([...files.values()], OPTIONS);
  const format = (d: ts.Diagnostic): string => {
    const where = d.file !== undefined && d.start !== undefined ? `${d.file.fileName}(${d.file.getLineAndCharacterOfPosition(d.start).line + 1}): ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  };

  it('has valid options', () => {
    expect([...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(format)).toEqual([]);
  });

  it.each([...files.keys()])('%s', (label) => {
    const source = program.getSourceFile(files.get(label)!);
    expect(source).toBeDefined();
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    expect(diagnostics.map(format)).toEqual([]);
  });
});
