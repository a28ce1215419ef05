/** Helpers that generated pipelines call (beside runtime/bits, runtime/packet and the v1model externs). */
export * from './wide-number.ts';
export * from './stack.ts';
export * from './equal.ts';
export * from './yield-task.ts';
export * from './value-set.ts';
