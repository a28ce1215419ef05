/**
 * CPU time of the calling thread, for per-packet cost figures that do not depend on how busy the
 * machine is (the paper's measure: what a packet costs the packet-processing core).
 *
 * `process.cpuUsage()` counts every thread of the process (the co-processor worker, the garbage
 * collector's helpers); Node 20 has no per-thread call, so this reads Linux's
 * `/proc/thread-self/schedstat`, whose first field is the nanoseconds the calling thread has run.
 * Elsewhere (or when procfs is missing) the reading is `NaN` and callers print no figure.
 */
import { readFileSync } from 'node:fs';

let available: boolean | undefined;

/** Seconds of CPU time the calling thread has used, or NaN where the system does not say. */
export function threadCpuSeconds(): number {
  if (available === false) return Number.NaN;
  try {
    const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
    const ns = Number(text.slice(0, text.indexOf(' ')));
    available = Number.isFinite(ns);
    return available ? ns / 1e9 : Number.NaN;
  } catch {
    available = false;
    return Number.NaN;
  }
}

/** Seconds of CPU time of the whole process (every thread). */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
