/**
 * `predict`: packets per second of a program (its `PacketWork`) on a target profile in one mode.
 * Builds the simulator input from the cost accounting and applies the output line-rate cap
 * (the simulator already caps the input side: frames arrive at line rate).
 */
import { pathCost } from './costs.ts';
import type { ModelMode } from './costs.ts';
import type { Profile } from './profile.ts';
import { lineRatePps } from './profile.ts';
import { resolveProfile } from './profiles/index.ts';
import type { TargetName } from './profiles/index.ts';
import { boundPps, simulate } from './simulate.ts';
import type { SimInput } from './simulate.ts';
import type { PacketWork } from './work.ts';
import { DROWSY_SPIN_SHARE, idleBurstOf } from '../coprocessor/protocol.ts';

export interface PredictOptions {
  /** Fraction of packets that call the extern, 0..1 (default 1; ignored without extern sites). */
  externShare?: number;
  /** Co-processor burst size (default: the profile's). */
  burst?: number;
  /** Packets to simulate (default 20,000). */
  packets?: number;
}

export interface Prediction {
  pps: number;
  /** What limits throughput. */
  bottleneck: 'main-core' | 'co-processor' | 'line-rate';
  /** The simulation's figures before the output line cap. */
  simulatedPps: number;
  /** Closed-form bound (slowest resource, full bursts), for comparison. */
  boundPps: number;
  mainBusy: number;
  coprocBusy: number;
  lineRatePps: number;
  /** Share of extern tasks the main core ran itself because the co-processor was behind. */
  helpedShare: number;
  /** Main-core busy ns per packet (what a packet costs the core that runs the pipeline). */
  mainNsPerPacket: number;
}

/** The simulator input for one prediction (exported for fitting and tests). */
export function simInput(work: PacketWork, target: TargetName | Profile, mode: ModelMode, opts: PredictOptions = {}): SimInput {
  const profile = resolveProfile(target);
  const hasExtern = work.extern.externCalls.length > 0;
  const share = hasExtern ? clamp01(opts.externShare ?? 1) : 0;
  const m = profile.modes;
  const burst = Math.max(1, Math.floor(opts.burst ?? profile.defaultBurst));
  return {
    mode,
    share,
    plain: pathCost(work.plain, mode, profile),
    extern: pathCost(work.extern, mode, profile),
    mainClockHz: profile.clockHz,
    coprocClockHz: profile.coproc.clockHz,
    arrivalIntervalNs: 1e9 / lineRatePps(profile, work.plain.frameBytesIn),
    rxBurst: profile.rxBurst,
    rxRingSize: profile.rxRingSize,
    rxPacketCycles: profile.cpu.rxPacketCycles,
    txPacketCycles: profile.cpu.txPacketCycles,
    burstCallCycles: profile.cpu.burstCallCycles,
    burst,
    coprocBurstCycles: profile.coproc.burstCycles,
    coprocIdleSpinNs: profile.coproc.idleSpinNs ?? Infinity,
    coprocWakeNs: profile.coproc.wakeNs ?? 0,
    syncWaitCycles: m.syncWaitCycles,
    asyncBurstCycles: m.asyncBurstCycles,
    asyncPollCycles: m.asyncPollCycles,
    asyncHandoffCycles: m.asyncHandoffCycles,
    maxInFlight: m.maxInFlight,
    flushTimeoutNs: m.flushTimeoutNs,
    helpWhenBehind: m.helpWhenBehind,
    ...(m.p4tsExecutor !== undefined && mode !== 'sync'
      ? { executor: { refuseAbove: m.p4tsExecutor.helpBacklog[burst] ?? burst, releaseEvery: m.p4tsExecutor.releaseEvery, publishWhenIdle: m.p4tsExecutor.publishWhenIdle, idleBurst: m.p4tsExecutor.idleBurst?.[burst] ?? idleBurstOf(burst), drowsySpinShare: m.p4tsExecutor.drowsySpinShare ?? DROWSY_SPIN_SHARE } }
      : {}),
    packets: opts.packets ?? 20_000,
  };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 1;
}

/** Output line cap: the wire time of the mix of transmitted frames. */
function outputCapPps(work: PacketWork, profile: Profile, share: number): number {
  const wire = (bytes: number): number => 1 / lineRatePps(profile, bytes);
  const perPacket = (1 - share) * wire(work.plain.frameBytesOut) + share * wire(work.extern.frameBytesOut);
  return 1 / perPacket;
}

/** Predicted packets per second of `work` on `target` in `mode`. */
export function predict(work: PacketWork, target: TargetName | Profile, mode: ModelMode, opts: PredictOptions = {}): Prediction {
  const profile = resolveProfile(target);
  const input = simInput(work, profile, mode, opts);
  const sim = simulate(input);
  const bound = boundPps(input);
  const inLine = lineRatePps(profile, work.plain.frameBytesIn);
  const outLine = outputCapPps(work, profile, input.share);
  const line = Math.min(inLine, outLine);
  const pps = Math.min(sim.pps, outLine);
  let bottleneck: Prediction['bottleneck'] = 'main-core';
  if (pps >= line * 0.98) bottleneck = 'line-rate';
  else if (mode !== 'sync' && sim.coprocBusy > sim.mainBusy) bottleneck = 'co-processor';
  return {
    pps,
    bottleneck,
    simulatedPps: sim.pps,
    boundPps: Math.min(bound, outLine),
    mainBusy: sim.mainBusy,
    coprocBusy: sim.coprocBusy,
    lineRatePps: line,
    helpedShare: sim.helpedShare,
    mainNsPerPacket: sim.mainNsPerPacket,
  };
}
