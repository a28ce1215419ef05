/**
 * The machine's cross-core state: how long one cache line takes from one core to the other and
 * back (`bench/harness/line-round-trip.ts`, `measureLineRoundTrip`). On this project's 2-vCPU virtual
 * machine (AMD EPYC) it takes one of two values for minutes at a time: about 0.2 µs and about
 * 0.9 µs — the hypervisor runs the two virtual CPUs on host cores that share a last-level cache, or
 * on cores that do not (a line then crosses the host's chip interconnect); nothing inside the
 * machine chooses or sees which. Every cost made of lines crossing between the main thread and
 * the co-processor worker follows it, sync-offload's round trip most (the main thread waits for
 * the request's lines to reach the worker and the result's to come back: 0.26 against 1.17 µs a
 * task in the calibrations of 6 December). A calibration records the state it measured in, and a
 * draw whose state changed while it ran is measured again (docs/model.md, "The cross-core state").
 */

/** Two line round trips this many times apart are two states (within one state the least of 20 trials moves by under 20 %; the two states are 4x apart). */
export const STATE_RATIO = 2;

export interface CrossCoreStates {
  /** The states' levels, ns (the middle sample of each), fastest first: one or two (none without a sample). */
  readonly levels: readonly number[];
  /** Each sample's state: an index into `levels`. */
  readonly stateOf: readonly number[];
}

/**
 * The states a list of line round trips (ns) shows: sorted, split at the widest ratio between
 * neighbours when that ratio is at least `STATE_RATIO` (two states), else one. A sample that is
 * not a positive number (a probe that failed) is in no state: -1.
 */
export function crossCoreStates(samples: readonly number[]): CrossCoreStates {
  const ok = samples.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (ok.length === 0) return { levels: [], stateOf: samples.map(() => -1) };
  let split = -1;
  let widest = 1;
  for (let i = 1; i < ok.length; i++) {
    const r = ok[i]! / ok[i - 1]!;
    if (r > widest) [widest, split] = [r, i];
  }
  const groups = widest >= STATE_RATIO ? [ok.slice(0, split), ok.slice(split)] : [ok];
  const mid = (g: readonly number[]): number => g[(g.length - 1) >> 1]!;
  const bound = groups.length === 2 ? ok[split]! : Infinity;
  return {
    levels: groups.map(mid),
    stateOf: samples.map((x) => (Number.isFinite(x) && x > 0 ? (x >= bound ? 1 : 0) : -1)),
  };
}

/** A calibration's record of the state (`LocalCalibration.crossCore`): the samples, named by when they were taken. */
export interface LineSample {
  readonly at: string;
  readonly ns: number;
}

export interface CalibrationCrossCore {
  readonly levels: readonly number[];
  /** Per draw (1-based, in order), the state its kept runs were measured in: an index into `levels`; -1 where its start and end disagree (not measured again) or it has no sample. */
  readonly drawState: ReadonlyMap<number, number>;
  /** Draws the state changed in, measured again. */
  readonly measuredAgain: readonly number[];
}

/**
 * The states of a calibration's line samples (`crossCoreStates` over all of them) and the state of
 * each draw's kept runs: its `draw N start` and `draw N end` samples, or `draw N again start/end`
 * where it was measured again.
 */
export function calibrationCrossCore(samples: readonly LineSample[]): CalibrationCrossCore {
  const states = crossCoreStates(samples.map((s) => s.ns));
  const byDraw = new Map<number, { first: number[]; again: number[] }>();
  samples.forEach((s, i) => {
    const m = /^draw (\d+)( again)? (start|end)$/.exec(s.at);
    if (m === null) return;
    const d = byDraw.get(Number(m[1])) ?? { first: [], again: [] };
    (m[2] === undefined ? d.first : d.again).push(states.stateOf[i]!);
    byDraw.set(Number(m[1]), d);
  });
  const drawState = new Map<number, number>();
  const measuredAgain: number[] = [];
  for (const [draw, d] of [...byDraw].sort((a, b) => a[0] - b[0])) {
    if (d.again.length > 0) measuredAgain.push(draw);
    const kept = d.again.length > 0 ? d.again : d.first;
    drawState.set(draw, kept.length > 0 && kept.every((x) => x === kept[0] && x >= 0) ? kept[0]! : -1);
  }
  return { levels: states.levels, drawState, measuredAgain };
}

/** The line round trip (ns) of the state a list of samples shows, or null when they show two states or one is not a positive number (a probe that failed). */
export function steadyStateNs(samples: readonly number[]): number | null {
  const s = crossCoreStates(samples);
  return s.levels.length === 1 && s.stateOf.every((x) => x === 0) ? s.levels[0]! : null;
}

/**
 * The state a calibration's costs hold for, as a line round trip (ns): the median over its draws
 * of the level each draw's kept runs were measured in (each cost is the median draw's); null
 * without a draw in one state.
 */
export function calibrationStateNs(samples: readonly LineSample[]): number | null {
  const s = calibrationCrossCore(samples);
  const levels = [...s.drawState.values()].filter((i) => i >= 0).map((i) => s.levels[i]!).sort((a, b) => a - b);
  return levels.length === 0 ? null : levels[(levels.length - 1) >> 1]!;
}

/** Two line round trips (ns) are one state when they are under `STATE_RATIO` apart. */
export function sameCrossCoreState(aNs: number, bNs: number): boolean {
  return Math.max(aNs, bNs) / Math.min(aNs, bNs) < STATE_RATIO;
}
