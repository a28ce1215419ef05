/**
 * `p4ts model`: predicted packets per second of a P4 program on the paper's hardware (the cost
 * model of `runtime/model/`, fed with the `PacketWork` the compiler derives from the program's IR),
 * and `p4ts model --paper`: the paper's experiments with its programs, beside the numbers it states.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { PacketWorkDerivation, PathTrace } from '../../compiler/ir/packet-work.ts';
import type { ModelMode, ModelPoint, PacketWork, PaperProgram, PathWork, Prediction, TargetName } from '../../runtime/model/index.ts';
import { MODEL_MODES, TARGETS, paperProgramWork, predict, profiles, reproducePaper } from '../../runtime/model/index.ts';
import { printDiagnostics } from '../print-diagnostics.ts';
import { exitCodeFor } from './exit-code.ts';
import { addFrontEndOptions, frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

/** The examples folder of this checkout (the paper's programs live there). */
export const EXAMPLES_DIR = new URL('../../examples/', import.meta.url).pathname;

export class ModelUsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Deriving work from a program
// ---------------------------------------------------------------------------------------------

export interface DeriveOptions extends FrontEndFlags {
  readonly frameBytes?: number;
  readonly burnCycles?: number;
}

export interface DerivedWork {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly derivation: PacketWorkDerivation | undefined;
}

/** Front end + lowering + `derivePacketWork` (no code generation: the model needs only the IR). */
export async function deriveProgramWork(file: string, options: DeriveOptions = { include: [], define: [] }): Promise<DerivedWork> {
  const [{ runFrontEnd }, { DiagnosticBag }, { lowerProgram }, { derivePacketWork }] = await Promise.all([
    import('../../compiler/frontend.ts'),
    import('../../compiler/diagnostics/index.ts'),
    import('../../compiler/ir/index.ts'),
    import('../../compiler/ir/packet-work.ts'),
  ]);
  const front = runFrontEnd(file, frontEndOptions(options));
  if (!front.ok || front.checked === undefined || front.unit === undefined) return { ok: false, diagnostics: front.diagnostics, derivation: undefined };
  const bag = new DiagnosticBag(front.unit.sourceMap);
  for (const d of front.diagnostics) bag.add(d);
  const { InternalDiagnostics } = await import('../../compiler/diagnostics/index.ts');
  let ir;
  try {
    ir = lowerProgram(front.checked, bag, { asyncAll: false }, file);
  } catch (error) {
    bag.report(InternalDiagnostics.CompilerBug, undefined, [error instanceof Error ? (error.stack ?? error.message) : String(error)]);
    return { ok: false, diagnostics: bag.all, derivation: undefined };
  }
  if (ir === undefined || bag.hasErrors) return { ok: false, diagnostics: bag.all, derivation: undefined };
  const derivation = derivePacketWork(ir, {
    program: basename(file).replace(/\.p4$/, ''),
    ...(options.frameBytes !== undefined ? { frameBytes: options.frameBytes } : {}),
    ...(options.burnCycles !== undefined ? { burnCycles: options.burnCycles } : {}),
  });
  return { ok: true, diagnostics: bag.all, derivation };
}

// ---------------------------------------------------------------------------------------------
// One program
// ---------------------------------------------------------------------------------------------

export interface ModelRunOptions {
  readonly target: TargetName;
  /** One mode, or all three when undefined. */
  readonly mode?: ModelMode;
  readonly externShare?: number;
  readonly burst?: number;
}

export interface ModelReport {
  readonly file: string;
  readonly program: string;
  readonly target: TargetName;
  /** The extern share used (0 for programs without extern sites). */
  readonly share: number;
  readonly burst: number;
  readonly work: PacketWork;
  readonly predictions: readonly ({ readonly mode: ModelMode } & Prediction)[];
  readonly notes: readonly string[];
}

