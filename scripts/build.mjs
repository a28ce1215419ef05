// `npm run build` (and `npm ci`, through `prepare`): compiles the contracts, compiler, runtime and
// CLI to JavaScript in dist/ (same folder layout; types are checked by `npm run typecheck`, not
// here), copies beside them the other files they read at run time (P4 include files, .proto
// files, worker bootstraps (also the bench's, which `p4ts model --calibrate` starts), the examples' programs and data), and last writes dist/.built, by
// which bin/p4ts.js knows the build is complete and newer than the sources.
//
// `--if-possible` (what `prepare` passes): a failed build does not fail the install; it says so,
// and the `p4ts` command runs from the TypeScript sources (a slower start) until a build succeeds.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const ifPossible = process.argv.includes('--if-possible');

/** Every file under `dir` (no `out/` folders: generated test output) whose name passes `keep`. */
function files(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'out' ? [] : files(path, keep);
    return keep(name) ? [path] : [];
  });
}

try {
  rmSync(dist, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const folder of ['compiler', 'runtime', 'cli', 'examples', 'bench']) {
    for (const file of files(join(root, folder), (name) => !name.endsWith('.ts'))) {
      const target = join(dist, relative(root, file));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
    }
  }
  writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
  console.log('p4ts: built dist/ (the p4ts command runs it)');
} catch (error) {
  rmSync(join(dist, '.built'), { force: true });
  console.error(`p4ts: the build failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  if (!ifPossible) process.exit(1);
  console.error('p4ts: the p4ts command will run from the TypeScript sources (slower start); `npm run build` retries');
}
