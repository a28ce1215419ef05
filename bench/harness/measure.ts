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
import { medianOf } from '../../runtime/model/statistics.ts';

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

/** A variant ready to run rounds, wherever it lives. */
export interface Runner {
  readonly label: string;
  /** A round of `seconds` of wall time; a warm-up (`cpu`) lasts until the variant's thread has used `seconds` of CPU time. */
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
  /** Every round's rate. */
  readonly rounds: readonly number[];
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

/** Lets pending observer callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs `v` for `seconds` of wall time, reading the clock about every 4,096 packets: the batches
 * between two readings start at one and double up to that, as the round's own packets per batch
 * say (a streaming pipeline's first batches return few packets: they are still inside).
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
  // A warm-up counts this thread's CPU time (on a busy machine a wall-clock warm-up may leave the
  // code cold), within ten times the time in wall-clock terms.
  const warmUp = cpuBudget && !Number.isNaN(m0);
  while (warmUp ? threadCpuSeconds() - m0 < seconds && dt < 10 * deadline : dt < deadline) {
    for (let i = 0; i < inner; i++) packets += v.batch();
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

/** Rounds of a variant in this thread, with a GC counter. */
export function inProcess(v: Variant, gc: GcCounter): Runner {
  return {
    label: v.label,
    async round(seconds: number, cpu = false): Promise<RoundResult> {
      await settle();
      const m0 = gc.minor;
      const M0 = gc.major;
      const r = runFor(v, seconds, cpu);
      await settle();
      return { ...r, gcMinor: gc.minor - m0, gcMajor: gc.major - M0 };
    },
    close: () => {
      v.close?.();
      return Promise.resolve();
    },
  };
}

/**
 * Warms every runner up, then measures them in interleaved rounds. Closes the runners.
 * `runners` may mix in-process and isolated variants.
 */
export async function measureRunners(runners: readonly Runner[], settings: BenchSettings, progress: Progress, what = ''): Promise<Rate[]> {
  try {
    const warm = settings.quick ? 0.3 : Math.min(1, Math.max(0.5, settings.roundSeconds));
    for (const r of runners) {
      progress.step(`${what}warm-up ${r.label}`);
      await r.round(warm, true);
    }
    const results: RoundResult[][] = runners.map(() => []);
    for (let k = 0; k < settings.rounds; k++) {
      for (let i = 0; i < runners.length; i++) {
        progress.step(`${what}${runners[i]!.label} round ${k + 1}/${settings.rounds}`);
        results[i]!.push(await runners[i]!.round(settings.roundSeconds));
      }
    }
    return runners.map((r, i) => summarize(r.label, results[i]!));
  } finally {
    for (const r of runners) await r.close();
  }
}

function summarize(label: string, rounds: readonly RoundResult[]): Rate {
  const rates = rounds.map((r) => r.packets / r.wall);
  let best = 0;
  for (let k = 1; k < rates.length; k++) if (rates[k]! > rates[best]!) best = k;
  const median = medianOf(rates);
  const b = rounds[best]!;
  const counters: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.counters ?? {})) counters[k] = (counters[k] ?? 0) + v;
  return {
    label,
    pps: rates[best]!,
    ppsMedian: median,
    ppsCpu: b.cpu > 0 ? b.packets / b.cpu : 0,
    mainNsPerPacket: medianOf(rounds.map((r) => (r.packets > 0 ? (r.threadCpu * 1e9) / r.packets : Number.NaN))),
    otherNsPerPacket: medianOf(rounds.map((r) => (r.packets > 0 ? (Math.max(0, r.cpu - r.threadCpu) * 1e9) / r.packets : Number.NaN))),
    cores: b.wall > 0 ? b.cpu / b.wall : 0,
    counters,
    rounds: rates,
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
    ...(Number.isNaN(r.mainNsPerPacket) ? {} : { mainNsPerPacket: r.mainNsPerPacket }),
    cores: r.cores,
    ...(helped === undefined ? {} : { helped }),
    ...(offloaded === undefined ? {} : { offloaded }),
    gcMinor: r.gcMinor,
    gcMajor: r.gcMajor,
  };
}
