/**
 * The co-processor: a worker thread fed through SharedArrayBuffer rings, standing for the paper's
 * dedicated crypto / co-processor. See `coprocessor.ts` for the burst, flush, backpressure and
 * fault design, `registry.ts` for pluggable operations, `ring.ts` and `pool.ts` for shared memory.
 */
export { Coprocessor, DEFAULT_SPIN_MICROS, nowMicros } from './coprocessor.ts';
export type { CoTask, CoprocessorOptions, CoprocessorState, CoprocessorStats, ResultCallback, WorkerStats } from './coprocessor.ts';
export { PacketPool } from './pool.ts';
export { SpscRing } from './ring.ts';
export {
  OpError,
  OpRegistry,
  OpRunner,
  DEFAULT_NOMINAL_HZ,
  burnIterations,
  calibrateBurn,
  loadOpModules,
  registerBuiltins,
} from './registry.ts';
export type { BurnCalibration, OpHandler, OpModule, OpModuleSpec } from './registry.ts';
export { BuiltinOp, ErrorCode, FIRST_DYNAMIC_OP, MAX_ARGS, MAX_OP, PUBLISH_EVERY, SLOT_WORDS, STATUS_REASON, Status, WorkerStat, reasonOf } from './protocol.ts';
