/**
 * `p4ts model --calibrate`: the `local` target's costs from microbenchmarks only — synthetic
 * programs (`programs.ts`) run through the bench's own harnesses and kernels run directly
 * (`variants.ts`), timed as the bench times its variants (interleaved rounds, CPU time of the
 * packet-processing thread, medians: robust on a busy machine). Nothing `npm run bench` measures is
 * run. The result is a `LocalCalibration` (`runtime/model/local.ts`).
 *
 * What is measured when: every kernel and stream case in `DRAWS` draws, a group each, minutes
 * apart; the run-to-completion shapes of one mode between two draws (see `calibrate`); the
 * machine's cross-core state (one cache line's round trip, `runtime/model/cross-core.ts`) before
 * and after each draw, read by one probe worker for the whole calibration (`draws.ts`), a draw it
 * changed in measured again. What is
 * solved from what (`solve.ts`):
 * - the per-operation costs and the run-to-completion base: least squares (no negative cost) over
 *   the operation shapes' main-thread ns against their op counts, which come from the same
 *   analysis the model uses (`compiler/packet-work`); where every mode runs the same straight path
 *   (`straightPathText`), from each shape's median run over the modes, once;
 * - per draw, per stream variant, the plain base (the one-header shape at share 0, less its
 *   operations; sync-offload's plain packets run sync-inline's code, priced by its run) and the
 *   extern overhead (the same at share 1 with `burn(0)`, less the base and the task, the tasks the
 *   main thread ran itself taken out); the worker's cost per task (longjump, share 1: all threads'
 *   CPU less the main thread's), per burst (the same at burst 1 against burst 32); the ESP and AES
 *   sites' glue; then the median draw's value of each;
 * - the tasks' own cost from the kernels' median draws (ESP and AES at two or three payload sizes,
 *   burn at 0 and 3000 cycles).
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
import { isolated, type IsolatedSpec } from '../harness/isolated.ts';
import { measureRunners, type Rate, type Runner } from '../harness/measure.ts';
import type { Progress } from '../harness/progress.ts';
import type { BenchSettings } from '../harness/scenario.ts';
import { OPERATION_SHAPES, OP_SITE_SHAPES, STREAM_SHAPE, syntheticProgram, type SyntheticShape } from './programs.ts';
import { DRAWS, KERNELS, SUPERSEDED, drawName, kernelName, rtcName, solveCalibration, streamCases, type StreamCase } from './solve.ts';
import { LineProbe } from '../harness/line-round-trip.ts';
import { measureRingRoundTrip } from './wake.ts';
import type { LineSample } from '../../runtime/model/cross-core.ts';
import { runDraws } from './draws.ts';
import { executorPolicy } from './executor-policy.ts';
import { ownModuleUrl } from '../../runtime/modules/index.ts';

const VARIANTS_MODULE = ownModuleUrl('./variants.ts', import.meta.url).href;

/** Compiles a synthetic shape in a mode; returns the code and the plain path's op counts. */
export function compileShape(shape: SyntheticShape, mode: ExecutionMode): { code: string; counts: OpCounts } {
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
    ...(Number.isFinite(r.otherNsPerPacket) ? { otherNs: r.otherNsPerPacket } : {}),
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

/**
 * Starts the runners one after the other, each while the machine is otherwise idle: a worker
 * calibrates its `burn` loop as it starts (`calibrateBurn`, wall clock), and one started beside
 * twenty others read it 300 times too slow (the loop not yet optimised), so `burn(3000)` ran no
 * loop at all. If one fails, the started ones are closed and its error thrown.
 */
async function startAll(specs: readonly IsolatedSpec[]): Promise<Runner[]> {
  const runners: Runner[] = [];
  try {
    for (const s of specs) runners.push(await isolated(s));
  } catch (e) {
    for (const r of runners) await r.close();
    throw e;
  }
  return runners;
}

/** A generated module's straight-path function (undefined without one): the code a packet of a program without sites runs. */
export function straightPathText(code: string): string | undefined {
  return /^ {2}function straightPath\(.*?^ {2}\}$/ms.exec(code)?.[0];
}

/** The calibration's programs compiled in every mode: the operation shapes, their op counts and the streaming shape's, and whether every mode runs the same straight path. */
export function compilePrograms(progress?: Progress): {
  compiled: Map<ExecutionMode, { shape: SyntheticShape; code: string }[]>;
  counts: Record<ExecutionMode, Record<string, OpCounts>>;
  oneHeader: Map<ExecutionMode, string>;
  sameCodeInEveryMode: boolean;
} {
  const counts = {} as Record<ExecutionMode, Record<string, OpCounts>>;
  const oneHeader = new Map<ExecutionMode, string>();
  const compiled = new Map<ExecutionMode, { shape: SyntheticShape; code: string }[]>();
  for (const mode of EXECUTION_MODES) {
    const shapes = OPERATION_SHAPES.map((shape) => {
      progress?.step(`calibrate: compiling ${shape.name} (${mode})`);
      return { shape, ...compileShape(shape, mode) };
    });
    const streamShape = compileShape(STREAM_SHAPE, mode);
    counts[mode] = { ...Object.fromEntries(shapes.map((c) => [c.shape.name, c.counts])), [STREAM_SHAPE.name]: streamShape.counts };
    oneHeader.set(mode, streamShape.code);
    compiled.set(mode, shapes);
  }
  // a program without sites whose straight path is the same in every mode runs the same code in each
  const sameCodeInEveryMode = OPERATION_SHAPES.every((_, i) => {
    const texts = EXECUTION_MODES.map((m) => straightPathText(compiled.get(m)![i]!.code));
    return texts[0] !== undefined && texts.every((t) => t === texts[0]);
  });
  return { compiled, counts, oneHeader, sameCodeInEveryMode };
}

/**
 * A calibration solved again from its recorded measurements with this checkout's solver (after a
 * change to `solve.ts`): the same microbenchmarks, nothing run. `omit` names run-to-completion
 * shapes left out of the least squares (a what-if: e.g. shapes whose stored runs measured dead
 * work); the smallest program and the streaming shape cannot be left out.
 */
export function resolveCalibration(c: LocalCalibration, burst = 32, omit: readonly string[] = []): LocalCalibration {
  const { counts, sameCodeInEveryMode } = compilePrograms();
  const known = OPERATION_SHAPES.map((s) => s.name);
  for (const name of omit) {
    if (!known.includes(name)) throw new Error(`--omit: no operation shape '${name}' (shapes: ${known.join(', ')})`);
    if (name === OPERATION_SHAPES[0]!.name) throw new Error(`--omit: '${name}' is the smallest program every shape is solved against`);
  }
  const kept = Object.fromEntries(Object.entries(counts).map(([mode, byShape]) => [mode, Object.fromEntries(Object.entries(byShape).filter(([s]) => !omit.includes(s)))])) as typeof counts;
  const { draws: _old, ...rest } = c;
  return { ...rest, ...solveCalibration(c.measurements, kept, burst, { sameCodeInEveryMode }) };
}

/**
 * Runs every microbenchmark and solves the `local` target's costs (`solve.ts`). The order spreads
 * the draws over the calibration: draw 1, the sync shapes, draw 2, the ring, the context shapes,
 * draw 3, the longjump shapes — a minute or more between two draws, so a stretch of load from
 * other jobs reaches one draw of a cost, not its median.
 */
export async function calibrate(o: CalibrateOptions): Promise<LocalCalibration> {
  const burst = o.burst ?? 32;
  const measurements: CalibrationMeasurement[] = [];
  // the programs, compiled up front
  const { compiled, counts, oneHeader, sameCodeInEveryMode } = compilePrograms(o.progress);
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

  /** Runners measured side by side, each in a worker thread of its own (as the bench runs its variants); the measurements named `names`. */
  const measureGroup = async (specs: readonly IsolatedSpec[], names: readonly string[], what: string): Promise<void> => {
    o.progress.step(`${what}starting ${specs.length} worker threads`);
    const runners = await startAll(specs);
    const rates = await measureRunners(runners, o.settings, o.progress, what);
    rates.forEach((r, i) => measurements.push(measurement(names[i]!, r)));
  };
  /** One draw: the kernels and every stream case. */
  const measureDraw = (draw: number): Promise<void> => {
    const kernels = KERNELS.map((k) => ({ spec: { label: k, module: VARIANTS_MODULE, factory: 'kernelVariant', options: { kernel: k } }, name: kernelName(k) }));
    const stream = streamCases(burst).map((c) => ({ spec: { label: c.name, module: VARIANTS_MODULE, factory: 'streamVariant', options: streamOptions(c) }, name: c.name }));
    const all = [...kernels, ...stream];
    return measureGroup(all.map((x) => x.spec), all.map((x) => drawName(x.name, draw)), `calibrate draw ${draw}/${DRAWS}: `);
  };
  /** A mode's operation shapes, run to completion. */
  const measureShapes = (mode: ExecutionMode): Promise<void> => {
    const shapes = compiled.get(mode)!;
    const specs = shapes.map((c) => {
      const options = { code: c.code, name: c.shape.name, ...(c.shape.table !== undefined ? { table: c.shape.table, tables: c.shape.tables ?? 1 } : {}), share: 0, burst };
      return { label: `${c.shape.name} ${mode}`, module: VARIANTS_MODULE, factory: 'rtcVariant', options };
    });
    return measureGroup(specs, shapes.map((c) => rtcName(mode, c.shape.name)), `calibrate ${mode}: `);
  };

  const modes = [...EXECUTION_MODES];
  let ring: Awaited<ReturnType<typeof measureRingRoundTrip>> | undefined;
  // the machine's cross-core state (runtime/model/cross-core.ts) before and after every draw: one
  // probe worker for the whole calibration, asleep between its readings (as the bench reads it)
  const line = new LineProbe();
  let lineSamples: LineSample[];
  try {
    lineSamples = await runDraws({
      draws: DRAWS,
      readLine: () => line.measure(),
      measureDraw: async (draw) => {
        const before = measurements.length;
        await measureDraw(draw);
        const after = measurements.length;
        return () => {
          for (let i = before; i < after; i++) measurements[i] = { ...measurements[i]!, name: `${measurements[i]!.name} ${SUPERSEDED}` };
        };
      },
      afterDraw: async (draw) => {
        if (draw === 2) {
          // the ring's round trip, to a spinning and to a sleeping worker (wall clock)
          o.progress.step('calibrate: ring round trip');
          ring = await measureRingRoundTrip(o.settings.quick ? 30 : 80);
        }
        // the modes' shapes between the draws (all of them after the last where there are more modes than draws)
        for (const mode of draw === DRAWS ? modes.splice(0) : modes.splice(0, 1)) await measureShapes(mode);
      },
      step: (what) => o.progress.step(what),
    });
  } finally {
    await line.close();
  }
  ring ??= await measureRingRoundTrip(o.settings.quick ? 30 : 80);

  const c = cpus();
  return {
    version: CALIBRATION_VERSION,
    machine: { cpuModel: c[0]?.model ?? 'unknown', cpus: c.length, node: process.version, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100), date: new Date().toISOString() },
    settings: { roundSeconds: o.settings.roundSeconds, rounds: o.settings.rounds },
    ...solveCalibration(measurements, counts, burst, { sameCodeInEveryMode }),
    ring: { spinningNs: ring.spinningNs, sleepingNs: ring.sleepingNs, spinWindowNs: ring.spinWindowNs },
    crossCore: { lineSamples },
    executor: executorPolicy(),
    measurements,
  };
}
