/**
 * The machine's cross-core state now (`runtime/model/cross-core.ts`): `measureLineRoundTrip`
 * every few seconds, printed with the time and load — to run beside `npm run bench` (another
 * terminal, or before and after it), so a bench's state can be compared with a calibration's.
 *
 *   npx tsx bench/calibrate/line-probe.ts [--samples 10] [--every 20]
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { measureLineRoundTrip } from '../harness/line-round-trip.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!(Number.isInteger(v) && v >= 0)) {
    console.error(`line-probe: ${name} ${process.argv[i + 1]}: a whole number`);
    process.exit(1);
  }
  return v;
}

const samples = arg('--samples', 10);
const every = arg('--every', 20);
for (let i = 0; i < samples; i++) {
  if (i > 0) await sleep(every * 1000);
  const ns = await measureLineRoundTrip();
  console.log(`${new Date().toISOString().slice(11, 19)} load ${loadavg()[0]!.toFixed(2)}: one cache line's round trip between two threads ${Number.isFinite(ns) ? `${ns.toFixed(0)} ns` : 'not measured (the worker did not answer)'}`);
}
