/**
 * Runs an STF test against a compiled program on its switch (`V1Switch` or `PsaSwitch`), the direct way: the
 * control-plane commands change the program's objects in place (`stf-control.ts`). The semantics
 * of a run (order, running to idle, `no_packet`, the time limit) are the interpreter's
 * (`stf-interpreter.ts`), shared with the run through P4Runtime (`stf-p4runtime.ts`); the output
 * rules are in `stf-expectations.ts`.
 */
import { parseStf, type StfCommand } from '../io/stf.ts';
import { createSwitch, type AnyProgram, type AnySwitch, type CommonSwitchOptions } from '../switch/index.ts';
import { StfControlPlane } from './stf-control.ts';
import type { StfFailure } from './stf-failure.ts';
import { driveStf, errorText, interpretStf, StfCapture, stfTracer, type StfResult } from './stf-interpreter.ts';

export type { StfResult } from './stf-interpreter.ts';

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
  const file = options.file ?? 'test.stf';
  const capture = new StfCapture();
  const tracing = options.trace === true ? stfTracer(capture) : undefined;
  let program: AnyProgram<S>;
  let sw: AnySwitch<S>;
  try {
    program = createProgram();
    tracing?.tracer.useSites(program.traceSites);
    sw = createSwitch(program, {
      stallTimeoutMs: Math.min(timeLimit, DEFAULT_TIME_LIMIT_MS),
      ...options.switchOptions,
      ...(tracing !== undefined ? { tracer: tracing.tracer } : {}),
      onOutput: capture.record,
    });
  } catch (e) {
    const failures: StfFailure[] = [{ kind: 'error', line: undefined, message: `cannot create the program: ${errorText(e)}` }];
    return { passed: false, failures, outputs: capture.outputs, log: [], packetsIn: 0, stats: undefined };
  }
  const control = new StfControlPlane(program.objects, sw, file);
  const run = interpretStf(commands, capture, { file, timeLimitMs: timeLimit, pipelinePackets: options.pipelinePackets ?? false });
  const result = driveStf(run, capture, {
    inject: (port, data) => void sw.inject(port, data),
    drain: () => sw.runUntilIdle(),
    apply: (command) => control.apply(command),
    stats: () => sw.stats,
  });
  return tracing !== undefined ? { ...result, traces: tracing.traces } : result;
}
