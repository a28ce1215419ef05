/**
 * `p4ts model --calibrate` and `--validate`: the `local` target. Calibrating runs the
 * microbenchmarks of `bench/calibrate/` and writes the calibration; validating predicts every
 * point of a bench run (a `npm run bench -- --json FILE` document, or a bench run it starts) with
 * it and prints predicted beside measured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrationProblem, helpedShareOf, type LocalCalibration } from '../../runtime/model/index.ts';
import { BenchInputError, compareCrossCore, parseBenchCrossCore, parseBenchRuns, summarizeValidation, validate, type Validation, type ValidationSummary } from './validate.ts';
import { sourceTreeUrl } from '../../runtime/modules/index.ts';
import { medianOf } from '../../runtime/model/statistics.ts';
import { calibrationCrossCore } from '../../runtime/model/cross-core.ts';
import { SUPERSEDED } from '../../runtime/model/local.ts';

export const DEFAULT_CALIBRATION = 'model-calibration.json';

/** Above this share of tasks run by the main thread, a streaming run's worker was starved (the warning of `formatCalibration`). */
const STARVED_HELP = 0.6;

const ns = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

export function formatCalibration(c: LocalCalibration): string {
  const out: string[] = [];
  out.push(`calibration of ${c.machine.cpus} x ${c.machine.cpuModel}, node ${c.machine.node}, ${c.machine.date}, load ${c.machine.loadAverage.join(' ')} (${c.measurements.length} microbenchmarks, ${c.settings.rounds} rounds of ${c.settings.roundSeconds} s, CPU time of the measuring thread, medians)`);
  out.push('per operation, ns of the main thread:');
  out.push(`  ${'mode'.padEnd(9)} ${['base(rtc)', 'parse/hdr', 'parse/B', 'emit/hdr', 'emit/B', 'exact', 'lpm', 'ternary', 'range', 'primitive'].map((h) => h.padStart(9)).join(' ')}`);
  for (const [mode, o] of Object.entries(c.ops)) {
    const v = [c.rtcBase[mode as keyof typeof c.rtcBase], o.parseHeader, o.parseByte, o.emitHeader, o.emitByte, o.lookup.exact, o.lookup.lpm, o.lookup.ternary, o.lookup.range, o.primitive];
    out.push(`  ${mode.padEnd(9)} ${v.map((x) => ns(x).padStart(9)).join(' ')}`);
  }
  // an operation of a header, a lookup or a primitive priced at 0: its shape measured no more than
  // the one-header program, which is what a shape whose work the JIT eliminated measures (dead
  // work: docs/notes/model-log.md, "The one-sided error"); noise can do it too, so a warning, not an error
  const free = Object.entries(c.ops).flatMap(([mode, o]) => {
    const items: [string, number][] = [['parse/hdr', o.parseHeader], ['emit/hdr', o.emitHeader], ['exact', o.lookup.exact], ['lpm', o.lookup.lpm], ['ternary', o.lookup.ternary], ['range', o.lookup.range], ['primitive', o.primitive]];
    return items.filter(([, v]) => v <= 0).map(([k]) => `${mode} ${k}`);
  });
  if (free.length > 0) out.push(`warning: priced at 0 ns: ${free.join(', ')} — the shape measuring it ran no slower than the one-header program: its work may have been eliminated by the JIT (a value never read, or a test V8 proves false), or the runs were too noisy (docs/notes/model-log.md, "The one-sided error")`);
  out.push('streaming harness, ns of the main thread per packet: plain base, extern-site overhead');
  for (const [variant, s] of Object.entries(c.stream)) out.push(`  ${variant.padEnd(13)} ${ns(s.plainBase).padStart(8)} ${ns(s.externOverhead).padStart(8)}`);
  const k = c.kernels;
  out.push(`worker per task ${ns(c.workerTaskNs)} ns; per burst: main ${ns(c.mainBurstNs)} ns, worker ${ns(c.workerBurstNs)} ns`);
  out.push(`tasks: ESP ${ns(k.esp.fixedNs)} ns + ${ns(k.esp.aesBlockNs)} ns/AES block + ${ns(k.esp.md5BlockNs)} ns/MD5 block; AES encryption ${ns(k.aes.fixedNs)} ns + ${ns(k.aes.blockNs)} ns/block; burn ${ns(k.burnCallNs)} ns + ${k.burnNsPerCycle.toFixed(3)} ns/cycle`);
  out.push(c.opGlue === undefined ? 'site glue beyond a burn site: not measured (a calibration made before it was; taken as 0)' : `site glue beyond a burn site (main thread): ESP ${ns(c.opGlue.esp)} ns, AES encryption ${ns(c.opGlue.aes)} ns`);
  if (c.asyncOpGlue !== undefined) {
    const g = c.asyncOpGlue;
    out.push(`a packet suspended at an ESP / AES site beyond one at a burn site (main thread): context ${ns(g.context.esp)} / ${ns(g.context.aes)} ns, longjump ${ns(g.longjump.esp)} / ${ns(g.longjump.aes)} ns`);
  } else out.push('suspended ESP / AES sites in context and longjump: not measured (a calibration made before they were; taken as a burn site)');
  const helped = c.measurements.flatMap((m) => {
    const h = helpedShareOf(m);
    return h === undefined ? [] : [{ name: m.name, h }];
  });
  if (helped.length > 0) out.push(`tasks the main thread ran itself in the streaming runs: ${helped.map((m) => `${m.name.replace(/^stream /, '')} ${Math.round(100 * m.h)}%`).join(', ')}`);
  // a run whose worker took few of the tasks says little about what a task the worker serves costs:
  // the costs above divide by the worker's share (solve.ts), so they carry the noise of the few
  // (runs superseded by a draw measured again are not solved from: not counted)
  const starved = helped.filter((m) => m.h > STARVED_HELP && !m.name.endsWith(SUPERSEDED));
  if (starved.length > 0) out.push(`warning: in ${starved.length} streaming run(s) the main thread ran over ${Math.round(STARVED_HELP * 100)}% of the tasks itself (the worker got little of a core: the machine is busy); the context and longjump costs solved from them are unreliable, calibrate again on a quieter machine`);
  // the machine's load: other jobs' threads make every thread's CPU time per packet longer (caches,
  // the hypervisor), not only its wall time: 50-90 % on this project's 2-core machine (docs/notes/model-log.md,
  // "Two calibrations that must agree")
  const busy = c.machine.loadAverage[0] ?? 0;
  if (busy > c.machine.cpus + 1) out.push(`warning: load average ${busy} on ${c.machine.cpus} cores when the calibration ended: other jobs slow every thread's CPU time per packet, not only its wall time; calibrate on a quieter machine`);
  out.push(`ring round trip (wall clock): ${ns(c.ring.spinningNs)} ns to a spinning worker, ${ns(c.ring.sleepingNs)} ns to a sleeping one (it sleeps after ${ns(c.ring.spinWindowNs)} ns without work)`);
  out.push(...crossCoreLines(c));
  if (c.draws !== undefined) {
    // the spread behind each median: every draw's value, and how far the farthest is from the median
    const n = Object.values(c.draws)[0]?.length ?? 0;
    out.push(`each cost solved from each of ${n} draws alone (a streaming cost is the median draw, a kernel's from each kernel's median draw; spread: the farthest draw from the median, of the median):`);
    for (const [path, xs] of Object.entries(c.draws)) {
      const m = medianOf(xs);
      const far = Math.max(...xs.map((x) => Math.abs(x - m)));
      out.push(`  ${path.padEnd(34)} ${xs.map((x) => ns(x).padStart(8)).join(' ')}   ±${Math.abs(m) > 1e-9 ? `${Math.round((100 * far) / Math.abs(m))}%` : ns(far)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * The machine's cross-core state while the calibration ran (`runtime/model/cross-core.ts`): the
 * line round trip of each draw, whether the draws agree, which draws were measured again.
 */
export function crossCoreLines(c: LocalCalibration): string[] {
  if (c.crossCore === undefined) return ['cross-core state: not measured (a calibration made before it was)'];
  const s = calibrationCrossCore(c.crossCore.lineSamples);
  const level = (i: number): string => (i < 0 ? 'unknown (its start and end disagree, or a probe failed)' : `${ns(s.levels[i]!)} ns`);
  const draws = [...s.drawState].map(([d, i]) => `draw ${d} ${level(i)}`).join(', ');
  const again = s.measuredAgain.length > 0 ? `; measured again, the state having changed while it ran: draw ${s.measuredAgain.join(', ')}` : '';
  const out = [`cross-core state (one cache line's round trip between two threads, wall clock): ${draws}${again}`];
  const states = new Set([...s.drawState.values()].filter((i) => i >= 0));
  if (states.size > 1) {
    out.push(`warning: the draws ran in two states of the machine (${s.levels.map((x) => `${ns(x)} ns`).join(' and ')}): each cost solved from runs with a worker is the median draw's (per cost, so usually the state most draws ran in); sync-offload's round trip and the worker's costs follow the state (docs/model.md, "The cross-core state")`);
  } else if (s.levels.length === 1 && [...s.drawState.values()].every((i) => i >= 0)) {
    out.push(`  one state throughout: the costs hold for a bench run in the same state (a line round trip near ${ns(s.levels[0]!)} ns); in the other, sync-offload's round trip and the worker's costs differ (docs/model.md, "The cross-core state")`);
  } else if (states.size === 1) {
    out.push(`  the draws whose state is known ran in one (${ns(s.levels[[...states][0]!]!)} ns), but not throughout: the state changed during the calibration, or a draw's is unknown (docs/model.md, "The cross-core state")`);
  }
  return out;
}

/** Runs the microbenchmarks; returns the calibration. */
export async function runCalibration(quick: boolean): Promise<LocalCalibration> {
  const [{ calibrate }, { Progress }] = await Promise.all([import('../../bench/calibrate/index.ts'), import('../../bench/harness/progress.ts')]);
  const progress = new Progress(true);
  try {
    return await calibrate({ settings: { quick, roundSeconds: quick ? 0.15 : 0.4, rounds: quick ? 2 : 4, burst: 32, isolate: true }, progress });
  } finally {
    progress.clear();
  }
}

export class LocalInputError extends Error {}

export function readCalibration(file: string): LocalCalibration {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new LocalInputError(`cannot read the calibration ${file} (${e instanceof Error ? e.message : String(e)}); run p4ts model --calibrate first`);
  }
  let c: unknown;
  try {
    c = JSON.parse(text);
  } catch (e) {
    throw new LocalInputError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const problem = calibrationProblem(c);
  if (problem !== undefined) throw new LocalInputError(`${file}: ${problem}`);
  return c as LocalCalibration;
}

/** The bench JSON of FILE, or of a bench run started here (`npm run bench -- --json`). */
export function benchText(file: string | undefined): { text: string; name: string } {
  if (file !== undefined) {
    try {
      return { text: readFileSync(file, 'utf8'), name: file };
    } catch (e) {
      throw new LocalInputError(`cannot read ${file} (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-validate-'));
  try {
    const out = join(dir, 'bench.json');
    const main = sourceTreeUrl('../../bench/main.ts', import.meta.url).pathname;
    process.stderr.write(`running the bench (npx tsx ${main} --json ${out}); load ${load()}\n`);
    execFileSync(process.execPath, ['--import', 'tsx', main, '--json', out, '--no-progress'], { stdio: ['ignore', 'ignore', 'inherit'] });
    return { text: readFileSync(out, 'utf8'), name: 'the bench run' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (x: number | undefined): string => (x === undefined ? '' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
const rate = (x: number | undefined): string => (x === undefined ? '' : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(0)}k`);

/** A share as a whole percentage, or '-'. */
const share = (x: number | undefined): string => (x === undefined ? '-' : `${Math.round(x * 100)}%`);

function summaryLine(label: string, x: ValidationSummary): string {
  const of = (n: number, d: number): string => `${n} of ${d} (${((n / Math.max(1, d)) * 100).toFixed(0)}%)`;
  return `${label}: main-thread CPU ${of(x.cpuWithin25, x.cpuPoints)} within 25%, median |error| ${(x.cpuMedianAbsError * 100).toFixed(1)}%; ` +
    `given the measured help ${of(x.cpuGivenHelpWithin25, x.cpuPoints)}, median ${(x.cpuGivenHelpMedianAbsError * 100).toFixed(1)}%; ` +
    `wall ${of(x.within25, x.points)}, median ${(x.medianAbsError * 100).toFixed(1)}%` +
    (x.helpPoints > 0 ? `; tasks the main thread ran itself: ${of(x.helpWithin10, x.helpPoints)} within 10 points of the measured share, median ${(x.helpMedianAbsError * 100).toFixed(1)} points` : '');
}

/**
 * The bench's cross-core state per scenario beside the calibration's (`compareCrossCore`): lines
 * for the report, and the rows whose scenario ran in the calibration's state (undefined when
 * the bench did not record its state).
 */
function crossCoreComparison(v: Validation, cal: LocalCalibration, bench: { name: string; crossCore?: ReadonlyMap<string, number | null> }): { lines: string[]; summary: (line: (label: string, x: ValidationSummary) => string) => string } {
  if (bench.crossCore === undefined) {
    return {
      lines: [`bench state unknown: ${bench.name} has no cross-core record (a bench run made before it was recorded); its points whose costs follow the state (sync-offload's round trip, the worker's costs) may have run in the other state`],
      summary: () => 'cross-core: bench state unknown',
    };
  }
  const scenarios = [...new Set(v.rows.map((r) => r.run.scenario))];
  const cmp = compareCrossCore(cal, bench.crossCore, scenarios);
  const calNs = cmp[0]?.calibrationNs ?? null;
  const lines = [`cross-core state of each scenario of the bench (line round trips through it: before, between its cycles of rounds, after), beside the calibration's (${calNs === null ? 'unknown' : `${ns(calNs)} ns`}):`];
  for (const c of cmp) {
    const b = c.benchNs === undefined ? 'bench state not recorded' : c.benchNs === null ? 'bench state unknown (it changed while the scenario ran, or a probe failed)' : `bench state ${ns(c.benchNs)} ns`;
    const verdict = c.agree === true ? ': one state' : c.agree === false ? ": the states differ (its costs of lines crossing cores, sync-offload's round trip and the worker's, were calibrated in the other state)" : '';
    lines.push(`  ${c.scenario.padEnd(9)} ${b}${verdict}`);
  }
  const agreeing = new Set(cmp.filter((c) => c.agree === true).map((c) => c.scenario));
  const rows = v.rows.filter((r) => agreeing.has(r.run.scenario));
  const differ = v.rows.filter((r) => cmp.some((c) => c.scenario === r.run.scenario && c.agree === false)).length;
  const unknown = v.rows.length - rows.length - differ;
  return {
    lines,
    summary: (line) =>
      calNs === null
        ? "cross-core: the calibration's state unknown (a calibration made before it was recorded, or no draw in one state)"
        : rows.length === v.rows.length
        ? 'cross-core: states agree (every scenario ran in the calibration\'s state)'
        : rows.length === 0
          ? `cross-core: no point ran in the calibration's state (${differ} in the other, ${unknown} unknown)`
          : line(`${rows.length} points whose scenario ran in the calibration's cross-core state (${differ} in the other, ${unknown} unknown)`, summarizeValidation({ rows, skipped: [] })),
  };
}

export function formatValidation(v: Validation, cal: LocalCalibration, bench: { name: string; load?: readonly number[]; crossCore?: ReadonlyMap<string, number | null> }): string {
  const out: string[] = [];
  out.push(`predicted by the local target (calibrated ${cal.machine.date}, load then ${cal.machine.loadAverage.join(' ')}) for ${bench.name}${bench.load ? ` (load then ${bench.load.join(' ')})` : ''}; now ${load()}`);
  out.push(`nothing was fitted to these runs: every cost is a microbenchmark of --calibrate (ring round trip: ${(cal.ring.spinningNs / 1000).toFixed(1)} µs to a spinning worker, ${(cal.ring.sleepingNs / 1000).toFixed(1)} µs to a sleeping one)`);
  out.push(...crossCoreLines(cal));
  const cross = crossCoreComparison(v, cal, bench);
  out.push(...cross.lines);
  out.push('cpu: packets per CPU-second of the main thread (1e9 / its CPU ns per packet; measured: median round) — the measure the model predicts;');
  out.push('  cpu|help: the same with the share of tasks the main thread ran itself taken from the run (the scheduler\'s doing) instead of predicted;');
  out.push('cores: CPU of all threads per wall second, predicted (main thread and worker each given a core) and measured; * starved: the run got under 75% of the predicted cores;');
  out.push('wall: packets per second of wall-clock time (measured: best round), predicted as if the run had its cores');
  out.push(`  ${'scenario'.padEnd(9)} ${'variant'.padEnd(13)} ${'share'.padStart(5)} ${'cycles'.padStart(6)} ${'burst'.padStart(5)} ${'cpu pred'.padStart(9)} ${'cpu|help'.padStart(9)} ${'measured'.padStart(9)} ${'error'.padStart(7)} ${'err|help'.padStart(8)}  ${'cores'.padStart(9)}  ${'helped'.padStart(9)}  ${'wall pred'.padStart(9)} ${'measured'.padStart(9)} ${'error'.padStart(7)}`);
  for (const r of v.rows) {
    const x = r.run;
    const cores = `${r.predictedCores.toFixed(2)}/${r.measuredCores === undefined ? '-' : r.measuredCores.toFixed(2)}`;
    const helped = r.helpedShare <= 0.005 && (r.measuredHelpedShare ?? 0) <= 0.005 ? '' : `${share(r.helpedShare)}/${share(r.measuredHelpedShare)}`;
    out.push(
      `  ${x.scenario.padEnd(9)} ${x.mode.padEnd(13)} ${`${Math.round(x.share * 100)}%`.padStart(5)} ${(x.cycles > 0 ? String(x.cycles) : '-').padStart(6)} ${String(x.burst).padStart(5)} ${rate(r.predictedCpuPps).padStart(9)} ${rate(r.predictedCpuPpsGivenHelp).padStart(9)} ${rate(r.measuredCpuPps).padStart(9)} ${pct(r.cpuError).padStart(7)} ${pct(r.cpuErrorGivenHelp).padStart(8)} ${r.starved ? '*' : ' '}${cores.padStart(9)}  ${helped.padStart(9)}  ${rate(r.predictedPps).padStart(9)} ${rate(x.pps).padStart(9)} ${pct(r.error).padStart(7)}`,
    );
  }
  for (const s of v.skipped) out.push(`  not predicted: ${s.run.scenario} ${s.run.label ?? s.run.mode}: ${s.reason}`);
  const s = summarizeValidation(v);
  out.push('');
  out.push(summaryLine(`${s.points} points predicted (${v.skipped.length} not)`, s));
  out.push(cross.summary(summaryLine));
  for (const [variant, x] of Object.entries(s.byVariant)) out.push(summaryLine(`  ${variant.padEnd(13)} ${String(x.points).padStart(3)} points`, x));
  const starved = v.rows.filter((r) => r.starved);
  if (starved.length > 0) {
    out.push(summaryLine(`${s.notStarved.points} points whose run got its cores (${starved.length} starved, listed below)`, s.notStarved));
    for (const r of starved) out.push(`  starved: ${r.run.scenario} ${r.run.mode} ${share(r.run.share)}${r.run.cycles > 0 ? ` ${r.run.cycles} cycles` : ''} burst ${r.run.burst}: ${r.measuredCores!.toFixed(2)} of ${r.predictedCores.toFixed(2)} cores`);
  }
  return `${out.join('\n')}\n`;
}

/** The report as JSON; `crossCore`: each scenario's cross-core state beside the calibration's (`compareCrossCore`), null when the bench did not record its state. */
export function validationJson(v: Validation, cal?: LocalCalibration, benchCrossCore?: ReadonlyMap<string, number | null>): unknown {
  const cross = cal === undefined || benchCrossCore === undefined ? null : compareCrossCore(cal, benchCrossCore, [...new Set(v.rows.map((r) => r.run.scenario))]);
  return {
    cross_core: cross === null ? null : cross.map((c) => ({ scenario: c.scenario, bench_ns: c.benchNs ?? null, calibration_ns: c.calibrationNs, agree: c.agree ?? null })),
    points: v.rows.map((r) => ({
      scenario: r.run.scenario,
      mode: r.run.mode,
      share: r.run.share,
      cycles: r.run.cycles,
      burst: r.run.burst,
      measured_pps: r.run.pps,
      predicted_pps: Math.round(r.predictedPps),
      error: r.error,
      predicted_cpu_pps: Math.round(r.predictedCpuPps),
      measured_cpu_pps: r.measuredCpuPps === undefined ? null : Math.round(r.measuredCpuPps),
      cpu_error: r.cpuError ?? null,
      predicted_cpu_pps_given_help: Math.round(r.predictedCpuPpsGivenHelp),
      cpu_error_given_help: r.cpuErrorGivenHelp ?? null,
      predicted_cores: r.predictedCores,
      measured_cores: r.measuredCores ?? null,
      starved: r.starved,
      bottleneck: r.bottleneck,
      helped_share: r.helpedShare,
      measured_helped_share: r.measuredHelpedShare ?? null,
    })),
    skipped: v.skipped.map((s) => ({ scenario: s.run.scenario, mode: s.run.mode, label: s.run.label ?? null, reason: s.reason })),
    summary: summarizeValidation(v),
  };
}

export { BenchInputError, parseBenchCrossCore, parseBenchRuns, validate };

/** Writes the calibration file. */
export function writeCalibration(file: string, c: LocalCalibration): void {
  writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`);
}
