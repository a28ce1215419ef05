/**
 * One STF test: compile the P4 program, load the generated module, run the STF file on it.
 * Never throws: every problem is the test's outcome.
 */
import { readFileSync } from 'node:fs';
import type { ExecutionMode } from '../../runtime/v1model/program.ts';
import type { AnyProgram } from '../../runtime/switch/index.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { runStfText, type StfResult, type StfRunOptions } from '../../runtime/testing/stf-runner.ts';
import { runStfTextViaP4Runtime } from '../../runtime/testing/stf-p4runtime.ts';
import type { P4Info } from '../../runtime/p4runtime/p4info.ts';
import type { TraceEvent } from '../../runtime/trace/index.ts';
import { formatStfFailure, isErrorKind } from '../../runtime/testing/stf-failure.ts';
import { compileProgram } from '../compile-program.ts';
import { createExecution, type CoprocessorFlags } from '../commands/execution-options.ts';

export interface StfTestCase {
  /** Name printed in reports (the path relative to the corpus, without `.p4`). */
  readonly name: string;
  readonly p4Path: string;
  readonly stfPath: string;
}

export interface StfTestSettings {
  readonly mode: ExecutionMode;
  readonly asyncAll: boolean;
  readonly includeDirs: readonly string[];
  readonly defines: Readonly<Record<string, string>>;
  /** Limit of the STF run itself (ms). */
  readonly timeLimitMs: number;
  /** Where extern tasks run, burst and flush timeout (`--coprocessor`, `--burst`, `--flush-us`; default inline). */
  readonly execution?: CoprocessorFlags;
  /**
   * Packet traces: `all` traces every packet (`--trace`); `failures` runs the test again with
   * tracing when it fails and keeps the traces of the packets the failures are about. Off by
   * default (corpus runs).
   */
  readonly trace?: 'all' | 'failures';
  /**
   * Run the control-plane commands as P4Runtime requests to a switch served over gRPC on
   * 127.0.0.1 (`--via-p4runtime`), instead of changing the program's objects directly.
   */
  readonly viaP4Runtime?: boolean;
}

/** The trace of one STF `packet` (and of its copies and clones). */
export interface PacketTrace {
  /** The STF line of the `packet`. */
  readonly line: number;
  readonly events: readonly TraceEvent[];
}

export type StfTestStatus = 'pass' | 'fail' | 'error';

export interface StfTestOutcome {
  readonly name: string;
  readonly status: StfTestStatus;
  /** Empty on a pass; else the first problem (with `(+N more)`). */
  readonly message: string;
  /** Every problem, one line each. */
  readonly details: readonly string[];
  /** The problem is a p4ts bug (an exception escaped, an internal compiler diagnostic). */
  readonly internal?: boolean;
  /** With `trace`: every packet's trace (`all`), or those of the packets the failures are about (`failures`). */
  readonly traces?: readonly PacketTrace[];
  /** `log_msg` lines of the run, in order. */
  readonly logMessages?: readonly string[];
}

export async function runStfTestCase(test: StfTestCase, settings: StfTestSettings): Promise<StfTestOutcome> {
  const outcome = (status: StfTestStatus, details: readonly string[]): StfTestOutcome => ({
    name: test.name,
    status,
    message: details.length === 0 ? '' : `${details[0]!}${details.length > 1 ? ` (+${details.length - 1} more)` : ''}`,
    details,
  });
  try {
    let stfText: string;
    try {
      stfText = readFileSync(test.stfPath, 'utf8');
    } catch (e) {
      return outcome('error', [`${test.stfPath}: error: cannot read the STF file (${e instanceof Error ? e.message : String(e)})`]);
    }
    const first = await compileAndRun(test, settings, stfText, settings.trace === 'all');
    if ('status' in first) return first.internal === true ? { ...outcome(first.status, first.details), internal: true } : outcome(first.status, first.details);
    const result = first.result;
    const logMessages = first.logMessages;
    let traces: PacketTrace[] | undefined;
    if (settings.trace === 'all') traces = tracesOf(result, undefined);
    else if (!result.passed && settings.trace === 'failures') {
      const again = await compileAndRun(test, settings, stfText, true);
      if (!('status' in again)) {
        const lines = new Set(result.failures.flatMap((f) => f.packetLines ?? []));
        traces = tracesOf(again.result, lines);
      }
    }
    const extra = { ...(traces !== undefined ? { traces } : {}), ...(logMessages.length > 0 ? { logMessages } : {}) };
    if (result.passed) return { ...outcome('pass', []), ...extra };
    const status = result.failures.some((f) => isErrorKind(f.kind)) ? 'error' : 'fail';
    return { ...outcome(status, result.failures.map((f) => formatStfFailure(f, test.stfPath))), ...extra };
  } catch (e) {
    return { ...outcome('error', [`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`]), internal: true };
  }
}

