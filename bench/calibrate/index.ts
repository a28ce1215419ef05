/**
 * `p4ts model --calibrate`: the `local` target's costs from microbenchmarks only — synthetic
 * programs (`programs.ts`) run through the bench's own harnesses and kernels run directly
 * (`variants.ts`), timed as the bench times its variants (interleaved rounds, CPU time of the
 * packet-processing thread, medians: robust on a busy machine). Nothing `npm run bench` measures is
 * run. The result is a `LocalCalibration` (`runtime/model/local.ts`).
 *
 * What is solved from what (`solve.ts`):
 * - per mode, the per-operation costs and the run-to-completion base: least squares (no negative
 *   cost) over the ten operation shapes' main-thread ns against their op counts, which come from
 *   the same analysis the model uses (`compiler/packet-work`);
 * - per stream variant, the plain base (the one-header shape at share 0, less its operations) and
 *   the extern overhead (the same at share 1 with `burn(0)`, less the base and the task);
 * - the extern overhead of sync-offload, context and longjump as the median of three draws at
 *   different times (`DRAWS`), the tasks the main thread ran itself taken out;
 * - the worker's cost per task (longjump, share 1: all threads' CPU less the main thread's), per
 *   burst (the same at burst 1 against burst 32), and the tasks' own cost (kernels: ESP and AES at
 *   two payload sizes, burn at 0 and 3000 cycles).
 */
import { cpus, loadavg } from 'node:os';
import { compileFile } from '../../compiler/compile.ts';
import { readSourceText } from '../../compiler/source/index.ts';
import { derivePacketWork } from '../../compiler/packet-work/index.ts';
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { CalibrationMeasurement, LocalCalibration } from '../../runtime/model/local.ts';
import { CALIBRATION_VERSION, asRun, straightPathUse, variantMode } from '../../runtime/model/local.ts';
import { hasStraightPath, hasStraightResume } from '../../cli/model/program-work.ts';
import type { OpCounts } from '../../runtime/model/work.ts';
import { isolated } from '../harness/isolated.ts';
import { measureRunners, type Rate, type Runner } from '../harness/measure.ts';
import type { Progress } from '../harness/progress.ts';
import type { BenchSettings } from '../harness/scenario.ts';
import { OPERATION_SHAPES, OP_SITE_SHAPES, STREAM_SHAPE, syntheticProgram, type SyntheticShape } from './programs.ts';
import { KERNELS, kernelName, rtcName, solveCalibration, streamCases, type StreamCase } from './solve.ts';
import { measureRingRoundTrip } from './wake.ts';
import { executorPolicy } from './executor-policy.ts';
import { ownModuleUrl } from '../../runtime/modules/index.ts';

const VARIANTS_MODULE = ownModuleUrl('./variants.ts', import.meta.url).href;

