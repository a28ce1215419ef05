export { Counter, DirectCounter, type PacketLengthSource } from './counter.ts';
export { Meter, DirectMeter, type MeterRate } from './meter.ts';
export { Register, BigRegister } from './register.ts';
export { Prng } from './random.ts';
export { type Clock, MonotonicClock, ManualClock } from './clock.ts';
export {
  markToDrop,
  clone,
  clonePreservingFieldList,
  resubmitPreservingFieldList,
  recirculatePreservingFieldList,
  truncate,
  digest,
  random,
  randomBig,
  logMsg,
  formatLogMessage,
  v1Assert,
  v1Assume,
  PacketAbort,
  parserTimeout,
  type LogValue,
} from './primitives.ts';
export { NotSupportedError, ActionProfile, ActionSelector } from './unsupported.ts';
