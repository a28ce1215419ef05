/**
 * Hostile input to the preprocessor ends with a diagnostic, soon, in memory linear and small in
 * the size of the source: huge numbers of lines, macro definitions that double with each line,
 * deep macro argument and `#if` nesting, includes of files that are not regular files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreprocessDiagnostics } from '../../../../compiler/diagnostics/index.ts';
import { readFileFromDisk } from '../../../../compiler/syntax/preprocess/include-paths.ts';
import { run } from './harness.ts';

const ROOT = new URL('../../../../', import.meta.url).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'p4ts-pp-limits-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Preprocesses `text` in a child Node whose heap is capped at `heapMb`: true when it finished.
 * (The memory used for the lines themselves used to be about 650 bytes per line.)
 */
function preprocessesWithin(heapMb: number, text: string): { ok: boolean; stderr: string } {
  const file = join(dir, 'big.p4');
  writeFileSync(file, text);
  const script = `
    import { preprocess } from ${JSON.stringify(join(ROOT, 'compiler/syntax/preprocess/index.ts'))};
    import { SourceFile } from ${JSON.stringify(join(ROOT, 'compiler/source/index.ts'))};
    import { DiagnosticBag } from ${JSON.stringify(join(ROOT, 'compiler/diagnostics/index.ts'))};
    import { readFileSync } from 'node:fs';
    const bag = new DiagnosticBag();
    const unit = preprocess(new SourceFile('big.p4', readFileSync(${JSON.stringify(file)}, 'utf8')), bag);
    if (bag.hasErrors) throw new Error(bag.all[0].message);
    process.stdout.write(String(unit.text.length));
  `;
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { ok: result.status === 0 && Number(result.stdout) >= text.length - 100, stderr: result.stderr };
}

describe('preprocessor limits', () => {
  it('keeps 600,000 comment lines, skipped lines and blank lines in a 64 MB heap', () => {
    const lines = 200_000;
    const text = `${'//\n'.repeat(lines)}#if 0\n${'x y;\n'.repeat(lines)}#endif\n${'\n'.repeat(lines)}const bit<8> k = 1;\n`;
    const result = preprocessesWithin(64, text);
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
  });

  it('stops macros that double with each definition', () => {
    const defs = Array.from({ length: 40 }, (_, i) => `#define M${i + 1} M${i} + M${i}\n`).join('');
    const { diagnostics } = run({ 'main.p4': `#define M0 1\n${defs}const bit<8> k = M40;\n` });
    expect(diagnostics.map((d) => d.code)).toEqual([PreprocessDiagnostics.ExpansionTooLarge.code]);
    expect(diagnostics[0]!.location?.file.position(diagnostics[0]!.location.start).line).toBe(42);
  });

  it('stops a chain of 2,000 macros each using the one before twice', () => {
    const defs = Array.from({ length: 2000 }, (_, i) => `#define M${i + 1} M${i} M${i}\n`).join('');
    const { diagnostics } = run({ 'main.p4': `#define M0 1\n${defs}M2000\n` });
    expect(diagnostics.map((d) => d.code)).toEqual([PreprocessDiagnostics.ExpansionTooLarge.code]);
  });

  it('refuses macro arguments nested 5,000 deep', () => {
    const { diagnostics } = run({ 'main.p4': `#define F(x) x\nconst bit<8> k = ${'F('.repeat(5000)}1${')'.repeat(5000)};\n` });
    expect(diagnostics.length).toBe(1);
    expect([PreprocessDiagnostics.ExpansionTooLarge.code, PreprocessDiagnostics.ArgumentsTooDeep.code]).toContain(diagnostics[0]!.code);
  });

  it('accepts macro arguments nested 100 deep', () => {
    const { diagnostics, code } = run({ 'main.p4': `#define F(x) x\nconst bit<8> k = ${'F('.repeat(100)}1${')'.repeat(100)};\n` });
    expect(diagnostics).toEqual([]);
    expect(code).toBe('const bit<8> k = 1;');
  });

  for (const [name, condition] of [
    ['parentheses', `${'('.repeat(20_000)}1${')'.repeat(20_000)}`],
    ['unary operators', `${'- '.repeat(20_000)}1`],
    ['conditionals', `${'1 ? '.repeat(20_000)}1${' : 1'.repeat(20_000)}`],
    ['operator chains', Array(20_000).fill('1').join(' + ')],
  ] as const) {
    it(`refuses #if ${name} nested 20,000 deep with a diagnostic at the directive`, () => {
      const { diagnostics } = run({ 'main.p4': `\n#if ${condition}\n#endif\n` });
      expect(diagnostics.map((d) => d.code)).toEqual([PreprocessDiagnostics.InvalidExpression.code]);
      expect(diagnostics[0]!.message).toContain('nested more than 256 levels deep');
      expect(diagnostics[0]!.location?.file.position(diagnostics[0]!.location.start).line).toBe(2);
    });
  }

  it('refuses to include a device, a FIFO or a directory (which would hang or fail to read)', () => {
    const fifo = join(dir, 'fifo.p4');
    spawnSync('mkfifo', [fifo]);
    for (const [target, reason] of [
      ['/dev/zero', 'not a regular file'],
      [fifo, 'not a regular file'],
      [dir, 'is a directory'],
    ] as const) {
      const main = join(dir, 'main.p4');
      const text = `\n#include "${target}"\n`;
      const { diagnostics } = run({ [main]: text }, main, { readFile: (p) => (p === main ? text : readFileFromDisk(p)) });
      expect(diagnostics.map((d) => [d.code, d.message])).toEqual([[PreprocessDiagnostics.IncludeUnreadable.code, `cannot include ${target}: ${reason}`]]);
      expect(diagnostics[0]!.location?.file.position(diagnostics[0]!.location.start).line).toBe(2);
    }
  });
});
