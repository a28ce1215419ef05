/**
 * Runs one benchmark variant alone for a while, for profilers:
 *
 *   npx tsx --cpu-prof --cpu-prof-dir /tmp/prof bench/profile.ts [--variant l2fwd-sync] [--seconds 5] [--burst 32]
 *   node --import tsx --prof bench/profile.ts ...     (then node --prof-process isolate-*.log)
 *   npx tsx --trace-gc bench/profile.ts ...           (steady state should print no GC lines after warm-up)
 *
 * Variants: l2fwd-sync, l2fwd-context, l2fwd-longjump, l2fwd-handwritten.
 */
import { getHeapStatistics } from 'node:v8';
import type { ExecutionMode } from '../compiler/compile.ts';
import type { Variant } from './harness/measure.ts';
import { prepareCompiledL2fwd, prepareHandwrittenL2fwd } from './scenarios/l2fwd.ts';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}

const name = arg('--variant', 'l2fwd-sync');
const seconds = Number(arg('--seconds', '5'));
const burst = Number(arg('--burst', '32'));

async function prepare(): Promise<Variant> {
  const m = /^l2fwd-(sync|context|longjump|handwritten)$/.exec(name);
  if (m === null) throw new Error(`unknown variant '${name}'`);
  if (m[1] === 'handwritten') return prepareHandwrittenL2fwd(burst);
  return prepareCompiledL2fwd(m[1] as ExecutionMode, burst);
}

const v = await prepare();
// warm-up, then report heap growth and rate over the measured part
for (let t0 = performance.now(); performance.now() - t0 < 500; ) for (let i = 0; i < 100; i++) v.batch();
console.error(`--- ${name}: warm-up done, measuring ${seconds}s ---`);
const h0 = getHeapStatistics();
const t0 = performance.now();
let packets = 0;
while (performance.now() - t0 < seconds * 1000) for (let i = 0; i < 100; i++) packets += v.batch();
const dt = (performance.now() - t0) / 1000;
const h1 = getHeapStatistics();
console.log(`${name}: ${(packets / dt / 1e6).toFixed(2)} Mpps over ${dt.toFixed(1)}s; heap used ${(h0.used_heap_size / 1e6).toFixed(1)} → ${(h1.used_heap_size / 1e6).toFixed(1)} MB`);
