/**
 * Helpers for tests that run compiled P4 programs with p4ts externs: compile and load a program
 * in a mode, set up the worker co-processor with a shared packet pool, run a switch to idle
 * while letting the event loop turn (so a dead worker is noticed).
 */
import { compileFile } from '../../compiler/compile.ts';
import { formatDiagnostic } from '../../compiler/diagnostics/index.ts';
import { PacketPool } from '../../runtime/coprocessor/pool.ts';
import { CoprocessorExecutor, type CoprocessorExecutorOptions } from '../../runtime/p4ts/coprocessor-executor.ts';
import { SecurityStore } from '../../runtime/p4ts/security-store.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import { asV1Program, type AnyProgram, type AnySwitch } from '../../runtime/switch/index.ts';
import type { V1Program } from '../../runtime/v1model/program.ts';
import type { V1SwitchOptions } from '../../runtime/v1model/switch-options.ts';

export const MODES: readonly ExecutionMode[] = EXECUTION_MODES;

/** Compiles `path` (a P4 file of either architecture) in `mode` and loads it; returns the program factory. */
export async function loadAnyP4(path: string, mode: ExecutionMode, asyncAll = false, trace = false): Promise<() => AnyProgram<unknown>> {
  const r = compileFile(path, { mode, asyncAll, trace });
  if (!r.ok || r.code === undefined) throw new Error(`${path} does not compile:\n${r.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
  const { createProgram } = await loadProgramModule(r.code, undefined, { name: path.replace(/^.*\//, '').replace(/\.p4$/, '') });
  return createProgram;
}

/** `loadAnyP4` of a v1model program. */
export async function loadP4(path: string, mode: ExecutionMode, asyncAll = false, trace = false): Promise<() => V1Program<unknown>> {
  const createProgram = await loadAnyP4(path, mode, asyncAll, trace);
  return () => asV1Program(createProgram(), 'the examples harness');
}

export function securityOf(program: AnyProgram<unknown>): SecurityStore {
  const store = program.objects.get('p4ts.security', 'p4ts_security');
  if (!(store instanceof SecurityStore)) throw new Error('p4ts.security is not a SecurityStore');
  return store;
}

export const WORKER_FRAME = 2048;
export const WORKER_HEADROOM = 256;

export interface WorkerSetup {
  readonly executor: CoprocessorExecutor;
  readonly pool: PacketPool;
  /** Switch options: the executor (or sync executor in sync mode) and buffers from the pool. */
  readonly switchOptions: V1SwitchOptions<unknown>;
}

/** A (not yet started) co-processor executor for `program` and the switch options that use it. */
export function workerSetup(program: AnyProgram<unknown>, options: CoprocessorExecutorOptions = {}, descriptors = 256): WorkerSetup {
  const pool = PacketPool.create(descriptors, WORKER_FRAME + 2 * WORKER_HEADROOM);
  const executor = new CoprocessorExecutor(securityOf(program), pool, options);
  const switchOptions: V1SwitchOptions<unknown> = {
    maxFrameSize: WORKER_FRAME,
    headroom: WORKER_HEADROOM,
    maxDescriptors: descriptors,
    allocateBuffer: () => {
      const b = pool.alloc();
      if (b < 0) throw new Error('packet pool exhausted');
      return pool.bytes(b);
    },
    ...(program.mode === 'sync' ? { syncExecutor: executor } : { executor }),
  };
  return { executor, pool, switchOptions };
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `runUntilIdle`, but yielding to the event loop while packets wait on the co-processor (and
 * every few pumps), so worker exits are seen. Throws after `stallMs` without progress.
 */
export async function runToIdle<S>(sw: AnySwitch<S>, stallMs = 10_000): Promise<void> {
  let last = Date.now();
  let pumps = 0;
  for (;;) {
    const worked = sw.pump();
    if (worked > 0) {
      last = Date.now();
      if (++pumps % 64 === 0) await turn();
      continue;
    }
    if (sw.inFlight === 0) return;
    sw.executor.flush();
    await turn();
    if (Date.now() - last > stallMs) throw new Error(`no progress for ${stallMs} ms with ${sw.parked} packets parked`);
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
