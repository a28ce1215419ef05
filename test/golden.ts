/**
 * Golden files, one policy for every golden test: `expectGolden(path, actual)` compares text with
 * a checked-in file. A missing golden fails, as a different one does. After an intended change,
 * `UPDATE_GOLDENS=1 npx vitest run <test file>` (re)writes them; review the diff before
 * committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { expect } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;

/** True when the goldens are being rewritten (`UPDATE_GOLDENS=1`). */
export const UPDATING_GOLDENS = process.env['UPDATE_GOLDENS'] === '1';

export function expectGolden(path: string, actual: string): void {
  const name = relative(ROOT, path);
  if (UPDATING_GOLDENS) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`${name}: no golden file (UPDATE_GOLDENS=1 writes it)`);
  // toBe on the whole text: vitest prints a line diff when it differs.
  expect(actual, `${name} differs (UPDATE_GOLDENS=1 rewrites it)`).toBe(readFileSync(path, 'utf8'));
}
