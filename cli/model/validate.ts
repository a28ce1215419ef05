/**
 * `p4ts model --validate`: every point of `npm run bench` predicted by the `local` target (a
 * calibration from `--calibrate`: microbenchmarks only) beside what the bench measured, with the
 * error per point.
 *
 * A point is predicted from its scenario's program (the example it runs: work from the IR, as for
 * any program), the harness the scenario uses, its variant, share, extern cycles and burst. Two
 * measured quantities are compared: packets per second of wall time (the bench's headline), and
 * packets per CPU-second of the packet-processing thread (1e9 / `mainNsPerPacket`: what a packet
 * costs the main thread, robust when other jobs share the machine), against the same quantity
 * predicted (the simulated main core's busy time per packet: it spins in a synchronous wait, and
 * sleeps while it waits for the worker in the async modes, as the harness does). Runs of something that is not a
 * compiled program (hand-written references, ceilings) and scenarios the model does not know are
 * listed as not predicted.
 */
import type { LocalCalibration, LocalHarness, LocalVariant, PacketWork, StraightPathUse } from '../../runtime/model/index.ts';
import { LOCAL_VARIANTS, asRun, helpedShareOf, localProfile, predict, simInput, variantMode } from '../../runtime/model/index.ts';
import type { ExecutionMode } from '../../contract/execution-mode.ts';
import type { RunRecord } from '../../bench/harness/scenario.ts';
import { EXAMPLES_DIR, withBurnCycles } from './paper-work.ts';
import { deriveProgramWork, straightPathModes } from './program-work.ts';
import { medianOf } from '../../runtime/model/statistics.ts';
import { calibrationStateNs, runStateNs, sameCrossCoreState } from '../../runtime/model/cross-core.ts';

/** A run of the bench JSON (`npm run bench -- --json FILE`; its fields as `bench/harness/scenario.ts` defines them). */
export type BenchRun = Pick<RunRecord, 'scenario' | 'mode' | 'share' | 'cycles' | 'burst' | 'pps' | 'mainNsPerPacket' | 'label' | 'helped' | 'offloaded' | 'cores'> & {
  /** As recorded (`compiled`, `handwritten`, `ceiling`; another is not predicted either). */
  readonly implementation?: string;
};

export interface ValidationRow {
  readonly run: BenchRun;
  readonly predictedPps: number;
  /** predicted / measured - 1, on wall-clock pps. */
  readonly error: number;
  /**
   * Packets per CPU-second of the main thread (1e9 / its CPU ns per packet), predicted and
   * measured, and the error. Equal to the pps when the main thread is the bottleneck; higher when
   * it waits for the worker (asleep, not on the CPU).
   */
  readonly predictedCpuPps: number;
  readonly measuredCpuPps: number | undefined;
  readonly cpuError: number | undefined;
  /**
   * Packets per CPU-second of the main thread predicted with the measured help share: the
   * main thread's own work priced by the model, which of the tasks it ran itself taken from the
   * run (where the worker got too little of a core, the scheduler's doing, not a CPU cost). The
   * same as `predictedCpuPps` where nothing was measured or nothing is offloaded.
   */
  readonly predictedCpuPpsGivenHelp: number;
  readonly cpuErrorGivenHelp: number | undefined;
  /** Cores the run keeps busy (main thread + worker), predicted (each thread given a core of its own) and measured. */
  readonly predictedCores: number;
  readonly measuredCores: number | undefined;
  /** The machine gave the run under 75 % of the cores the model gives it (the worker, or the main thread, waited for a core). */
  readonly starved: boolean;
  readonly bottleneck: string;
  /** Share of the extern tasks the main thread ran itself (help when behind), predicted. */
  readonly helpedShare: number;
  /** The same, measured (the bench's `helped` / (`helped` + `offloaded`)), where the bench recorded it. */
  readonly measuredHelpedShare: number | undefined;
}

export interface Validation {
  readonly rows: readonly ValidationRow[];
  /** Runs not predicted, with why. */
  readonly skipped: readonly { readonly run: BenchRun; readonly reason: string }[];
}

/** The example and harness of each scenario `npm run bench` has (bench/scenarios/). */
const SCENARIOS: Readonly<Record<string, { readonly example: string; readonly harness: LocalHarness }>> = {
  l2fwd: { example: 'l2fwd/l2fwd.p4', harness: 'rtc' },
  ipsec: { example: 'ipsec-esp/ipsec-esp.p4', harness: 'stream' },
  burst: { example: 'ipsec-esp/ipsec-esp.p4', harness: 'stream' },
  encrypt: { example: 'encrypt/encrypt.p4', harness: 'stream' },
  burn: { example: 'custom-extern/custom-extern.p4', harness: 'stream' },
  // the runs without the flow-order stage (`longjump+order` etc. are not modelled: listed as not predicted)
  order: { example: 'ipsec-esp/ipsec-esp.p4', harness: 'stream' },
};

