/**
 * One STF test: compile the P4 program, load the generated module, run the STF file on it.
 * Never throws: every problem is the test's outcome.
 */
import { readFileSync } from 'node:fs';
import type { ExecutionMode, V1Program } from '../../runtime/v1model/program.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { runStfText } from '../../runtime/testing/stf-runner.ts';
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
    const compiled = await compileProgram(test.p4Path, {
      mode: settings.mode,
      asyncAll: settings.asyncAll,
      includeDirs: settings.includeDirs,
      defines: settings.defines,
    });
    if (!compiled.ok || compiled.code === undefined) {
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'internal');
      const lines = (errors.length > 0 ? errors : compiled.diagnostics).map((d) => `compile: ${firstLine(formatDiagnostic(d))}`);
      const internal = compiled.diagnostics.some((d) => d.severity === 'internal');
      return { ...outcome('error', lines.length > 0 ? lines : ['compile: failed without a diagnostic']), ...(internal ? { internal } : {}) };
    }
    let createProgram: () => V1Program<unknown>;
    try {
      createProgram = (await loadProgramModule(compiled.code, undefined, { name: baseName(test.p4Path) })).createProgram;
    } catch (e) {
      return outcome('error', [`load: the generated module does not load: ${firstLine(e instanceof Error ? e.message : String(e))}`]);
    }
    let result;
    if (settings.execution === undefined) {
      result = runStfText(createProgram, stfText, { file: test.stfPath, timeLimitMs: settings.timeLimitMs });
    } else {
      // The program is made here so the co-processor can be started with its security store;
      // SAs and keys set by the STF file reach a worker on its next task.
      let program: V1Program<unknown>;
      try {
        program = createProgram();
      } catch (e) {
        return outcome('error', [`cannot create the program: ${e instanceof Error ? e.message : String(e)}`]);
      }
      const execution = createExecution(program, settings.execution);
      try {
        await execution.start();
        result = runStfText(() => program, stfText, { file: test.stfPath, timeLimitMs: settings.timeLimitMs, switchOptions: execution.switchOptions });
      } finally {
        await execution.close();
      }
    }
    if (result.passed) return outcome('pass', []);
    const status = result.failures.some((f) => isErrorKind(f.kind)) ? 'error' : 'fail';
    return outcome(
      status,
      result.failures.map((f) => formatStfFailure(f, test.stfPath)),
    );
  } catch (e) {
    return { ...outcome('error', [`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`]), internal: true };
  }
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function baseName(path: string): string {
  return (path.split('/').pop() ?? 'program').replace(/\.p4$/, '');
}
