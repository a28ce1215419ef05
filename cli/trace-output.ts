/**
 * `--trace` and `--trace-json FILE` of the commands that run a switch: a tracer that prints each
 * event as a line of text on stdout, writes it as a JSON line to FILE, or both. The program is
 * then compiled with tracing (`compileOptions`), so it reports its parser states, extracted
 * headers and table applies too; without the flags it is compiled without any trace code.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { formatTraceEvent, traceEventJson, Tracer, type TraceEvent } from '../runtime/trace/index.ts';
import type { AnyProgram } from '../runtime/switch/index.ts';

export interface TraceFlags {
  readonly trace: boolean;
  readonly traceJson?: string;
}

export function addTraceOptions(command: Command): Command {
  return command
    .option('--trace', "print every packet's trace: parser states, extracted headers, table applies, extern sites, copies, egress port, drops", false)
    .option('--trace-json <file>', 'write the traces as JSON lines to FILE');
}

/** Whether the flags ask for traces. */
export function tracing(flags: TraceFlags): boolean {
  return flags.trace || flags.traceJson !== undefined;
}

/** The compile option of the flags: programs are compiled with trace calls only when traced. */
export function traceCompileOption(flags: TraceFlags): { readonly trace: boolean } {
  return { trace: tracing(flags) };
}

/** JSON lines are written in chunks of about this many characters. */
const CHUNK = 64 * 1024;

export interface TraceOutput {
  readonly tracer: Tracer;
  /** The switch options that trace `program` (its extern sites named). */
  switchOptions(program: AnyProgram<unknown>): { readonly tracer: Tracer };
  /** Writes out what is buffered and closes the file. */
  close(): void;
}

/** The tracer of the flags, or undefined when neither is given. Throws when FILE cannot be created. */
export function traceOutput(flags: TraceFlags, write: (text: string) => void = (t) => process.stdout.write(t)): TraceOutput | undefined {
  if (!flags.trace && flags.traceJson === undefined) return undefined;
  const fd = flags.traceJson !== undefined ? openSync(flags.traceJson, 'w') : -1;
  let pending = '';
  const flush = (): void => {
    if (fd >= 0 && pending !== '') writeSync(fd, pending);
    pending = '';
  };
  const sink = (e: TraceEvent): void => {
    if (flags.trace) write(`${formatTraceEvent(e)}\n`);
    if (fd >= 0) {
      pending += `${traceEventJson(e)}\n`;
      if (pending.length >= CHUNK) flush();
    }
  };
  let closed = false;
  const tracer = new Tracer(sink);
  return {
    switchOptions(program) {
      tracer.useSites(program.traceSites);
      return { tracer };
    },
    tracer,
    close() {
      if (closed) return;
      closed = true;
      flush();
      if (fd >= 0) closeSync(fd);
    },
  };
}

/**
 * The trace output of the flags for a command: undefined when not tracing, null when FILE cannot
 * be created (the error printed, the exit code set).
 */
export function openTraceOutput(flags: TraceFlags): TraceOutput | undefined | null {
  try {
    return traceOutput(flags);
  } catch (e) {
    process.stderr.write(`p4ts: error: --trace-json: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
    return null;
  }
}

/**
 * Switch options for a command's traces: the tracer when tracing (log_msg lines are then part of
 * the trace), otherwise each log_msg printed as `packet N: log_msg: …`.
 */
export function traceSwitchOptions(
  trace: TraceOutput | undefined,
  program: AnyProgram<unknown>,
  write: (text: string) => void = (t) => process.stdout.write(t),
): { readonly tracer: Tracer } | { readonly onLog: (message: string, d: { readonly packetId: number }) => void } {
  if (trace !== undefined) return trace.switchOptions(program);
  return { onLog: (message, d) => write(`packet ${d.packetId}: log_msg: ${message}\n`) };
}
