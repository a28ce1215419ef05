import { existsSync, statSync } from 'node:fs';
import { checkOutputFile, outputPathsOk, writeOutputFile } from '../output-paths.ts';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { listCorpus } from '../testing/corpus.ts';
import { corpusJson, corpusTotals, outcomeLine, summaryLine } from '../testing/corpus-report.ts';
import { runCorpus } from '../testing/run-corpus.ts';
import type { StfTestSettings } from '../testing/stf-test-case.ts';
import { formatTraceEvent, traceEventJson } from '../../runtime/trace/index.ts';
import { addTraceOptions, type TraceFlags } from '../trace-output.ts';
import { addCoprocessorOptions, addExecutionOptions, type CoprocessorFlags, type ExecutionFlags } from './execution-options.ts';
import { addFrontEndOptions, frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

interface TestFlags extends FrontEndFlags, ExecutionFlags, CoprocessorFlags, TraceFlags {
  readonly corpus?: string;
  readonly json?: string;
  readonly filter?: string;
  readonly timeout: string;
  readonly viaP4runtime?: boolean;
}

/**
 * `p4ts test PROG.p4 [FILE.stf]`: one STF test (default PROG.stf).
 * `p4ts test --corpus DIR`: every v1model `X.p4` with an `X.stf` under DIR, a line per test and
 * a summary line. Tests run in a worker thread with a time limit each (a generated program stuck
 * in a loop is stopped). Exit 0 all pass, 1 any fails (2: a p4ts bug, single test).
 * `--coprocessor worker` runs the extern tasks of each test on a co-processor worker of its own.
 * `--via-p4runtime` serves each test's switch over P4Runtime on 127.0.0.1 (a free port) and sends
 * every control-plane command of the STF file as a P4Runtime request (`runtime/testing/stf-p4runtime.ts`).
 */
export function registerTestCommand(program: Command): void {
  const command: Command = program
    .command('test')
    .description(COMMAND_DESCRIPTIONS.test)
    .argument('[program]', 'P4 program (with --corpus: none)')
    .argument('[stf]', 'STF file (default: the program with .stf)')
    .option('--corpus <dir>', 'run every X.p4 with an X.stf beside it under DIR (subfolders too)')
    .option('--json <file>', 'with --corpus: also write a JSON report')
    .option('--filter <substring>', 'with --corpus: only tests whose name contains it')
    .option('--timeout <seconds>', 'time limit of each test', '10')
    .option('--via-p4runtime', 'send the control-plane commands as P4Runtime requests to the switch served over gRPC on 127.0.0.1');
  addTraceOptions(addCoprocessorOptions(addExecutionOptions(addFrontEndOptions(command)))).action(async (programPath: string | undefined, stfPath: string | undefined, flags: TestFlags) => {
    const seconds = Number(flags.timeout);
    if (!(seconds > 0)) command.error(`error: --timeout must be a positive number of seconds, not '${flags.timeout}'`);
    const front = frontEndOptions(flags);
    const settings: StfTestSettings = {
      mode: flags.mode,
      asyncAll: flags.asyncAll,
      includeDirs: front.includeDirs ?? [],
      defines: front.defines ?? {},
      timeLimitMs: seconds * 1000,
      execution: { coprocessor: flags.coprocessor, burst: flags.burst, flushUs: flags.flushUs },
      viaP4Runtime: flags.viaP4runtime === true,
    };
    if (flags.corpus !== undefined) {
      if (programPath !== undefined) command.error('error: give either a program or --corpus DIR, not both');
      if (flags.trace || flags.traceJson !== undefined) command.error('error: --trace and --trace-json go with a single test, not --corpus');
      await testCorpus(command, flags.corpus, flags, settings);
      return;
    }
    if (flags.json !== undefined || flags.filter !== undefined) command.error('error: --json and --filter go with --corpus');
    if (programPath === undefined) command.error('error: missing the program to test (or --corpus DIR)');
    await testOne(command, programPath, stfPath, { ...settings, trace: flags.trace || flags.traceJson !== undefined ? 'all' : 'failures' }, flags);
  });
}

async function testOne(command: Command, p4Path: string, stfArg: string | undefined, settings: StfTestSettings, flags: TestFlags): Promise<void> {
  if (!existsSync(p4Path)) command.error(`error: no such file: ${p4Path}`);
  const stfPath = stfArg ?? `${p4Path.replace(/\.p4$/, '')}.stf`;
  if (!existsSync(stfPath)) command.error(`error: no such file: ${stfPath}${stfArg === undefined ? ' (the default STF file; give one after the program)' : ''}`);
  const traceJson = flags.traceJson;
  if (traceJson !== undefined && !outputPathsOk(() => checkOutputFile(traceJson))) return;
  const test = { name: basename(p4Path).replace(/\.p4$/, ''), p4Path, stfPath };
  const [outcome] = await runCorpus([test], settings, { timeLimitMs: settings.timeLimitMs });
  if (outcome === undefined) throw new Error('the test worker returned no outcome');
  process.stdout.write(`${outcomeLine(outcome)}\n`);
  for (const line of outcome.details.slice(1)) process.stdout.write(`  ${line}\n`);
  const traces = outcome.traces ?? [];
  if (flags.trace || outcome.status !== 'pass') {
    for (const t of traces) {
      process.stdout.write(`  trace of the packet of ${basename(stfPath)} line ${t.line}:\n`);
      for (const e of t.events) process.stdout.write(`    ${formatTraceEvent(e)}\n`);
    }
  }
  if (!flags.trace) for (const m of outcome.logMessages ?? []) process.stdout.write(`  log_msg: ${m}\n`);
  if (traceJson !== undefined && !outputPathsOk(() => writeOutputFile(traceJson, traces.flatMap((t) => t.events.map((e) => `${traceEventJson(e)}\n`)).join('')))) return;
  process.exitCode = outcome.status === 'pass' ? 0 : outcome.internal === true ? 2 : 1;
}

async function testCorpus(command: Command, dir: string, flags: TestFlags, settings: StfTestSettings): Promise<void> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) command.error(`error: --corpus: no such directory: ${dir}`);
  const report = flags.json;
  if (report !== undefined && !outputPathsOk(() => checkOutputFile(report))) return;
  const listing = listCorpus(dir, flags.filter);
  const outcomes = await runCorpus(listing.tests, settings, {
    timeLimitMs: settings.timeLimitMs,
    onOutcome: (o) => process.stdout.write(`${outcomeLine(o)}\n`),
  });
  const totals = corpusTotals(outcomes, listing.skipped.length);
  process.stdout.write(`${summaryLine(totals)}\n`);
  if (report !== undefined && !outputPathsOk(() => writeOutputFile(report, `${JSON.stringify(corpusJson(outcomes, totals), null, 2)}\n`))) return;
  process.exitCode = totals.failed === 0 ? 0 : 1;
}
