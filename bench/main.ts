/**
 * `npm run bench` — runs benchmark scenarios side by side in this one process and prints their
 * rates and ratios. Benchmarks are not tests: nothing here asserts a speed.
 *
 *   npm run bench                          all scenarios
 *   npm run bench -- --quick               smoke run (short rounds, fewer variants)
 *   npm run bench -- --only l2fwd          some scenarios (comma-separated)
 *   npm run bench -- --json out.json       also write {"runs":[...],"ceilings":{...}}
 *   npm run bench -- --seconds 0.1 --rounds 15 --burst 32   (the defaults; --quick: 5 rounds)
 *   npm run bench -- --in-process          all variants in the main thread (default: a worker each)
 *   npm run bench -- --list
 *
 * Separate tools (not run from here): bench/frontend.ts, bench/check-corpus.ts, bench/crypto.ts,
 * bench/coprocessor.ts (`npx tsx bench/NAME.ts`); the paper's figures: `p4ts plot`.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { formatScenarioCrossCore, LineProbe, lineSample, probeLine, scenarioCrossCore } from './harness/line-round-trip.ts';
import type { LineSample } from '../runtime/model/cross-core.ts';
import { formatRate } from './harness/measure.ts';
import { Progress } from './harness/progress.ts';
import type { BenchReport, BenchSettings, MachineInfo, RatioRecord, RunRecord, Scenario, ScenarioContext, ScenarioCrossCore } from './harness/scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

interface Cli {
  readonly settings: BenchSettings;
  readonly only: readonly string[] | null;
  readonly json: string | null;
  readonly list: boolean;
  readonly progress: boolean;
}

const USAGE = `usage: npm run bench -- [--quick] [--only NAME,...] [--json FILE] [--seconds S] [--rounds N] [--burst N] [--in-process] [--no-progress] [--list]`;

function parseArgs(argv: readonly string[]): Cli {
  let quick = false;
  let only: string[] | null = null;
  let json: string | null = null;
  let list = false;
  let progress = true;
  let seconds: number | null = null;
  let rounds: number | null = null;
  let burst = 32;
  let isolate = true;
  const value = (i: number, name: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return v;
  };
  const positive = (s: string, name: string): number => {
    const n = Number(s);
    if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`${name}: '${s}' is not a positive number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--quick':
        quick = true;
        break;
      case '--only':
        only = value(i, a).split(',').map((s) => s.trim()).filter((s) => s !== '');
        i++;
        break;
      case '--json':
        json = value(i, a);
        i++;
        break;
      case '--seconds':
        seconds = positive(value(i, a), a);
        i++;
        break;
      case '--rounds':
        rounds = Math.round(positive(value(i, a), a));
        i++;
        break;
      case '--burst':
        burst = Math.round(positive(value(i, a), a));
        i++;
        break;
      case '--in-process':
        isolate = false;
        break;
      case '--no-progress':
        progress = false;
        break;
      case '--list':
        list = true;
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown argument '${a}'`);
    }
  }
  const settings: BenchSettings = {
    quick,
    roundSeconds: seconds ?? 0.1,
    rounds: rounds ?? (quick ? 5 : 15),
    burst,
    isolate,
  };
  return { settings, only, json, list, progress };
}

class UsageError extends Error {}

function machine(): MachineInfo {
  const c = cpus();
  return {
    node: process.version,
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}

function printRuns(runs: readonly RunRecord[]): void {
  console.log(
    '  ' +
      'variant'.padEnd(28) +
      'burst'.padStart(6) +
      'best pps'.padStart(11) +
      'median'.padStart(11) +
      'pps/cpu-s'.padStart(11) +
      'main ns/pkt (IQR)'.padStart(19) +
      'cores'.padStart(7) +
      'helped'.padStart(9) +
      'GC'.padStart(8),
  );
  for (const r of runs) {
    const gc = r.gcMinor === undefined ? '' : `${r.gcMinor}/${r.gcMajor ?? 0}`;
    console.log(
      '  ' +
        (r.label ?? r.mode).padEnd(28) +
        String(r.burst).padStart(6) +
        formatRate(r.pps).padStart(11) +
        (r.ppsMedian === undefined ? '' : formatRate(r.ppsMedian)).padStart(11) +
        (r.ppsCpu === undefined ? '' : formatRate(r.ppsCpu)).padStart(11) +
        mainNs(r).padStart(19) +
        (r.cores === undefined ? '' : r.cores.toFixed(2)).padStart(7) +
        (r.helped === undefined ? '' : String(r.helped)).padStart(9) +
        gc.padStart(8),
    );
  }
}

/** A variant's rounds spread this much (slowest / fastest main-thread ns per packet) is called out. */
const UNSTEADY = 1.5;

/**
 * Calls out variants whose rounds' main-thread CPU ns per packet spread by more than `UNSTEADY`:
 * the machine's load changed a lot during the run, or the variant's code did (seen once: a
 * hand-written l2fwd read 77–113 ns for 11 rounds, then 23 ns, with no collection in between).
 * Its figures and every ratio with it are then unreliable (the ratios' spreads show by how much).
 */
function printUnsteady(runs: readonly RunRecord[]): void {
  for (const r of runs) {
    const ns = r.mainNsRounds;
    if (ns === undefined || ns.length < 2) continue;
    const lo = Math.min(...ns);
    const hi = Math.max(...ns);
    if (lo > 0 && hi / lo > UNSTEADY) console.log(`  unsteady: ${r.label ?? r.mode}'s rounds read ${lo.toFixed(0)}–${hi.toFixed(0)} main-thread ns per packet (${(hi / lo).toFixed(1)}×): the load or its code changed during the run`);
  }
}

