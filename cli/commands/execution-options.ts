import { InvalidArgumentError, Option, type Command } from 'commander';
import { PacketPool } from '../../runtime/coprocessor/pool.ts';
import { CoprocessorExecutor } from '../../runtime/p4ts/coprocessor-executor.ts';
import { SecurityStore } from '../../runtime/p4ts/security-store.ts';
import { InlineExecutor } from '../../runtime/tasks/executor.ts';
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { AnyProgram } from '../../runtime/switch/index.ts';
import type { V1SwitchOptions } from '../../runtime/v1model/switch-options.ts';

/** `--mode sync|context|longjump` and `--async-all`, shared by compile, run and test. */
export function addExecutionOptions(command: Command): Command {
  return command
    .addOption(new Option('--mode <mode>', 'execution mode of extern calls').choices(EXECUTION_MODES).default('sync'))
    .option('--async-all', 'make every extern call an extern site (exercises the async modes)', false);
}

export interface ExecutionFlags {
  readonly mode: ExecutionMode;
  readonly asyncAll: boolean;
}

/** Where extern tasks run: on the switch's thread, or on the worker co-processor. */
export type CoprocessorChoice = 'inline' | 'worker';

export interface CoprocessorFlags {
  readonly coprocessor: CoprocessorChoice;
  readonly burst: number;
  readonly flushUs: number;
}

const DEFAULT_BURST = 32;
const DEFAULT_FLUSH_US = 100;

function positiveInteger(name: string, min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${name} expects an integer ≥ ${min}, got '${text}'`);
    return n;
  };
}

/** `--coprocessor inline|worker`, `--burst N`, `--flush-us N` (run and test). */
export function addCoprocessorOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--coprocessor <where>',
        'where extern tasks run: inline (on the switch thread) or worker (a worker_threads co-processor; in sync mode each task is offloaded and waited for)',
      )
        .choices(['inline', 'worker'])
        .default('inline'),
    )
    .addOption(new Option('--burst <n>', 'extern tasks per burst sent to the co-processor, and packets processed between two polls of its results').argParser(positiveInteger('--burst', 1)).default(DEFAULT_BURST))
    .addOption(new Option('--flush-us <n>', 'a partial burst older than this is sent anyway (µs)').argParser(positiveInteger('--flush-us', 0)).default(DEFAULT_FLUSH_US));
}

/** Frame size and headroom of the switch in worker mode: pool buffers are maxFrameSize + 2 × headroom bytes. */
export const WORKER_MAX_FRAME = 2048;
export const WORKER_HEADROOM = 256;
/** Descriptors of the switch in worker mode, one pool buffer each. */
const WORKER_DESCRIPTORS = 1024;

/** The switch settings of an execution choice, and the co-processor behind them (worker mode). */
export interface Execution<S> {
  readonly switchOptions: V1SwitchOptions<S>;
  /** The worker co-processor (worker mode). */
  readonly coprocessor: CoprocessorExecutor | undefined;
  /** Starts the worker (worker mode); call after the control plane is configured or not, as SA changes reach the worker on their own. */
  start(): Promise<void>;
  /** Stops the worker. */
  close(): Promise<void>;
}

/** The p4ts security store of a program, or a fresh one when it uses no p4ts extern. */
export function securityStoreOf(program: AnyProgram<unknown>): SecurityStore {
  const entry = program.objects.lookup('p4ts.security');
  return entry?.kind === 'p4ts_security' && entry.object instanceof SecurityStore ? entry.object : new SecurityStore();
}

/**
 * Switch options for `--coprocessor` in the program's mode: sync + inline runs each extern at the
 * call on this thread; sync + worker offloads each and waits (`syncExecutor`); the async modes use
 * an `InlineExecutor` (inline) or the `CoprocessorExecutor` (worker) as `executor`. In worker mode
 * packet buffers come from the co-processor's shared pool, so tasks carry no bytes.
 */
export function createExecution<S>(program: AnyProgram<S>, flags: CoprocessorFlags): Execution<S> {
  const burst = flags.burst;
  if (flags.coprocessor === 'inline') {
    const switchOptions: V1SwitchOptions<S> = program.mode === 'sync' ? { burst } : { burst, executor: new InlineExecutor({ burstSize: burst, capacity: Math.max(1024, burst) }) };
    return { switchOptions, coprocessor: undefined, start: () => Promise.resolve(), close: () => Promise.resolve() };
  }
  const bufferSize = WORKER_MAX_FRAME + 2 * WORKER_HEADROOM;
  const pool = PacketPool.create(WORKER_DESCRIPTORS, bufferSize);
  const executor = new CoprocessorExecutor(securityStoreOf(program as AnyProgram<unknown>), pool, {
    burstSize: burst,
    flushMicros: flags.flushUs,
    capacity: 1024,
  });
  const switchOptions: V1SwitchOptions<S> = {
    burst,
    maxFrameSize: WORKER_MAX_FRAME,
    headroom: WORKER_HEADROOM,
    maxDescriptors: WORKER_DESCRIPTORS,
    allocateBuffer: () => {
      const buf = pool.alloc();
      if (buf < 0) throw new Error('the shared packet pool is exhausted');
      return pool.bytes(buf);
    },
    ...(program.mode === 'sync' ? { syncExecutor: executor } : { executor }),
  };
  let closed = false;
  return {
    switchOptions,
    coprocessor: executor,
    start: () => executor.start(),
    close: async () => {
      if (closed) return;
      closed = true;
      await executor.coprocessor.close();
    },
  };
}

/** Starts the execution's worker; when it does not start, prints why, closes it, sets exit code 2 and returns false. */
export async function startExecution<S>(execution: Execution<S>): Promise<boolean> {
  try {
    await execution.start();
    return true;
  } catch (e) {
    process.stderr.write(`p4ts: error: the co-processor worker did not start: ${e instanceof Error ? e.message : String(e)}\n`);
    await execution.close();
    process.exitCode = 2;
    return false;
  }
}
