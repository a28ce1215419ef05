/**
 * From the calibration's measurements to the `local` target's costs (pure: no measuring here, so
 * a calibration can be solved again from its recorded measurements, and tested):
 *
 * - per mode, the per-operation costs and the run-to-completion base: least squares (no negative
 *   cost) over the operation shapes' main-thread ns against their op counts;
 * - the tasks' own costs from the kernels: ESP (fixed, per AES block, per MD5 block) from three
 *   payload sizes, AES encryption (fixed, per block) from two, burn per call and per cycle;
 * - the worker: all threads' CPU less the main thread's (longjump, extern packets only), per
 *   task and per burst (burst 1 against the default burst);
 * - per stream variant, the plain base (the one-header shape at share 0, less its operations) and
 *   the extern overhead (the same at share 1 with `burn(0)`, less what the task itself costs the
 *   main thread in that variant).
 */
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { CalibrationMeasurement, LocalCalibration, LocalOpCosts, LocalStreamCosts, LocalVariant } from '../../runtime/model/local.ts';
import { LOCAL_VARIANTS, variantMode } from '../../runtime/model/local.ts';
import type { OpCounts } from '../../runtime/model/work.ts';
import { medianOf } from '../harness/measure.ts';
import { STREAM_SHAPE } from './programs.ts';
import type { KernelName } from './variants.ts';

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
  /** A further draw of the same case (2, 3, ...): a fresh pipeline and co-processor. */
  readonly draw?: number;
}

/**
 * Draws of the share-1 runs of the variants that hand tasks to the worker (sync-offload, context,
 * longjump), each a pipeline and co-processor of its own, measured at different times of the
 * calibration: sync-offload's cross-core round trip changes with the machine's state for tens of
 * seconds at a time (quiet machine: ~0.9 or ~2.0-2.6 µs a task, every pipeline alike, see
 * docs/model.md), and how many tasks the main thread of context and longjump runs itself moves
 * with the worker's share of a core; the calibration takes the median draw.
 */
export const DRAWS = 3;

/** The variants measured in `DRAWS` draws. */
export const DRAWN_VARIANTS: readonly LocalVariant[] = ['sync-offload', 'context', 'longjump'];

/** The variants whose ESP and AES sites are measured (the others' glue is sync-inline's). */
export const SITE_VARIANTS: readonly LocalVariant[] = ['sync-inline', 'context', 'longjump'];

/**
 * The streaming measurements: every variant at share 0 and 1 (sync-offload, context and longjump
 * at share 1 in `DRAWS` draws), longjump at share 1 with bursts of one, and sync-inline, context
 * and longjump at share 1 with an ESP and with an AES site (in `DRAWS` draws: the ESP site's
 * glue moved from 85 to 250 ns between two calibrations of one draw each).
 */
