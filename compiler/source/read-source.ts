/**
 * Reading a source file from disk, for the main file and for `#include`. Only a regular file
 * is read: a device (`/dev/zero`), a FIFO or a directory would make the front end hang or read
 * forever, so they are refused with a reason.
 */
import { readFileSync, statSync } from 'node:fs';

/** The file exists but cannot be used as P4 source; `message` says why. */
export class SourceReadError extends Error {}

/** The file's text as UTF-8; undefined when there is no such file; `SourceReadError` otherwise. */
export function readSourceText(path: string): string | undefined {
  let isFile: boolean;
  let isDirectory: boolean;
  try {
    const stat = statSync(path);
    isFile = stat.isFile();
    isDirectory = stat.isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new SourceReadError(reasonOf(error));
  }
  if (isDirectory) throw new SourceReadError('is a directory');
  if (!isFile) throw new SourceReadError('not a regular file');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SourceReadError(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ERR_FS_FILE_TOO_LARGE' || e.code === 'ERR_STRING_TOO_LONG') return 'too large';
  return e.message ?? String(error);
}
