/**
 * `p4ts model`: predicted packets per second of a P4 program on the paper's hardware (the cost
 * model of `runtime/model/`, fed with the `PacketWork` the compiler derives from the program's IR),
 * and `p4ts model --paper`: the paper's experiments with its programs, beside the numbers it states.
 */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { ModelMode, TargetName } from '../../runtime/model/index.ts';
import { MODEL_MODES, TARGETS, reproducePaper } from '../../runtime/model/index.ts';
import { MissingExampleError, paperWork } from '../model/paper-work.ts';
import { deriveProgramWork } from '../model/program-work.ts';
import { formatModelReport, formatPaperTable, paperJson, predictWork, reportJson, type PaperReproduction } from '../model/report.ts';
import { printDiagnostics } from '../print-diagnostics.ts';
import { exitCodeFor } from './exit-code.ts';
import { addFrontEndOptions, type FrontEndFlags } from './front-end-options.ts';

export class ModelUsageError extends Error {}

/** The paper's points predicted with the examples' work. */
export async function reproducePaperFromExamples(examplesDir?: string): Promise<PaperReproduction> {
  const work = await paperWork(examplesDir);
  return { points: reproducePaper(work.workOf), sources: work.sources };
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
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The command's body, callable in-process: returns the exit code. */
export async function runModelCommand(file: string | undefined, flags: ModelFlags): Promise<number> {
  try {
    if (flags.paper) {
      if (file !== undefined) throw new ModelUsageError('give either a program or --paper, not both');
      const rep = await reproducePaperFromExamples();
      if (flags.json === true) {
        process.stdout.write(jsonText(paperJson(rep.points)));
        return 0;
      }
      process.stdout.write(formatPaperTable(rep));
      if (typeof flags.json === 'string') {
        writeFileSync(flags.json, jsonText(paperJson(rep.points)));
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
      writeFileSync(flags.json, jsonText(json));
      process.stdout.write(`wrote ${flags.json}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ModelUsageError || error instanceof MissingExampleError) {
      process.stderr.write(`p4ts model: ${error.message}\n`);
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
      .description("predict a program's packets per second on the paper's hardware, or reproduce the paper (--paper)")
      .argument('[file]', 'P4 source file')
      .addOption(new Option('--target <target>', 'hardware profile').choices(TARGETS).default('apu4d4'))
      .addOption(new Option('--mode <mode>', 'extern execution mode (default: all three)').choices(MODEL_MODES))
      .option('--extern-share <share>', 'share of packets calling the extern: 0..1 or a percentage (default 1)')
      .option('--burst <n>', 'co-processor burst size (default: the profile\u2019s)')
      .option('--frame-bytes <n>', 'frame size without FCS (default 60: 64-byte frames)')
      .option('--burn-cycles <n>', 'cycles of a burn() site whose argument is not a constant')
      .option('--paper', "reproduce the paper's experiments with its programs", false)
      .option('--json [file]', 'print JSON (or write it to FILE and print the table)'),
  ).action(async (file: string | undefined, flags: ModelFlags) => {
    process.exitCode = await runModelCommand(file, flags);
  });
}

