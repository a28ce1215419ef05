/**
 * Side-by-side rate measurement: every variant is warmed up, then measured in rounds that
 * alternate between the variants (A B C A B C ...), so a burst of load from other jobs on the
 * machine hits all of them alike. A round runs one variant's `batch()` for `roundSeconds` of wall
 * time; the clock is read only every few thousand packets. Reported: best round, median round,
 * and the rate per second of CPU time in the best round. Garbage collections during a variant's
 * rounds are counted (a steady-state data plane should cause none).
 *
 * A variant runs either in this thread (`inProcess`) or in a worker thread of its own
 * (`isolated`, see `isolated.ts`): a separate V8 isolate, so its code is compiled with its own
 * type feedback, as when it is the only program in a process — variants that share runtime code
 * (the switch, the tables) would otherwise make each other's call sites polymorphic.
 */
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { processCpuSeconds, threadCpuSeconds } from '../../runtime/testing/thread-cpu.ts';
import type { BenchSettings, RunRecord } from './scenario.ts';
import type { Progress } from './progress.ts';
import { medianOf, quantileOf } from '../../runtime/model/statistics.ts';

export interface Variant {
  readonly label: string;
  /** Processes one batch of packets; returns how many packets it handled. */
  batch(): number;
  /**
   * Running totals worth reporting per round (e.g. `helped`: extern tasks the main thread took
   * over from the co-processor); each round reports how much they grew.
   */
  counters?(): Readonly<Record<string, number>>;
  /** Releases what the variant holds (a co-processor worker, ...). */
  close?(): void;
}

/** What one measured round of one variant produced. */
export interface RoundResult {
  readonly packets: number;
  /** Seconds of wall-clock time. */
  readonly wall: number;
  /**
   * Seconds of CPU time of the whole process: the measured thread and every thread working for
   * it (co-processor worker, GC helpers); the rest of the harness waits during a round.
   */
  readonly cpu: number;
  /** Seconds of CPU time of the measured (packet-processing) thread alone; NaN where unknown. */
  readonly threadCpu: number;
  readonly gcMinor: number;
  readonly gcMajor: number;
  /** How much the variant's `counters()` grew during the round. */
  readonly counters?: Readonly<Record<string, number>>;
}

/** What a variant's warm-up did: it ran until its rate stopped improving (see `warmUp`). */
export interface WarmUpResult {
  /** CPU seconds of the variant's thread spent warming up. */
  readonly cpu: number;
  readonly wall: number;
  /** CPU ns of the variant's thread per packet in each warm-up chunk, in order. */
  readonly chunks: readonly number[];
  /** The rate was still improving when the budget ran out. */
  readonly capped: boolean;
}

/** How long a warm-up may last, in CPU seconds of the variant's thread. */
export interface WarmUpBudget {
  /** At least this much, whatever the rate does. */
  readonly minCpu: number;
  /** At most this much (a busy machine: also at most ten times as much wall time). */
  readonly maxCpu: number;
}

/** A variant ready to run rounds, wherever it lives. */
export interface Runner {
  readonly label: string;
  /** Runs the variant until its code is warm: see `warmUp`. */
  warmUp(budget: WarmUpBudget): Promise<WarmUpResult>;
  /**
   * A measured round of `seconds` of wall time; with `cpu`, until the variant's thread has used
   * `seconds` of CPU time (within ten times that in wall time): a fixed warm-up, for tools that
   * drive runners themselves (`warmUp` is the harness's own).
   */
  round(seconds: number, cpu?: boolean): Promise<RoundResult>;
  close(): Promise<void>;
}

export interface Rate {
  readonly label: string;
  /** Best round, packets per wall-clock second. */
  readonly pps: number;
  readonly ppsMedian: number;
  /** Packets per CPU second of all the process's threads, best round. */
  readonly ppsCpu: number;
  /** CPU nanoseconds of the packet-processing thread per packet (median round); NaN where unknown. */
  readonly mainNsPerPacket: number;
  /** CPU nanoseconds of the process's other threads (a co-processor worker, GC helpers) per packet (median round); NaN where unknown. */
  readonly otherNsPerPacket: number;
  /** Cores busy on average in the best round (CPU seconds of all threads / wall seconds). */
  readonly cores: number;
  /** The variant's counters summed over the measured rounds. */
  readonly counters: Readonly<Record<string, number>>;
  /** Every round's rate (wall clock), in the order measured. */
  readonly rounds: readonly number[];
  /** Every round's main-thread CPU ns per packet, in the order measured (NaN where unknown). */
  readonly mainNsRounds: readonly number[];
  /** The warm-up before the measured rounds. */
  readonly warmUp?: WarmUpResult;
  /** Garbage collections during this variant's measured rounds (minor, major). */
  readonly gcMinor: number;
  readonly gcMajor: number;
  readonly packets: number;
}

