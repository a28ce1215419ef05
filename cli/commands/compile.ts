import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { compileProgram } from '../compile-program.ts';
import { printDiagnostics } from '../print-diagnostics.ts';
import { exitCodeFor } from './exit-code.ts';
import { buildP4Info } from '../../compiler/p4info/index.ts';
import type { IrProgram } from '../../compiler/ir/index.ts';
import { writeP4InfoFile } from '../../runtime/p4runtime/p4info-files.ts';
import { addExecutionOptions, type ExecutionFlags } from './execution-options.ts';
import { addFrontEndOptions, frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

interface CompileFlags extends FrontEndFlags, ExecutionFlags {
  readonly output?: string;
  readonly p4runtimeFiles?: string;
  readonly dumpIr: boolean;
  readonly trace: boolean;
}

/**
 * `p4ts compile PROG.p4 -o DIR`: writes `DIR/<name>.ts` and `DIR/<name>.p4info.json`. The module
 * imports the runtime by package name (`p4ts/runtime/...`): it runs in any project that depends
 * on p4ts. With `--p4runtime-files F.txtpb,F.binpb` also the standard P4Info (ids as p4c assigns
 * them). `--dump-ir` prints the program's IR (`compiler/ir/print.ts`) to stdout, with or without
 * `-o`.
 */
export function registerCompileCommand(program: Command): void {
  addExecutionOptions(
    addFrontEndOptions(
      program
        .command('compile')
        .description(COMMAND_DESCRIPTIONS.compile)
        .argument('<file>', 'P4 source file')
        .option('-o, --output <dir>', 'directory to write <name>.ts and <name>.p4info.json to')
        .option('--p4runtime-files <files>', 'write the P4Runtime P4Info to these files (comma-separated; .txtpb/.txt text, .binpb/.bin binary)')
        .option('--dump-ir', 'print the intermediate representation to stdout', false)
        .option('--trace', 'compile for packet traces: the program reports parser states, extracted headers and table applies', false),
    ),
  ).action(async (file: string, flags: CompileFlags) => {
    if (flags.output === undefined && flags.p4runtimeFiles === undefined && !flags.dumpIr) {
      process.stderr.write('error: give -o, --output <dir>, --p4runtime-files <files> or --dump-ir\n');
      process.exitCode = 1;
      return;
    }
    const result = await compileProgram(file, { ...frontEndOptions(flags), mode: flags.mode, asyncAll: flags.asyncAll, trace: flags.trace });
    printDiagnostics(result.diagnostics);
    if (flags.dumpIr && result.ir !== undefined) {
      const { printProgram } = await import('../../compiler/ir/print.ts');
      process.stdout.write(printProgram(result.ir, { locate: result.locate }));
    }
    if (!result.ok || result.code === undefined) {
      process.exitCode = Math.max(exitCodeFor(result.diagnostics), 1);
      return;
    }
    if (flags.p4runtimeFiles !== undefined && !writeP4RuntimeFiles(result.ir!, flags.p4runtimeFiles)) {
      process.exitCode = 1;
      return;
    }
    if (flags.output === undefined) return;
    const outDir = resolve(flags.output);
    const name = basename(file).replace(/\.p4$/, '');
    mkdirSync(outDir, { recursive: true });
    const modulePath = `${flags.output.replace(/\/+$/, '')}/${name}.ts`;
    const p4infoPath = `${flags.output.replace(/\/+$/, '')}/${name}.p4info.json`;
    writeFileSync(modulePath, result.code);
    writeFileSync(p4infoPath, `${JSON.stringify(result.p4info, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
    process.stdout.write(`wrote ${modulePath} (${flags.mode}${flags.asyncAll ? ', async-all' : ''})\nwrote ${p4infoPath}\n`);
  });
}

/** Writes the standard P4Info to each file; false (after printing why) on a problem. */
function writeP4RuntimeFiles(ir: IrProgram, files: string): boolean {
  const { p4info, problems } = buildP4Info(ir);
  for (const p of problems) process.stderr.write(`error: ${p.message}\n`);
  if (problems.length > 0) return false;
  for (const path of files.split(',').filter((f) => f !== '')) {
    try {
      writeP4InfoFile(p4info, path);
    } catch (e) {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return false;
    }
    process.stdout.write(`wrote ${path}\n`);
  }
  return true;
}