export class BenchInputError extends Error {}

/** The runs of a bench JSON document (`{"runs":[...]}` or a bare array). */
export function parseBenchRuns(text: string, name: string): BenchRun[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BenchInputError(`${name}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const rows: unknown = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? (json as { runs?: unknown }).runs : undefined;
  if (!Array.isArray(rows)) throw new BenchInputError(`${name}: expected {"runs":[...]} or an array of runs`);
  return rows.map((r: unknown, i) => {
    const x = r as Record<string, unknown>;
    if (typeof x !== 'object' || x === null || typeof x.scenario !== 'string' || typeof x.mode !== 'string' || typeof x.pps !== 'number') {
      throw new BenchInputError(`${name}: run ${i} needs "scenario", "mode" (strings) and "pps" (a number)`);
    }
    for (const k of ['pps', 'share', 'cycles', 'burst', 'mainNsPerPacket', 'cores', 'helped', 'offloaded']) {
      const v = x[k];
      // a measure the bench could not take is written as null (JSON has no NaN): not measured
      if (v === null && k !== 'pps') continue;
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new BenchInputError(`${name}: run ${i} (${x.scenario} ${x.mode}): "${k}" must be a non-negative number, not ${JSON.stringify(v)}`);
    }
    if ((x.pps as number) <= 0) throw new BenchInputError(`${name}: run ${i} (${x.scenario} ${x.mode}): "pps" must be positive`);
    if (typeof x.share === 'number' && x.share > 1) throw new BenchInputError(`${name}: run ${i} (${x.scenario} ${x.mode}): "share" must be 0..1, not ${x.share}`);
    const num = (k: string, d: number): number => (typeof x[k] === 'number' ? (x[k] as number) : d);
    return {
      scenario: x.scenario,
      mode: x.mode,
      share: num('share', 0),
      cycles: num('cycles', 0),
      burst: num('burst', 32),
      pps: x.pps,
      ...(typeof x.mainNsPerPacket === 'number' ? { mainNsPerPacket: x.mainNsPerPacket } : {}),
      ...(typeof x.implementation === 'string' ? { implementation: x.implementation } : {}),
      ...(typeof x.label === 'string' ? { label: x.label } : {}),
      ...(typeof x.helped === 'number' ? { helped: x.helped } : {}),
      ...(typeof x.offloaded === 'number' ? { offloaded: x.offloaded } : {}),
      ...(typeof x.cores === 'number' ? { cores: x.cores } : {}),
    };
  });
}

/**
 * The cross-core state each scenario of a bench JSON document ran in (its `crossCore`: per
 * scenario, the line round trips taken through it, `bench/harness/line-round-trip.ts`; its state
 * by `runStateNs`): the state's line round trip (ns), or null where it changed while the scenario
 * ran or probes failed.
 * Undefined for a document without the record (a bench run made before it was recorded).
 */
export function parseBenchCrossCore(text: string, name: string): ReadonlyMap<string, number | null> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BenchInputError(`${name}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const cc = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { crossCore?: unknown }).crossCore : undefined;
  if (cc === undefined) return undefined;
  if (typeof cc !== 'object' || cc === null || Array.isArray(cc)) throw new BenchInputError(`${name}: "crossCore" must be {scenario: {lineSamples: [...]}, ...}, not ${JSON.stringify(cc)?.slice(0, 80)}`);
  const out = new Map<string, number | null>();
  for (const [scenario, x] of Object.entries(cc)) {
    const samples: unknown = typeof x === 'object' && x !== null ? (x as { lineSamples?: unknown }).lineSamples : undefined;
    const ok = (y: unknown): boolean => typeof y === 'object' && y !== null && typeof (y as { at?: unknown }).at === 'string' && ((y as { ns?: unknown }).ns === null || typeof (y as { ns?: unknown }).ns === 'number');
    if (!Array.isArray(samples) || samples.length === 0 || !samples.every(ok)) {
      throw new BenchInputError(`${name}: crossCore.${scenario}.lineSamples: expected [{at: "before", ns}, {at: "after", ns}], got ${JSON.stringify(samples)?.slice(0, 80) ?? 'nothing'}`);
    }
    // a probe that did not complete is written as null: in no state
    out.set(scenario, runStateNs(samples.map((y: { ns: number | null }) => y.ns ?? Number.NaN)));
  }
  return out;
}