/** Counts GCs by kind through a PerformanceObserver (entries arrive asynchronously). */
export class GcCounter {
  minor = 0;
  major = 0;
  private readonly observer: PerformanceObserver;
  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const detail: unknown = Reflect.get(e, 'detail');
        const kind = typeof detail === 'object' && detail !== null ? (Reflect.get(detail, 'kind') as unknown) : undefined;
        if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) this.minor++;
        else this.major++;
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }
  stop(): void {
    this.observer.disconnect();
  }
}

let processGc: GcCounter | null = null;

/** One GC counter for the in-process variants of every scenario (rounds count differences of it); it observes as long as the process runs. */
export function sharedGcCounter(): GcCounter {
  processGc ??= new GcCounter();
  return processGc;
}

/** Lets pending observer callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The measured loop: `n` batches of `v`. A function of its own, so that V8 optimises it once per
 * variant (during the warm-up) with the only feedback it ever gets, and no bookkeeping around it
 * (clock reads, a round's first or last steps) can deoptimise it: when this loop sat inside the
 * round function, V8 deoptimised and re-optimised that function round after round, differently
 * in each variant's isolate, and part of a round ran the loop unoptimised (an on-stack
 * replacement compile took up to 100 ms on a busy machine).
 */
function drive(v: Variant, n: number): number {
  let packets = 0;
  for (let i = 0; i < n; i++) packets += v.batch();
  return packets;
}

/**
 * Runs `v` for `seconds` of wall time (with `cpuBudget`, of this thread's CPU time, within ten
 * times that in wall time), reading the clock about every 4,096 packets: the batches between two
 * readings start at one and double up to that, as the round's own packets per batch say (a
 * streaming pipeline's first batches return few packets: they are still inside).
 */
export function runFor(v: Variant, seconds: number, cpuBudget = false): Omit<RoundResult, 'gcMinor' | 'gcMajor'> {
  let packets = 0;
  let batches = 0;
  let inner = 1;
  const deadline = seconds * 1000;
  const k0 = v.counters?.();
  const before = k0 === undefined ? undefined : { ...k0 };
  const c0 = processCpuSeconds();
  const m0 = threadCpuSeconds();
  const t0 = performance.now();
  let dt = 0;
  const byCpu = cpuBudget && !Number.isNaN(m0);
  while (byCpu ? threadCpuSeconds() - m0 < seconds && dt < 10 * deadline : dt < deadline) {
    packets += drive(v, inner);
    batches += inner;
    dt = performance.now() - t0;
    inner = Math.max(1, Math.min(inner * 2, Math.ceil(4096 / Math.max(1, packets / batches))));
  }
  const threadCpu = threadCpuSeconds() - m0;
  const cpu = processCpuSeconds() - c0;
  const r = { packets, wall: dt / 1000, cpu, threadCpu };
  if (before === undefined) return r;
  const after = v.counters!();
  const counters: Record<string, number> = {};
  for (const k of Object.keys(after)) counters[k] = after[k]! - (before[k] ?? 0);
  return { ...r, counters };
}

/** Wall seconds of one warm-up chunk. */
const WARM_UP_CHUNK = 0.1;
/** The warm-up ends when this many chunks in a row brought no new best rate... */
const WARM_UP_STEADY_CHUNKS = 3;
/** ...better than the best before them by more than this fraction. */
const WARM_UP_GAIN = 0.03;

/**
 * Runs `v` in chunks of 0.1 s until its code is warm: at least `minCpu` CPU seconds of this
 * thread, then until three chunks in a row have not beaten the best chunk before them by more
 * than 3 % (main-thread CPU ns per packet: V8's tiers and inlining show as steps down; load from
 * other jobs only pushes a chunk up), or `maxCpu` (also at most ten times as long in wall time).
 * Without thread CPU time (not Linux), `minCpu` seconds of wall time.
 */
export function warmUp(v: Variant, budget: WarmUpBudget): WarmUpResult {
  const chunks: number[] = [];
  let cpu = 0;
  let wall = 0;
  for (;;) {
    const r = runFor(v, WARM_UP_CHUNK);
    wall += r.wall;
    if (Number.isNaN(r.threadCpu)) {
      if (wall >= budget.minCpu) return { cpu: Number.NaN, wall, chunks, capped: false };
      continue;
    }
    cpu += r.threadCpu;
    chunks.push(r.packets > 0 ? (r.threadCpu * 1e9) / r.packets : Number.POSITIVE_INFINITY);
    if (cpu >= budget.minCpu && steady(chunks)) return { cpu, wall, chunks, capped: false };
    if (cpu >= budget.maxCpu || wall >= 10 * budget.maxCpu) return { cpu, wall, chunks, capped: true };
  }
}