type RunProblem = { readonly status: StfTestStatus; readonly details: readonly string[]; readonly internal?: boolean };

/** Compiles, loads and runs the test once (with tracing when `trace`); a compile or load problem is the outcome. */
async function compileAndRun(test: StfTestCase, settings: StfTestSettings, stfText: string, trace: boolean): Promise<RunProblem | { readonly result: StfResult; readonly logMessages: string[] }> {
  const compiled = await compileProgram(test.p4Path, {
    mode: settings.mode,
    asyncAll: settings.asyncAll,
    includeDirs: settings.includeDirs,
    defines: settings.defines,
    trace,
  });
  if (!compiled.ok || compiled.code === undefined) {
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'internal');
    const lines = (errors.length > 0 ? errors : compiled.diagnostics).map((d) => `compile: ${firstLine(formatDiagnostic(d))}`);
    const internal = compiled.diagnostics.some((d) => d.severity === 'internal');
    return { status: 'error', details: lines.length > 0 ? lines : ['compile: failed without a diagnostic'], ...(internal ? { internal } : {}) };
  }
  let createProgram: () => AnyProgram<unknown>;
  try {
    createProgram = (await loadProgramModule(compiled.code, undefined, { name: baseName(test.p4Path) })).createProgram;
  } catch (e) {
    return { status: 'error', details: [`load: the generated module does not load: ${firstLine(e instanceof Error ? e.message : String(e))}`] };
  }
  let p4info: P4Info | undefined;
  if (settings.viaP4Runtime === true) {
    if (compiled.ir === undefined) return { status: 'error', details: ['p4info: the compiler gave no IR to build the P4Info from'] };
    const { buildP4Info } = await import('../../compiler/p4info/index.ts');
    const built = buildP4Info(compiled.ir);
    if (built.problems.length > 0) return { status: 'error', details: built.problems.map((p) => `p4info: ${p.message}`) };
    p4info = built.p4info;
  }
  const run = (create: () => AnyProgram<unknown>, options: StfRunOptions<unknown>): Promise<StfResult> | StfResult =>
    p4info !== undefined ? runStfTextViaP4Runtime(create, stfText, { ...options, p4info }) : runStfText(create, stfText, options);
  const logMessages: string[] = [];
  const onLog = (message: string): void => {
    logMessages.push(message);
  };
  const runOptions = { file: test.stfPath, timeLimitMs: settings.timeLimitMs, trace };
  if (settings.execution === undefined) return { result: await run(createProgram, { ...runOptions, switchOptions: { onLog } }), logMessages };
  // The program is made here so the co-processor can be started with its security store;
  // SAs and keys set by the STF file reach a worker on its next task.
  let program: AnyProgram<unknown>;
  try {
    program = createProgram();
  } catch (e) {
    return { status: 'error', details: [`cannot create the program: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const execution = createExecution(program, settings.execution);
  try {
    await execution.start();
    return { result: await run(() => program, { ...runOptions, switchOptions: { ...execution.switchOptions, onLog } }), logMessages };
  } finally {
    await execution.close();
  }
}

/** The traces of the packets of `lines` (all when undefined), in STF order. */
function tracesOf(result: StfResult, lines: ReadonlySet<number> | undefined): PacketTrace[] {
  const traces: PacketTrace[] = [];
  for (const [line, events] of [...(result.traces ?? [])].sort((a, b) => a[0] - b[0])) {
    if (lines === undefined || lines.has(line)) traces.push({ line, events });
  }
  return traces;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function baseName(path: string): string {
  return (path.split('/').pop() ?? 'program').replace(/\.p4$/, '');
}
