/**
 * A stored calibration solved again from its recorded measurements with this checkout's solver
 * (`solve.ts`): nothing is measured, so a change to the solver reads as before/after on the same
 * microbenchmarks.
 *
 *   npx tsx bench/calibrate/resolve.ts IN.json OUT.json
 */
import { writeFileSync } from 'node:fs';
import { readCalibration } from '../../cli/model/local.ts';
import { resolveCalibration } from './index.ts';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error('usage: npx tsx bench/calibrate/resolve.ts IN.json OUT.json');
  process.exit(1);
}
try {
  writeFileSync(output, `${JSON.stringify(resolveCalibration(readCalibration(input)), null, 2)}\n`);
} catch (e) {
  console.error(`resolve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
console.log(`${input}: solved again from its ${readCalibration(input).measurements.length} measurements into ${output}`);
