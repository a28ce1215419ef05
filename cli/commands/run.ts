import { existsSync, mkdirSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { writePcapFile, type PcapWriteRecord } from '../../runtime/io/pcap.ts';
import { V1Switch } from '../../runtime/v1model/switch.ts';
import { loadRunnableProgram } from '../compile-program.ts';
import { applyEntriesFile } from '../entries-file.ts';
import { InputError, parseInputSpec, readInputs, type InputSpec, type ReadInputs } from '../pcap-inputs.ts';
import { formatRunSummary } from '../run-summary.ts';
import { addCoprocessorOptions, addExecutionOptions, createExecution, startExecution } from './execution-options.ts';
import { addFrontEndOptions, frontEndOptions } from './front-end-options.ts';
import { runLive, type LiveRunFlags } from './run-live.ts';

interface RunFlags extends LiveRunFlags {
  readonly in: string[];
  readonly out?: string;
  readonly live: boolean;
}

/** Packets injected before the switch is run to idle (bounded so the descriptor pool never runs dry). */
const CHUNK = 64;

/** Longest the switch may wait on parked packets without any extern result coming back, ms. */
const STALL_MS = 10_000;

/**
 * `p4ts run PROG.p4 --in PORT:FILE.pcap … --out DIR [--entries FILE.json]`: compiles and loads the
 * program, applies the entries, sends the packets (inputs merged by timestamp), writes what each
 * port transmitted to `DIR/port<N>.pcap` and prints a summary. With `--coprocessor worker` extern
 * tasks run on a worker thread (packets in its shared pool); the event loop turns while packets
 * wait, so a worker that dies is seen, its packets dropped (`coprocessor-died`) and a new one
 * started. `--live --port N:SPEC …` runs the switch on live ports instead (`run-live.ts`).
 */
export function registerRunCommand(program: Command): void {
  const command: Command = program
    .command('run')
    .description('run a P4 program on pcap inputs and write the outputs as pcap files')
    .argument('<file>', 'P4 source file')
    .option('--in <port:file.pcap>', 'packets received on PORT (repeat for more ports)', collect, [])
    .option('--out <dir>', 'directory for port<N>.pcap outputs')
    .option('--entries <file.json>', 'table entries, multicast groups and clone sessions (P4Runtime-style JSON)')
    .option('--live', 'run on --port ports (VXLAN, UDP, pcap) until stopped, instead of --in/--out files', false)
    .option('--port <N:SPEC>', 'with --live: N:vxlan:ADDR:UDP=PEER:UDP[,vni=V] | N:udp:ADDR:UDP=PEER:UDP | N:pcap:in=FILE,out=FILE (repeat)', collect, [])
    .addOption(new Option('--duration <seconds>', 'with --live: stop after this many seconds').argParser(positiveSeconds))
    .option('--pcap <dir>', 'with --live: capture each port to DIR/port<N>_in.pcap and DIR/port<N>_out.pcap')
    .addOption(new Option('--order <key>', 'with --live: packets of one flow (5-tuple) or of one ingress port leave in arrival order (for the async modes)').choices(['flow', 'port']));
  addCoprocessorOptions(addExecutionOptions(addFrontEndOptions(command))).action(async (file: string, flags: RunFlags) => {
    if (flags.live) {
      if (flags.in.length > 0 || flags.out !== undefined) command.error('error: --live takes --port N:SPEC, not --in/--out');
      await runLive(command, file, flags);
      return;
    }
    if (flags.port.length > 0 || flags.duration !== undefined || flags.pcap !== undefined || flags.order !== undefined) command.error('error: --port, --duration, --pcap and --order go with --live');
    if (flags.out === undefined) command.error("error: required option '--out <dir>' not specified");
    const outDir = flags.out;
    const specs: InputSpec[] = [];
    for (const text of flags.in) {
      const spec = parseInputSpec(text);
      if (typeof spec === 'string') command.error(`error: ${spec}`);
      specs.push(spec);
    }
    if (specs.length === 0) command.error("error: required option '--in <port:file.pcap>' not specified");
    if (flags.entries !== undefined && !existsSync(flags.entries)) command.error(`error: no such file: ${flags.entries}`);
    let inputs: ReadInputs;
    try {
      inputs = readInputs(specs);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
      return;
    }

    const p4 = await loadRunnableProgram(file, { ...frontEndOptions(flags), mode: flags.mode, asyncAll: flags.asyncAll });
    if (p4 === undefined) return;

    const outputs = new Map<number, PcapWriteRecord[]>();
    let stamp = { tsSec: 0, tsFrac: 0 };
    const execution = createExecution(p4, flags);
    const sw = new V1Switch(p4, {
      ...execution.switchOptions,
      errorPolicy: 'drop',
      stallTimeoutMs: STALL_MS,
      onOutput: (port, bytes) => {
        let list = outputs.get(port);
        if (list === undefined) {
          list = [];
          outputs.set(port, list);
        }
        list.push({ ...stamp, data: bytes.slice() });
      },
    });

    if (flags.entries !== undefined && !applyEntriesFile(p4, sw, flags.entries)) {
      process.exitCode = 1;
      return;
    }

    if (!(await startExecution(execution))) return;
    const packets = inputs.packets;
    try {
      for (let i = 0; i < packets.length; i += CHUNK) {
        const chunk = packets.slice(i, i + CHUNK);
        for (const p of chunk) sw.inject(p.port, p.data);
        // Outputs carry the timestamp of the last input of their chunk (the switch does not say
        // which input a transmitted packet came from).
        const last = chunk[chunk.length - 1]!;
        stamp = { tsSec: last.tsSec, tsFrac: Math.floor(last.tsNanos / 1000) };
        if (execution.coprocessor === undefined) sw.runUntilIdle();
        else await runToIdle(sw);
      }
    } finally {
      await execution.close();
    }

    mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    for (const port of [...outputs.keys()].sort((a, b) => a - b)) {
      const path = `${outDir.replace(/\/+$/, '')}/port${port}.pcap`;
      writePcapFile(path, outputs.get(port)!, inputs.linkType !== undefined ? { linkType: inputs.linkType } : {});
      written.push(path);
    }
    process.stdout.write(formatRunSummary(sw.stats, inputs.countsByPort, written));
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
  });
}

/**
 * `runUntilIdle` for a worker co-processor: the same loop, but it lets the event loop turn while
 * packets wait on the worker (and now and then while it works), so a worker's death is noticed.
 */
async function runToIdle<S>(sw: V1Switch<S>): Promise<void> {
  let lastProgress = Date.now();
  let sinceYield = 0;
  for (;;) {
    const worked = sw.pump();
    if (worked > 0) {
      lastProgress = Date.now();
      if (++sinceYield >= 256) {
        sinceYield = 0;
        await turn();
      }
      continue;
    }
    if (sw.inFlight === 0) return;
    sw.executor.flush();
    await turn();
    if (Date.now() - lastProgress > STALL_MS) throw new Error(`the co-processor returned nothing for ${STALL_MS} ms with ${sw.parked} packets parked`);
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function positiveSeconds(text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new InvalidArgumentError(`expects a positive number of seconds, got '${text}'`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
