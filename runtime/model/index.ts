/**
 * The p4ts cost model: predicts packets per second of a compiled program on a target profile in
 * each extern mode, reproduces the paper's experiments, and draws its figures.
 * See docs/model.md.
 */
export type { ExternCall, ExternOp, MatchKind, OpCounts, PacketWork, PathWork } from './work.ts';
export { MATCH_KINDS, addOps, noOps, opsOf } from './work.ts';
export type { ModelMode } from './costs.ts';
export { MODEL_MODES, opCycles, pathCost, pipelineCycles, taskServiceCycles } from './costs.ts';
export type { ExternFraming, ParamOrigin, Profile, RuntimeCosts } from './profile.ts';
export { lineRatePps } from './profile.ts';
export type { TargetName } from './profiles/index.ts';
export { TARGETS, isTargetName, loadProfile, profiles, resolveProfile } from './profiles/index.ts';
export type { PredictOptions, Prediction } from './predict.ts';
export { predict, simInput } from './predict.ts';
export type { SimInput, SimResult } from './simulate.ts';
export { boundPps, simulate } from './simulate.ts';
export type { PaperAssumptions, PaperFit, PaperFitParam, PaperProfiles } from './profiles/paper.ts';
export { PAPER_ASSUMPTIONS, PAPER_FIT, paperProfiles } from './profiles/paper.ts';
export type { ModelPoint, PaperPoint, PaperProgram, PaperWorkSource, SettingPoint } from './paper.ts';
export { BURN_CYCLES, BURN_SHARES, ENCRYPTION_SHARES, IPSEC_SHARES, PAPER_FRAME_BYTES, PAPER_PROGRAMS, SETTING_BURSTS, SETTING_FRAME_BYTES, findPaperPoint, paperPoints, pointId, predictPoint, reproducePaper, reproduceSettings, settingPoints } from './paper.ts';
export type { ClaimResult, PaperClaim } from './claims.ts';
export { PAPER_CLAIMS, crossoverCycles, ppsOf } from './claims.ts';
export type { FitStep, LeaveOneOut, StepResult } from './fit.ts';
export { FIT_PLAN, FitError, LEAVE_ONE_OUT, fitPaper, leaveOneOut, pointPps } from './fit.ts';
export type { PaperRow, PaperSummary } from './paper-table.ts';
export { paperTable, summarizePaperTable } from './paper-table.ts';
export type { Assumption, SensitivityCase } from './sensitivity.ts';
export { paperAssumptionList, paperSensitivity, predictedRows } from './sensitivity.ts';
export type { MachineFacts } from './profiles/facts.ts';
export { APU4D4_FACTS, FACT_ORIGINS, THREADRIPPER_FACTS, factOrigin } from './profiles/facts.ts';
export type { FactOrigin, PaperMachine } from './profiles/facts.ts';
export type { T4p4sCosts } from './profiles/t4p4s.ts';
export { T4P4S_COSTS, T4P4S_RUNTIME, t4p4sPaperWork } from './profiles/t4p4s.ts';
export type { CalibrationMeasurement, ExecutorPolicy, LocalCalibration, LocalHarness, LocalOpCosts, LocalStreamCosts, LocalVariant, RingCalibration, StraightPathUse } from './local.ts';
export { CALIBRATION_VERSION, LOCAL_VARIANTS, WORKER_RELEASE_EVERY, asRun, calibrationProblem, helpedShareOf, localProfile, straightPathUse, variantMode } from './local.ts';
export * from './plot/index.ts';