/** Compiles a synthetic shape in a mode; returns the code and the plain path's op counts. */
function compileShape(shape: SyntheticShape, mode: ExecutionMode): { code: string; counts: OpCounts } {
  const path = `/p4ts-calibrate/${shape.name}.p4`;
  const text = syntheticProgram(shape);
  const r = compileFile(path, {
    mode,
    readFile: (p) => (p === path ? text : readSourceText(p)),
  });
  if (!r.ok || r.code === undefined || r.ir === undefined) throw new Error(`calibration program ${shape.name} does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  // the counts as the code runs them (a straight path writes only the headers not in place)
  const work = asRun(derivePacketWork(r.ir).work, straightPathUse(mode, hasStraightPath(r.code), hasStraightResume(r.code)));
  return { code: r.code, counts: work.plain };
}

function measurement(name: string, r: Rate): CalibrationMeasurement {
  const k = r.counters;
  return {
    name,
    mainNs: r.mainNsPerPacket,
    processNs: r.ppsCpu > 0 ? 1e9 / r.ppsCpu : Number.NaN,
    pps: r.pps,
    ...(k.helped !== undefined && k.offloaded !== undefined ? { helped: k.helped, offloaded: k.offloaded } : {}),
  };
}

export interface CalibrateOptions {
  readonly settings: BenchSettings;
  readonly progress: Progress;
  /** Where the co-processor's results come back: the bench's default burst. */
  readonly burst?: number;
}

/** Runs every microbenchmark and solves the `local` target's costs (`solve.ts`). */
export async function calibrate(o: CalibrateOptions): Promise<LocalCalibration> {
  const burst = o.burst ?? 32;
  const measurements: CalibrationMeasurement[] = [];
  const counts = {} as Record<ExecutionMode, Record<string, OpCounts>>;
  // the further draws of the variants that hand tasks to the worker, each measured at another time
  // of the calibration: sync-offload's round trip changes with the machine's state for tens of
  // seconds at a time, the help share of context and longjump with the worker's share of a core
  // (docs/model.md); the draws of one round are measured side by side
  const drawsOf = (n: number): StreamCase[] => streamCases(burst).filter((c) => c.draw === n);
  const oneHeader = new Map<ExecutionMode, string>();
  const siteCode = new Map<string, string>();
  const siteCodeOf = (site: 'esp' | 'aes', mode: ExecutionMode): string => {
    const key = `${site} ${mode}`;
    if (!siteCode.has(key)) siteCode.set(key, compileShape(OP_SITE_SHAPES[site], mode).code);
    return siteCode.get(key)!;
  };
  /** A stream case's variant options: the one-header program with its `burn(0)`, ESP or AES site, in the variant's mode. */
  const streamOptions = (c: StreamCase) => {
    const mode = variantMode(c.variant).code;
    const code = c.site === undefined ? oneHeader.get(mode)! : siteCodeOf(c.site, mode);
    const name = c.site === undefined ? STREAM_SHAPE.name : OP_SITE_SHAPES[c.site].name;
    return { code, name, share: c.share, burst: c.burst, variant: c.variant, ipv4: c.site !== undefined };
  };
  /** Stream cases measured side by side, each in a worker thread of its own. */
  const measureStream = async (cases: readonly StreamCase[], what: string): Promise<void> => {
    const runners: Runner[] = [];
    for (const c of cases) runners.push(await isolated({ label: c.name, module: VARIANTS_MODULE, factory: 'streamVariant', options: streamOptions(c) }));
    const rates = await measureRunners(runners, o.settings, o.progress, what);
    rates.forEach((r, i) => measurements.push(measurement(cases[i]!.name, r)));
  };

  // 1. per mode: the operation shapes, run to completion, each in a worker thread of its own
  for (const mode of EXECUTION_MODES) {
    const compiled = OPERATION_SHAPES.map((shape) => {
      o.progress.step(`calibrate: compiling ${shape.name} (${mode})`);
      return { shape, ...compileShape(shape, mode) };
    });
    const streamShape = compileShape(STREAM_SHAPE, mode);
    counts[mode] = { ...Object.fromEntries(compiled.map((c) => [c.shape.name, c.counts])), [STREAM_SHAPE.name]: streamShape.counts };
    oneHeader.set(mode, streamShape.code);
    const runners: Runner[] = [];
    for (const c of compiled) {
      const options = { code: c.code, name: c.shape.name, ...(c.shape.table !== undefined ? { table: c.shape.table, tables: c.shape.tables ?? 1 } : {}), share: 0, burst };
      runners.push(await isolated({ label: `${c.shape.name} ${mode}`, module: VARIANTS_MODULE, factory: 'rtcVariant', options }));
    }
    const rates = await measureRunners(runners, o.settings, o.progress, `calibrate ${mode}: `);
    rates.forEach((r, i) => measurements.push(measurement(rtcName(mode, compiled[i]!.shape.name), r)));
  }
  // the second draws, a minute or more before the first (see DRAWS)
  await measureStream(drawsOf(2), 'calibrate draws: ');

  // 2. kernels: the tasks' own work, each in a worker thread of its own
  const kernelRunners: Runner[] = [];
  for (const k of KERNELS) kernelRunners.push(await isolated({ label: k, module: VARIANTS_MODULE, factory: 'kernelVariant', options: { kernel: k } }));
  const kernelRates = await measureRunners(kernelRunners, o.settings, o.progress, 'calibrate kernels: ');
  kernelRates.forEach((r, i) => measurements.push(measurement(kernelName(KERNELS[i]!), r)));

  // 3. the streaming harness (each variant in a worker thread of its own, as the bench runs its
  // variants): the one-header shape per variant, plain and extern (burn(0)); longjump at burst 1;
  // sync-inline, context and longjump with an ESP and an AES site
  await measureStream(streamCases(burst).filter((c) => c.draw === undefined), 'calibrate stream: ');

  // 4. the ring's round trip, to a spinning and to a sleeping worker (wall clock)
  o.progress.step('calibrate: ring round trip');
  const ring = await measureRingRoundTrip(o.settings.quick ? 30 : 80);
  // 5. the third draws, after the others
  await measureStream(drawsOf(3), 'calibrate draws: ');

  const c = cpus();
  return {
    version: CALIBRATION_VERSION,
    machine: { cpuModel: c[0]?.model ?? 'unknown', cpus: c.length, node: process.version, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100), date: new Date().toISOString() },
    settings: { roundSeconds: o.settings.roundSeconds, rounds: o.settings.rounds },
    ...solveCalibration(measurements, counts, burst),
    ring: { spinningNs: ring.spinningNs, sleepingNs: ring.sleepingNs, spinWindowNs: ring.spinWindowNs },
    executor: executorPolicy(),
    measurements,
  };
}
