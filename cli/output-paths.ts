/**
 * Output paths of the commands (`compile -o`, `run --out`, `plot --out`, `test --json`,
 * `model --json`, ...): checked before any work starts, so a path that cannot be written costs
 * nothing and ends as one line `PATH: error: why` with exit code 1 — and written through
 * `writeOutputFile`, so a write that still fails (disk full, a race) ends the same way, never as
 * a stack trace.
 */
import { accessSync, closeSync, constants, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** An output path that cannot be written; the message is the whole line to print. */
export class OutputPathError extends Error {}

const WHY: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on device',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'name too long',
};

/** A file-system error as the few words a user needs. */
export function fsReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && WHY[code] !== undefined) return WHY[code];
  return error instanceof Error ? error.message : String(error);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new OutputPathError(`${path}: error: ${fsReason(error)}`);
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nearest ancestor of `path` that exists, and the missing directories below it (outermost first). */
function existingAncestor(path: string): { dir: string; stats: Stats; missing: string[] } {
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    const up = dirname(dir);
    if (up === dir) throw new OutputPathError(`${path}: error: no such file or directory`);
    missing.unshift(dir);
    dir = up;
    const stats = statOrUndefined(dir);
    if (stats !== undefined) return { dir, stats, missing };
  }
}

/**
 * Checks that `dir` is a writable directory or can be created as one (by creating and removing
 * the first missing level: `access` cannot tell, e.g. in `/proc` or for root). Throws
 * `OutputPathError`.
 */
export function checkOutputDirectory(dir: string): void {
  const stats = statOrUndefined(dir);
  if (stats !== undefined) {
    if (!stats.isDirectory()) throw new OutputPathError(`${dir}: error: not a directory`);
    if (!writable(dir)) throw new OutputPathError(`${dir}: error: permission denied`);
    return;
  }
  const above = existingAncestor(dir);
  if (!above.stats.isDirectory()) throw new OutputPathError(`${dir}: error: ${above.dir} is not a directory`);
  const first = above.missing[0]!;
  try {
    mkdirSync(first);
    rmdirSync(first);
  } catch (error) {
    throw new OutputPathError(`${dir}: error: cannot create it in ${above.dir}: ${fsReason(error)}`);
  }
}

/** Checks that the file `file` can be written: not a directory, in a directory that exists. */
export function checkOutputFile(file: string): void {
  const stats = statOrUndefined(file);
  if (stats !== undefined) {
    if (stats.isDirectory()) throw new OutputPathError(`${file}: error: is a directory`);
    if (!writable(file)) throw new OutputPathError(`${file}: error: permission denied`);
    return;
  }
  const parent = statOrUndefined(dirname(resolve(file)));
  if (parent === undefined) throw new OutputPathError(`${file}: error: no such directory: ${dirname(file)}`);
  if (!parent.isDirectory()) throw new OutputPathError(`${file}: error: ${dirname(file)} is not a directory`);
  try {
    closeSync(openSync(file, 'wx'));
    unlinkSync(file);
  } catch (error) {
    throw new OutputPathError(`${file}: error: cannot create it: ${fsReason(error)}`);
  }
}

/**
 * Creates the output directory `dir` and what is missing above it, one level at a time (Node's
 * recursive `mkdirSync` never returns where the parent exists but refuses new entries, as
 * `/proc`). Throws `OutputPathError`.
 */
export function makeOutputDirectory(dir: string): void {
  const stats = statOrUndefined(dir);
  if (stats !== undefined) {
    if (!stats.isDirectory()) throw new OutputPathError(`${dir}: error: not a directory`);
    return;
  }
  const above = existingAncestor(dir);
  for (const level of above.missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST' && statOrUndefined(level)?.isDirectory() === true) continue;
      throw new OutputPathError(`${dir}: error: cannot create the directory: ${fsReason(error)}`);
    }
  }
}

/** Writes an output file. Throws `OutputPathError`. */
export function writeOutputFile(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    throw new OutputPathError(`${file}: error: cannot write it: ${fsReason(error)}`);
  }
}

/**
 * Runs `check` (the output-path checks of a command); on an `OutputPathError` prints its line,
 * sets exit code 1 and returns false.
 */
export function outputPathsOk(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (!(error instanceof OutputPathError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return false;
  }
}
