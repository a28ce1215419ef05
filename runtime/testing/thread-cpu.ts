/**
 * CPU time of the calling thread, for per-packet cost figures that do not depend on how busy the
 * machine is (the paper's measure: what a packet costs the packet-processing core).
 *
 * `process.cpuUsage()` counts every thread of the process (the co-processor worker, the garbage
 * collector's helpers); Node 20 has no per-thread call, so this reads Linux's
 * `/proc/thread-self/schedstat`, whose first field is the nanoseconds the calling thread has run.
 * Elsewhere (or when procfs is missing) the reading is `NaN` and callers print no figure.
 *
 * Linux brings that count up to date only at a scheduler event (a timer tick, a switch), so a bare
 * read lags by the time since the last one: measured here (a 4 ms tick, 250 Hz), 10 ms busy loops
 * read 0.1–8.8 ms less than `process.cpuUsage()` (median 1.5–2.5 ms less: mostly under a tick, at
 * worst more than two); `process.cpuUsage()` (getrusage of the process) brings the calling
 * thread's count up to date as a side effect, so each reading calls it first (2.5 µs), and the
 * lag falls to what the two calls take.
 */
import { readFileSync } from 'node:fs';

let available: boolean | undefined;

/** Seconds of CPU time the calling thread has used, or NaN where the system does not say. */
export function threadCpuSeconds(): number {
  if (available === false) return Number.NaN;
  try {
    process.cpuUsage();
    const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
    const ns = Number(text.slice(0, text.indexOf(' ')));
    available = Number.isFinite(ns);
    return available ? ns / 1e9 : Number.NaN;
  } catch {
    available = false;
    return Number.NaN;
  }
}

/**
 * Seconds of CPU time another thread of this process has used (its Linux thread id, e.g. the
 * co-processor worker's `Coprocessor.workerStats().threadId`), or NaN where the system does not
 * say. Lags like a bare read (up to a scheduler tick or so): read it over spans of seconds.
 */
export function taskCpuSeconds(threadId: number): number {
  if (!(threadId > 0)) return Number.NaN;
  try {
    const text = readFileSync(`/proc/self/task/${threadId}/schedstat`, 'latin1');
    const ns = Number(text.slice(0, text.indexOf(' ')));
    return Number.isFinite(ns) ? ns / 1e9 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Seconds of CPU time of the whole process (every thread). */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
