#!/usr/bin/env node
// The `p4ts` command. Runs the compiled JavaScript in dist/ (written by `npm run build`, which
// `npm ci` runs through `prepare`) when that build is complete and newer than every source file;
// otherwise runs the TypeScript sources through tsx's loader — the same program, a slower start
// — and says on stderr why.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The newest file under `dir` (not in `out/` folders) changed after `since` (ms), if any. */
function newerThan(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'out') continue;
      const found = newerThan(path, since);
      if (found !== undefined) return found;
    } else if (statSync(path).mtimeMs > since) {
      return path;
    }
  }
  return undefined;
}

/** Why dist/ cannot be run, or undefined when it can. */
function whyNotBuilt() {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return 'there is no build in dist/';
  const built = statSync(stamp).mtimeMs;
  for (const folder of ['contract', 'compiler', 'runtime', 'cli', 'bench', 'examples']) {
    const changed = existsSync(join(root, folder)) ? newerThan(join(root, folder), built) : undefined;
    if (changed !== undefined) return `${changed.slice(root.length)} changed after the build in dist/`;
  }
  return undefined;
}

const why = whyNotBuilt();
if (why === undefined) {
  await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
} else {
  process.stderr.write(`p4ts: ${why}; running the TypeScript sources (slower start; \`npm run build\` makes the build)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
}
