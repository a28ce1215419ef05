/**
 * A stored calibration solved again from its recorded measurements with this checkout's solver
 * (`solve.ts`): nothing is measured, so a change to the solver reads as before/after on the same
 * microbenchmarks. Two things are not the stored calibration's: the burst is taken as 32 (the
 * calibration's default; a calibration made with `--burst` is solved wrongly), and the programs'
 * op counts come from compiling them with this checkout's compiler (a compiler change since the
 * calibration changes what the measurements are divided by).
 *
 *   npx tsx bench/calibrate/resolve.ts IN.json OUT.json
 */
import { writeFileSync } from 'node:fs';
import { readCalibration } from '../../cli/model/local.ts';
import { resolveCalibration } from './index.ts';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error('usage: npx tsx bench/calibrate/resolve.ts IN.json OUT.json  (burst taken as 32; op counts from compiling the programs with this checkout)');
  process.exit(1);
}
try {
  writeFileSync(output, `${JSON.stringify(resolveCalibration(readCalibration(input)), null, 2)}\n`);
} catch (e) {
  console.error(`resolve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
console.log(`${input}: solved again from its ${readCalibration(input).measurements.length} measurements into ${output}`);
