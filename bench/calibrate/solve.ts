/**
 * From the calibration's measurements to the `local` target's costs (pure: no measuring here, so
 * a calibration can be solved again from its recorded measurements, and tested):
 *
 * - the per-operation costs and the run-to-completion base: least squares (no negative cost) over
 *   the operation shapes' main-thread ns against their op counts — once from each shape's median
 *   run over the three modes where every mode runs the same code, else per mode;
 * - the tasks' own costs from the kernels (each kernel's median draw): ESP (fixed, per AES block,
 *   per MD5 block) from three payload sizes, AES encryption (fixed, per block) from two, burn per
 *   call and per cycle;
 * - per draw (`DRAWS`), the rest, every difference between runs measured side by side: the worker
 *   (all threads' CPU less the main thread's, longjump, extern packets only) per task and per
 *   burst (burst 1 against the default burst); per stream variant the plain base (the one-header
 *   shape at share 0, less its operations) and the extern overhead (the same at share 1 with
 *   `burn(0)`, less what the task itself costs the main thread in that variant); the ESP and AES
 *   sites' glue. The median draw's value of each is the cost.
 */
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { CalibrationMeasurement, LocalCalibration, LocalOpCosts, LocalStreamCosts, LocalVariant } from '../../runtime/model/local.ts';
import { LOCAL_VARIANTS, helpedShareOf, variantMode } from '../../runtime/model/local.ts';
import type { OpCounts } from '../../runtime/model/work.ts';
import { medianOf } from '../../runtime/model/statistics.ts';
import { OPERATION_SHAPES, STREAM_SHAPE } from './programs.ts';
import type { KernelName } from './variants.ts';

/**
 * The smallest operation shape, which every other differs from by one kind of work
 * (test/bench/calibrate/programs.test.ts checks every shape's op counts are at least its counts).
 */
export const SMALLEST_SHAPE = 'one-header';
if (!OPERATION_SHAPES.some((s) => s.name === SMALLEST_SHAPE)) throw new Error(`calibrate: no operation shape '${SMALLEST_SHAPE}'`);

export const KERNELS: readonly KernelName[] = ['esp-46', 'esp-142', 'esp-238', 'aes-46', 'aes-142', 'burn-0', 'burn-3000'];

export const rtcName = (mode: ExecutionMode, shape: string): string => `rtc ${mode} ${shape}`;
export const kernelName = (k: KernelName): string => `kernel ${k}`;

export interface StreamCase {
  readonly name: string;
  readonly variant: LocalVariant;
  readonly share: number;
  readonly burst: number;
  /** The program's site: `burn(0)` (STREAM_SHAPE) unless an ESP or AES site (OP_SITE_SHAPES). */
  readonly site?: 'esp' | 'aes';
}

/**
 * Draws: every stream case and every kernel is measured in `DRAWS` groups at different times of
 * the calibration (minutes apart, the run-to-completion shapes between them), each case's share-0
 * and share-1 runs side by side in one group, so a difference is taken between runs measured in
 * the same conditions. Costs solved from differences are solved per draw and the median draw's
 * taken; the kernels from the median of their draws. On a machine shared with other jobs a
 * stretch of tens of seconds can run every thread 50-90 % slower (docs/notes/model-log.md, "Two
 * calibrations that must agree"): one draw of it
 * then moves no cost.
 */
export const DRAWS = 3;

/** Appended to the names of a draw's runs that were measured again (the machine's cross-core state changed while they ran): kept for the record, never solved from. Its home is `runtime/model/local.ts` (the CLI's summary reads it too). */
export { SUPERSEDED } from '../../runtime/model/local.ts';

/** A measurement's name in a draw: the first draw's is the case's own (calibrations of one draw read as they were written). */
export const drawName = (name: string, draw: number): string => (draw === 1 ? name : `${name} draw ${draw}`);

/** The variants whose ESP and AES sites are measured (the others' glue is sync-inline's). */
export const SITE_VARIANTS: readonly LocalVariant[] = ['sync-inline', 'context', 'longjump'];

/**
 * The variant whose share-0 run prices a variant's plain packets: sync-offload's plain packets run
 * sync-inline's code on sync-inline's switch (the co-processor is reached only at the site), so
 * that cost is measured once, not twice.
 */
