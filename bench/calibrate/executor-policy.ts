/**
 * The co-processor's scheduling policy, read from the runtime itself rather than copied into the
 * model: `Coprocessor.helpBacklog` (tasks waiting for the worker beyond which the main thread
 * helps) for each burst size the bench uses, with the capacity the streaming harness gives its
 * executor, whether a partial burst goes out at once to an idle worker — one that has spun for
 * work half its spin window since 2026-12-07 (`DROWSY_SPIN_SHARE`) — (the runtime's default
 * of `CoprocessorOptions.publishWhenIdle`; a test checks it against a running co-processor), and
 * from how many staged tasks on (`Coprocessor.idleBurst`, a quarter burst), and after what share
 * of its spin window the worker says it is drowsy (`Coprocessor.drowsyMicros` of a co-processor
 * with the default window, `DEFAULT_SPIN_MICROS`).
 * Constructing a `Coprocessor` allocates its rings but starts no worker.
 */
import { Coprocessor, DEFAULT_SPIN_MICROS } from '../../runtime/coprocessor/index.ts';
import type { ExecutorPolicy } from '../../runtime/model/local.ts';

/** Bursts the policy is recorded for (the bench sweeps 1 to 64). */
export const POLICY_BURSTS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/** The streaming harness's executor capacity (`DESCRIPTORS` of `runtime/testing/async-pipeline.ts`). */
const HARNESS_CAPACITY = 1024;

/** `CoprocessorOptions.publishWhenIdle`'s default. */
export const PUBLISH_WHEN_IDLE = true;

export function executorPolicy(): ExecutorPolicy {
  const cops = POLICY_BURSTS.map((burst) => [String(burst), new Coprocessor({ burstSize: burst, capacity: HARNESS_CAPACITY, poolBuffers: 1, bufferSize: 64 })] as const);
  return {
    helpBacklog: Object.fromEntries(cops.map(([b, c]) => [b, c.helpBacklog])),
    publishWhenIdle: PUBLISH_WHEN_IDLE,
    idleBurst: Object.fromEntries(cops.map(([b, c]) => [b, c.idleBurst])),
    drowsySpinShare: cops[0]![1].drowsyMicros / DEFAULT_SPIN_MICROS,
  };
}
