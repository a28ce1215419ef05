/** Tooling that tests compiled programs: running STF tests (loading a program is `runtime/loader/`). */
export { runStf, runStfText, type StfRunOptions, type StfSwitchOptions } from './stf-runner.ts';
export { interpretStf, driveStf, driveStfAsync, StfCapture, type StfResult, type StfBackend, type StfAsyncBackend, type StfEffect } from './stf-interpreter.ts';
export { StfExpectations, comparePacket, toHex, type ReceivedPacket } from './stf-expectations.ts';
export { StfControlPlane, type StfControlCommand, type StfControlOutcome, type StfSwitchTargets } from './stf-control.ts';
export { formatStfFailure, isErrorKind, type StfFailure, type StfFailureKind } from './stf-failure.ts';
export { asyncPipeline, ASYNC_VARIANTS, MODE_OF, flowFrames, ipv4Frame, type AsyncPipeline, type AsyncVariantName, type PipelineOptions } from './async-pipeline.ts';
