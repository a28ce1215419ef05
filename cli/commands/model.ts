/**
 * `p4ts model`: predicted packets per second of a P4 program on the paper's hardware (the cost
 * model of `runtime/model/`, fed with the `PacketWork` the compiler derives from the program's IR);
 * `--paper`: the paper as fit and validate; `--sensitivity`: its predictions against each
 * assumption; `--calibrate` / `--validate`: the local target, from microbenchmarks, against
 * `npm run bench`.
 */
import { checkOutputFile, OutputPathError, writeOutputFile } from '../output-paths.ts';
import { Option, type Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import type { ModelMode, TargetName } from '../../runtime/model/index.ts';
import { MODEL_MODES, TARGETS, fitPaper, leaveOneOut, paperProfiles, paperSensitivity, paperTable, reproducePaper, reproduceSettings, type SensitivityCase } from '../../runtime/model/index.ts';
import { MissingExampleError, paperWork } from '../model/paper-work.ts';
import { BenchInputError, DEFAULT_CALIBRATION, LocalInputError, benchText, formatCalibration, formatValidation, parseBenchCrossCore, parseBenchRuns, readCalibration, runCalibration, validate, validationJson, writeCalibration } from '../model/local.ts';
import { deriveProgramWork } from '../model/program-work.ts';
import { formatModelReport, formatPaperPoints, formatPaperTable, formatSensitivityCase, formatSensitivityHeader, paperJson, predictWork, reportJson, type PaperReproduction } from '../model/report.ts';
import { printDiagnostics } from '../print-diagnostics.ts';
import { exitCodeFor } from './exit-code.ts';
import { addFrontEndOptions, type FrontEndFlags } from './front-end-options.ts';

export class ModelUsageError extends Error {}

/** The paper as fit and validate, with the examples' work: the fit, every point, the table, leave-one-out. */
export async function reproducePaperFromExamples(examplesDir?: string): Promise<PaperReproduction> {
  const work = await paperWork(examplesDir);
  const { fit, steps } = fitPaper(work.workOf);
  const fitted = paperProfiles(fit);
  const points = reproducePaper(work.workOf, (t) => fitted[t]);
  const settings = reproduceSettings(work.workOf, (t) => fitted[t]);
  const loo = leaveOneOut(work.workOf);
  return { points, settings, sources: work.sources, fit, steps, leaveOneOut: loo, table: paperTable(points, steps, loo, settings) };
}

/** `--sensitivity`: the paper's predictions with each assumption at half and one and a half of its value. */
async function runSensitivity(json: boolean | string | undefined): Promise<number> {
  const work = await paperWork();
  const cases: SensitivityCase[] = [];
  let header = false;
  paperSensitivity(work.workOf, [0.5, 1.5], (c) => {
    cases.push(c);
    if (json === true) return;
    if (!header) {
      process.stdout.write('Each assumption at x0.5 and x1.5, the six fitted values solved again, every prediction recomputed (! = its check fails):\n');
      process.stdout.write(formatSensitivityHeader(c));
      header = true;
    }
    process.stdout.write(formatSensitivityCase(c));
  });
  const doc = {
    cases: cases.map((c) => ({
      assumption: c.assumption?.path ?? null,
      origin: c.assumption?.origin ?? null,
      value: c.assumption === undefined ? null : c.assumption.value * c.factor,
      factor: c.factor,
      predictions:
        c.rows?.map((r) => ({
          id: r.id,
          model: r.model ?? null,
          error: r.error ?? null,
          ok: r.ok ?? null,
          untestable: r.untestable !== undefined,
          alternativeReadingOf: r.alternativeReadingOf ?? null,
        })) ?? null,
      failure: c.failure ?? null,
    })),
  };
  if (json === true) process.stdout.write(jsonText(doc));
  else if (typeof json === 'string') {
    writeOutputFile(json, jsonText(doc));
    process.stdout.write(`wrote ${json}\n`);
  }
  return 0;
}

/** `0.1` or `10%`; 0..1. */
export function parseShare(text: string): number {
  const t = text.trim();
  const percent = t.endsWith('%');
  const n = Number(percent ? t.slice(0, -1) : t);
  const share = percent ? n / 100 : n;
  if (t === '' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new ModelUsageError(`--extern-share must be a fraction 0..1 or a percentage (e.g. 0.1 or 10%), not '${text}'`);
  }
  return share;
}

function parsePositiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ModelUsageError(`${name} must be a positive integer, not '${text}'`);
  return n;
}

