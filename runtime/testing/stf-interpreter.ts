/**
 * The one STF interpreter: the semantics of an STF run (command order, when the switch runs to
 * idle, `no_packet`, the output check, the time limit, which line a failure names), written once
 * and independent of how commands reach the switch. It is a generator that yields the effects it
 * needs — inject a packet, run the switch to idle, apply a control-plane command — and a driver
 * carries them out on a back end:
 *
 * - `driveStf` (synchronous): the direct back end (`stf-runner.ts`), the program's objects
 *   changed in place;
 * - `driveStfAsync`: a back end whose effects may be promises — the P4Runtime back end
 *   (`stf-p4runtime.ts`), every control-plane command a Write or Read over gRPC.
 *
 * Rules (the reference compiler's bmv2 runner, p4c `backends/bmv2/bmv2stf.py`; outputs in
 * `stf-expectations.ts`): `packet` lines are injected in file order; by default the switch runs to
 * idle after each one (every packet leaves before the next enters: deterministic in every
 * execution mode); with `pipelinePackets` consecutive packets are injected together and the
 * switch runs to idle only before a command that is not a packet and at the end. A control-plane
 * command affects the packets after it only. `wait` runs the switch to idle. `no_packet` runs it
 * to idle and fails when the last injected packet produced a packet on a checked port.
 *
 * Nothing throws: a program that throws, a switch failure and the time limit end the run with an
 * `error`/`timeout` failure; the outputs are then not compared.
 */
import type { StfCommand } from '../io/stf.ts';
import { Tracer, type TraceEvent } from '../trace/index.ts';
import type { V1SwitchStats } from '../v1model/switch-stats.ts';
import type { StfControlCommand, StfControlOutcome } from './stf-control.ts';
import { StfExpectations, toHex, type ReceivedPacket } from './stf-expectations.ts';
import type { StfFailure } from './stf-failure.ts';

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

/** What the interpreter asks of its back end. */
export type StfEffect =
  | { readonly kind: 'inject'; readonly port: number; readonly data: Uint8Array }
  /** Run the switch until no packet is inside it, and until every output it made is captured. */
  | { readonly kind: 'drain' }
  | { readonly kind: 'control'; readonly command: StfControlCommand };

/** A back end the synchronous driver can use. */
export interface StfBackend {
  inject(port: number, data: Uint8Array): void;
  drain(): void;
  apply(command: StfControlCommand): StfControlOutcome;
  stats(): V1SwitchStats | undefined;
}

/** A back end whose effects may complete later. */
export interface StfAsyncBackend {
  inject(port: number, data: Uint8Array): void | Promise<void>;
  drain(): void | Promise<void>;
  apply(command: StfControlCommand): StfControlOutcome | Promise<StfControlOutcome>;
  stats(): V1SwitchStats | undefined;
}

/**
 * Where the back end puts the packets the switch transmits: `record` files each under the STF
 * line of the packet being processed.
 */
export class StfCapture {
  readonly outputs = new Map<number, ReceivedPacket[]>();
  /** The STF line of the last `packet` injected (0 before any). */
  inputLine = 0;

  readonly record = (port: number, bytes: Uint8Array): void => {
    let list = this.outputs.get(port);
    if (list === undefined) {
      list = [];
      this.outputs.set(port, list);
    }
    list.push({ bytes: bytes.slice(), inputLine: this.inputLine });
  };
}

export interface StfInterpretOptions {
  /** STF file name used in failure messages. */
  readonly file: string;
  /** Wall-clock limit of the run in ms, checked between commands. */
  readonly timeLimitMs: number;
  readonly pipelinePackets: boolean;
}

