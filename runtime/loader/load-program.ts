/**
 * Loads a generated program module (the TypeScript text the compiler emits) into this process:
 * the text is written to a file and `import()`ed by its file URL.
 *
 * A generated module imports the runtime by package name (`p4ts/runtime/v1model`, ...). Loaded
 * here, those imports are pointed at this very runtime (the folder this loader belongs to), so
 * the program and the code that drives it share one copy of every runtime class wherever the
 * file is written. Under tsx or vitest the `.ts` sources load as they are; from the built
 * JavaScript (`dist/`), tsx's loader is registered on first use to load the program's TypeScript.
 *
 * Every call writes a file of its own (process id, a counter and a random tag in the name), so
 * loading different code twice in one process always yields a fresh module: ES modules are
 * cached by URL for the life of the process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBuiltModule, ownModuleUrl } from '../modules/index.ts';
import type { AnyProgram } from '../switch/index.ts';

/** What a generated module exports (see `compiler/emit/index.ts`). */
export interface GeneratedProgramModule {
  createProgram(): AnyProgram<unknown>;
  /** The program's P4Info (shape owned by the compiler; opaque here). */
  readonly p4info: unknown;
}

export interface LoadProgramOptions {
  /** Base name of the written file, without extension (default `program`). */
  readonly name?: string;
  /**
   * Keep the written file (default: kept when `dir` is given, removed after the import
   * otherwise — the module stays loaded).
   */
  readonly keepFile?: boolean;
}

let loadCounter = 0;

/** The generated module's runtime imports, pointed at this runtime's own files. */
export function bindRuntimeImports(code: string): string {
  return code.replace(/(from ')p4ts\/runtime\/([a-z0-9-]+)(')/g, (_m, before: string, folder: string, after: string) => `${before}${ownModuleUrl(`../${folder}/index.ts`, import.meta.url).href}${after}`);
}

let typescriptLoader: Promise<void> | undefined;

/** Built JavaScript cannot import TypeScript by itself: register tsx's loader (once). */
function loadsTypeScript(): Promise<void> {
  if (!isBuiltModule(import.meta.url)) return Promise.resolve();
  typescriptLoader ??= import('tsx/esm/api').then((tsx) => {
    tsx.register();
  });
  return typescriptLoader;
}

/**
 * Writes `code` to `dir` (default: a fresh temporary directory) under a unique name and imports
 * it. Throws when the module fails to load or does not export `createProgram`.
 */
export async function loadProgramModule(code: string, dir?: string, options: LoadProgramOptions = {}): Promise<GeneratedProgramModule> {
  const temporary = dir === undefined;
  const target = temporary ? mkdtempSync(join(tmpdir(), 'p4ts-program-')) : resolve(dir);
  if (!temporary) mkdirSync(target, { recursive: true });
  const tag = `${process.pid}-${++loadCounter}-${Math.random().toString(36).slice(2, 8)}`;
  // `.mts`: an ES module whatever package.json (if any) governs the directory — a `.ts` file in
  // a directory without `"type": "module"` would be loaded as CommonJS.
  const file = join(target, `${safeName(options.name ?? 'program')}.${tag}.mts`);
  writeFileSync(file, bindRuntimeImports(code));
  try {
    await loadsTypeScript();
    const loaded: unknown = await import(pathToFileURL(file).href);
    return checkModule(loaded, file);
  } finally {
    if (!(options.keepFile ?? !temporary)) {
      rmSync(temporary ? target : file, { recursive: true, force: true });
    }
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'program';
}

function checkModule(loaded: unknown, file: string): GeneratedProgramModule {
  if (typeof loaded !== 'object' || loaded === null) throw new Error(`${file}: not a module`);
  const createProgram: unknown = Reflect.get(loaded, 'createProgram');
  if (typeof createProgram !== 'function') throw new Error(`${file}: the module does not export createProgram()`);
  return {
    createProgram: () => (createProgram as () => AnyProgram<unknown>)(),
    p4info: Reflect.get(loaded, 'p4info'),
  };
}
