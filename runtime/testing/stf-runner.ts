/**
 * Runs an STF test against a compiled program on its switch (`V1Switch` or `PsaSwitch`), with the semantics of
 * the reference compiler's bmv2 runner (p4c `backends/bmv2/bmv2stf.py`); the output rules are in
 * `stf-expectations.ts`.
 *
 * Commands run in file order. `packet` lines are injected in order; by default the switch runs to
 * idle after each one (every packet leaves the switch before the next enters: deterministic in
 * every execution mode); with `pipelinePackets` consecutive packets are injected together and the
 * switch runs to idle only before a command that is not a packet and at the end. Either way a
 * control-plane command (`add`, `setdefault`, `mirroring_add`, `mc_*`, counters, registers,
 * meters) affects the packets after it only. `wait` runs the switch to idle. `no_packet` runs it
 * to idle and fails when the last injected packet produced a packet on a checked port.
 *
 * Nothing throws: a program that throws, a switch failure and the time limit end the run with an
 * `error`/`timeout` failure; the outputs are then not compared.
 */
import { parseStf, type StfCommand } from '../io/stf.ts';
import { Tracer, type TraceEvent } from '../trace/index.ts';
import type { V1SwitchStats } from '../v1model/switch-stats.ts';
import { createSwitch, isPsaProgram, type AnyProgram, type AnySwitch, type CommonSwitchOptions } from '../switch/index.ts';
import { StfControlPlane } from './stf-control.ts';
import { StfExpectations, toHex, type ReceivedPacket } from './stf-expectations.ts';
import type { StfFailure } from './stf-failure.ts';

/** Switch settings of a run (executor, sync executor, bursts ...); the runner owns the output and drop callbacks. */
export type StfSwitchOptions<S> = Omit<CommonSwitchOptions<S>, 'onOutput' | 'onOutputRaw' | 'onDrop'>;

export interface StfRunOptions<S> {
  /** STF file name used in failure messages (default `test.stf`). */
  readonly file?: string;
  readonly switchOptions?: StfSwitchOptions<S>;
  /**
   * Wall-clock limit of the run in ms (default 10 000), checked between commands; also bounds how
   * long the switch waits for a stalled extern executor. A synchronous endless loop inside the
   * program cannot be interrupted from this thread: run the test in a worker to bound that too.
   */
  readonly timeLimitMs?: number;
  /**
   * Inject consecutive packets together instead of running to idle after each (default false).
   * In the async modes packets then overlap, and one that waits longer on its externs may leave
   * after a later one, even on the same port.
   */
  readonly pipelinePackets?: boolean;
  /**
   * Trace every packet (`StfResult.traces`). The switch reports each packet's path; a program
   * compiled with tracing adds its parser states, extractions and table applies.
   */
  readonly trace?: boolean;
}

export interface StfResult {
  readonly passed: boolean;
  /** Every failure, in the order found (a run that errs stops at that failure). */
  readonly failures: readonly StfFailure[];
  /** Packets received per port (all ports, checked or not), in order. */
  readonly outputs: ReadonlyMap<number, readonly ReceivedPacket[]>;
  /** Lines the read commands printed (`register_read`, `counter_read`, `mc_node_create` ...). */
  readonly log: readonly string[];
  readonly packetsIn: number;
  /** The switch's counters at the end (undefined when the program could not be created). */
  readonly stats: V1SwitchStats | undefined;
  /** With `trace`: the events of each `packet` by its STF line (copies and clones with their original's). */
  readonly traces?: ReadonlyMap<number, readonly TraceEvent[]>;
}

const DEFAULT_TIME_LIMIT_MS = 10_000;

/** Parses `text` and runs it; a syntax error fails the test before any packet is sent. */
export function runStfText<S>(createProgram: () => AnyProgram<S>, text: string, options: StfRunOptions<S> = {}): StfResult {
  const parsed = parseStf(text, options.file ?? 'test.stf');
  if (parsed.diagnostics.length > 0) {
    const failures: StfFailure[] = parsed.diagnostics.map((d) => ({ kind: 'syntax', line: d.line, message: `error: ${d.message}` }));
    return { passed: false, failures, outputs: new Map(), log: [], packetsIn: 0, stats: undefined };
  }
  return runStf(createProgram, parsed.commands, options);
}