/** The run of `commands`; its return value is the run's failures, log and packet count. */
export function* interpretStf(
  commands: readonly StfCommand[],
  capture: StfCapture,
  options: StfInterpretOptions,
): Generator<StfEffect, { failures: StfFailure[]; log: string[]; packetsIn: number }, StfControlOutcome | undefined> {
  const deadline = Date.now() + options.timeLimitMs;
  const failures: StfFailure[] = [];
  const log: string[] = [];
  const expectations = new StfExpectations(commands);
  const outputs = capture.outputs;
  let packetsIn = 0;
  const packetLines: number[] = [];
  let pending = false;
  const finish = () => ({ failures, log, packetsIn });

  function* drain(): Generator<StfEffect, void, StfControlOutcome | undefined> {
    if (!pending) return;
    pending = false;
    try {
      yield { kind: 'drain' };
    } catch (e) {
      throw new PacketProcessingError(e, capture.inputLine);
    }
  }

  function* run(cmd: StfCommand): Generator<StfEffect, void, StfControlOutcome | undefined> {
    switch (cmd.kind) {
      case 'packet':
        if (!options.pipelinePackets) yield* drain();
        capture.inputLine = cmd.line;
        packetsIn++;
        packetLines.push(cmd.line);
        pending = true;
        yield { kind: 'inject', port: cmd.port, data: cmd.data };
        if (!options.pipelinePackets) yield* drain();
        return;
      case 'expect':
        return; // collected up front, checked at the end
      case 'wait':
        yield* drain();
        return;
      case 'no_packet': {
        yield* drain();
        const inputLine = capture.inputLine;
        if (inputLine === 0) return;
        const produced = [...outputs].flatMap(([port, list]) => (expectations.isChecked(port) ? list.filter((p) => p.inputLine === inputLine).map((p) => ({ port, p })) : []));
        const first = produced[0];
        if (first !== undefined) {
          failures.push({ kind: 'check', line: cmd.line, port: first.port, message: `no_packet: the packet of line ${inputLine} produced ${produced.length} packet(s), first ${toHex(first.p.bytes)}` });
        }
        return;
      }
      default: {
        yield* drain();
        const outcome = yield { kind: 'control', command: cmd };
        if (outcome === undefined) throw new Error('the STF driver gave no outcome for a control-plane command');
        if (!outcome.ok) failures.push(outcome.failure);
        else if (outcome.output !== undefined) log.push(outcome.output);
      }
    }
  }

  for (const cmd of commands) {
    if (Date.now() > deadline) {
      failures.push({ kind: 'timeout', line: cmd.line, message: `time limit of ${options.timeLimitMs} ms exceeded before this command` });
      return finish();
    }
    try {
      yield* run(cmd);
    } catch (e) {
      failures.push(errorFailure(e, cmd.line));
      return finish();
    }
  }
  try {
    yield* drain();
    for (const f of expectations.check(outputs)) failures.push(f.kind === 'missing' ? { ...f, packetLines: suspects(f.line!, packetLines) } : f);
  } catch (e) {
    failures.push(errorFailure(e, undefined));
  }
  return finish();
}

type Interpretation = ReturnType<typeof interpretStf>;

function resultOf(done: { failures: StfFailure[]; log: string[]; packetsIn: number }, capture: StfCapture, stats: V1SwitchStats | undefined): StfResult {
  return { passed: done.failures.length === 0, failures: done.failures, outputs: capture.outputs, log: done.log, packetsIn: done.packetsIn, stats };
}

/** Runs an interpretation on a synchronous back end. */
export function driveStf(run: Interpretation, capture: StfCapture, backend: StfBackend): StfResult {
  let step = run.next(undefined);
  while (!step.done) {
    const effect = step.value;
    let reply: StfControlOutcome | undefined;
    try {
      reply = perform(effect, backend) as StfControlOutcome | undefined;
    } catch (e) {
      step = run.throw(e);
      continue;
    }
    step = run.next(reply);
  }
  return resultOf(step.value, capture, backend.stats());
}

/** Runs an interpretation on a back end whose effects may be promises. */
export async function driveStfAsync(run: Interpretation, capture: StfCapture, backend: StfAsyncBackend): Promise<StfResult> {
  let step = run.next(undefined);
  while (!step.done) {
    const effect = step.value;
    let reply: StfControlOutcome | undefined;
    try {
      reply = (await perform(effect, backend)) as StfControlOutcome | undefined;
    } catch (e) {
      step = run.throw(e);
      continue;
    }
    step = run.next(reply);
  }
  return resultOf(step.value, capture, backend.stats());
}

function perform(effect: StfEffect, backend: StfAsyncBackend): unknown {
  switch (effect.kind) {
    case 'inject':
      return backend.inject(effect.port, effect.data);
    case 'drain':
      return backend.drain();
    case 'control':
      return backend.apply(effect.command);
  }
}

/** The `packet` line an `expect` at `expectLine` is about: the last one before it (STF files write a packet, then what it should produce). */
function suspects(expectLine: number, packetLines: readonly number[]): number[] {
  let line = 0;
  for (const l of packetLines) if (l < expectLine && l > line) line = l;
  return line === 0 ? [] : [line];
}

/**
 * A tracer for a run (`StfRunOptions.trace`) that files each event under the STF line of the
 * `packet` it belongs to: a packet is known from its arrival (the line being injected), its copies
 * and clones from their original.
 */
export function stfTracer(capture: StfCapture): { readonly tracer: Tracer; readonly traces: Map<number, TraceEvent[]> } {
  const traces = new Map<number, TraceEvent[]>();
  const lineOf = new Map<number, number>();
  const tracer = new Tracer((e) => {
    let line: number;
    if (e.kind === 'receive') {
      line = capture.inputLine;
      lineOf.set(e.packet, line);
    } else line = lineOf.get(e.packet) ?? capture.inputLine;
    if (e.kind === 'clone') lineOf.set(e.clone, line);
    if (e.kind === 'multicast') lineOf.set(e.copy, line);
    let list = traces.get(line);
    if (list === undefined) {
      list = [];
      traces.set(line, list);
    }
    list.push(e);
  });
  return { tracer, traces };
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

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}
