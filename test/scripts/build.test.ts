/**
 * The build (tsconfig.build.json, what `npm ci` makes through `prepare`) holds every module the
 * code starts by URL — worker entries, co-processor op modules, the bench's variant modules that
 * `p4ts model --calibrate` runs — because each is named through `ownModuleUrl` (which picks the
 * `.js` beside a built module) and lies inside the build's folders. Built here into a temporary
 * folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'p4ts-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { include: string[] };

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'out' || name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('the build', () => {
  const files = config.include.flatMap((folder) => sources(join(ROOT, folder)));

  it('names modules started by URL through ownModuleUrl, never a bare .ts URL', () => {
    const bare = files.filter((f) => /new URL\('[^']*\.ts'/.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(bare).toEqual([]);
  });

  it('contains every module named through ownModuleUrl', { timeout: 120_000 }, () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { stdio: 'pipe' });
    const named: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/ownModuleUrl\(\s*'([^'$`]+\.ts)'/g)) named.push(join(dirname(f), m[1]!));
    }
    expect(named.length).toBeGreaterThan(4);
    const missing = named.map((p) => relative(ROOT, p).replace(/\.ts$/, '.js')).filter((p) => !existsSync(join(out, p)));
    expect(missing).toEqual([]);
  });
});