export function runStf<S>(createProgram: () => AnyProgram<S>, commands: readonly StfCommand[], options: StfRunOptions<S> = {}): StfResult {
  const timeLimit = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const outputs = new Map<number, ReceivedPacket[]>();
  let inputLine = 0;
  let program: AnyProgram<S>;
  let sw: AnySwitch<S>;
  const traces = options.trace === true ? new Map<number, TraceEvent[]>() : undefined;
  const tracer = traces !== undefined ? new Tracer(traceByLine(traces, () => inputLine)) : undefined;
  try {
    program = createProgram();
    // packet traces are the v1model switch's (a PSA switch takes no tracer)
    if (!isPsaProgram(program)) tracer?.useSites(program.traceSites);
    sw = createSwitch(program, {
      stallTimeoutMs: Math.min(timeLimit, DEFAULT_TIME_LIMIT_MS),
      ...options.switchOptions,
      ...(tracer !== undefined ? { tracer } : {}),
      onOutput: (port, bytes) => {
        let list = outputs.get(port);
        if (list === undefined) {
          list = [];
          outputs.set(port, list);
        }
        list.push({ bytes: bytes.slice(), inputLine });
      },
    });
  } catch (e) {
    const failures: StfFailure[] = [{ kind: 'error', line: undefined, message: `cannot create the program: ${errorText(e)}` }];
    return { passed: false, failures, outputs, log: [], packetsIn: 0, stats: undefined };
  }

  const file = options.file ?? 'test.stf';
  const deadline = Date.now() + timeLimit;
  const failures: StfFailure[] = [];
  const log: string[] = [];
  const expectations = new StfExpectations(commands);
  const control = new StfControlPlane(program.objects, sw, file);
  let packetsIn = 0;
  const packetLines: number[] = [];
  let pending = false;
  const drain = (): void => {
    if (!pending) return;
    pending = false;
    try {
      sw.runUntilIdle();
    } catch (e) {
      throw new PacketProcessingError(e, inputLine);
    }
  };
  const run = (cmd: StfCommand): void => {
    switch (cmd.kind) {
      case 'packet':
        if (!options.pipelinePackets) drain();
        inputLine = cmd.line;
        sw.inject(cmd.port, cmd.data);
        packetsIn++;
        packetLines.push(cmd.line);
        pending = true;
        if (!options.pipelinePackets) drain();
        return;
      case 'expect':
        return; // collected up front, checked at the end
      case 'wait':
        drain();
        return;
      case 'no_packet': {
        drain();
        if (inputLine === 0) return;
        const produced = [...outputs].flatMap(([port, list]) => (expectations.isChecked(port) ? list.filter((p) => p.inputLine === inputLine).map((p) => ({ port, p })) : []));
        const first = produced[0];
        if (first !== undefined) {
          failures.push({ kind: 'check', line: cmd.line, port: first.port, message: `no_packet: the packet of line ${inputLine} produced ${produced.length} packet(s), first ${toHex(first.p.bytes)}` });
        }
        return;
      }
      default: {
        drain();
        const outcome = control.apply(cmd);
        if (!outcome.ok) failures.push(outcome.failure);
        else if (outcome.output !== undefined) log.push(outcome.output);
      }
    }
  };

  const finish = (): StfResult => ({ passed: failures.length === 0, failures, outputs, log, packetsIn, stats: sw.stats, ...(traces !== undefined ? { traces } : {}) });
  for (const cmd of commands) {
    if (Date.now() > deadline) {
      failures.push({ kind: 'timeout', line: cmd.line, message: `time limit of ${timeLimit} ms exceeded before this command` });
      return finish();
    }
    try {
      run(cmd);
    } catch (e) {
      failures.push(errorFailure(e, cmd.line));
      return finish();
    }
  }
  try {
    drain();
    for (const f of expectations.check(outputs)) failures.push(f.kind === 'missing' ? { ...f, packetLines: suspects(f.line!, packetLines) } : f);
  } catch (e) {
    failures.push(errorFailure(e, undefined));
  }
  return finish();
}

/** The `packet` line an `expect` at `expectLine` is about: the last one before it (STF files write a packet, then what it should produce). */
function suspects(expectLine: number, packetLines: readonly number[]): number[] {
  let line = 0;
  for (const l of packetLines) if (l < expectLine && l > line) line = l;
  return line === 0 ? [] : [line];
}

/**
 * A trace sink that files each event under the STF line of the `packet` it belongs to: a packet
 * is known from its arrival (the line being injected), its copies and clones from their original.
 */
function traceByLine(traces: Map<number, TraceEvent[]>, currentLine: () => number): (e: TraceEvent) => void {
  const lineOf = new Map<number, number>();
  return (e) => {
    let line: number;
    if (e.kind === 'receive') {
      line = currentLine();
      lineOf.set(e.packet, line);
    } else line = lineOf.get(e.packet) ?? currentLine();
    if (e.kind === 'clone') lineOf.set(e.clone, line);
    if (e.kind === 'multicast') lineOf.set(e.copy, line);
    let list = traces.get(line);
    if (list === undefined) {
      list = [];
      traces.set(line, list);
    }
    list.push(e);
  };
}

/** The switch failed while packets were in it: carries the line of the last packet injected. */
class PacketProcessingError extends Error {
  constructor(
    readonly error: unknown,
    readonly packetLine: number,
  ) {
    super(errorText(error));
  }
}

function errorFailure(e: unknown, commandLine: number | undefined): StfFailure {
  if (e instanceof PacketProcessingError) {
    return { kind: 'error', line: e.packetLine === 0 ? commandLine : e.packetLine, message: `error while processing packets: ${e.message}` };
  }
  return { kind: 'error', line: commandLine, message: `error: ${errorText(e)}` };
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}
