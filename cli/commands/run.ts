import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { createSwitch, type AnyProgram } from '../../runtime/switch/index.ts';
import { loadRunnableProgram } from '../compile-program.ts';
import { applyEntriesFile } from '../entries-file.ts';
import { InputError, InputStream, parseInputSpec, type InputSpec } from '../pcap-inputs.ts';
import { checkOutputDirectory, makeOutputDirectory, outputPathsOk } from '../output-paths.ts';
import { PortOutputs } from '../pcap-outputs.ts';
import { BatchStamps, switchInputs } from '../run-batches.ts';
import { RunProgress } from '../run-progress.ts';
import { formatRunSummary } from '../run-summary.ts';
import { addCoprocessorOptions, addExecutionOptions, createExecution, startExecution } from './execution-options.ts';
import { addFrontEndOptions, frontEndOptions } from './front-end-options.ts';
import { runLive, type LiveRunFlags } from './run-live.ts';
import { addTraceOptions, openTraceOutput, traceCompileOption, traceSwitchOptions, type TraceOutput } from '../trace-output.ts';

interface RunFlags extends LiveRunFlags {
  readonly in: string[];
  readonly out?: string;
  readonly live: boolean;
  /** `--progress` / `--no-progress`; undefined: when stderr is a terminal. */
  readonly progress?: boolean;
}

/** Longest the switch may wait on parked packets without any extern result coming back, ms. */
const STALL_MS = 10_000;

/**
 * `p4ts run PROG.p4 --in PORT:FILE … --out DIR [--entries FILE.json]`: compiles and loads the
 * program, applies the entries, streams the packets of the inputs (pcap or pcapng, merged by
 * timestamp) through the switch in batches and writes what each port transmits to
 * `DIR/port<N>.pcap` as it leaves, each output with the timestamp of the input it came from;
 * prints a summary and the rate. Memory does not grow with the files. With `--coprocessor worker`
 * extern tasks run on a worker thread (packets in its shared pool); the event loop turns while
 * packets wait, so a worker that dies is seen, its packets dropped (`coprocessor-died`) and a new
 * one started. `--live --port N:SPEC …` runs the switch on live ports instead (`run-live.ts`).
 */
