/**
 * bin/p4ts.js chooses what to run: the build in dist/ when it is complete (dist/.built) and newer
 * than every source file, else the TypeScript sources through tsx, saying why on stderr. Run
 * here on a stand-in package (a `cli/main.ts` and a `dist/cli/main.js` that print which they
 * are), with this checkout's node_modules for tsx.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const pkg = mkdtempSync(join(tmpdir(), 'p4ts-bin-'));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

mkdirSync(join(pkg, 'bin'));
copyFileSync(join(ROOT, 'bin', 'p4ts.js'), join(pkg, 'bin', 'p4ts.js'));
symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
writeFileSync(join(pkg, 'package.json'), '{ "type": "module" }\n');
mkdirSync(join(pkg, 'cli'));
writeFileSync(join(pkg, 'cli', 'main.ts'), "const from: string = 'sources';\nconsole.log(from, process.argv.slice(2).join(' '));\n");

function build(): void {
  mkdirSync(join(pkg, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(pkg, 'dist', 'cli', 'main.js'), "console.log('build', process.argv.slice(2).join(' '));\n");
  writeFileSync(join(pkg, 'dist', '.built'), 'now\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(pkg, 'cli', 'main.ts'), past, past);
}

function p4ts(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(pkg, 'bin', 'p4ts.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('bin/p4ts.js', () => {
  it('runs the build when it is newer than every source, passing the arguments on', () => {
    build();
    expect(p4ts('--version')).toEqual({ stdout: 'build --version\n', stderr: '', status: 0 });
  });

  it('runs the sources, and says so, when a source changed after the build', () => {
    build();
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(pkg, 'cli', 'main.ts'), future, future);
    const r = p4ts('check', 'x.p4');
    expect(r.stdout).toBe('sources check x.p4\n');
    expect(r.stderr).toMatch(/^p4ts: cli\/main\.ts changed after the build in dist\/; running the TypeScript sources/);
  });

  it('runs the sources, and says so, when there is no complete build', () => {
    build();
    rmSync(join(pkg, 'dist', '.built'));
    const r = p4ts('--help');
    expect(r.stdout).toBe('sources --help\n');
    expect(r.stderr).toMatch(/^p4ts: there is no build in dist\/; running the TypeScript sources/);
  });
});
