import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { compileProgram, runtimeDirectory } from '../compile-program.ts';
import { printDiagnostics } from '../print-diagnostics.ts';
import { exitCodeFor } from './exit-code.ts';
import { addExecutionOptions, type ExecutionFlags } from './execution-options.ts';
import { addFrontEndOptions, frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

interface CompileFlags extends FrontEndFlags, ExecutionFlags {
  readonly output: string;
}

/**
 * `p4ts compile PROG.p4 -o DIR`: writes `DIR/<name>.ts` (importing the runtime by a path relative
 * to DIR, so the module runs where it is) and `DIR/<name>.p4info.json`.
 */
export function registerCompileCommand(program: Command): void {
  addExecutionOptions(
    addFrontEndOptions(
      program
        .command('compile')
        .description('compile a P4-16 program to a TypeScript module and its P4Info')
        .argument('<file>', 'P4 source file')
        .requiredOption('-o, --output <dir>', 'directory to write <name>.ts and <name>.p4info.json to'),
    ),
  ).action(async (file: string, flags: CompileFlags) => {
    const outDir = resolve(flags.output);
    const runtimeImport = importPath(outDir, await runtimeDirectory());
    const result = await compileProgram(file, { ...frontEndOptions(flags), mode: flags.mode, asyncAll: flags.asyncAll, runtimeImport });
    printDiagnostics(result.diagnostics);
    if (!result.ok || result.code === undefined) {
      process.exitCode = Math.max(exitCodeFor(result.diagnostics), 1);
      return;
    }
    const name = basename(file).replace(/\.p4$/, '');
    mkdirSync(outDir, { recursive: true });
    const modulePath = `${flags.output.replace(/\/+$/, '')}/${name}.ts`;
    const p4infoPath = `${flags.output.replace(/\/+$/, '')}/${name}.p4info.json`;
    writeFileSync(modulePath, result.code);
    writeFileSync(p4infoPath, `${JSON.stringify(result.p4info, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
    process.stdout.write(`wrote ${modulePath} (${flags.mode}${flags.asyncAll ? ', async-all' : ''})\nwrote ${p4infoPath}\n`);
  });
}

/** The runtime folder as an import specifier relative to `fromDir` (`../runtime/`). */
export function importPath(fromDir: string, runtimeDir: string): string {
  let rel = relative(fromDir, runtimeDir).split(sep).join('/');
  if (rel === '') rel = '.';
  else if (rel !== '..' && !rel.startsWith('../')) rel = `./${rel}`;
  return rel.endsWith('/') ? rel : `${rel}/`;
}
