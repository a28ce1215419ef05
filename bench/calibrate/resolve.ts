/**
 * A stored calibration solved again from its recorded measurements with this checkout's solver
 * (`solve.ts`): nothing is measured, so a change to the solver reads as before/after on the same
 * microbenchmarks. Two things are not the stored calibration's: the burst is taken as 32 (the
 * calibration's default; a calibration made with `--burst` is solved wrongly), and the programs'
 * op counts come from compiling them with this checkout's compiler (a compiler change since the
 * calibration changes what the measurements are divided by).
 *
 * `--omit a,b` leaves those run-to-completion shapes out of the least squares (a what-if; the
 * other shapes' op counts must then be the same as when the calibration ran for the figure to
 * mean what it says).
 *
 *   npx tsx bench/calibrate/resolve.ts IN.json OUT.json [--omit shape,shape]
 */
import { writeFileSync } from 'node:fs';
import { readCalibration } from '../../cli/model/local.ts';
import { resolveCalibration } from './index.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--omit');
const omit = at < 0 ? [] : (args[at + 1] ?? '').split(',').filter((x) => x !== '');
if (at >= 0) args.splice(at, 2);
const [input, output] = args;
if (input === undefined || output === undefined || args.length !== 2 || (at >= 0 && omit.length === 0)) {
  console.error('usage: npx tsx bench/calibrate/resolve.ts IN.json OUT.json [--omit shape,shape]  (burst taken as 32; op counts from compiling the programs with this checkout)');
  process.exit(1);
}
try {
  writeFileSync(output, `${JSON.stringify(resolveCalibration(readCalibration(input), 32, omit), null, 2)}\n`);
} catch (e) {
  console.error(`resolve: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
console.log(`${input}: solved again from its ${readCalibration(input).measurements.length} measurements into ${output}${omit.length > 0 ? ` (left out: ${omit.join(', ')})` : ''}`);
