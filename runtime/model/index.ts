/**
 * The p4ts cost model: predicts packets per second of a compiled program on a target profile in
 * each extern mode, reproduces the paper's experiments, and draws its figures.
 * See docs/model.md.
 */
export type { ExternCall, ExternOp, MatchKind, OpCounts, PacketWork, PathWork } from './work.ts';
export { MATCH_KINDS, addOps, noOps, opsOf } from './work.ts';
export type { ModelMode } from './costs.ts';
export { MODEL_MODES, opCycles, pathCost, pipelineCycles, taskServiceCycles } from './costs.ts';
export type { ExternFraming, FitSpec, FittableParam, Profile, RuntimeCosts } from './profile.ts';
export { lineRatePps } from './profile.ts';
export type { TargetName } from './profiles/index.ts';
export { TARGETS, isTargetName, loadProfile, profiles, resolveProfile } from './profiles/index.ts';
export type { PredictOptions, Prediction } from './predict.ts';
export { predict, simInput } from './predict.ts';
export type { SimInput, SimResult } from './simulate.ts';
export { boundPps, simulate } from './simulate.ts';
export type { ModelPoint, PaperClaim, PaperPoint, PaperProgram, PaperWorkSource } from './paper.ts';
export { BURN_CYCLES, BURN_SHARES, ENCRYPTION_SHARES, IPSEC_SHARES, PAPER_CLAIMS, PAPER_PROGRAMS, paperPoints, pointId, predictPoint, reproducePaper } from './paper.ts';
export type { FitResult } from './fit.ts';
export { fitProfile } from './fit.ts';
export * from './plot/index.ts';