/** How a scenario's cross-core state compares with the calibration's. */
export interface CrossCoreComparison {
  readonly scenario: string;
  /** The bench's state (line round trip, ns); null: it changed while the scenario ran or a probe failed; undefined: not recorded. */
  readonly benchNs: number | null | undefined;
  /** The calibration's state (the median draw's); null: not recorded, or no draw in one state. */
  readonly calibrationNs: number | null;
  /** Both known and one state; false when both are known and two; undefined when either is unknown. */
  readonly agree: boolean | undefined;
}

/**
 * Each scenario's cross-core state beside the calibration's. Only a report: no prediction is
 * changed by it (a cost measured in one state does not say what it is in the other).
 */
export function compareCrossCore(cal: LocalCalibration, bench: ReadonlyMap<string, number | null> | undefined, scenarios: readonly string[]): CrossCoreComparison[] {
  const calibrationNs = cal.crossCore === undefined ? null : calibrationStateNs(cal.crossCore.lineSamples);
  return scenarios.map((scenario) => {
    const benchNs = bench?.get(scenario);
    const agree = benchNs === undefined || benchNs === null || calibrationNs === null ? undefined : sameCrossCoreState(benchNs, calibrationNs);
    return { scenario, benchNs, calibrationNs, agree };
  });
}

/** Predicts every bench run the model knows; lists the others with why. */
export function validate(cal: LocalCalibration, runs: readonly BenchRun[], examplesDir: string = EXAMPLES_DIR): Validation {
  const works = new Map<string, PacketWork>();
  const workOf = (example: string): PacketWork => {
    let w = works.get(example);
    if (w === undefined) {
      const d = deriveProgramWork(`${examplesDir}${example}`);
      if (d.derivation === undefined) throw new BenchInputError(`${example}: ${d.diagnostics.map((x) => x.message).join('; ')}`);
      w = d.derivation.work;
      works.set(example, w);
    }
    return w;
  };
  const straight = new Map<string, Record<ExecutionMode, StraightPathUse>>();
  const straightOf = (example: string): Record<ExecutionMode, StraightPathUse> => {
    let s = straight.get(example);
    if (s === undefined) straight.set(example, (s = straightPathModes(`${examplesDir}${example}`)));
    return s;
  };
  const rows: ValidationRow[] = [];
  const skipped: { run: BenchRun; reason: string }[] = [];
  for (const run of runs) {
    const s = SCENARIOS[run.scenario];
    if (s === undefined) {
      skipped.push({ run, reason: `scenario '${run.scenario}' is not one the model knows` });
      continue;
    }
    if (run.implementation !== undefined && run.implementation !== 'compiled') {
      skipped.push({ run, reason: `${run.implementation}: not a compiled program` });
      continue;
    }
    const variant = run.mode;
    const known = s.harness === 'rtc' ? ['sync', 'context', 'longjump'].includes(variant) : (LOCAL_VARIANTS as readonly string[]).includes(variant);
    if (!known) {
      skipped.push({ run, reason: `variant '${variant}' is not one of the ${s.harness} harness's` });
      continue;
    }
    const code = s.harness === 'rtc' ? (variant as ExecutionMode) : variantMode(variant as LocalVariant).code;
    let work = asRun(workOf(s.example), straightOf(s.example)[code]);
    if (run.cycles > 0) work = withBurnCycles(work, run.cycles);
    const { profile, mode } = localProfile(cal, s.harness, variant as LocalVariant);
    const opts = { externShare: run.share, burst: run.burst };
    const p = predict(work, profile, mode, opts);
    const measuredCpuPps = run.mainNsPerPacket !== undefined && run.mainNsPerPacket > 0 ? 1e9 / run.mainNsPerPacket : undefined;
    const predictedCpuPps = 1e9 / p.mainNsPerPacket;
    const measuredHelpedShare = helpedShareOf(run);
    let predictedCpuPpsGivenHelp = predictedCpuPps;
    if (mode !== 'sync' && measuredHelpedShare !== undefined) {
      // the main thread's work when it helps with nothing, plus the measured share of the tasks
      const alone = predict(work, { ...profile, modes: { ...profile.modes, helpWhenBehind: false } }, mode, opts);
      const input = simInput(work, profile, mode, opts);
      // a helped task run at its site: its site cost instead of the suspend and resume
      const nsMain = 1e9 / input.mainClockHz;
      const taskNs = input.extern.calls.reduce((t, c) => t + c.inlineCycles * (1e9 / input.coprocClockHz) + (c.helpAtSiteCycles === undefined ? 0 : (c.helpAtSiteCycles - c.suspendCycles - c.resumeCycles) * nsMain), 0);
      predictedCpuPpsGivenHelp = 1e9 / (alone.mainNsPerPacket + input.share * measuredHelpedShare * taskNs);
    }
    const offloads = variant === 'context' || variant === 'longjump' || variant === 'sync-offload';
    const predictedCores = Math.min(1, p.mainBusy) + (offloads ? Math.min(1, p.coprocBusy) : 0);
    const measuredCores = run.cores;
    rows.push({
      run,
      predictedPps: p.pps,
      error: p.pps / run.pps - 1,
      predictedCpuPps,
      measuredCpuPps,
      cpuError: measuredCpuPps === undefined ? undefined : predictedCpuPps / measuredCpuPps - 1,
      predictedCpuPpsGivenHelp,
      cpuErrorGivenHelp: measuredCpuPps === undefined ? undefined : predictedCpuPpsGivenHelp / measuredCpuPps - 1,
      predictedCores,
      measuredCores,
      starved: measuredCores !== undefined && measuredCores < 0.75 * predictedCores,
      bottleneck: p.bottleneck,
      helpedShare: p.helpedShare,
      measuredHelpedShare,
    });
  }
  if (rows.length === 0) {
    throw new BenchInputError(`none of the ${runs.length} bench run(s) is one the model predicts (${skipped.map((x) => `${x.run.scenario} ${x.run.mode}: ${x.reason}`).slice(0, 3).join('; ') || 'no runs'})`);
  }
  return { rows, skipped };
}