/** No new best in the last `WARM_UP_STEADY_CHUNKS` chunks (by more than `WARM_UP_GAIN`). */
function steady(chunks: readonly number[]): boolean {
  const n = chunks.length - WARM_UP_STEADY_CHUNKS;
  if (n < 1) return false;
  const bestBefore = Math.min(...chunks.slice(0, n));
  return Math.min(...chunks.slice(n)) >= bestBefore * (1 - WARM_UP_GAIN);
}

/** One measured round with the GCs `gc` saw during it (pending observer callbacks settled on both sides). */
export async function measuredRound(v: Variant, seconds: number, gc: GcCounter, cpu = false): Promise<RoundResult> {
  await settle();
  const m0 = gc.minor;
  const M0 = gc.major;
  const r = runFor(v, seconds, cpu);
  await settle();
  return { ...r, gcMinor: gc.minor - m0, gcMajor: gc.major - M0 };
}

/** Rounds of a variant in this thread, with a GC counter. */
export function inProcess(v: Variant, gc: GcCounter): Runner {
  return {
    label: v.label,
    warmUp: (budget) => Promise.resolve(warmUp(v, budget)),
    round: (seconds, cpu) => measuredRound(v, seconds, gc, cpu),
    close: () => {
      v.close?.();
      return Promise.resolve();
    },
  };
}

/** The warm-up budget of a run: at least as long as before this harness warmed up until steady. */
export function warmUpBudget(settings: Pick<BenchSettings, 'quick'>): WarmUpBudget {
  return settings.quick ? { minCpu: 0.3, maxCpu: 1 } : { minCpu: 0.5, maxCpu: 2 };
}

/**
 * Warms every runner up (until its rate is steady, `warmUp`), then measures them in interleaved
 * rounds whose order turns round every other cycle (A B C, C B A, A B C, ...): each variant has
 * the same neighbours before and after it, so what a round leaves behind (a co-processor worker
 * still spinning, a collection finishing on another thread) falls on both sides alike. Round k of
 * every variant lies within one cycle: `pairedRatio` divides them pair by pair. Closes the runners.
 * `runners` may mix in-process and isolated variants. With `lineSample` (a scenario's
 * `ScenarioContext.lineSample`), the machine's cross-core state is read after the warm-up and
 * after each cycle, so that the state each cycle's rounds ran in is known.
 */
export async function measureRunners(runners: readonly Runner[], settings: BenchSettings, progress: Progress, what = '', lineSample?: (at: string) => Promise<void>): Promise<Rate[]> {
  try {
    const budget = warmUpBudget(settings);
    const warm: WarmUpResult[] = [];
    for (const r of runners) {
      progress.step(`${what}warm-up ${r.label}`);
      warm.push(await r.warmUp(budget));
    }
    await lineSample?.(`${what}warm-up`);
    const results: RoundResult[][] = runners.map(() => []);
    for (let k = 0; k < settings.rounds; k++) {
      for (let j = 0; j < runners.length; j++) {
        const i = k % 2 === 0 ? j : runners.length - 1 - j;
        progress.step(`${what}${runners[i]!.label} round ${k + 1}/${settings.rounds}`);
        results[i]!.push(await runners[i]!.round(settings.roundSeconds));
      }
      await lineSample?.(`${what}cycle ${k + 1}`);
    }
    return runners.map((r, i) => summarize(r.label, results[i]!, warm[i]!));
  } finally {
    for (const r of runners) await r.close();
  }
}

function summarize(label: string, rounds: readonly RoundResult[], warm: WarmUpResult): Rate {
  const rates = rounds.map((r) => r.packets / r.wall);
  let best = 0;
  for (let k = 1; k < rates.length; k++) if (rates[k]! > rates[best]!) best = k;
  const median = medianOf(rates);
  const b = rounds[best]!;
  const counters: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.counters ?? {})) counters[k] = (counters[k] ?? 0) + v;
  const mainNsRounds = rounds.map((r) => (r.packets > 0 ? (r.threadCpu * 1e9) / r.packets : Number.NaN));
  return {
    label,
    pps: rates[best]!,
    ppsMedian: median,
    ppsCpu: b.cpu > 0 ? b.packets / b.cpu : 0,
    mainNsPerPacket: medianOf(mainNsRounds),
    otherNsPerPacket: medianOf(rounds.map((r) => (r.packets > 0 ? (Math.max(0, r.cpu - r.threadCpu) * 1e9) / r.packets : Number.NaN))),
    cores: b.wall > 0 ? b.cpu / b.wall : 0,
    counters,
    rounds: rates,
    mainNsRounds,
    warmUp: warm,
    gcMinor: rounds.reduce((s, r) => s + r.gcMinor, 0),
    gcMajor: rounds.reduce((s, r) => s + r.gcMajor, 0),
    packets: rounds.reduce((s, r) => s + r.packets, 0),
  };
}

