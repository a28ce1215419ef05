/**
 * Compiling a P4 program for the commands that run it. The compiler is imported on first use,
 * so the commands that do not compile (check, parse) never load the code generator.
 */
import type { CompileOptions, CompileResult } from '../compiler/compile.ts';

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

/** The absolute path of this checkout's `runtime/` folder (ends with `/`). */
export async function runtimeDirectory(): Promise<string> {
  return (await loadCompiler()).RUNTIME_DIR;
}
