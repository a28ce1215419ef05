/**
 * The runtime's layers point one way: a folder imports only from the contracts and from folders
 * of a lower layer (never from a peer or from above, never from the compiler). The layers,
 * lowest first, are the table below; a new folder must be placed in it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNTIME = join(ROOT, 'runtime');

/** Layer of each runtime folder (or sub-folder, when it differs from its parent's): 0 is the bottom. */
const LAYERS: Readonly<Record<string, number>> = {
  bits: 0,
  crypto: 0,
  tasks: 0,
  tables: 0,
  trace: 0,
  // how p4ts finds its own modules (sources or build)
  modules: 0,
  packet: 1,
  ipsec: 1,
  io: 1,
  coprocessor: 1,
  externs: 1,
  support: 1,
  control: 2,
  // the cost model prices ESP framing with ipsec's header sizes
  model: 2,
  v1model: 2,
  p4ts: 3,
  psa: 3,
  'io/ports': 3,
  // a program of either architecture and its switch
  switch: 4,
  loader: 5,
  // the P4Runtime server drives a v1model switch and its control-plane objects
  p4runtime: 5,
  testing: 6,
};

/** The layered unit a runtime path belongs to: its sub-folder when that has a layer of its own, else its folder. */
function unitOf(pathInRuntime: readonly string[]): string {
  const two = pathInRuntime.slice(0, 2).join('/');
  return LAYERS[two] !== undefined ? two : pathInRuntime[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** The relative module specifiers a file imports (static, dynamic and re-exports; comments skipped). */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)) found.push(m[1]!);
  return found;
}

describe('runtime layers', () => {
  const files = sourceFiles(RUNTIME);

  it('every runtime folder has a layer', () => {
    const folders = readdirSync(RUNTIME).filter((n) => statSync(join(RUNTIME, n)).isDirectory());
    expect(folders.filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  it('imports point only down (or to the contracts)', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = unitOf(relative(RUNTIME, file).split(sep));
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = relative(ROOT, resolve(file, '..', specifier)).split(sep);
        const where = `${relative(ROOT, file)} imports ${specifier}`;
        if (target[0] === 'contract') continue;
        if (target[0] !== 'runtime') {
          violations.push(`${where}: outside runtime/ and contract/`);
          continue;
        }
        const to = unitOf(target.slice(1));
        if (to === from) continue;
        if (!(LAYERS[to]! < LAYERS[from]!)) violations.push(`${where}: ${from} (layer ${LAYERS[from]}) → ${to} (layer ${LAYERS[to]})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the check sees imports (it would catch an upward one)', () => {
    expect(importsOf("import { x } from '../p4ts/payload-task.ts';\nexport * from './a.ts';\nconst m = await import('../y.ts');")).toEqual([
      '../p4ts/payload-task.ts',
      './a.ts',
      '../y.ts',
    ]);
    expect(importsOf("/** import { NamedObjectRegistry } from '../runtime/v1model/index.ts'; */")).toEqual([]);
  });
});
