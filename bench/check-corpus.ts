/**
 * Conformance of `p4ts check` against the reference compiler's test programs (fetched separately,
 * never committed). Not a test: it measures. Each program goes through `checkFile`, exactly what
 * `p4ts check` runs (the front end, then lowering and code generation short of writing the module
 * for a v1model or PSA program), so the counts are the product's.
 *
 *     npx tsx bench/check-corpus.ts --valid FILE_LIST_OR_DIR   # every program must be accepted
 *     npx tsx bench/check-corpus.ts --errors DIR [--outputs DIR]
 *
 * `--errors` runs every `*.p4` in DIR: counts crashes (internal errors), rejections, and how often
 * our first error is on the line of the first `X.p4(LINE)` in `OUTPUTS/X.p4-stderr`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkFile, type CheckResult } from '../compiler/compile.ts';
import { arg } from './harness/args.ts';

function programsIn(pathOrList: string): string[] {
  if (statSync(pathOrList).isDirectory()) {
    return readdirSync(pathOrList).filter((f) => f.endsWith('.p4')).sort().map((f) => join(pathOrList, f));
  }
  const base = dirname(pathOrList);
  return readFileSync(pathOrList, 'utf8').split('\n').filter(Boolean).map((f) => (f.startsWith('/') ? f : join(base, f)));
}

function firstLine(result: CheckResult): number | undefined {
  const d = result.diagnostics.find((x) => x.severity !== 'warning');
  return d?.location ? d.location.file.position(d.location.start).line : undefined;
}

const valid = arg('--valid');
if (valid) {
  let ok = 0;
  const failures: string[] = [];
  const files = programsIn(valid);
  for (const file of files) {
    const result = checkFile(file);
    if (result.ok) ok++;
    else failures.push(`${basename(file)}: ${result.diagnostics.find((d) => d.severity !== 'warning')?.message.split('\n')[0]}`);
  }
  for (const f of failures) console.log(`  REJECTED ${f}`);
  console.log(`valid programs accepted: ${ok}/${files.length}`);
}

const errors = arg('--errors');
if (errors) {
  const outputs = arg('--outputs');
  const files = programsIn(errors);
  let rejected = 0;
  let crashed = 0;
  let comparable = 0;
  let sameLine = 0;
  const crashes: string[] = [];
  const accepted: string[] = [];
  for (const file of files) {
    const result = checkFile(file);
    const internal = result.diagnostics.find((d) => d.severity === 'internal');
    if (internal) {
      crashed++;
      crashes.push(`${basename(file)}: ${internal.message.split('\n')[0]}`);
      continue;
    }
    if (result.ok) {
      accepted.push(basename(file));
      continue;
    }
    rejected++;
    if (outputs) {
      const expectedFile = join(outputs, `${basename(file)}-stderr`);
      if (!existsSync(expectedFile)) continue;
      // The reference's first *error* (its output may start with warnings).
      const match = /\((\d+)\):[^\n]*error/.exec(readFileSync(expectedFile, 'utf8'));
      if (!match) continue;
      comparable++;
      if (firstLine(result) === Number(match[1])) sameLine++;
    }
  }
  if (process.argv.includes('--list')) {
    for (const c of crashes) console.log(`  CRASH ${c}`);
    for (const a of accepted) console.log(`  ACCEPTED ${a}`);
  }
  const pct = (n: number, d: number): string => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
  console.log(`invalid programs: ${files.length}; rejected ${rejected} (${pct(rejected, files.length)}), accepted ${accepted.length}, internal errors ${crashed}`);
  if (outputs) console.log(`first error on the reference's line: ${sameLine}/${comparable} (${pct(sameLine, comparable)})`);
}