export function plainVariant(variant: LocalVariant): LocalVariant {
  return variant === 'sync-offload' ? 'sync-inline' : variant;
}

/**
 * The streaming measurements of one draw: the plain runs (share 0) of every variant with code of
 * its own, every variant at share 1, longjump at share 1 with bursts of one, and sync-inline,
 * context and longjump at share 1 with an ESP and with an AES site.
 */
export function streamCases(burst: number): StreamCase[] {
  return [
    ...LOCAL_VARIANTS.filter((v) => plainVariant(v) === v).map((variant) => ({ name: `stream ${variant} share 0`, variant, share: 0, burst })),
    ...LOCAL_VARIANTS.map((variant) => ({ name: `stream ${variant} share 1`, variant, share: 1, burst })),
    { name: 'stream longjump share 1 burst 1', variant: 'longjump', share: 1, burst: 1 },
    ...(['esp', 'aes'] as const).flatMap((site) => SITE_VARIANTS.map((variant) => ({ name: `stream ${variant} share 1 ${site} site`, variant, share: 1, burst, site }))),
  ];
}

/** The unknowns of the per-mode regression, in order. */
const COLUMNS = ['base', 'parseHeader', 'parseByte', 'emitHeader', 'emitByte', 'exact', 'lpm', 'ternary', 'range', 'primitive'] as const;

function row(c: OpCounts): number[] {
  return [1, c.headersParsed, c.bytesParsed, c.headersEmitted, c.bytesEmitted, c.lookups.exact ?? 0, c.lookups.lpm ?? 0, c.lookups.ternary ?? 0, c.lookups.range ?? 0, c.actionPrimitives];
}

/** Least squares `A x ≈ b` with x ≥ 0: solve, pin the most negative unknown to 0, repeat. */
export function nonNegativeLeastSquares(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = a[0]!.length;
  const free = new Set(Array.from({ length: n }, (_, i) => i));
  for (;;) {
    const cols = [...free];
    // normal equations over the free columns
    const m = cols.map((i) => cols.map((j) => a.reduce((s, r) => s + r[i]! * r[j]!, 0)));
    const v = cols.map((i) => a.reduce((s, r, k) => s + r[i]! * b[k]!, 0));
    const x = solve(m, v);
    const out = new Array<number>(n).fill(0);
    cols.forEach((c, k) => (out[c] = x[k]!));
    let worst = -1;
    for (const c of cols) if (out[c]! < 0 && (worst < 0 || out[c]! < out[worst]!)) worst = c;
    if (worst < 0) return out;
    free.delete(worst);
  }
}

