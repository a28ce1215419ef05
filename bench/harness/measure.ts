/**
 * Side-by-side rate measurement: every variant is warmed up, then measured in rounds that
 * alternate between the variants (A B C A B C ...), so a burst of load from other jobs on the
 * machine hits all of them alike. A round runs one variant's `batch()` for `roundSeconds` of wall
 * time; the clock is read only every few thousand packets. Reported: best round, median round,
 * and the rate per second of this thread's CPU time in the best round. Garbage collections seen
 * during a variant's rounds are counted (a steady-state data plane should cause none).
 */
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import type { BenchSettings } from './scenario.ts';
import type { Progress } from './progress.ts';

export interface Variant {
  readonly label: string;
  /** Processes one batch of packets; returns how many packets it handled. */
  batch(): number;
}

export interface Rate {
  readonly label: string;
  /** Best round, packets per wall-clock second. */
  readonly pps: number;
  readonly ppsMedian: number;
  /** Packets per CPU second of this process in the best round. */
  readonly ppsCpu: number;
  /** Every round's rate. */
  readonly rounds: readonly number[];
  /** Garbage collections during this variant's measured rounds (minor, major). */
  readonly gcMinor: number;
  readonly gcMajor: number;
  readonly packets: number;
}

/** Counts GCs by kind through a PerformanceObserver (entries arrive asynchronously). */
class GcCounter {
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

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Lets pending observer callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function runFor(v: Variant, seconds: number, inner: number): { packets: number; wall: number; cpu: number } {
  let packets = 0;
  const deadline = seconds * 1000;
  const c0 = cpuSeconds();
  const t0 = performance.now();
  let dt = 0;
  while (dt < deadline) {
    for (let i = 0; i < inner; i++) packets += v.batch();
    dt = performance.now() - t0;
  }
  const cpu = cpuSeconds() - c0;
  return { packets, wall: dt / 1000, cpu };
}

export async function measureSideBySide(variants: readonly Variant[], settings: BenchSettings, progress: Progress, what = ''): Promise<Rate[]> {
  const gc = new GcCounter();
  try {
    // How many batches between two clock reads: about 4,096 packets.
    const inner = variants.map((v) => {
      const n = v.batch();
      return Math.max(1, Math.ceil(4096 / Math.max(1, n)));
    });
    const warm = settings.quick ? 0.15 : Math.min(1, Math.max(0.3, settings.roundSeconds));
    for (let i = 0; i < variants.length; i++) {
      progress.step(`${what}warm-up ${variants[i]!.label}`);
      runFor(variants[i]!, warm, inner[i]!);
    }
    const rounds: number[][] = variants.map(() => []);
    const cpuRates: number[][] = variants.map(() => []);
    const minor = variants.map(() => 0);
    const major = variants.map(() => 0);
    const packets = variants.map(() => 0);
    for (let r = 0; r < settings.rounds; r++) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[i]!;
        progress.step(`${what}${v.label} round ${r + 1}/${settings.rounds}`);
        await settle();
        const m0 = gc.minor;
        const M0 = gc.major;
        const res = runFor(v, settings.roundSeconds, inner[i]!);
        await settle();
        minor[i]! += gc.minor - m0;
        major[i]! += gc.major - M0;
        packets[i]! += res.packets;
        rounds[i]!.push(res.packets / res.wall);
        cpuRates[i]!.push(res.cpu > 0 ? res.packets / res.cpu : 0);
      }
    }
    return variants.map((v, i) => {
      const rs = rounds[i]!;
      let best = 0;
      for (let k = 1; k < rs.length; k++) if (rs[k]! > rs[best]!) best = k;
      const sorted = [...rs].sort((a, b) => a - b);
      const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      return {
        label: v.label,
        pps: rs[best]!,
        ppsMedian: median,
        ppsCpu: cpuRates[i]![best]!,
        rounds: rs,
        gcMinor: minor[i]!,
        gcMajor: major[i]!,
        packets: packets[i]!,
      };
    });
  } finally {
    gc.stop();
  }
}

/** `12.3 M`, `850 k`. */
export function formatRate(pps: number): string {
  if (pps >= 1e6) return `${(pps / 1e6).toFixed(2)} M`;
  if (pps >= 1e3) return `${(pps / 1e3).toFixed(0)} k`;
  return pps.toFixed(0);
}
