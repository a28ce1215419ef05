/**
 * Extern tasks: the work of an extern site as an object a pipeline hands to an executor, and
 * the executor protocol (submit, poll, flush). Architecture-neutral: the v1model switch, the
 * p4ts externs and the co-processor all build on it.
 */
export { ExternFailure, InlineExecutor, type ExternExecutor, type ExternTask, type InlineExecutorOptions } from './executor.ts';