/** `12.3 M`, `850 k`. */
export function formatRate(pps: number): string {
  if (pps >= 1e6) return `${(pps / 1e6).toFixed(2)} M`;
  if (pps >= 1e3) return `${(pps / 1e3).toFixed(0)} k`;
  return pps.toFixed(0);
}

/** The JSON row of a measured rate: `base` says what ran, the figures come from `r`. */
export function runRecord(
  r: Rate,
  base: Pick<RunRecord, 'scenario' | 'mode' | 'share' | 'cycles' | 'burst' | 'implementation'> & { readonly label?: string },
): RunRecord {
  const helped = r.counters['helped'];
  const offloaded = r.counters['offloaded'];
  return {
    ...base,
    label: base.label ?? r.label,
    pps: r.pps,
    ppsMedian: r.ppsMedian,
    ppsCpu: r.ppsCpu,
    ...(Number.isNaN(r.mainNsPerPacket) ? {} : { mainNsPerPacket: r.mainNsPerPacket, mainNsQ1: quantileOf(r.mainNsRounds, 0.25), mainNsQ3: quantileOf(r.mainNsRounds, 0.75) }),
    rounds: r.rounds.length,
    ...(Number.isNaN(r.mainNsPerPacket) ? {} : { mainNsRounds: r.mainNsRounds.map((x) => Math.round(x * 10) / 10) }),
    ...(r.warmUp === undefined || Number.isNaN(r.warmUp.cpu) ? {} : { warmUpCpu: r.warmUp.cpu, warmUpNs: r.warmUp.chunks.map((x) => Math.round(x * 10) / 10) }),
    cores: r.cores,
    ...(helped === undefined ? {} : { helped }),
    ...(offloaded === undefined ? {} : { offloaded }),
    gcMinor: r.gcMinor,
    gcMajor: r.gcMajor,
  };
}

/** What a ratio is a ratio of. */
export type RatioMeasure = 'main-cpu' | 'wall';

/** A ratio of two variants measured side by side, with its spread over the round pairs. */
export interface PairedRatio {
  /** Median over the round pairs. */
  readonly value: number;
  /** Quartiles (linear interpolation) and extremes over the round pairs. */
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly pairs: number;
  readonly measure: RatioMeasure;
}

/**
 * `a` against `b` round pair by round pair (round k of each, measured within one cycle of
 * `measureRunners`), as rates: above 1 when `a` is faster. `main-cpu`: packets per CPU second of
 * the packet-processing thread (b's main-thread ns per packet / a's, the paper's measure, robust
 * to load); `wall`: packets per wall-clock second (what a variant using two cores gains). A pair
 * with a missing figure is left out; NaN when none is left.
 */
export function pairedRatio(a: Rate, b: Rate, measure: RatioMeasure): PairedRatio {
  const ratios: number[] = [];
  const n = Math.min(a.rounds.length, b.rounds.length);
  for (let k = 0; k < n; k++) {
    const r = measure === 'wall' ? a.rounds[k]! / b.rounds[k]! : b.mainNsRounds[k]! / a.mainNsRounds[k]!;
    if (Number.isFinite(r) && r > 0) ratios.push(r);
  }
  const none = ratios.length === 0;
  return { value: medianOf(ratios), q1: quantileOf(ratios, 0.25), q3: quantileOf(ratios, 0.75), min: none ? Number.NaN : Math.min(...ratios), max: none ? Number.NaN : Math.max(...ratios), pairs: ratios.length, measure };
}

/**
 * The suffix of a ratio's name for two variants measured at positions `i` and `j` of one cycle:
 * empty when they are next to each other (their round pairs are next-door neighbours), otherwise
 * a note that the pair's rounds are from the same cycle but others ran in between.
 */
export function adjacencyNote(i: number, j: number): string {
  return Math.abs(i - j) === 1 ? '' : ' (same cycle, not adjacent)';
}