export interface ValidationSummary {
  readonly points: number;
  readonly within25: number;
  readonly within15: number;
  readonly medianAbsError: number;
  readonly cpuPoints: number;
  readonly cpuWithin25: number;
  readonly cpuMedianAbsError: number;
  /** The same with the measured help share (`predictedCpuPpsGivenHelp`). */
  readonly cpuGivenHelpWithin25: number;
  readonly cpuGivenHelpMedianAbsError: number;
  /** Points whose run reports the tasks the main thread ran itself, and how far the predicted share is from it (median, in share: 0.05 = 5 points). */
  readonly helpPoints: number;
  readonly helpWithin10: number;
  readonly helpMedianAbsError: number;
}

function summarize(rows: readonly ValidationRow[]): ValidationSummary {
  const abs = rows.map((r) => Math.abs(r.error));
  const cpu = rows.flatMap((r) => (r.cpuError === undefined ? [] : [Math.abs(r.cpuError)]));
  const given = rows.flatMap((r) => (r.cpuErrorGivenHelp === undefined ? [] : [Math.abs(r.cpuErrorGivenHelp)]));
  // the scheduler's prediction: the share of tasks the main thread ran itself (async variants)
  const help = rows.flatMap((r) => (r.measuredHelpedShare === undefined || r.run.mode === 'sync-offload' ? [] : [Math.abs(r.helpedShare - r.measuredHelpedShare)]));
  return {
    points: rows.length,
    within25: abs.filter((e) => e <= 0.25).length,
    within15: abs.filter((e) => e <= 0.15).length,
    medianAbsError: medianOf(abs),
    cpuPoints: cpu.length,
    cpuWithin25: cpu.filter((e) => e <= 0.25).length,
    cpuMedianAbsError: medianOf(cpu),
    cpuGivenHelpWithin25: given.filter((e) => e <= 0.25).length,
    cpuGivenHelpMedianAbsError: medianOf(given),
    helpPoints: help.length,
    helpWithin10: help.filter((e) => e <= 0.1).length,
    helpMedianAbsError: medianOf(help),
  };
}

/**
 * All points, the points of each variant (`mode` of the bench runs), and the points whose run got
 * the cores the model gives it (`notStarved`; the starved ones are listed by the report).
 */
export function summarizeValidation(v: Validation): ValidationSummary & { readonly byVariant: Readonly<Record<string, ValidationSummary>>; readonly notStarved: ValidationSummary; readonly starved: number } {
  const variants = [...new Set(v.rows.map((r) => r.run.mode))];
  const fed = v.rows.filter((r) => !r.starved);
  return {
    ...summarize(v.rows),
    byVariant: Object.fromEntries(variants.map((m) => [m, summarize(v.rows.filter((r) => r.run.mode === m))])),
    notStarved: summarize(fed),
    starved: v.rows.length - fed.length,
  };
}
