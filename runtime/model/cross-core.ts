/**
 * The machine's cross-core state: how long one cache line takes from one core to the other and
 * back (`bench/harness/line-round-trip.ts`, `LineProbe`). On this project's 2-vCPU virtual
 * machine (AMD EPYC) it takes one of two values for minutes at a time: about 0.2 µs and about
 * 0.9 µs — likely the hypervisor running the two virtual CPUs on host cores that share a last-level
 * cache, or on cores that do not (a line then crosses the host's chip interconnect): an inference
 * from the two levels, not something seen from inside; nothing inside the machine chooses or sees
 * which. Every cost made of lines crossing between the main thread and
 * the co-processor worker follows it, sync-offload's round trip most (the main thread waits for
 * the request's lines to reach the worker and the result's to come back: 0.26 against 1.17 µs a
 * task in the calibrations of 6 December). A calibration records the state it measured in, and a
 * draw whose state changed while it ran is measured again (docs/model.md, "The cross-core state").
 */

/** Two line round trips this many times apart are two states: within one state the samples of 7 December spanned up to 1.5x (0.18-0.27 µs in the fast state, 0.81-0.99 in the slow), the two states are about 4x apart, and 2 lies between. */
export const STATE_RATIO = 2;

export interface CrossCoreStates {
  /** The states' levels, ns (the middle sample of each), fastest first: one or two (none without a sample). */
  readonly levels: readonly number[];
  /** Each sample's state: an index into `levels`. */
  readonly stateOf: readonly number[];
}

const isSample = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/**
 * Whether the state changed between two line round trips (ns): both are samples and they are
 * `STATE_RATIO` or more apart — the rule by which the calibration measures a draw again, and by
 * which `calibrationCrossCore` judges a draw's pair. False when either probe failed (the change is
 * then unknown, not seen).
 */
export function crossCoreChanged(a: number | null, b: number | null): boolean {
  return isSample(a) && isSample(b) && Math.max(a, b) / Math.min(a, b) >= STATE_RATIO;
}

/**
 * The states a list of line round trips (ns) shows: one when the largest and the least are under
 * `STATE_RATIO` apart (the rule `crossCoreChanged` applies to a pair), else two, split at the widest
 * ratio between neighbours in sorted order — also when samples between the two levels leave no
 * single gap of `STATE_RATIO` (0.2, 0.32, 0.58, 0.9 µs are two states, split at 0.32 | 0.58). A
 * sample that is not a positive number (a probe that failed: NaN or null) is in no state: -1.
 */
export function crossCoreStates(samples: readonly (number | null)[]): CrossCoreStates {
  const ok = samples.filter(isSample).sort((a, b) => a - b);
  if (ok.length === 0) return { levels: [], stateOf: samples.map(() => -1) };
  let split = -1;
  let widest = 1;
  for (let i = 1; i < ok.length; i++) {
    const r = ok[i]! / ok[i - 1]!;
    if (r > widest) [widest, split] = [r, i];
  }
  const groups = ok[ok.length - 1]! / ok[0]! >= STATE_RATIO ? [ok.slice(0, split), ok.slice(split)] : [ok];
  const mid = (g: readonly number[]): number => g[(g.length - 1) >> 1]!;
  const bound = groups.length === 2 ? ok[split]! : Infinity;
  return {
    levels: groups.map(mid),
    stateOf: samples.map((x) => (isSample(x) ? (x >= bound ? 1 : 0) : -1)),
  };
}

/** A calibration's record of the state (`LocalCalibration.crossCore`): the samples, named by when they were taken; `ns` null where the probe failed (its worker never answered, or no run completed). */
export interface LineSample {
  readonly at: string;
  readonly ns: number | null;
}

export interface CalibrationCrossCore {
  readonly levels: readonly number[];
  /** Per draw (1-based, in order), the state its kept runs were measured in: an index into `levels`; -1 (unknown) where its kept start or end sample is missing or failed, where the two are `STATE_RATIO` apart (`crossCoreChanged`, the re-measure rule), or where they fall on the two sides of the calibration's split. */
  readonly drawState: ReadonlyMap<number, number>;
  /** Draws the state changed in, measured again. */
  readonly measuredAgain: readonly number[];
}

