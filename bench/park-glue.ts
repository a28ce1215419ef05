/**
 * What a parked packet costs the main thread, compiled against hand-written: examples/ipsec-esp in
 * longjump mode, compiled and by hand (bench/handwritten/ipsec-esp.ts), at several ESP shares, on
 * ONE thread with the co-processor's worker replaced by this thread: after each batch (and
 * whenever the pipeline would wait for a result) every published task completes at once with its
 * payload as it was (a no-op kernel), through the real rings, `submitOp`, `poll` and delivery. So
 * neither the ESP kernel nor a second core (cache lines crossing, the worker's scheduling) is in
 * the figure: only the main thread's own work. The co-processor is never "behind" here (no task
 * is run by the main thread), so every ESP packet parks.
 *
 *   npx tsx bench/park-glue.ts [--shares 0,0.02,0.1,1] [--rounds 9] [--seconds 0.2] [--root DIR] [--baseline DIR [--control]] [--copies N]
 *
 * Each variant (implementation × share) runs in a worker thread of its own (its own isolate: in one
 * thread the four compiled programs would make the switch's calls into them polymorphic), in
 * alternating rounds. Prints main-thread CPU ns per packet per share (median round) and, from the
 * second share on, the slope from the share before it (the difference in ns per packet divided by
 * the difference in share): the cost of one parked packet beyond a forwarded one (the policy
 * table's second entry, present from 1 % on, is in the first such slope too). `--root DIR` measures another checkout (its
 * compiler, runtime and hand-written gateway), e.g. one made with `git archive <commit> | tar -x -C
 * DIR` and `node_modules` linked in; or `--baseline DIR` runs both in one go, alternating. The JIT shapes each isolate a little
 * differently (a few % from run to run): compare runs, not single figures.
 *
 * With `--baseline`, each cell's ratio to the baseline is printed twice: the ratio of the two
 * medians, and the median of the per-round ratios (the two cells of a round ran seconds apart, so
 * a change in the machine's load between rounds cancels out of it). `--control` adds a second
 * isolate of the baseline per cell, created after the measured tree's: the identical-tree control,
 * whose per-round ratio to the baseline is printed beside the measured tree's (as in
 * bench/base-cost.ts). `--copies N` measures each tree's cell in N isolates (created in turn with
 * the other trees', rounds alternating over all of them) and takes, per round, the median of its N
 * figures: the JIT shapes each isolate a little differently, by more than the rounds of one
 * isolate differ, and N isolates average that out (N times the run time). The order the isolates
 * are created in matters by a few % (see docs/performance.md): run a comparison in both orders
 * (swap `--root` and `--baseline`).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { isolated } from './harness/isolated.ts';
import type { RoundResult, Runner, Variant } from './harness/measure.ts';
import { arg } from './harness/args.ts';
import { medianOf } from '../runtime/model/statistics.ts';

export interface FakedVariantOptions {
  /** The checkout measured. */
  readonly root: string;
  readonly implementation: 'compiled' | 'handwritten';
  readonly share: number;
}

interface Ring {
  readonly words: Int32Array;
  available(): number;
  slotAt(i: number): number;
  releaseResults(n: number): boolean;
}

/** examples/ipsec-esp in longjump mode from checkout `root`, its co-processor's worker played by this thread. */
export async function createFakedVariant(o: FakedVariantOptions): Promise<Variant> {
  const load = (path: string): Promise<Record<string, any>> => import(pathToFileURL(resolve(o.root, path)).href);
  const { Coprocessor } = await load('runtime/coprocessor/coprocessor.ts');
  const { F_OP, Status, opOf, resultWord } = await load('runtime/coprocessor/protocol.ts');
  const { createIpsecVariant } = await load('bench/scenarios/ipsec-variant.ts');
  /** The worker's part: every published task completes with its payload unchanged. */
  const serve = (cop: { req: Ring }): void => {
    const req = cop.req;
    const w = req.words;
    const n = req.available();
    for (let i = 0; i < n; i++) {
      const s = req.slotAt(i);
      w[s + F_OP] = resultWord(opOf(w[s + F_OP]!), Status.Ok, 0);
    }
    if (n > 0) req.releaseResults(n);
  };
  // No worker thread: the co-processor runs at once, is never behind, and a wait for a result serves the ring.
  let cop: { req: Ring } | undefined;
  const proto = Coprocessor.prototype as Record<string, unknown>;
  proto.spawn = function (this: { stateValue: string; req: Ring }): Promise<void> {
    this.stateValue = 'running';
    cop = this;
    return Promise.resolve();
  };
  Object.defineProperty(proto, 'behind', { get: () => false });
  proto.waitForResult = function (this: { req: Ring; flush(): void }): void {
    this.flush();
    serve(this);
  };
  let code: string | undefined;
  if (o.implementation === 'compiled') {
    const { compileFile } = await load('compiler/compile.ts');
    code = compileFile(resolve(o.root, 'examples/ipsec-esp/ipsec-esp.p4'), { mode: 'longjump' }).code as string;
  }
  const v = await createIpsecVariant({ implementation: o.implementation, variant: 'longjump', share: o.share, burst: 32, label: `${o.implementation} ${o.share}`, ...(code !== undefined ? { code } : {}) });
  return {
    label: v.label,
    batch(): number {
      const n = v.batch() as number;
      if (cop !== undefined) serve(cop);
      return n;
    },
  };
}