interface ModelFlags extends FrontEndFlags {
  readonly target: TargetName;
  readonly mode: ModelMode | undefined;
  readonly externShare: string | undefined;
  readonly burst: string | undefined;
  readonly frameBytes: string | undefined;
  readonly burnCycles: string | undefined;
  readonly json: boolean | string | undefined;
  readonly paper: boolean;
  readonly sensitivity: boolean;
  readonly calibrate: boolean | string | undefined;
  readonly validate: boolean;
  readonly calibration: string | undefined;
  readonly bench: string | undefined;
  readonly quick: boolean;
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The command's body, callable in-process: returns the exit code. */
export async function runModelCommand(file: string | undefined, flags: ModelFlags): Promise<number> {
  try {
    if (typeof flags.json === 'string') checkOutputFile(flags.json);
    if (flags.paper) {
      if (file !== undefined) throw new ModelUsageError('give either a program or --paper, not both');
      const rep = await reproducePaperFromExamples();
      if (flags.json === true) {
        process.stdout.write(jsonText(paperJson(rep)));
        return 0;
      }
      process.stdout.write(formatPaperTable(rep));
      process.stdout.write('\nEvery experiment point:\n');
      process.stdout.write(formatPaperPoints(rep));
      if (typeof flags.json === 'string') {
        writeOutputFile(flags.json, jsonText(paperJson(rep)));
        process.stdout.write(`wrote ${flags.json}\n`);
      }
      return 0;
    }
    if (flags.sensitivity) {
      if (file !== undefined) throw new ModelUsageError('give either a program or --sensitivity, not both');
      return await runSensitivity(flags.json);
    }
    if (flags.calibrate !== undefined && flags.calibrate !== false) {
      if (file !== undefined) throw new ModelUsageError('give either a program or --calibrate, not both');
      const out = typeof flags.calibrate === 'string' ? flags.calibrate : DEFAULT_CALIBRATION;
      const cal = await runCalibration(flags.quick);
      writeCalibration(out, cal);
      process.stdout.write(formatCalibration(cal));
      process.stdout.write(`wrote ${out}\n`);
      return 0;
    }
    if (flags.validate) {
      if (file !== undefined) throw new ModelUsageError('give either a program or --validate, not both');
      const cal = readCalibration(flags.calibration ?? DEFAULT_CALIBRATION);
      const bench = benchText(flags.bench);
      const v = validate(cal, parseBenchRuns(bench.text, bench.name));
      const benchLoad = (JSON.parse(bench.text) as { machine?: { loadAverage?: number[] } }).machine?.loadAverage;
      const crossCore = parseBenchCrossCore(bench.text, bench.name);
      if (flags.json === true) {
        process.stdout.write(jsonText(validationJson(v, cal, crossCore)));
        return 0;
      }
      process.stdout.write(formatValidation(v, cal, { name: bench.name, ...(benchLoad !== undefined ? { load: benchLoad } : {}), ...(crossCore !== undefined ? { crossCore } : {}) }));
      if (typeof flags.json === 'string') {
        writeOutputFile(flags.json, jsonText(validationJson(v, cal, crossCore)));
        process.stdout.write(`wrote ${flags.json}\n`);
      }
      return 0;
    }
    if (file === undefined) throw new ModelUsageError('missing the program (or --paper)');
    const externShare = flags.externShare === undefined ? undefined : parseShare(flags.externShare);
    const burst = flags.burst === undefined ? undefined : parsePositiveInt('--burst', flags.burst);
    const frameBytes = flags.frameBytes === undefined ? undefined : parsePositiveInt('--frame-bytes', flags.frameBytes);
    const burnCycles = flags.burnCycles === undefined ? undefined : parsePositiveInt('--burn-cycles', flags.burnCycles);
    const derived = deriveProgramWork(file, {
      include: flags.include,
      define: flags.define,
      ...(frameBytes !== undefined ? { frameBytes } : {}),
      ...(burnCycles !== undefined ? { burnCycles } : {}),
    });
    printDiagnostics(derived.diagnostics);
    if (derived.refusal !== undefined) process.stderr.write(`${derived.refusal}\n`);
    if (!derived.ok || derived.derivation === undefined) return Math.max(exitCodeFor(derived.diagnostics), 1);
    const report = predictWork(file, derived.derivation, {
      target: flags.target,
      ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
      ...(externShare !== undefined ? { externShare } : {}),
      ...(burst !== undefined ? { burst } : {}),
    });
    const json = reportJson(report, derived.derivation);
    if (flags.json === true) {
      process.stdout.write(jsonText(json));
      return 0;
    }
    process.stdout.write(formatModelReport(report, derived.derivation));
    if (typeof flags.json === 'string') {
      writeOutputFile(flags.json, jsonText(json));
      process.stdout.write(`wrote ${flags.json}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ModelUsageError || error instanceof MissingExampleError || error instanceof LocalInputError || error instanceof BenchInputError) {
      process.stderr.write(`p4ts model: ${error.message}\n`);
      return 1;
    }
    if (error instanceof OutputPathError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `p4ts model PROG.p4 --target T [--mode M] ...` and `p4ts model --paper [--json FILE]`. */
export function registerModelCommand(program: Command): void {
  addFrontEndOptions(
    program
      .command('model')
      .description(COMMAND_DESCRIPTIONS.model)
      .argument('[file]', 'P4 source file')
      .addOption(new Option('--target <target>', 'hardware profile').choices(TARGETS).default('apu4d4'))
      .addOption(new Option('--mode <mode>', 'extern execution mode (default: all three)').choices(MODEL_MODES))
      .option('--extern-share <share>', 'share of packets calling the extern: 0..1 or a percentage (default 1)')
      .option('--burst <n>', 'co-processor burst size (default: the profile\u2019s)')
      .option('--frame-bytes <n>', 'frame size without FCS (default 60: 64-byte frames)')
      .option('--burn-cycles <n>', 'cycles of a burn() site whose argument is not a constant')
      .option('--paper', "the paper as fit and validate: its experiments with its programs, fitted numbers apart from predicted ones", false)
      .option('--sensitivity', "how each paper prediction moves with each assumption at x0.5 and x1.5 (slow: refits each)", false)
      .option('--calibrate [file]', `the local target: run the microbenchmarks, write the calibration (default ${DEFAULT_CALIBRATION})`)
      .option('--validate', 'the local target: predict every point of a bench run beside what it measured', false)
      .option('--calibration <file>', `with --validate: the calibration (default ${DEFAULT_CALIBRATION})`)
      .option('--bench <file>', 'with --validate: bench JSON (npm run bench -- --json FILE); without it the bench is run')
      .option('--quick', 'with --calibrate: shorter rounds', false)
      .option('--json [file]', 'print JSON (or write it to FILE and print the table)'),
  ).action(async (file: string | undefined, flags: ModelFlags) => {
    process.exitCode = await runModelCommand(file, flags);
  });
}

