/**
 * `p4ts plot`: the paper's Figures 3-9 as SVG — throughput against the share of extern packets
 * and against extern cycles, one line per mode, predicted by the cost model (with the examples'
 * IR work, as `p4ts model --paper`), the paper's stated numbers marked, and measured runs of
 * `npm run bench -- --json FILE` drawn dashed beside the predictions when given.
 */
import { readFileSync } from 'node:fs';
import { checkOutputDirectory, makeOutputDirectory, OutputPathError, writeOutputFile } from '../output-paths.ts';
import { join } from 'node:path';
import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import type { MeasuredRun, ModelMode } from '../../runtime/model/index.ts';
import { MODEL_MODES, paperFigures } from '../../runtime/model/index.ts';
import { measuredFigures, type BenchRun } from '../../runtime/model/plot/index.ts';
import { reproducePaperFromExamples } from './model.ts';

export class PlotInputError extends Error {}

export interface MeasuredInput {
  readonly runs: MeasuredRun[];
  /** Runs whose mode is not one of the model's (e.g. `handwritten`), left out of the figures. */
  readonly skipped: number;
  readonly ceilings: Readonly<Record<string, number>>;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function modeOf(mode: string): ModelMode | undefined {
  return (MODEL_MODES as readonly string[]).includes(mode) ? (mode as ModelMode) : undefined;
}

/**
 * Reads the bench JSON (`{"runs":[{scenario,mode,share,cycles,burst,pps}],"ceilings":{...}}`, or
 * a bare array of runs). `cycles` 0 means "no extern cost" (null in the model's terms). A
 * `sync-offload`/`offload` run stands for the paper's non-async mode when the scenario has no
 * plain `sync` run.
 */
export function parseMeasured(text: string, name = 'measured runs'): MeasuredInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlotInputError(`${name}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const rows = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.runs) ? json.runs : undefined;
  if (rows === undefined) throw new PlotInputError(`${name}: expected {"runs":[...]} or an array of runs`);
  const ceilings: Record<string, number> = {};
  if (isRecord(json) && isRecord(json.ceilings)) {
    for (const [k, v] of Object.entries(json.ceilings)) if (typeof v === 'number') ceilings[k] = v;
  }
  const parsed = rows.map((r: unknown, i: number) => {
    if (!isRecord(r) || typeof r.scenario !== 'string' || typeof r.mode !== 'string' || typeof r.pps !== 'number') {
      throw new PlotInputError(`${name}: run ${i} needs "scenario", "mode" (strings) and "pps" (a number)`);
    }
    const share = typeof r.share === 'number' ? r.share : 0;
    const cycles = typeof r.cycles === 'number' && r.cycles > 0 ? r.cycles : null;
    const burst = typeof r.burst === 'number' ? r.burst : 0;
    return { scenario: r.scenario, mode: r.mode, share, cycles, burst, pps: r.pps };
  });
  const hasSync = new Set(parsed.filter((r) => r.mode === 'sync').map((r) => r.scenario));
  const runs: MeasuredRun[] = [];
  let skipped = 0;
  for (const r of parsed) {
    let mode = modeOf(r.mode);
    if (mode === undefined && (r.mode === 'sync-offload' || r.mode === 'offload') && !hasSync.has(r.scenario)) mode = 'sync';
    if (mode === undefined) {
      skipped++;
      continue;
    }
    runs.push({ ...r, mode });
  }
  return { runs, skipped, ceilings };
}

export interface PlotOptions {
  readonly out: string;
  readonly measured?: string;
}

/** Writes the figures; returns the files written. Throws `OutputPathError` (checked first) and `PlotInputError`. */
export async function writePaperFigures(options: PlotOptions): Promise<{ files: string[]; measured: MeasuredInput | undefined }> {
  checkOutputDirectory(options.out);
  let measured: MeasuredInput | undefined;
  let measuredText: string | undefined;
  if (options.measured !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.measured, 'utf8');
    } catch (error) {
      throw new PlotInputError(`cannot read ${options.measured}: ${error instanceof Error ? error.message : String(error)}`);
    }
    measured = parseMeasured(text, options.measured);
    measuredText = text;
  }
  const rep = await reproducePaperFromExamples();
  makeOutputDirectory(options.out);
  const files: string[] = [];
  const figures = paperFigures(rep.points, measured?.runs ?? []);
  if (measured !== undefined && measuredText !== undefined) {
    // This machine's rates on figures of their own too (on the paper's axes they dwarf the APU's).
    const doc = JSON.parse(measuredText) as { runs?: BenchRun[]; machine?: { cpuModel?: string; cpus?: number } };
    const machine = doc.machine ? `${doc.machine.cpus ?? '?'} × ${doc.machine.cpuModel ?? 'CPU'}` : 'this machine';
    figures.push(...measuredFigures(Array.isArray(doc.runs) ? doc.runs : [], measured.ceilings, machine));
  }
  for (const fig of figures) {
    const file = join(options.out, `${fig.name}.svg`);
    writeOutputFile(file, fig.svg);
    files.push(file);
  }
  return { files, measured };
}

interface PlotFlags {
  readonly out: string;
  readonly measured: string | undefined;
}

export async function runPlotCommand(flags: PlotFlags): Promise<number> {
  try {
    const { files, measured } = await writePaperFigures({
      out: flags.out,
      ...(flags.measured !== undefined ? { measured: flags.measured } : {}),
    });
    for (const f of files) process.stdout.write(`wrote ${f}\n`);
    if (measured !== undefined) {
      process.stdout.write(`${measured.runs.length} measured run(s) drawn${measured.skipped > 0 ? `, ${measured.skipped} with other modes left out` : ''}\n`);
      for (const [k, v] of Object.entries(measured.ceilings)) process.stdout.write(`ceiling ${k}: ${Math.round(v).toLocaleString('en-US')} pps\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof PlotInputError) {
      process.stderr.write(`p4ts plot: ${error.message}\n`);
      return 1;
    }
    if (error instanceof OutputPathError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `p4ts plot [--measured runs.json] [--out docs/figures]`. */
export function registerPlotCommand(program: Command): void {
  program
    .command('plot')
    .description(COMMAND_DESCRIPTIONS.plot)
    .option('--out <dir>', 'directory to write the SVG files to', 'docs/figures')
    .option('--measured <file>', 'bench JSON (npm run bench -- --json FILE) to draw beside the predictions')
    .action(async (flags: PlotFlags) => {
      process.exitCode = await runPlotCommand(flags);
    });
}