async function main(): Promise<void> {
  const root = resolve(arg('--root', fileURLToPath(new URL('..', import.meta.url))));
  const shares = arg('--shares', '0,0.02,0.1,1').split(',').map(Number);
  const rounds = Number(arg('--rounds', '9'));
  const seconds = Number(arg('--seconds', '0.2'));
  const copies = Number(arg('--copies', '1'));
  if (shares.some((s) => !(s >= 0 && s <= 1)) || !(rounds > 0) || !(seconds > 0) || !(Number.isInteger(copies) && copies >= 1)) {
    console.error('usage: npx tsx bench/park-glue.ts [--shares 0,0.02,0.1,1] [--rounds N] [--seconds S] [--root DIR] [--baseline DIR [--control]] [--copies N]');
    process.exit(1);
  }
  const baseline = process.argv.includes('--baseline') ? resolve(arg('--baseline', '')) : null;
  const control = baseline !== null && process.argv.includes('--control');
  // the measured trees of each cell, in the order their isolates are created (the control: the baseline's tree once more)
  const trees: { root: string; role: 'baseline' | 'this' | 'control' }[] =
    baseline === null ? [{ root, role: 'this' }] : [{ root: baseline, role: 'baseline' }, { root, role: 'this' }, ...(control ? [{ root: baseline, role: 'control' as const }] : [])];
  const roots = trees.filter((t) => t.role !== 'control').map((t) => t.root);
  // a cell: one tree's implementation at one share, in `copies` isolates (each with its rounds)
  const cells: { root: string; role: 'baseline' | 'this' | 'control'; implementation: string; share: number; isolates: { runner: Runner; rounds: RoundResult[] }[] }[] = [];
  const isolates: { runner: Runner; rounds: RoundResult[] }[] = [];
  try {
    for (const implementation of ['compiled', 'handwritten'] as const) {
      for (const share of shares) {
        const mine = trees.map((t) => ({ root: t.root, role: t.role, implementation, share, isolates: [] as { runner: Runner; rounds: RoundResult[] }[] }));
        cells.push(...mine);
        for (let k = 0; k < copies; k++) {
          for (const c of mine) {
            const options: FakedVariantOptions = { root: c.root, implementation, share };
            const one = { runner: await isolated({ label: `${implementation} ${share}`, module: import.meta.url, factory: 'createFakedVariant', options }), rounds: [] as RoundResult[] };
            c.isolates.push(one);
            isolates.push(one);
          }
        }
      }
    }
    for (const i of isolates) await i.runner.round(0.5, true);
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 === 0 ? isolates : [...isolates].reverse()) i.rounds.push(await i.runner.round(seconds));
    }
  } finally {
    for (const i of isolates) await i.runner.close();
  }
  /** A cell's ns per packet in each round: the median over its isolates. */
  const perRound = (c: (typeof cells)[number]): number[] =>
    Array.from({ length: rounds }, (_, r) => medianOf(c.isolates.map((i) => (i.rounds[r]!.threadCpu * 1e9) / i.rounds[r]!.packets)));
  const nsOf = (c: (typeof cells)[number]): number => medianOf(perRound(c));
  console.log(`park glue: ipsec-esp longjump, worker faked on the main thread, load ${loadavg()[0]!.toFixed(1)}; main-thread CPU ns per packet, median of ${rounds} rounds${copies > 1 ? ` (each the median of ${copies} isolates)` : ''} (in brackets: per parked packet, from the share before):`);
  for (const r of roots) {
    console.log(`${r}${r === baseline ? ' (baseline)' : ''}`);
    for (const implementation of ['compiled', 'handwritten']) {
      const mine = cells.filter((c) => c.root === r && c.role !== 'control' && c.implementation === implementation);
      const text = mine.map((c, i) => {
        const ns = nsOf(c);
        const prev = mine[i - 1];
        const slope = prev === undefined ? '' : ` (${((ns - nsOf(prev)) / (c.share - prev.share)).toFixed(0)})`;
        return `${(c.share * 100).toFixed(0)} %: ${ns.toFixed(1)}${slope}`;
      });
      console.log(`  ${implementation.padEnd(11)} ${text.join(' | ')}`);
    }
  }
  if (baseline !== null) {
    const baselineOf = (c: (typeof cells)[number]) => cells.find((x) => x.role === 'baseline' && x.implementation === c.implementation && x.share === c.share)!;
    /** The median over the rounds of `c`'s ns per packet over the baseline's in the same round. */
    const roundRatio = (c: (typeof cells)[number]): number => {
      const b = perRound(baselineOf(c));
      return medianOf(perRound(c).map((v, k) => v / b[k]!));
    };
    const measured = cells.filter((c) => c.role === 'this');
    console.log(`this / baseline, ratio of the medians: ${measured.map((c) => `${c.implementation} ${(c.share * 100).toFixed(0)} % ${(nsOf(c) / nsOf(baselineOf(c))).toFixed(3)}`).join(', ')}`);
    const controlOf = (c: (typeof cells)[number]) => cells.find((x) => x.role === 'control' && x.implementation === c.implementation && x.share === c.share);
    const text = measured.map((c) => {
      const k = controlOf(c);
      return `${c.implementation} ${(c.share * 100).toFixed(0)} % ${roundRatio(c).toFixed(3)}${k === undefined ? '' : ` (control ${roundRatio(k).toFixed(3)})`}`;
    });
    console.log(`this / baseline, median of the per-round ratios: ${text.join(', ')}`);
  }
}

// (the main thread that ran this script: not a worker of `isolated`, nor a script importing `createFakedVariant`)
if (isMainThread && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
