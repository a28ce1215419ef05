/**
 * Output paths (cli/output-paths.ts): every command that writes files checks where before it
 * works, and a path it cannot write — an existing file where a directory goes, a directory
 * where a file goes, a place that cannot hold a new entry — ends in one line `PATH: error: …` and
 * exit code 1, never a stack trace and never after the work.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutputDirectory, checkOutputFile, makeOutputDirectory, OutputPathError } from '../../cli/output-paths.ts';
import { writePcapFile } from '../../runtime/io/pcap.ts';
import { invoke } from './invoke.ts';

const L2FWD = new URL('../../examples/l2fwd/l2fwd.p4', import.meta.url).pathname;
/** /proc takes no new entries, even from root (for whom `access` says every place is writable). */
const NO_NEW_ENTRIES = existsSync('/proc/self') ? '/proc/p4ts-out/x' : undefined;

let dir: string;
let aFile: string;
let aDir: string;
let pcap: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p4ts-output-paths-'));
  aFile = join(dir, 'a-file');
  writeFileSync(aFile, 'x');
  aDir = join(dir, 'a-dir');
  mkdirSync(aDir);
  pcap = join(dir, 'in.pcap');
  writePcapFile(pcap, [{ tsSec: 1, data: Uint8Array.from(Buffer.from('000000000002000000000009080001020304', 'hex')) }]);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function failsWith(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputPathError);
    return (e as Error).message;
  }
  throw new Error('no OutputPathError');
}

describe('output path checks', () => {
  it('accepts a directory that exists or can be created, and creates it level by level', () => {
    checkOutputDirectory(aDir);
    const deep = join(dir, 'new', 'deeper');
    checkOutputDirectory(deep);
    expect(existsSync(join(dir, 'new'))).toBe(false);
    makeOutputDirectory(deep);
    expect(readdirSync(join(dir, 'new'))).toEqual(['deeper']);
  });

  it('refuses a file where a directory goes, a path through a file, and a place without new entries', () => {
    expect(failsWith(() => checkOutputDirectory(aFile))).toBe(`${aFile}: error: not a directory`);
    expect(failsWith(() => checkOutputDirectory(join(aFile, 'sub')))).toMatch(/: error: .*not a directory/);
    if (NO_NEW_ENTRIES !== undefined) {
      expect(failsWith(() => checkOutputDirectory(NO_NEW_ENTRIES))).toBe(`${NO_NEW_ENTRIES}: error: cannot create it in /proc: no such file or directory`);
      // Node's recursive mkdirSync never returns here; ours stops.
      expect(failsWith(() => makeOutputDirectory(NO_NEW_ENTRIES))).toMatch(/^\/proc\/p4ts-out\/x: error: cannot create the directory/);
    }
  });

  it('accepts a file that exists or can be created (leaving nothing behind), refuses a directory or a missing folder', () => {
    checkOutputFile(aFile);
    const fresh = join(dir, 'report.json');
    checkOutputFile(fresh);
    expect(existsSync(fresh)).toBe(false);
    expect(failsWith(() => checkOutputFile(aDir))).toBe(`${aDir}: error: is a directory`);
    expect(failsWith(() => checkOutputFile(join(dir, 'missing', 'r.json')))).toMatch(/: error: no such directory: /);
    expect(failsWith(() => checkOutputFile(join(aFile, 'r.json')))).toMatch(/: error: .*not a directory/);
  });
});

describe('commands with an output path they cannot write', () => {
  const cases: [string, () => string[], () => string][] = [
    ['compile -o FILE', () => ['compile', L2FWD, '-o', aFile], () => aFile],
    ['compile --p4runtime-files DIR', () => ['compile', L2FWD, '--p4runtime-files', aDir], () => aDir],
    ['run --out FILE', () => ['run', L2FWD, '--in', `1:${pcap}`, '--out', aFile], () => aFile],
    ['plot --out FILE', () => ['plot', '--out', aFile], () => aFile],
    ['test --corpus --json DIR', () => ['test', '--corpus', dir, '--json', aDir], () => aDir],
    ['model --paper --json DIR', () => ['model', '--paper', '--json', aDir], () => aDir],
  ];
  it.each(cases)('%s: one line PATH: error: …, exit 1, before any work', async (_name, args, path) => {
    const r = await invoke(args());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${path().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: error: `))]);
    expect(r.stdout).toBe('');
  });
});
