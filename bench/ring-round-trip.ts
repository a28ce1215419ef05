/**
 * The co-processor's rings across two threads, alone: the round trip of a burst of `echo` tasks
 * (the main thread writes the request slots and publishes, the worker — spinning, never asleep —
 * reads them and writes the results, the main thread spins until it has read them all). An echo
 * task touches no packet byte, so what is timed is the rings: the slot lines and the control words
 * crossing between the two cores, and the code around them.
 *
 *   npx tsx bench/ring-round-trip.ts [--burst 16] [--rounds 40] [--baseline DIR]
 *
 * Printed: the minimum and the 10th percentile (interpolated, as the harness's quartiles: `quantileOf`) of many bursts' wall-clock round trips — robust to
 * a busy machine (a burst that was descheduled is simply not the minimum), unlike a rate.
 * `--baseline DIR` names another checkout's root (e.g. `git archive <commit> runtime | tar -x -C
 * DIR`, plus a `node_modules` link): its co-processor runs in this same process, alternating with
 * this one's, so a change to the rings reads as the two side by side under the same load.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg } from './harness/args.ts';
import { quantileOf } from '../runtime/model/statistics.ts';

const burst = Number(arg('--burst', '16'));
if (!(Number.isInteger(burst) && burst >= 1 && burst <= 1024)) {
  console.error(`ring-round-trip: --burst ${arg('--burst', '16')}: a whole number from 1 to 1024 (the ring's capacity)`);
  process.exit(1);
}
const rounds = Number(arg('--rounds', '40'));
const baseline = process.argv.includes('--baseline') ? resolve(arg('--baseline', '.')) : undefined;

interface Contender {
  readonly name: string;
  /** One burst's round trip, ns. */
  trip(): number;
  close(): Promise<void>;
}

/** A co-processor of the checkout at `root`, with a worker that spins instead of sleeping. */
async function contender(name: string, root: string): Promise<Contender> {
  const mod = (await import(pathToFileURL(resolve(root, 'runtime/coprocessor/index.ts')).href)) as typeof import('../runtime/coprocessor/index.ts');
  const cop = new mod.Coprocessor({ burstSize: 1024, capacity: 1024, poolBuffers: 4, spinMicros: 10_000_000 });
  await cop.start();
  const buf = cop.pool.alloc();
  let got = 0;
  const onResult = (): void => {
    got++;
  };
  let handle = 0;
  return {
    name,
    trip(): number {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < burst; i++) cop.submitOp(mod.BuiltinOp.Echo, (handle = (handle + 1) & 0xffff), buf, 0, 4);
      cop.flush();
      got = 0;
      while (got < burst) cop.poll(onResult);
      return Number(process.hrtime.bigint() - t0);
    },
    close: () => cop.close(),
  };
}

const contenders = [await contender('this checkout', resolve(new URL('..', import.meta.url).pathname))];
if (baseline !== undefined) contenders.push(await contender(`baseline ${baseline}`, baseline));
const load0 = loadavg()[0]!;
for (const c of contenders) for (let i = 0; i < 2000; i++) c.trip();
const trips = contenders.map((): number[] => []);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? contenders : [...contenders].reverse();
  for (const c of order) for (let i = 0; i < 200; i++) trips[contenders.indexOf(c)]!.push(c.trip());
}
console.log(`co-processor ring round trip (2 threads spinning: 2 cores), bursts of ${burst} echo tasks, ${rounds} × 200 bursts each (load ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`);
contenders.forEach((c, k) => {
  const p10 = quantileOf(trips[k]!, 0.1);
  console.log(`  ${c.name}: min ${trips[k]!.reduce((a, b) => Math.min(a, b))} ns, 10th percentile ${p10.toFixed(0)} ns per burst (${(p10 / burst).toFixed(0)} ns per task)`);
});
for (const c of contenders) await c.close();
process.exit(0);