export function streamCases(burst: number): StreamCase[] {
  return [
    ...LOCAL_VARIANTS.flatMap((variant) => [0, 1].map((share) => ({ name: `stream ${variant} share ${share}`, variant, share, burst }))),
    ...DRAWN_VARIANTS.flatMap((variant) => Array.from({ length: DRAWS - 1 }, (_, i) => ({ name: `stream ${variant} share 1 draw ${i + 2}`, variant, share: 1, burst, draw: i + 2 }))),
    { name: 'stream longjump share 1 burst 1', variant: 'longjump', share: 1, burst: 1 },
    ...(['esp', 'aes'] as const).flatMap((site) =>
      SITE_VARIANTS.flatMap((variant) =>
        [undefined, ...Array.from({ length: DRAWS - 1 }, (_, i) => i + 2)].map((draw) => ({ name: `stream ${variant} share 1 ${site} site${draw === undefined ? '' : ` draw ${draw}`}`, variant, share: 1, burst, site, ...(draw === undefined ? {} : { draw }) })),
      ),
    ),
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

export type SolvedCalibration = Omit<LocalCalibration, 'version' | 'machine' | 'settings' | 'measurements' | 'ring'>;

/** Solves the costs from the measurements (named as `calibrate` names them) and the shapes' op counts per mode. */
/**
 * Solves the costs from the measurements (named as `calibrate` names them) and, per mode, the op
 * counts of the operation shapes and of the streaming shape.
 */
export function solveCalibration(measurements: readonly CalibrationMeasurement[], counts: Readonly<Record<ExecutionMode, Readonly<Record<string, OpCounts>>>>, burst: number): SolvedCalibration {
  const byName = new Map(measurements.map((m) => [m.name, m]));
  const get = (name: string): CalibrationMeasurement => {
    const m = byName.get(name);
    if (m === undefined) throw new Error(`the calibration has no measurement '${name}'`);
    return m;
  };
  const ops = {} as Record<ExecutionMode, LocalOpCosts>;
  const rtcBase = {} as Record<ExecutionMode, number>;
  for (const mode of EXECUTION_MODES) {
    const shapes = Object.keys(counts[mode]).filter((s) => s !== STREAM_SHAPE.name);
    const x = nonNegativeLeastSquares(shapes.map((s) => row(counts[mode][s]!)), shapes.map((s) => get(rtcName(mode, s)).mainNs));
    const at = (k: (typeof COLUMNS)[number]): number => x[COLUMNS.indexOf(k)]!;
    rtcBase[mode] = at('base');
    ops[mode] = {
      parseHeader: at('parseHeader'),
      parseByte: at('parseByte'),
      emitHeader: at('emitHeader'),
      emitByte: at('emitByte'),
      lookup: { exact: at('exact'), lpm: at('lpm'), ternary: at('ternary'), range: at('range') },
      primitive: at('primitive'),
    };
  }

  const kernel = (k: KernelName): number => get(kernelName(k)).mainNs;
  // ESP of a 46/142/238-byte inner packet: 3/9/15 AES blocks and 3/4/6 MD5 blocks (ESP header, IV
  // and ciphertext; see compiler/packet-work/price.ts); AES encryption of 46/142 bytes: 3/9 blocks
  const esp = nonNegativeLeastSquares([[1, 3, 3], [1, 9, 4], [1, 15, 6]], [kernel('esp-46'), kernel('esp-142'), kernel('esp-238')]);
  const aesBlock = Math.max(0, (kernel('aes-142') - kernel('aes-46')) / 6);
  const kernels = {
    esp: { fixedNs: esp[0]!, aesBlockNs: esp[1]!, md5BlockNs: esp[2]! },
    aes: { fixedNs: Math.max(0, kernel('aes-46') - 3 * aesBlock), blockNs: aesBlock },
    burnCallNs: kernel('burn-0'),
    burnNsPerCycle: Math.max(0, (kernel('burn-3000') - kernel('burn-0')) / 3000),
  };

  const stream = (variant: LocalVariant, share: number, b = burst): CalibrationMeasurement => {
    const c = streamCases(burst).find((x) => x.variant === variant && x.share === share && x.burst === b && x.site === undefined && x.draw === undefined)!;
    return get(c.name);
  };
  /** Every draw of a stream case the calibration holds (the first always; later ones if measured). */
  const draws = (variant: LocalVariant, share: number): CalibrationMeasurement[] => [
    stream(variant, share),
    ...streamCases(burst)
      .filter((x) => x.variant === variant && x.share === share && x.site === undefined && x.draw !== undefined)
      .flatMap((x) => byName.get(x.name) ?? []),
  ];
  /** Of a run's tasks, the share the main thread ran itself (context and longjump: help when behind). */
  const helpedShare = (m: CalibrationMeasurement): number => (m.helped !== undefined && m.offloaded !== undefined && m.offloaded > 0 ? m.helped / (m.helped + m.offloaded) : 0);
  /**
   * Main-thread ns of an extern packet of a share-1 run beyond a plain one, for the packets the
   * worker served: the tasks the main thread ran itself (at `helpedNs` each: sync-inline's site
   * cost, solved first) taken out.
   */
  const perServed = (m: CalibrationMeasurement, plain: CalibrationMeasurement, helpedNs: number): number => {
    const h = helpedShare(m);
    return (m.mainNs - plain.mainNs - h * helpedNs) / (1 - h);
  };
  /** Worker CPU per task it served: all threads' CPU less the main thread's, over the tasks it took. */
  const workerNs = (m: CalibrationMeasurement): number => Math.max(0, m.processNs - m.mainNs) / (1 - helpedShare(m));
  const streamCosts = {} as Record<LocalVariant, LocalStreamCosts>;
  const inlineCosts = (): LocalStreamCosts => {
    const plain = stream('sync-inline', 0);
    return { plainBase: plain.mainNs - operationsNs(ops.sync, counts.sync[STREAM_SHAPE.name]!), externOverhead: Math.max(0, stream('sync-inline', 1).mainNs - plain.mainNs - kernels.burnCallNs) };
  };
  streamCosts['sync-inline'] = inlineCosts();
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
    const code = variantMode(variant).code;
    const plain = stream(variant, 0);
    // what the burn(0) task itself costs the main thread in this variant
    const task = variant === 'sync-offload' ? kernels.burnCallNs + workerTaskNs : mainBurstNs / burst;
    const overheads = draws(variant, 1).map((all) => Math.max(0, perServed(all, plain, variant === 'sync-offload' ? 0 : helpedBurnNs) - task));
    streamCosts[variant] = { plainBase: plain.mainNs - operationsNs(ops[code], counts[code][STREAM_SHAPE.name]!), externOverhead: medianOf(overheads), ...(overheads.length > 1 ? { externOverheadDraws: overheads } : {}) };
  }
  // the glue of an ESP / AES site beyond a burn site's (sync-inline: one thread, the task inline):
  // what the site costs more than the plain packet, less the kernel and the burn site's overhead
  /** Every draw of a site's run the calibration holds (none in calibrations made before it was measured). */
  const siteRuns = (variant: LocalVariant, site: 'esp' | 'aes'): CalibrationMeasurement[] =>
    streamCases(burst).filter((x) => x.site === site && x.variant === variant).flatMap((x) => byName.get(x.name) ?? []);
  const kernelOf = { esp: kernel('esp-46'), aes: kernel('aes-46') };
  const inlineBase = stream('sync-inline', 0).mainNs + streamCosts['sync-inline'].externOverhead;
  const inlineGlue = (site: 'esp' | 'aes'): number | undefined => {
    const runs = siteRuns('sync-inline', site);
    return runs.length === 0 ? undefined : medianOf(runs.map((m) => Math.max(0, m.mainNs - inlineBase - kernelOf[site])));
  };
  const espGlue = inlineGlue('esp');
  const aesGlue = inlineGlue('aes');
  const opGlue = espGlue !== undefined && aesGlue !== undefined ? { esp: espGlue, aes: aesGlue } : undefined;
  // context and longjump: a packet suspended at an ESP / AES site against one suspended at a burn
  // site, beyond the glue every packet of that operation pays (sync-inline's); the tasks the main
  // thread ran itself taken out at their sync-inline cost (site overhead, glue, kernel); the median draw
  const asyncGlue = (variant: 'context' | 'longjump'): { esp: number; aes: number } | undefined => {
    if (opGlue === undefined) return undefined;
    const out = { esp: 0, aes: 0 };
    for (const site of ['esp', 'aes'] as const) {
      const runs = siteRuns(variant, site);
      if (runs.length === 0) return undefined;
      const helpedNs = streamCosts['sync-inline'].externOverhead + opGlue[site] + kernelOf[site];
      out[site] = medianOf(runs.map((m) => perServed(m, stream(variant, 0), helpedNs) - mainBurstNs / burst - streamCosts[variant].externOverhead - opGlue[site]));
    }
    return out;
  };
  const context = asyncGlue('context');
  const longjump = asyncGlue('longjump');
  const asyncOpGlue = context !== undefined && longjump !== undefined ? { context, longjump } : undefined;
  return { ops, rtcBase, stream: streamCosts, workerTaskNs, mainBurstNs, workerBurstNs, kernels, ...(opGlue !== undefined ? { opGlue } : {}), ...(asyncOpGlue !== undefined ? { asyncOpGlue } : {}) };
}