export function predictWork(file: string, derivation: PacketWorkDerivation, options: ModelRunOptions): ModelReport {
  const work = derivation.work;
  const hasExtern = work.extern.externCalls.length > 0;
  const share = hasExtern ? (options.externShare ?? 1) : 0;
  const burst = options.burst ?? profiles[options.target].defaultBurst;
  const modes = options.mode ? [options.mode] : MODEL_MODES;
  const predictions = modes.map((mode) => ({ mode, ...predict(work, options.target, mode, { externShare: share, burst }) }));
  const notes = [...derivation.notes];
  if (!hasExtern && options.externShare !== undefined) notes.push('the program has no extern site on any path: --extern-share has no effect');
  return { file, program: work.program, target: options.target, share, burst, work, predictions, notes };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function describePath(path: PathWork, trace: PathTrace): string[] {
  const lookups = Object.entries(path.lookups)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const tables = trace.tables.map((t) => `${t.table} -> ${t.action}${t.hit ? '' : ' (miss)'}`).join('; ');
  const externs = Object.entries(trace.externs)
    .map(([k, n]) => `${k} x${n}`)
    .join(', ');
  const lines = [
    `parser states ${trace.parserStates.join(' -> ') || '(none)'}; ${path.headersParsed} header(s) parsed (${path.bytesParsed} B), ${path.headersEmitted} emitted (${path.bytesEmitted} B)${trace.dropped ? '; dropped' : ''}`,
    `tables: ${tables || '(none)'}; lookups: ${lookups || 'none'}; ${path.actionPrimitives} primitive(s); checksum/hash ${path.checksumBytes} B; copied ${path.bytesCopied} B`,
  ];
  if (externs) lines.push(`extern calls: ${externs}`);
  for (const call of path.externCalls) {
    const ops = call.ops
      .map((op) => (op.kind === 'burn' ? `burn ${op.cycles} cycles` : op.kind === 'hmac' ? `hmac-${op.hash} ${op.blocks} blocks` : `${op.kind}-${op.keyBits} ${op.blocks} blocks`))
      .join(' + ');
    lines.push(`site ${call.site} ${call.name}: ${ops || 'no op'}; task ${call.taskBytes} B, result ${call.resultBytes} B`);
  }
  if (path.externCalls.length > 0) {
    lines.push(`longjump: ${path.liveStateBytes} B parked, ${path.reparseHeaders} header(s) re-parsed; ${Math.round(path.workAfterExtern * 100)}% of the work after the extern`);
  }
  lines.push(`frame ${path.frameBytesIn} B in, ${path.frameBytesOut} B out`);
  return lines;
}

export function formatModelReport(report: ModelReport, derivation: PacketWorkDerivation): string {
  const out: string[] = [];
  const w = report.work;
  out.push(`${report.file}: work from the IR, ${w.plain.frameBytesIn}-byte frames`);
  const same = w.plain === w.extern;
  out.push(same ? '  every packet (no extern site on its path):' : '  plain packets:');
  for (const l of describePath(w.plain, derivation.traces.plain)) out.push(`    ${l}`);
  if (!same) {
    out.push('  extern packets:');
    for (const l of describePath(w.extern, derivation.traces.extern)) out.push(`    ${l}`);
  }
  for (const n of report.notes) out.push(`  note: ${n}`);
  const shareText = w.extern.externCalls.length > 0 ? `extern share ${pct(report.share)}, burst ${report.burst}` : 'no extern';
  out.push(`${report.target} (${profiles[report.target].description}), ${shareText}:`);
  for (const p of report.predictions) {
    out.push(`  ${p.mode.padEnd(9)} ${fmt(p.pps).padStart(12)} pps  bottleneck ${p.bottleneck} (main core ${pct(p.mainBusy)} busy, co-processor ${pct(p.coprocBusy)})`);
  }
  return `${out.join('\n')}\n`;
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

// ---------------------------------------------------------------------------------------------
// The paper's experiments with its programs
// ---------------------------------------------------------------------------------------------

export interface PaperWork {
  readonly workOf: (program: PaperProgram, cycles: number) => PacketWork;
  /** Where each program's work comes from ("IR examples/l2fwd/l2fwd.p4" or "hand-written ..."). */
  readonly sources: Readonly<Record<PaperProgram, string>>;
}

export const PAPER_PROGRAMS: readonly PaperProgram[] = ['l2fwd', 'ipsec-esp', 'encryption', 'burn'];

function exampleFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const e of entries) {
    const path = join(dir, e);
    if (e.endsWith('.p4')) files.push(path);
    else if (statSync(path).isDirectory()) {
      for (const f of readdirSync(path).sort()) if (f.endsWith('.p4')) files.push(join(path, f));
    }
  }
  return files;
}

/** Which paper program a derived example is: by its extern sites, or l2fwd by name. */
function classify(file: string, d: PacketWorkDerivation): PaperProgram | undefined {
  const kinds = new Set(d.traces.extern.sites.map((s) => s.kind));
  if (kinds.has('esp')) return 'ipsec-esp';
  if (kinds.has('burn')) return 'burn';
  if (kinds.has('aes')) return 'encryption';
  if (!d.hasSites && /l2fwd|l2-?forward/.test(basename(file))) return 'l2fwd';
  return undefined;
}

/** The same work with every `burn` op taking `cycles`. */
export function withBurnCycles(work: PacketWork, cycles: number): PacketWork {
  const path = (p: PathWork): PathWork => ({
    ...p,
    externCalls: p.externCalls.map((c) => ({ ...c, ops: c.ops.map((op) => (op.kind === 'burn' ? { ...op, cycles } : op)) })),
  });
  const extern = path(work.extern);
  return { ...work, plain: work.plain === work.extern ? extern : path(work.plain), extern };
}

/**
 * The work of the paper's programs: derived from the IR of the example programs when the examples
 * folder has them (and they compile), otherwise the hand-written stand-ins of `programs.ts`.
 */
