import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceText } from '../../source/read-source.ts';

/** Absolute path of `compiler/p4include`, where our `core.p4` and `v1model.p4` live. */
export const BUILTIN_INCLUDE_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../p4include');

/**
 * Reads a file as UTF-8; undefined when it is missing; throws `SourceReadError` when it exists
 * but is not a readable regular file.
 */
export function readFileFromDisk(path: string): string | undefined {
  return readSourceText(path);
}

/**
 * The paths to try, in order, for `#include "name"` (`angled` false) or `#include <name>`:
 * quoted names first relative to the including file, then the built-in directory, then the
 * user's include directories.
 */
export function includeCandidates(
  name: string,
  angled: boolean,
  includingFilePath: string,
  includeDirs: readonly string[],
): string[] {
  if (isAbsolute(name)) return [name];
  const candidates: string[] = [];
  if (!angled) candidates.push(join(dirname(includingFilePath), name));
  candidates.push(join(BUILTIN_INCLUDE_DIR, name));
  for (const dir of includeDirs) candidates.push(join(dir, name));
  return candidates;
}
