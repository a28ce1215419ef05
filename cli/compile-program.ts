/**
 * Compiling a P4 program for the commands that run it. The compiler is imported on first use,
 * so the commands that do not compile (check, parse) never load the code generator.
 */
import type { CompileOptions, CompileResult } from '../compiler/compile.ts';
import { loadProgramModule } from '../runtime/loader/index.ts';
import type { AnyProgram } from '../runtime/switch/index.ts';
import { exitCodeFor } from './commands/exit-code.ts';
import { printDiagnostics } from './print-diagnostics.ts';

type CompilerModule = typeof import('../compiler/compile.ts');

let compiler: Promise<CompilerModule> | undefined;

/** Imports the compiler (once). */
export function loadCompiler(): Promise<CompilerModule> {
  compiler ??= import('../compiler/compile.ts');
  return compiler;
}

export async function compileProgram(path: string, options: CompileOptions): Promise<CompileResult> {
  const { compileFile } = await loadCompiler();
  return compileFile(path, options);
}

/**
 * Compiles `path` and loads the generated module, for the commands that run the program: prints
 * the diagnostics, and on failure sets the exit code (1, or 2 for an internal error) and returns
 * undefined.
 */
export async function loadRunnableProgram(path: string, options: CompileOptions): Promise<AnyProgram<unknown> | undefined> {
  const compiled = await compileProgram(path, options);
  printDiagnostics(compiled.diagnostics);
  if (!compiled.ok || compiled.code === undefined) {
    process.exitCode = Math.max(exitCodeFor(compiled.diagnostics), 1);
    return undefined;
  }
  const module = await loadProgramModule(compiled.code, undefined, { name: path.replace(/^.*\//, '').replace(/\.p4$/, '') });
  return module.createProgram();
}
