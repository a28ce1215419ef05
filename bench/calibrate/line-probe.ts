/**
 * The machine's cross-core state now (`runtime/model/cross-core.ts`): one cache line's round trip
 * between two threads every few seconds, printed with the time and load — to run beside `npm run
 * bench` (another terminal, or before and after it), so a bench's state can be compared with a
 * calibration's. One probe worker serves every sample (`LineProbe`), asleep in between.
 *
 *   npx tsx bench/calibrate/line-probe.ts [--samples 10] [--every 20]
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { arg } from '../harness/args.ts';
import { LineProbe } from '../harness/line-round-trip.ts';

function wholeNumber(name: string, dflt: number): number {
  const text = arg(name, String(dflt));
  const v = Number(text);
  if (!(Number.isInteger(v) && v >= 0)) {
    console.error(`line-probe: ${name} ${text}: a whole number`);
    process.exit(1);
  }
  return v;
}

const samples = wholeNumber('--samples', 10);
const every = wholeNumber('--every', 20);
const probe = new LineProbe();
try {
  for (let i = 0; i < samples; i++) {
    if (i > 0) await sleep(every * 1000);
    const ns = await probe.measure();
    console.log(`${new Date().toISOString().slice(11, 19)} load ${loadavg()[0]!.toFixed(2)}: one cache line's round trip between two threads ${Number.isFinite(ns) ? `${ns.toFixed(0)} ns` : 'not measured (no run of round trips completed: a busy machine)'}`);
  }
} finally {
  await probe.close();
}
