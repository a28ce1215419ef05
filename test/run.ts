/**
 * `npm test`: runs the whole vitest suite and ends with the plain line `N passed, N failed`
 * (read by CI), taken from vitest's JSON report. The report stays where vitest says it wrote
 * it, `.vitest-report.json` at the top of the checkout (ignored by git), until the next run.
 * Exits with vitest's exit code.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const report = fileURLToPath(new URL('../.vitest-report.json', import.meta.url));
rmSync(report, { force: true });
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } },
);

let summary = 'test: 0 passed, 1 failed';
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { status: string; assertionResults: unknown[] }[];
  };
  // A test file that fails to load runs no test: count it as a failure, or it would vanish.
  const brokenFiles = json.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  summary = `test: ${json.numPassedTests} passed, ${json.numFailedTests + brokenFiles} failed`;
} catch {
  console.error('vitest wrote no JSON report');
}
console.log(summary);
process.exit(result.status ?? 1);
