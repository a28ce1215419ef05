/**
 * `p4ts run PROG.p4 --live --port N:SPEC … [--entries FILE.json] [--duration S] [--pcap DIR]`: the switch on
 * its ports (VXLAN, raw Ethernet in UDP, pcap file pairs; see `runtime/io/ports/`). It runs until
 * every replayed file is done when all ports are files, else until SIGINT/SIGTERM or `--duration`
 * seconds; then it finishes the packets in flight, closes the ports and prints the switch summary
 * and a line of counters per port. `--pcap DIR` captures what each port receives and sends
 * (`DIR/port<N>_in.pcap`, `_out.pcap`, as bmv2's `--pcap`).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputDirectory, makeOutputDirectory, outputPathsOk } from '../output-paths.ts';
import type { OrderKey } from '../../runtime/io/order/index.ts';
import { checkPortSpecs, createPort, type CapturingPort, formatPortCounters, parsePortSpec, PortDriver, type Port, type PortSpec } from '../../runtime/io/ports/index.ts';
import { loadRunnableProgram } from '../compile-program.ts';
import { applyEntriesFile } from '../entries-file.ts';
import { openTraceOutput, traceCompileOption, traceSwitchOptions, type TraceFlags } from '../trace-output.ts';
import { formatRunSummary } from '../run-summary.ts';
import { createExecution, startExecution, type CoprocessorFlags, type ExecutionFlags } from './execution-options.ts';
import { createSwitch } from '../../runtime/switch/index.ts';
import { frontEndOptions, type FrontEndFlags } from './front-end-options.ts';

export interface LiveRunFlags extends FrontEndFlags, ExecutionFlags, CoprocessorFlags, TraceFlags {
  readonly port: string[];
  readonly entries?: string;
  readonly duration?: number;
  readonly pcap?: string;
  readonly order?: OrderKey;
}

/** Longest the switch may wait on parked packets without any extern result coming back, ms. */
const STALL_MS = 10_000;

/** Parses the `--port` options; reports the first problem through `command.error` (exit 1). */
export function portSpecsOf(command: Command, texts: readonly string[]): PortSpec[] {
  const specs: PortSpec[] = [];
  for (const text of texts) {
    const spec = parsePortSpec(text);
    if (typeof spec === 'string') command.error(`error: ${spec}`);
    specs.push(spec);
  }
  const problems = checkPortSpecs(specs);
  if (problems.length > 0) command.error(`error: ${problems[0]}`);
  return specs;
}

export async function runLive(command: Command, file: string, flags: LiveRunFlags): Promise<void> {
  const specs = portSpecsOf(command, flags.port);
  if (specs.length === 0) command.error('error: --live needs at least one --port N:SPEC');
  const captureDir = flags.pcap;
  if (captureDir !== undefined && !outputPathsOk(() => checkOutputDirectory(captureDir))) return;
  const p4 = await loadRunnableProgram(file, { ...frontEndOptions(flags), mode: flags.mode, asyncAll: flags.asyncAll, ...traceCompileOption(flags) });
  if (p4 === undefined) return;
  const trace = openTraceOutput(flags);
  if (trace === null) return;

  if (captureDir !== undefined && !outputPathsOk(() => makeOutputDirectory(captureDir))) return;
  const ports: Port[] = specs.map((s) => createPort(s, flags.pcap !== undefined ? { captureDir: flags.pcap } : {}));
  const execution = createExecution(p4, flags);
  let failed = false;
  const driver = new PortDriver(ports, {
    externsOnWorker: execution.coprocessor !== undefined,
    ...(flags.order !== undefined ? { order: flags.order } : {}),
    onError: (message) => {
      failed = true;
      process.stderr.write(`p4ts: error: ${message}\n`);
    },
  });
  const sw = createSwitch(p4, {
    ...execution.switchOptions,
    errorPolicy: 'drop',
    stallTimeoutMs: STALL_MS,
    ...driver.switchOptions,
    ...traceSwitchOptions(trace, p4),
  });
  driver.attach(sw);
  if ((flags.entries !== undefined && !applyEntriesFile(p4, sw, flags.entries)) || !(await startExecution(execution))) {
    trace?.close();
    if (!process.exitCode) process.exitCode = 1;
    return;
  }
  try {
    await driver.open();
  } catch (e) {
    process.stderr.write(`p4ts: error: ${e instanceof Error ? e.message : String(e)}\n`);
    await execution.close();
    trace?.close();
    process.exitCode = 1;
    return;
  }
  const live = ports.some((p) => p.spec.kind !== 'pcap');
  process.stderr.write(`p4ts: ${p4.name} (${p4.mode}) on ${ports.map((p) => p.describe()).join(', ')}${live ? '; Ctrl-C stops' : ''}\n`);

  await untilStopped(live ? undefined : driver.inputsDone(), flags.duration);
  try {
    await driver.close();
  } catch (e) {
    failed = true;
    process.stderr.write(`p4ts: error: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  await execution.close();
  trace?.close();

  const inByPort = new Map<number, number>();
  for (const p of ports) if (p.counters.rxPackets > 0) inByPort.set(p.number, p.counters.rxPackets);
  const written = ports.flatMap((p) => (p.spec.kind === 'pcap' && p.spec.out !== undefined ? [p.spec.out] : []));
  if (flags.pcap !== undefined) for (const p of ports) written.push(...(p as CapturingPort).files().map((f) => join(flags.pcap!, f)));
  process.stdout.write(formatRunSummary(sw.stats, inByPort, written));
  for (const p of ports) process.stdout.write(`${formatPortCounters(p.describe(), p.counters)}\n`);
  const order = driver.order;
  if (order !== null) process.stdout.write(`order by ${order.key}: ${order.stats.held} packets held behind an older packet of their ${order.key} (at most ${order.stats.maxHeld} at once)\n`);
  if (driver.unconnected > 0) process.stdout.write(`${driver.unconnected} packets sent to ports no --port names (discarded)\n`);
  if (sw.stats.errors.length > 0) {
    for (const e of sw.stats.errors) process.stderr.write(`p4ts: internal error: the generated program threw: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  } else if (failed) process.exitCode = 1;
}

/** Resolves on SIGINT or SIGTERM, after `seconds`, or when `done` resolves, whichever is first. */
function untilStopped(done: Promise<void> | undefined, seconds: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (seconds !== undefined) timer = setTimeout(stop, seconds * 1000);
    void done?.then(stop);
  });
}