export function registerRunCommand(program: Command): void {
  const command: Command = program
    .command('run')
    .description(COMMAND_DESCRIPTIONS.run)
    .argument('<file>', 'P4 source file')
    .option('--in <port:file.pcap>', 'packets received on PORT, from a pcap or pcapng file (repeat for more ports)', collect, [])
    .option('--out <dir>', 'directory for port<N>.pcap outputs')
    .option('--entries <file.json>', 'table entries, multicast groups and clone sessions (P4Runtime-style JSON)')
    .option('--progress', 'show progress on stderr (default: when stderr is a terminal)')
    .option('--no-progress', 'never show progress')
    .option('--live', 'run on --port ports (VXLAN, UDP, pcap) until stopped, instead of --in/--out files', false)
    .option('--port <N:SPEC>', 'with --live: N:vxlan:ADDR:UDP=PEER:UDP[,vni=V] | N:udp:ADDR:UDP=PEER:UDP | N:pcap:in=FILE,out=FILE (repeat)', collect, [])
    .addOption(new Option('--duration <seconds>', 'with --live: stop after this many seconds').argParser(positiveSeconds))
    .option('--pcap <dir>', 'with --live: capture each port to DIR/port<N>_in.pcap and DIR/port<N>_out.pcap')
    .addOption(new Option('--order <key>', 'with --live: packets of one flow (5-tuple) or of one ingress port leave in arrival order (for the async modes)').choices(['flow', 'port']));
  addTraceOptions(addCoprocessorOptions(addExecutionOptions(addFrontEndOptions(command)))).action(async (file: string, flags: RunFlags) => {
    if (flags.live) {
      if (flags.in.length > 0 || flags.out !== undefined) command.error('error: --live takes --port N:SPEC, not --in/--out');
      await runLive(command, file, flags);
      return;
    }
    if (flags.port.length > 0 || flags.duration !== undefined || flags.pcap !== undefined || flags.order !== undefined) command.error('error: --port, --duration, --pcap and --order go with --live');
    if (flags.out === undefined) command.error("error: required option '--out <dir>' not specified");
    const outDir = flags.out;
    if (!outputPathsOk(() => checkOutputDirectory(outDir))) return;
    const specs: InputSpec[] = [];
    for (const text of flags.in) {
      const spec = parseInputSpec(text);
      if (typeof spec === 'string') command.error(`error: ${spec}`);
      specs.push(spec);
    }
    if (specs.length === 0) command.error("error: required option '--in <port:file.pcap>' not specified");
    if (flags.entries !== undefined && !existsSync(flags.entries)) command.error(`error: no such file: ${flags.entries}`);
    let inputs: InputStream;
    try {
      inputs = InputStream.open(specs);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    try {
      await runFiles(file, flags, inputs, outDir);
    } finally {
      inputs.close();
    }
  });
}

async function runFiles(file: string, flags: RunFlags, inputs: InputStream, outDir: string): Promise<void> {
  const p4 = await loadRunnableProgram(file, { ...frontEndOptions(flags), mode: flags.mode, asyncAll: flags.asyncAll, ...traceCompileOption(flags) });
  if (p4 === undefined) return;
  const trace = openTraceOutput(flags);
  if (trace === null) return;
  try {
    await runProgram(p4, flags, inputs, outDir, trace);
  } finally {
    trace?.close();
  }
}

async function runProgram(p4: AnyProgram<unknown>, flags: RunFlags, inputs: InputStream, outDir: string, trace: TraceOutput | undefined): Promise<void> {
  if (!outputPathsOk(() => makeOutputDirectory(outDir))) return;

  const outputs = new PortOutputs(outDir, { nanosecond: inputs.subMicrosecond });
  const stamps = new BatchStamps();
  const { tsSec, tsNanos } = stamps;
  const execution = createExecution(p4, flags);
  const sw = createSwitch(p4, {
    ...execution.switchOptions,
    errorPolicy: 'drop',
    stallTimeoutMs: STALL_MS,
    ...traceSwitchOptions(trace, p4),
    onOutputRaw: (port, buffer, offset, length, origin) => outputs.write(port, buffer, offset, length, tsSec[origin]!, tsNanos[origin]!),
  });
  if (flags.entries !== undefined && !applyEntriesFile(p4, sw, flags.entries)) {
    process.exitCode = 1;
    return;
  }
  if (!(await startExecution(execution))) return;

  const progress = new RunProgress((flags.progress ?? process.stderr.isTTY === true) ? process.stderr : null);
  let packets: number;
  let written: string[];
  try {
    packets = await switchInputs(sw, inputs, stamps, progress, { worker: execution.coprocessor !== undefined, stallMs: STALL_MS });
    written = outputs.commit();
  } catch (e) {
    outputs.abort();
    progress.finish(0);
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(e instanceof InputError || /: error: /.test(message) ? `${message}\n` : `p4ts: error: ${message}\n`);
    process.stderr.write(`p4ts: no output written to ${outDir}\n`);
    process.exitCode = 1;
    return;
  } finally {
    await execution.close();
  }
  const rate = progress.finish(packets);

  const inByPort = new Map<number, number>();
  sw.stats.rxByPort.forEach((n, port) => {
    if (n > 0) inByPort.set(port, n);
  });
  process.stdout.write(formatRunSummary(sw.stats, inByPort, written));
  process.stdout.write(`${rate}\n`);
  const cop = execution.coprocessor;
  if (cop !== undefined) {
    const st = cop.coprocessor.stats;
    process.stdout.write(
      `coprocessor: ${st.submitted} tasks on the worker (${st.completed} ok, ${st.failed} failed, ${st.lost} lost with a worker), ${cop.helped} run on the main thread while it was behind, ${st.bursts} bursts (${st.timeoutFlushes} by timeout), ${st.restarts} restarts\n`,
    );
  }
  if (sw.stats.errors.length > 0) {
    for (const e of sw.stats.errors) process.stderr.write(`p4ts: internal error: the generated program threw: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

function positiveSeconds(text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new InvalidArgumentError(`expects a positive number of seconds, got '${text}'`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
