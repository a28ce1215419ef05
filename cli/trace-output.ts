/**
 * `--trace` and `--trace-json FILE` of the commands that run a switch: a tracer that prints each
 * event as a line of text on stdout, writes it as a JSON line to FILE, or both.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { formatTraceEvent, traceEventJson, Tracer, type TraceEvent } from '../runtime/trace/index.ts';

export interface TraceFlags {
  readonly trace: boolean;
  readonly traceJson?: string;
}

export function addTraceOptions(command: Command): Command {
  return command
    .option('--trace', "print every packet's trace: parser states, extracted headers, table applies, extern sites, copies, egress port, drops", false)
    .option('--trace-json <file>', 'write the traces as JSON lines to FILE');
}

/** JSON lines are written in chunks of about this many characters. */
const CHUNK = 64 * 1024;

export interface TraceOutput {
  readonly tracer: Tracer;
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
  return {
    tracer: new Tracer(sink),
    close() {
      if (closed) return;
      closed = true;
      flush();
      if (fd >= 0) closeSync(fd);
    },
  };
}