/**
 * The states of a calibration's line samples (`crossCoreStates` over all of them) and the state of
 * each draw's kept runs: its `draw N start` and `draw N end` samples, or `draw N again start/end`
 * where it was measured again. A draw is in a state only when both samples of its kept pair are
 * there, the pair did not change by the re-measure rule (`crossCoreChanged`), and both are on the
 * same side of the split; else unknown (-1).
 */
export function calibrationCrossCore(samples: readonly LineSample[]): CalibrationCrossCore {
  const states = crossCoreStates(samples.map((s) => s.ns));
  type Pair = { start?: number; end?: number };
  const byDraw = new Map<number, { first: Pair; again: Pair | undefined }>();
  samples.forEach((s, i) => {
    const m = /^draw (\d+)( again)? (start|end)$/.exec(s.at);
    if (m === null) return;
    const d = byDraw.get(Number(m[1])) ?? { first: {}, again: undefined };
    const pair = m[2] === undefined ? d.first : (d.again ??= {});
    pair[m[3] as 'start' | 'end'] = i;
    byDraw.set(Number(m[1]), d);
  });
  const drawState = new Map<number, number>();
  const measuredAgain: number[] = [];
  for (const [draw, d] of [...byDraw].sort((a, b) => a[0] - b[0])) {
    if (d.again !== undefined) measuredAgain.push(draw);
    const { start, end } = d.again ?? d.first;
    const state = (i: number | undefined): number => (i === undefined ? -1 : states.stateOf[i]!);
    const one = start !== undefined && end !== undefined && !crossCoreChanged(samples[start]!.ns, samples[end]!.ns) && state(start) >= 0 && state(start) === state(end);
    drawState.set(draw, one ? state(start) : -1);
  }
  return { levels: states.levels, drawState, measuredAgain };
}

/** A run of measurements ran in a state when at least this share of the stretches between its line samples did (`runStateNs`). */
export const STATE_SHARE = 3 / 4;

/**
 * The line round trip (ns) of the state a run of measurements ran in, from line samples taken in
 * order through it (a bench scenario's: before it, after each warm-up and each cycle of rounds,
 * after it), or null. The samples cut the run into stretches (one fewer than the samples); each
 * stretch takes its state from the nearest measured samples on either side of it — a probe that
 * failed (not a positive number) tells nothing. A stretch between two measured samples ran in a
 * state when both are in it (`crossCoreStates` over all the samples) and not `STATE_RATIO` apart
 * (`crossCoreChanged`, the calibration's re-measure rule) — as the span between a scenario's before
 * and after samples was read before the bench took samples in between; a stretch before the first
 * or after the last measured sample takes that sample's state. A run of two or more samples needs
 * two measured ones to read a state; a lone sample is its own state (none if its probe failed). The
 * run is in the state `STATE_SHARE` or more of its stretches ran in. A bench's variants take their
 * rounds in turn, one each per cycle, so three quarters of every variant's rounds then ran in that
 * state and its median round lies among them, also where every other stretch ran in the other
 * state. Two samples (before and after): both measured and in one state. One sample alone: its
 * state.
 */
export function runStateNs(samples: readonly (number | null)[]): number | null {
  const s = crossCoreStates(samples);
  if (samples.length === 1) return s.stateOf[0] === 0 ? s.levels[0]! : null;
  const measured = samples.flatMap((x, i) => (isSample(x) ? [i] : []));
  if (measured.length < 2) return null;
  const stretches = samples.length - 1;
  const inState = s.levels.map(() => 0);
  const [first, last] = [measured[0]!, measured[measured.length - 1]!];
  inState[s.stateOf[first]!]! += first;
  inState[s.stateOf[last]!]! += stretches - last;
  for (let j = 1; j < measured.length; j++) {
    const [a, b] = [measured[j - 1]!, measured[j]!];
    const k = s.stateOf[a]!;
    if (s.stateOf[b] === k && !crossCoreChanged(samples[a]!, samples[b]!)) inState[k]! += b - a;
  }
  const k = inState.findIndex((n) => n >= STATE_SHARE * stretches);
  return k < 0 ? null : s.levels[k]!;
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

/** Two line round trips (ns) are one state when both are samples and they are under `STATE_RATIO` apart (`crossCoreChanged`'s rule). */
export function sameCrossCoreState(aNs: number, bNs: number): boolean {
  return isSample(aNs) && isSample(bNs) && !crossCoreChanged(aNs, bNs);
}
