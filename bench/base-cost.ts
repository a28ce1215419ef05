/**
 * The per-packet base cost of this checkout against another one, side by side (issue 10):
 *
 *   npx tsx bench/base-cost.ts --baseline /path/to/other/checkout [--variants l2fwd-sync,ipsec-longjump-2]
 *                              [--rounds 15] [--seconds 0.3]
 *
 * Each variant runs twice from each checkout (baseline, this, baseline, this), every one in a
 * worker thread of its own (its own V8 isolate, so its own type feedback, loading the scenario
 * modules, compiler and runtime of its checkout), in rounds that alternate between them (the order
 * turning round every other cycle) after a warm-up until each one's rate is steady. Printed per
 * variant: the median over the rounds of that worker's CPU nanoseconds per packet (its thread's CPU time: robust to load), and the median of the per-round ratios to the
 * first baseline worker. The second baseline worker is the identical-tree control: its ratio
 * shows the noise of the run. Variants as in bench/profile.ts (harness/variant-name.ts): l2fwd-sync,
 * l2fwd-sync-stages, l2fwd-context, l2fwd-longjump, l2fwd-handwritten, l2fwd-map-loop (the same
 * loop from both checkouts: a second control); ipsec-VARIANT-PCT and ipsec-hand-VARIANT-PCT
 * (VARIANT sync-inline, sync-offload, context or longjump; PCT the share of ESP traffic). The IPsec
 * variants' co-processor runs on a second thread, which the figure leaves out.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isolated } from './harness/isolated.ts';
import { warmUpBudget, type Runner } from './harness/measure.ts';
import { medianOf } from '../runtime/model/statistics.ts';
import { arg } from './harness/args.ts';
import { MODE_OF } from '../runtime/testing/async-pipeline.ts';
import { parseVariantName, VARIANT_NAME_FORMS, variantName, VariantNameError, type BenchVariant } from './harness/variant-name.ts';

const baselineArg = arg('--baseline', '');
if (baselineArg === '') {
  console.error(`usage: npx tsx bench/base-cost.ts --baseline DIR [--variants l2fwd-sync,...] [--rounds 15] [--seconds 0.3]\n  variants: ${VARIANT_NAME_FORMS}`);
  process.exit(1);
}
const rounds = Number(arg('--rounds', '15'));
const seconds = Number(arg('--seconds', '0.3'));
if (!(Number.isInteger(rounds) && rounds > 0) || !(seconds > 0)) {
  console.error('--rounds must be a positive integer and --seconds a positive number');
  process.exit(1);
}
let variants: BenchVariant[];
try {
  variants = arg('--variants', 'l2fwd-sync,l2fwd-longjump,ipsec-longjump-2').split(',').map(parseVariantName);
} catch (e) {
  if (!(e instanceof VariantNameError)) throw e;
  console.error(`base-cost: --variants: ${e.message}`);
  process.exit(1);
}
const checkouts = { baseline: resolve(baselineArg), this: resolve(new URL('..', import.meta.url).pathname) };

/** One variant from the checkout at `root`, in a worker of its own. */
async function start(variant: BenchVariant, root: string, label: string): Promise<Runner> {
  if (variant.scenario === 'l2fwd') {
    const module = pathToFileURL(`${root}/bench/scenarios/l2fwd.ts`).href;
    return isolated({ label, module, factory: 'createL2fwdVariant', options: { variant: variant.kind, burst: 32 } });
  }
  const options: Record<string, unknown> = { implementation: variant.implementation, variant: variant.variant, share: variant.percent / 100, burst: 32, label };
  if (variant.implementation === 'compiled') {
    // compiled by that checkout's own compiler
    const { compileFile } = (await import(pathToFileURL(`${root}/compiler/compile.ts`).href)) as typeof import('../compiler/compile.ts');
    const r = compileFile(`${root}/examples/ipsec-esp/ipsec-esp.p4`, { mode: MODE_OF[variant.variant] });
    if (r.code === undefined) throw new Error(`${root}: examples/ipsec-esp does not compile`);
    options['code'] = r.code;
  }
  return isolated({ label, module: pathToFileURL(`${root}/bench/scenarios/ipsec-variant.ts`).href, factory: 'createIpsecVariant', options });
}

for (const variant of variants) {
  const labels = ['baseline', 'this', 'baseline (control)', 'this (again)'];
  const roots = [checkouts.baseline, checkouts.this, checkouts.baseline, checkouts.this];
  const runners: Runner[] = [];
  try {
    for (let i = 0; i < labels.length; i++) runners.push(await start(variant, roots[i]!, labels[i]!));
    // warmed up as in a full `npm run bench` (until its rate is steady), not counted
    for (const r of runners) await r.warmUp(warmUpBudget({ quick: false }));
    const ns: number[][] = runners.map(() => []);
    for (let k = 0; k < rounds; k++) {
      // the order turns round every other cycle (A B C D, D C B A, ...), as the bench's own rounds
      for (let j = 0; j < runners.length; j++) {
        const i = k % 2 === 0 ? j : runners.length - 1 - j;
        const res = await runners[i]!.round(seconds);
        ns[i]!.push((res.threadCpu * 1e9) / res.packets);
      }
    }
    console.log(`${variantName(variant)} (${rounds} rounds of ${seconds} s; CPU ns per packet of the variant's thread)`);
    for (let i = 0; i < runners.length; i++) {
      const ratio = medianOf(ns[i]!.map((v, k) => v / ns[0]![k]!));
      console.log(`  ${labels[i]!.padEnd(20)} median ${medianOf(ns[i]!).toFixed(1).padStart(6)}  best ${Math.min(...ns[i]!).toFixed(1).padStart(6)}  per-round ratio to baseline ${ratio.toFixed(3)}`);
    }
  } finally {
    for (const r of runners) await r.close();
  }
}
