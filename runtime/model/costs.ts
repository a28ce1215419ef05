/**
 * Cost accounting: turns one path's `PathWork` and a `Profile` into the cycle amounts the
 * simulator schedules (main-core segments, co-processor service per task, each mode's overheads).
 * Pure arithmetic, no time: the simulator decides what overlaps with what.
 */
import { EXECUTION_MODES, type ExecutionMode } from '../../contract/execution-mode.ts';
import type { Profile } from './profile.ts';
import type { ExternCall, ExternOp, PathWork } from './work.ts';
import { MATCH_KINDS } from './work.ts';

/** The extern execution modes the model knows (the paper's non-async, ucontext and longjump): those of `contract/execution-mode.ts`. */
export type ModelMode = ExecutionMode;

export const MODEL_MODES: readonly ModelMode[] = EXECUTION_MODES;

/** Cycles of one extern call, split by who pays them and when. */
export interface CallCost {
  /** Main core, before the call: the pipeline segment leading to the site + copying the task in. */
  beforeCycles: number;
  /** Co-processor cycles of the task itself (per-task handling + the ops), excluding per-burst cost. */
  serviceCycles: number;
  /** Main core, when suspending at the site (async modes: park / save context + enqueue). */
  suspendCycles: number;
  /** Main core, when resuming (async modes: re-entry / context restore + taking the result). */
  resumeCycles: number;
  /** Main core, sync mode: submitting the op (the wait is `syncWaitCycles` + service). */
  syncSubmitCycles: number;
}

/** A path's costs for one mode. */
export interface PathCost {
  /** Main-core cycles of a path without externs (everything but rx/tx), or after the last call. */
  afterCycles: number;
  calls: readonly CallCost[];
  frameBytesOut: number;
}

/** Main-core cycles of the pipeline work along a path (no rx/tx, no extern overheads). */
export function pipelineCycles(work: PathWork, profile: Profile): number {
  const cpu = profile.cpu;
  let lookups = 0;
  for (const kind of MATCH_KINDS) lookups += (work.lookups[kind] ?? 0) * cpu.lookupCycles[kind];
  const copies = work.bytesCopied > 0 ? cpu.copyCallCycles + work.bytesCopied * cpu.copyPerByte : 0;
  return (
    cpu.pipelinePacketCycles +
    work.headersParsed * cpu.parseHeaderCycles +
    work.bytesParsed * cpu.parseByteCycles +
    work.headersEmitted * cpu.emitHeaderCycles +
    work.bytesEmitted * cpu.emitByteCycles +
    lookups +
    work.actionPrimitives * cpu.actionPrimitiveCycles +
    copies +
    work.checksumBytes * cpu.checksumPerByte
  );
}

/** Co-processor cycles of one op. */
export function opCycles(op: ExternOp, profile: Profile): number {
  const c = profile.coproc;
  switch (op.kind) {
    case 'aes-cbc':
      return c.aesCallCycles + op.blocks * c.aesBlockCycles * (op.keyBits === 256 ? 14 / 10 : 1);
    case 'aes-gcm':
      return c.aesCallCycles + op.blocks * c.aesBlockCycles * (op.keyBits === 256 ? 14 / 10 : 1) + op.ghashBlocks * c.ghashBlockCycles;
    case 'hmac': {
      const perBlock = op.hash === 'md5' ? c.md5BlockCycles : op.hash === 'sha1' ? c.sha1BlockCycles : c.sha256BlockCycles;
      return c.hmacCallCycles + op.blocks * perBlock;
    }
    case 'burn':
      return c.burnCallCycles + op.cycles;
  }
}

/** Co-processor cycles of one task (per-task handling + its ops), without the per-burst cost. */
export function taskServiceCycles(call: ExternCall, profile: Profile): number {
  let cycles = profile.coproc.taskCycles;
  for (const op of call.ops) cycles += opCycles(op, profile);
  return cycles;
}

function copyCycles(bytes: number, profile: Profile): number {
  return bytes > 0 ? profile.cpu.copyCallCycles + bytes * profile.cpu.copyPerByte : 0;
}

/** Main-core cycles of suspending and resuming at one extern site, per mode. */
function modeOverheads(work: PathWork, mode: ModelMode, profile: Profile): { suspend: number; resume: number } {
  const m = profile.modes;
  switch (mode) {
    case 'sync':
      return { suspend: 0, resume: 0 };
    case 'context': {
      const frame = copyCycles(m.contextFrameBytes, profile);
      return {
        suspend: m.contextCreateCycles + m.contextSwitchCycles + frame + m.asyncTaskCycles,
        resume: m.contextSwitchCycles + frame + m.asyncResultCycles,
      };
    }
    case 'longjump': {
      const state = copyCycles(work.liveStateBytes, profile);
      const reparse = m.reparse
        ? work.reparseHeaders * profile.cpu.parseHeaderCycles + work.reparseBytes * profile.cpu.parseByteCycles
        : 0;
      return {
        suspend: m.parkCycles + state + m.asyncTaskCycles,
        resume: m.reentryCycles + state + reparse + m.asyncResultCycles,
      };
    }
  }
}

/** Costs of one path in one mode. */
export function pathCost(work: PathWork, mode: ModelMode, profile: Profile): PathCost {
  const pipeline = pipelineCycles(work, profile);
  const n = work.externCalls.length;
  if (n === 0) return { afterCycles: pipeline, calls: [], frameBytesOut: work.frameBytesOut };
  const after = pipeline * work.workAfterExtern;
  const beforeEach = (pipeline - after) / n;
  const { suspend, resume } = modeOverheads(work, mode, profile);
  const calls = work.externCalls.map((call): CallCost => ({
    beforeCycles: beforeEach + profile.cpu.externCallCycles + copyCycles(call.taskBytes, profile),
    serviceCycles: taskServiceCycles(call, profile),
    suspendCycles: suspend,
    resumeCycles: resume + copyCycles(call.resultBytes, profile),
    syncSubmitCycles: profile.modes.syncSubmitCycles,
  }));
  return { afterCycles: after, calls, frameBytesOut: work.frameBytesOut };
}