export async function paperWork(options: { examplesDir?: string; handWritten?: boolean } = {}): Promise<PaperWork> {
  const derived = new Map<PaperProgram, { file: string; work: PacketWork }>();
  if (!options.handWritten) {
    for (const file of exampleFiles(options.examplesDir ?? EXAMPLES_DIR)) {
      const r = await deriveProgramWork(file);
      if (!r.ok || r.derivation === undefined) continue;
      const program = classify(file, r.derivation);
      if (program !== undefined && !derived.has(program)) derived.set(program, { file, work: r.derivation.work });
    }
  }
  const sources = {} as Record<PaperProgram, string>;
  for (const p of PAPER_PROGRAMS) {
    const d = derived.get(p);
    sources[p] = d ? `IR of ${relativeToCwd(d.file)}` : 'hand-written stand-in (runtime/model/programs.ts)';
  }
  return {
    sources,
    workOf(program, cycles) {
      const d = derived.get(program);
      if (d === undefined) return paperProgramWork(program, cycles);
      return program === 'burn' ? withBurnCycles(d.work, cycles) : d.work;
    },
  };
}

function relativeToCwd(file: string): string {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

export interface PaperReproduction {
  readonly points: readonly ModelPoint[];
  readonly sources: Readonly<Record<PaperProgram, string>>;
}

export async function reproducePaperFromExamples(options: { examplesDir?: string; handWritten?: boolean } = {}): Promise<PaperReproduction> {
  const work = await paperWork(options);
  return { points: reproducePaper({ work: work.workOf }), sources: work.sources };
}

/** The `--json` document: exactly the points. */
export function paperJson(points: readonly ModelPoint[]): { points: ModelPoint[] } {
  return {
    points: points.map((p) => ({
      target: p.target,
      program: p.program,
      mode: p.mode,
      share: p.share,
      cycles: p.cycles,
      predicted_pps: p.predicted_pps,
      paper_pps: p.paper_pps,
    })),
  };
}

/** Relative error of a prediction against the paper's number, or undefined where none is stated. */
export function paperError(p: ModelPoint): number | undefined {
  return p.paper_pps === null ? undefined : p.predicted_pps / p.paper_pps - 1;
}

export function formatPaperTable(rep: PaperReproduction): string {
  const out: string[] = [];
  out.push('work of the paper programs:');
  for (const p of PAPER_PROGRAMS) out.push(`  ${p.padEnd(10)} ${rep.sources[p]}`);
  out.push('');
  out.push(`${'target'.padEnd(19)} ${'program'.padEnd(10)} ${'cycles'.padStart(6)} ${'share'.padStart(5)} ${'mode'.padEnd(9)} ${'predicted'.padStart(10)} ${'paper'.padStart(10)} ${'error'.padStart(7)}`);
  let stated = 0;
  let worst = 0;
  for (const p of rep.points) {
    const err = paperError(p);
    if (err !== undefined) {
      stated++;
      worst = Math.max(worst, Math.abs(err));
    }
    out.push(
      `${p.target.padEnd(19)} ${p.program.padEnd(10)} ${(p.cycles === null ? '-' : String(p.cycles)).padStart(6)} ${(p.program === 'l2fwd' ? '-' : `${Math.round(p.share * 100)}%`).padStart(5)} ${p.mode.padEnd(9)} ${fmt(p.predicted_pps).padStart(10)} ${(p.paper_pps === null ? '-' : fmt(p.paper_pps)).padStart(10)} ${(err === undefined ? '' : `${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)}%`).padStart(7)}`,
    );
  }
  out.push('');
  out.push(`${rep.points.length} points, ${stated} with a number stated by the paper; largest error ${(worst * 100).toFixed(1)}%`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

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
  readonly handWritten: boolean;
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The command's body, callable in-process: returns the exit code. */
export async function runModelCommand(file: string | undefined, flags: ModelFlags): Promise<number> {
  try {
    if (flags.paper) {
      if (file !== undefined) throw new ModelUsageError('give either a program or --paper, not both');
      const rep = await reproducePaperFromExamples({ handWritten: flags.handWritten });
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
    const derived = await deriveProgramWork(file, {
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
    const json = {
      file: report.file,
      program: report.program,
      target: report.target,
      share: report.share,
      burst: report.burst,
      predictions: report.predictions.map((p) => ({ mode: p.mode, pps: Math.round(p.pps), bottleneck: p.bottleneck, mainBusy: p.mainBusy, coprocBusy: p.coprocBusy, boundPps: Math.round(p.boundPps) })),
      work: report.work,
      traces: derived.derivation.traces,
      notes: report.notes,
    };
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
    if (error instanceof ModelUsageError) {
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
      .option('--hand-written', 'with --paper: use the hand-written work of runtime/model/programs.ts, not the examples\u2019 IR', false)
      .option('--json [file]', 'print JSON (or write it to FILE and print the table)'),
  ).action(async (file: string | undefined, flags: ModelFlags) => {
    process.exitCode = await runModelCommand(file, flags);
  });
}