/** `32 (31–35)`: the median round's main-thread CPU ns per packet and the rounds' quartiles. */
function mainNs(r: RunRecord): string {
  if (r.mainNsPerPacket === undefined) return '';
  const iqr = r.mainNsQ1 === undefined || r.mainNsQ3 === undefined ? '' : ` (${r.mainNsQ1.toFixed(0)}–${r.mainNsQ3.toFixed(0)})`;
  return `${r.mainNsPerPacket.toFixed(0)}${iqr}`;
}

function printRatios(ratios: readonly RatioRecord[]): void {
  for (const r of ratios) {
    const target = r.target === undefined ? '' : `  (target ≥ ${r.target.toFixed(2)}: ${r.value >= r.target ? 'met' : 'not met'})`;
    console.log(`  ratio ${r.name}${r.measure === undefined ? '' : ` (${MEASURES[r.measure]})`}: ${r.value.toFixed(2)}${spread(r)}${target}`);
  }
}

const MEASURES: Record<NonNullable<RatioRecord['measure']>, string> = { 'main-cpu': 'main-thread CPU', wall: 'wall clock' };

/** `  [IQR 0.68–0.73, 0.61–0.80 over 15 round pairs]` for a paired ratio. */
function spread(r: RatioRecord): string {
  if (r.pairs === undefined || r.q1 === undefined || r.q3 === undefined || r.min === undefined || r.max === undefined) return '';
  return `  [IQR ${r.q1.toFixed(2)}–${r.q3.toFixed(2)}, ${r.min.toFixed(2)}–${r.max.toFixed(2)} over ${r.pairs} round pairs]`;
}

async function main(): Promise<number> {
  let cli: Cli;
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`bench: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (cli.list) {
    for (const s of SCENARIOS) console.log(`${s.name.padEnd(16)} ${s.title}`);
    return 0;
  }
  let chosen: Scenario[] = SCENARIOS;
  if (cli.only !== null) {
    const unknown = cli.only.filter((n) => !SCENARIOS.some((s) => s.name === n));
    if (unknown.length > 0) {
      console.error(`bench: unknown scenario(s) ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
      return 2;
    }
    chosen = SCENARIOS.filter((s) => cli.only!.includes(s.name));
  }
  const m = machine();
  const { settings } = cli;
  console.log(
    `p4ts bench${settings.quick ? ' (quick)' : ''}: ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, load average ${m.loadAverage.join(' ')}; ` +
      `each variant warmed up until steady, then ${settings.rounds} rounds of ${settings.roundSeconds}s, interleaved (A B C, C B A, ...); ratios per round pair`,
  );
  const progress = new Progress(cli.progress);
  const report: { runs: RunRecord[]; ceilings: Record<string, number>; ratios: RatioRecord[]; crossCore: Record<string, ScenarioCrossCore> } = { runs: [], ceilings: {}, ratios: [], crossCore: {} };
  let failures = 0;
  // one probe of the cross-core state for the whole run: its worker sleeps between readings
  const probe = new LineProbe();
  const probed = { readings: 0, failed: 0, ms: 0 };
  try {
    for (let i = 0; i < chosen.length; i++) {
      const s = chosen[i]!;
      const runs: RunRecord[] = [];
      const ratios: RatioRecord[] = [];
      const notes: string[] = [];
      const lineSamples: LineSample[] = [];
      const sample = async (at: string): Promise<void> => {
        const t0 = performance.now();
        const reading = lineSample(at, await probeLine(probe));
        probed.ms += performance.now() - t0;
        probed.readings++;
        if (reading.ns === null) probed.failed++;
        lineSamples.push(reading);
      };
      const ctx: ScenarioContext = {
        settings,
        progress,
        record: (r) => runs.push(r),
        ceiling: (name, pps) => {
          report.ceilings[name] = pps;
        },
        ratio: (name, value, target) => ratios.push({ name, ...(typeof value === 'number' ? { value } : value), ...(target === undefined ? {} : { target }) }),
        note: (t) => notes.push(t),
        lineSample: sample,
      };
      progress.begin(s.name, i + 1, chosen.length);
      await sample('before');
      try {
        await s.run(ctx);
        await sample('after');
        const cc = scenarioCrossCore(lineSamples);
        report.crossCore[s.name] = cc;
        progress.clear();
        console.log(`\n${s.name}: ${s.title}`);
        printRuns(runs);
        printUnsteady(runs);
        printRatios(ratios);
        for (const n of notes) console.log(`  ${n}`);
        console.log(formatScenarioCrossCore(cc));
      } catch (e) {
        progress.clear();
        failures++;
        console.log(`\n${s.name}: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      report.runs.push(...runs);
      report.ratios.push(...ratios);
    }
  } finally {
    await probe.close();
  }
  const end = machine();
  console.log(`\ncross-core probe: ${probed.readings} readings (${probed.failed} not measured: a busy machine), ${(probed.ms / 1000).toFixed(1)} s of wall clock in all`);
  console.log(`load average at the end: ${end.loadAverage.join(' ')}`);
  if (cli.json !== null) {
    const out: BenchReport = { runs: report.runs, ceilings: report.ceilings, ratios: report.ratios, machine: { ...m, loadAverage: end.loadAverage }, crossCore: report.crossCore };
    writeFileSync(cli.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${cli.json}`);
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