/** Gaussian elimination with partial pivoting; singular columns get 0. */
function solve(m: number[][], v: number[]): number[] {
  const n = v.length;
  const a = m.map((r, i) => [...r, v[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const d = a[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / d;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((r, i) => (Math.abs(r[i]!) < 1e-12 ? 0 : r[n]! / r[i]!));
}

/** The main-thread cost of the operations `c` at the per-operation costs `p`. */
export function operationsNs(p: LocalOpCosts, c: OpCounts): number {
  return c.headersParsed * p.parseHeader + c.bytesParsed * p.parseByte + c.headersEmitted * p.emitHeader + c.bytesEmitted * p.emitByte +
    (c.lookups.exact ?? 0) * p.lookup.exact + (c.lookups.lpm ?? 0) * p.lookup.lpm + (c.lookups.ternary ?? 0) * p.lookup.ternary + (c.lookups.range ?? 0) * p.lookup.range + c.actionPrimitives * p.primitive;
}

export type SolvedCalibration = Omit<LocalCalibration, 'version' | 'machine' | 'settings' | 'measurements' | 'ring' | 'executor'>;

export interface SolveOptions {
  /**
   * The operation shapes run the same code in every mode (`calibrate` compares their generated
   * straight paths, the only code a packet of a program without sites runs): the three modes'
   * runs are then three draws of that code at different times, each shape's cost the median of them,
   * and the per-operation costs and the base are solved once from those. Otherwise each mode is
   * solved from its own runs.
   */
  readonly sameCodeInEveryMode?: boolean;
}

/** The costs one draw's measurements give. */
type DrawCosts = Pick<SolvedCalibration, 'stream' | 'workerTaskNs' | 'mainBurstNs' | 'workerBurstNs' | 'kernels' | 'opGlue' | 'asyncOpGlue'>;

/** The measurements of one draw: `get` (named as `calibrate` names them; missing: an error), `find` (missing: undefined). */
interface DrawView {
  get(name: string): CalibrationMeasurement;
  find(name: string): CalibrationMeasurement | undefined;
}

/**
 * Solves the costs from the measurements (named as `calibrate` names them) and, per mode, the op
 * counts of the operation shapes and of the streaming shape: the per-operation costs from the
 * run-to-completion shapes; the kernels from each kernel's median draw (`typicalOf`); every other cost per draw
 * (`solveDraw`), the median draw's taken, each draw's recorded (`draws`).
 */
export function solveCalibration(measurements: readonly CalibrationMeasurement[], counts: Readonly<Record<ExecutionMode, Readonly<Record<string, OpCounts>>>>, burst: number, o: SolveOptions = {}): SolvedCalibration {
  const byName = new Map(measurements.map((m) => [m.name, m]));
  const get = (name: string): CalibrationMeasurement => {
    const m = byName.get(name);
    if (m === undefined) throw new Error(`the calibration has no measurement '${name}'`);
    return m;
  };
  const { ops, rtcBase } = solveOperations(get, counts, o.sameCodeInEveryMode === true);
  // the draws the calibration holds: the first, and every one a measurement is named after. The
  // first must hold every case. A case measured once (never drawn: calibrations that drew only
  // some cases) serves every draw. A case drawn but missing from one draw reads as NaN there: the
  // costs made from it are left out of that draw, and each such cost is the median of the draws
  // that have it (before, the first draw's run stood in, so it counted twice)
  const numbers = [1, ...new Set(measurements.flatMap((m) => / draw (\d+)$/.exec(m.name)?.[1] ?? []).map(Number))].sort((a, b) => a - b);
  const drawn = new Set(measurements.flatMap((m) => / draw \d+$/.test(m.name) ? [m.name.replace(/ draw \d+$/, '')] : []));
  const views = numbers.map((d): DrawView => {
    if (d === 1) return { get, find: (name) => byName.get(name) };
    const of = (name: string): CalibrationMeasurement | undefined => byName.get(drawName(name, d)) ?? (drawn.has(name) ? undefined : byName.get(name));
    return { get: (name) => of(name) ?? missingIn(get(name)), find: of };
  });
  // the tasks' own costs: each kernel's typical (median) draw; every draw's costs are solved against
  // these same kernels, the ones the profile keeps (a draw's glue and overheads taken against its own,
  // possibly slower, kernel runs came out low by the difference once the kept kernel was added back)
  const keptKernel = (name: string): CalibrationMeasurement => ({ ...get(name), mainNs: typicalOf(views.map((v) => v.get(name).mainNs).filter((x) => !Number.isNaN(x))) });
  const kept: KeptKernels = { kernels: solveKernels({ get: keptKernel, find: keptKernel }), kernelNs: (k) => keptKernel(kernelName(k)).mainNs };
  const perDraw = views.map((v) => ({ ...solveDraw(v, ops, counts, burst, kept), kernels: solveKernels(v) }));
  const solved = medianLeaves(perDraw);
  return { ops, rtcBase, ...solved, kernels: kept.kernels, ...(perDraw.length > 1 ? { draws: drawnCosts(perDraw) } : {}) };
}

/** A measurement a draw lacks: every number NaN (the costs made from it drop out of that draw). */
function missingIn(first: CalibrationMeasurement): CalibrationMeasurement {
  return { name: first.name, mainNs: Number.NaN, processNs: Number.NaN, pps: Number.NaN, ...(first.otherNs !== undefined ? { otherNs: Number.NaN } : {}) };
}

/** The kernels the profile keeps (each kernel's median draw): solved, and each kernel's ns. */
interface KeptKernels {
  readonly kernels: SolvedCalibration['kernels'];
  kernelNs(k: KernelName): number;
}

/**
 * The typical draw (the median) of a loop that does the same work every round on one thread (a
 * kernel, a program run to completion). Until 2026-12-07 (session 10) the least draw: other jobs
 * only add to such a loop's CPU time, so the least is the nearest to the work itself. But what the
 * model predicts is a bench point, one run's median round in a worker thread of its own, and runs
 * of the same code differ by more than the load: each thread's JIT and, for `burn`, the loop count
 * each thread calibrates at its start (`calibrateBurn`, wall clock: `burn(3000)` read 987, 1,052
 * and 1,067 ns in the three draws of the quiet 06:32 calibration). The least of three draws sits
 * below the typical run by about one spread, the same way for every cost: a rate biased high by
 * construction. The median of three is the typical run and, as the least was, moved by no single
 * disturbed draw.
 */
function typicalOf(xs: readonly number[]): number {
  return xs.some((x) => Number.isNaN(x)) ? Number.NaN : medianOf(xs);
}

/** Per mode, the per-operation costs and the run-to-completion base (least squares, no negative cost). */
function solveOperations(get: (name: string) => CalibrationMeasurement, counts: Readonly<Record<ExecutionMode, Readonly<Record<string, OpCounts>>>>, sameCode: boolean): Pick<SolvedCalibration, 'ops' | 'rtcBase'> {
  // Each shape is the smallest program plus a known amount of one kind of work (programs.ts), so
  // the operations are solved from each shape's difference to the smallest, and the base is what
  // the smallest costs beyond its operations: the fit goes through the program every other one is
  // compared with (the streaming plain base is taken the same way). Until session 10 the base was a
  // column of the least squares: over 13 noisy shapes and 10 unknowns it came out 0 in the
  // calibrations of 2026-12-07 08:06-08:12 and 08:15-08:20, the one-header program fitted about
  // 5 ns under its own run. The base is clamped at 0 (`Math.max`): should the operations priced
  // from the differences exceed the smallest program's own run, the fit does not pass through it.
  const fit = (shapes: readonly string[], ns: (shape: string) => number, countsOf: (shape: string) => OpCounts): { base: number; ops: LocalOpCosts } => {
    let x: number[];
    if (shapes.includes(SMALLEST_SHAPE)) {
      const r0 = row(countsOf(SMALLEST_SHAPE));
      const y0 = ns(SMALLEST_SHAPE);
      const others = shapes.filter((s) => s !== SMALLEST_SHAPE);
      const ops = nonNegativeLeastSquares(others.map((s) => row(countsOf(s)).slice(1).map((v, i) => v - r0[i + 1]!)), others.map((s) => ns(s) - y0));
      x = [Math.max(0, y0 - ops.reduce((t, v, i) => t + v * r0[i + 1]!, 0)), ...ops];
    } else x = nonNegativeLeastSquares(shapes.map((s) => row(countsOf(s))), shapes.map(ns));
    const at = (k: (typeof COLUMNS)[number]): number => x[COLUMNS.indexOf(k)]!;
    return {
      base: at('base'),
      ops: { parseHeader: at('parseHeader'), parseByte: at('parseByte'), emitHeader: at('emitHeader'), emitByte: at('emitByte'), lookup: { exact: at('exact'), lpm: at('lpm'), ternary: at('ternary'), range: at('range') }, primitive: at('primitive') },
    };
  };
  const shapesOf = (mode: ExecutionMode): string[] => Object.keys(counts[mode]).filter((s) => s !== STREAM_SHAPE.name);
  const first = EXECUTION_MODES[0]!;
  const sameCounts = EXECUTION_MODES.every((m) => shapesOf(m).length === shapesOf(first).length && shapesOf(first).every((s) => JSON.stringify(counts[m][s]) === JSON.stringify(counts[first][s])));
  const ops = {} as Record<ExecutionMode, LocalOpCosts>;
  const rtcBase = {} as Record<ExecutionMode, number>;
  if (sameCode && sameCounts) {
    const f = fit(shapesOf(first), (s) => typicalOf(EXECUTION_MODES.map((m) => get(rtcName(m, s)).mainNs)), (s) => counts[first][s]!);
    for (const mode of EXECUTION_MODES) [ops[mode], rtcBase[mode]] = [f.ops, f.base];
    return { ops, rtcBase };
  }
  for (const mode of EXECUTION_MODES) {
    const f = fit(shapesOf(mode), (s) => get(rtcName(mode, s)).mainNs, (s) => counts[mode][s]!);
    [ops[mode], rtcBase[mode]] = [f.ops, f.base];
  }
  return { ops, rtcBase };
}

/**
 * The tasks' own costs: ESP of a 46/142/238-byte inner packet is 3/9/15 AES blocks and 3/4/6 MD5
 * blocks (ESP header, IV and ciphertext; see compiler/packet-work/price.ts), AES encryption of
 * 46/142 bytes 3/9 blocks; burn per call and per cycle.
 */
function solveKernels(v: DrawView): SolvedCalibration['kernels'] {
  const kernel = (k: KernelName): number => v.get(kernelName(k)).mainNs;
  const esp = nonNegativeLeastSquares([[1, 3, 3], [1, 9, 4], [1, 15, 6]], [kernel('esp-46'), kernel('esp-142'), kernel('esp-238')]);
  const aesBlock = Math.max(0, (kernel('aes-142') - kernel('aes-46')) / 6);
  return {
    esp: { fixedNs: esp[0]!, aesBlockNs: esp[1]!, md5BlockNs: esp[2]! },
    aes: { fixedNs: Math.max(0, kernel('aes-46') - 3 * aesBlock), blockNs: aesBlock },
    burnCallNs: kernel('burn-0'),
    burnNsPerCycle: Math.max(0, (kernel('burn-3000') - kernel('burn-0')) / 3000),
  };
}

/**
 * The costs of one draw: every difference taken between runs of the same draw (measured side by
 * side), the tasks the main thread ran itself taken out of the runs of context and longjump.
 */
function solveDraw(v: DrawView, ops: Readonly<Record<ExecutionMode, LocalOpCosts>>, counts: Readonly<Record<ExecutionMode, Readonly<Record<string, OpCounts>>>>, burst: number, kept: KeptKernels): Omit<DrawCosts, 'kernels'> {
  const kernels = kept.kernels;
  const cases = streamCases(burst);
  /** A variant's burn(0) run at a share (share 0: its plain packets' run, `plainVariant`). */
  const stream = (variant: LocalVariant, share: number, b = burst): CalibrationMeasurement =>
    v.get(cases.find((x) => x.variant === (share === 0 ? plainVariant(variant) : variant) && x.share === share && x.burst === b && x.site === undefined)!.name);
  /** Of a run's tasks, the share the main thread ran itself (context and longjump: help when behind); 0 where it ran all of them. */
  const helped = (m: CalibrationMeasurement): number => {
    const h = helpedShareOf(m) ?? 0;
    return h < 1 ? h : 0;
  };
  /**
   * Main-thread ns of an extern packet of a share-1 run beyond a plain one, for the packets the
   * worker served: the tasks the main thread ran itself (at `helpedNs` each: sync-inline's site
   * cost, solved first) taken out.
   */
  const perServed = (m: CalibrationMeasurement, plain: CalibrationMeasurement, helpedNs: number): number => {
    const h = helped(m);
    return (m.mainNs - plain.mainNs - h * helpedNs) / (1 - h);
  };
  /** Worker CPU per task it served: the other threads' CPU in the main thread's rounds, over the tasks it took. */
  const workerNs = (m: CalibrationMeasurement): number => Math.max(0, m.otherNs ?? m.processNs - m.mainNs) / (1 - helped(m));
  const streamCosts = {} as Record<LocalVariant, LocalStreamCosts>;
  const plainBase = (variant: LocalVariant): number => {
    const code = variantMode(variant).code;
    return stream(variant, 0).mainNs - operationsNs(ops[code], counts[code][STREAM_SHAPE.name]!);
  };
  streamCosts['sync-inline'] = { plainBase: plainBase('sync-inline'), externOverhead: Math.max(0, stream('sync-inline', 1).mainNs - stream('sync-inline', 0).mainNs - kernels.burnCallNs) };
  // a task the main thread ran itself in context or longjump: run at its site at sync-inline's cost
  const helpedBurnNs = streamCosts['sync-inline'].externOverhead + kernels.burnCallNs;
  // longjump at burst 1 against the default burst: a burst per task against one per `burst` tasks
  const lj = stream('longjump', 1);
  const lj1 = stream('longjump', 1, 1);
  const perBurst = (one: number, many: number): number => Math.max(0, (one - many) / (1 - 1 / burst));
  const mainBurstNs = perBurst(perServed(lj1, stream('longjump', 0), helpedBurnNs), perServed(lj, stream('longjump', 0), helpedBurnNs));
  const workerBurstNs = perBurst(workerNs(lj1), workerNs(lj));
  const workerTaskNs = Math.max(0, workerNs(lj) - kernels.burnCallNs - workerBurstNs / burst);
  for (const variant of LOCAL_VARIANTS) {
    if (variant === 'sync-inline') continue;
    // what the burn(0) task itself costs the main thread in this variant
    const task = variant === 'sync-offload' ? kernels.burnCallNs + workerTaskNs : mainBurstNs / burst;
    const overhead = Math.max(0, perServed(stream(variant, 1), stream(variant, 0), variant === 'sync-offload' ? 0 : helpedBurnNs) - task);
    streamCosts[variant] = { plainBase: plainBase(variant), externOverhead: overhead };
  }
  // the glue of an ESP / AES site beyond a burn site's (sync-inline: one thread, the task inline):
  // what the site costs more than the plain packet, less the kernel and the burn site's overhead
  /** A site's run (none in calibrations made before it was measured). */
  const siteRun = (variant: LocalVariant, site: 'esp' | 'aes'): CalibrationMeasurement | undefined => {
    const c = cases.find((x) => x.site === site && x.variant === variant);
    return c === undefined ? undefined : v.find(c.name);
  };
  const kernelOf = { esp: kept.kernelNs('esp-46'), aes: kept.kernelNs('aes-46') };
  const inlineBase = stream('sync-inline', 0).mainNs + streamCosts['sync-inline'].externOverhead;
  const inlineGlue = (site: 'esp' | 'aes'): number | undefined => {
    const run = siteRun('sync-inline', site);
    return run === undefined ? undefined : Math.max(0, run.mainNs - inlineBase - kernelOf[site]);
  };
  const espGlue = inlineGlue('esp');
  const aesGlue = inlineGlue('aes');
  const opGlue = espGlue !== undefined && aesGlue !== undefined ? { esp: espGlue, aes: aesGlue } : undefined;
  // context and longjump: a packet suspended at an ESP / AES site against one suspended at a burn
  // site, beyond the glue every packet of that operation pays (sync-inline's); the tasks the main
  // thread ran itself taken out at their sync-inline cost (site overhead, glue, kernel)
  const asyncGlue = (variant: 'context' | 'longjump'): { esp: number; aes: number } | undefined => {
    if (opGlue === undefined) return undefined;
    const out = { esp: 0, aes: 0 };
    for (const site of ['esp', 'aes'] as const) {
      const run = siteRun(variant, site);
      if (run === undefined) return undefined;
      const helpedNs = streamCosts['sync-inline'].externOverhead + opGlue[site] + kernelOf[site];
      out[site] = perServed(run, stream(variant, 0), helpedNs) - mainBurstNs / burst - streamCosts[variant].externOverhead - opGlue[site];
    }
    return out;
  };
  const context = asyncGlue('context');
  const longjump = asyncGlue('longjump');
  const asyncOpGlue = context !== undefined && longjump !== undefined ? { context, longjump } : undefined;
  return { stream: streamCosts, workerTaskNs, mainBurstNs, workerBurstNs, ...(opGlue !== undefined ? { opGlue } : {}), ...(asyncOpGlue !== undefined ? { asyncOpGlue } : {}) };
}

/** Objects of one shape, number by number: the median of each number (a field or number some lack — undefined, NaN —: of those that have it). */
function medianLeaves<T>(xs: readonly T[]): T {
  const first = xs[0] as unknown;
  if (typeof first === 'number') return medianOf((xs as readonly number[]).filter((x) => !Number.isNaN(x))) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(first as object)) {
    const have = xs.map((x) => (x as Record<string, unknown>)[k]).filter((x) => x !== undefined);
    out[k] = medianLeaves(have);
  }
  return out as T;
}

/** Each number of the draws' costs, by its path (`stream.context.externOverhead`), in draw order. */
function drawnCosts(draws: readonly DrawCosts[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const walk = (x: unknown, path: string): void => {
    if (typeof x === 'number') (out[path] ??= []).push(x);
    else if (typeof x === 'object' && x !== null) for (const [k, y] of Object.entries(x)) walk(y, path === '' ? k : `${path}.${k}`);
  };
  for (const d of draws) walk(d, '');
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v.length === draws.length && v.every((x) => !Number.isNaN(x))));
}
