/**
 * The paper's two machines as profiles: documented facts (`facts.ts`), T4P4S's assumed software
 * costs (`t4p4s.ts`) and six fitted values, three per machine, each solved on one number the paper
 * states (`fit.ts` solves them; `PAPER_FIT` holds the solved values, a test checks them):
 *
 * | machine | fitted | on |
 * |---|---|---|
 * | APU | `apuPipelinePacketCycles`: T4P4S's per-packet runtime work | L2 forwarding 430k |
 * | APU | `apuCryptoCallCycles`: the crypto library's cost per cipher or MAC op | IPsec 100% sync 76k |
 * | APU | `apuContextSwitchCycles`: one ucontext switch (seven per IPsec packet) | IPsec 100% context 48k |
 * | Threadripper | `softwareScale`: its cycles per APU cycle for the same software | IPsec 100% longjump 930k |
 * | Threadripper | `trSyncWaitCycles`: the synchronous round trip beyond the service time | IPsec 100% sync ~320k |
 * | Threadripper | `trContextSwitchCycles`: one ucontext switch | IPsec 100% context ~320k |
 *
 * Everything else is predicted. The APU's sync wait is not fitted: it is the hand-off both ways
 * (2 x `handoffCycles`). The Threadripper's software costs are the APU's times `softwareScale`
 * (the same T4P4S on a Zen core); its sync wait and context switch are fitted because they do not
 * follow that scaling (leave-one-out in docs/model.md shows by how much).
 */
import type { MatchKind } from '../work.ts';
import type { Profile } from '../profile.ts';
import { APU4D4_FACTS, THREADRIPPER_FACTS, type MachineFacts } from './facts.ts';
import { T4P4S_CONTEXT_SWITCHES_PER_PACKET, T4P4S_COSTS, T4P4S_RUNTIME, type T4p4sCosts } from './t4p4s.ts';

/** The values fitted on the paper's numbers. */
export interface PaperFit {
  apuPipelinePacketCycles: number;
  apuCryptoCallCycles: number;
  apuContextSwitchCycles: number;
  softwareScale: number;
  trSyncWaitCycles: number;
  trContextSwitchCycles: number;
}

export type PaperFitParam = keyof PaperFit;

/** What the paper profiles are built from besides the fitted values: the ones sensitivity varies. */
export interface PaperAssumptions {
  readonly software: T4p4sCosts;
  readonly apu: MachineFacts;
  readonly threadripper: MachineFacts;
}

export const PAPER_ASSUMPTIONS: PaperAssumptions = { software: T4P4S_COSTS, apu: APU4D4_FACTS, threadripper: THREADRIPPER_FACTS };

/** Solved by `fitPaper` (see `fit.ts`); a test checks these against a re-fit. */
export const PAPER_FIT: PaperFit = {
  apuPipelinePacketCycles: 1107.2,
  apuCryptoCallCycles: 2629.7,
  apuContextSwitchCycles: 2004.41,
  softwareScale: 0.3474,
  trSyncWaitCycles: 3303.0,
  trContextSwitchCycles: 1349.88,
};

export interface PaperProfiles {
  readonly apu4d4: Profile;
  readonly 'threadripper-1900x': Profile;
}

/** One machine's profile: the software costs (already in its cycles) on its hardware. */
function machineProfile(facts: MachineFacts, sw: T4p4sCosts, scale: number, fitted: { pipelinePacketCycles: number; cryptoCallCycles: number; syncWaitCycles: number; contextSwitchCycles: number }): Profile {
  const k = (x: number): number => x * scale;
  const lookupCycles: Record<MatchKind, number> = {
    exact: k(sw.lookupExact),
    lpm: k(sw.lookupLpm),
    ternary: k(sw.lookupTernary),
    range: k(sw.lookupRange),
    optional: k(sw.lookupOptional),
  };
  return {
    name: facts.name,
    description: facts.description,
    clockHz: facts.clockHz,
    mainCores: 1,
    lineRateBps: facts.lineRateBps,
    wireOverheadBytes: facts.wireOverheadBytes,
    rxBurst: 32,
    rxRingSize: facts.rxRingSize,
    defaultBurst: 32,
    cpu: {
      rxPacketCycles: k(sw.rxPacket),
      txPacketCycles: k(sw.txPacket),
      burstCallCycles: k(sw.burstCall),
      pipelinePacketCycles: fitted.pipelinePacketCycles,
      parseHeaderCycles: k(sw.parseHeader),
      parseByteCycles: k(sw.parseByte),
      emitHeaderCycles: k(sw.emitHeader),
      emitByteCycles: k(sw.emitByte),
      lookupCycles,
      actionPrimitiveCycles: k(sw.actionPrimitive),
      copyCallCycles: k(sw.copyCall),
      copyPerByte: facts.copyPerByte,
      checksumPerByte: k(sw.checksumPerByte),
      externCallCycles: k(sw.externCall),
    },
    coproc: {
      clockHz: facts.clockHz,
      burstCycles: k(sw.coprocBurst),
      taskCycles: k(sw.coprocTask),
      cryptoCallCycles: fitted.cryptoCallCycles,
      aesBlockCycles: facts.aesBlockCycles,
      ghashBlockCycles: facts.ghashBlockCycles,
      md5BlockCycles: facts.md5BlockCycles,
      sha1BlockCycles: facts.sha1BlockCycles,
      sha256BlockCycles: facts.sha256BlockCycles,
      operationCycles: {},
      operationBlockCycles: {},
      burnCallCycles: k(sw.burnCall),
      burnCyclesPerCycle: 1,
    },
    runtime: T4P4S_RUNTIME,
    modes: {
      syncSubmitCycles: k(sw.syncSubmit),
      syncWaitCycles: fitted.syncWaitCycles,
      asyncTaskCycles: k(sw.asyncTask),
      asyncBurstCycles: k(sw.asyncBurst),
      asyncPollCycles: k(sw.asyncPoll),
      asyncResultCycles: k(sw.asyncResult),
      asyncHandoffCycles: facts.handoffCycles,
      maxInFlight: 1024,
      flushTimeoutNs: 100_000,
      contextSwitchCycles: fitted.contextSwitchCycles,
      contextFrameBytes: 0,
      contextCopiesDescriptor: true,
      contextCreateCycles: k(sw.contextCreate),
      contextSwitchesPerPacket: T4P4S_CONTEXT_SWITCHES_PER_PACKET,
      parkCycles: k(sw.park),
      reentryCycles: k(sw.restore),
      reparse: true,
      rerun: true,
      rerunFromStart: true,
      helpWhenBehind: false,
    },
  };
}

/** The two paper profiles from assumptions and fitted values. */
export function paperProfiles(fit: PaperFit = PAPER_FIT, a: PaperAssumptions = PAPER_ASSUMPTIONS): PaperProfiles {
  const s = fit.softwareScale;
  return {
    apu4d4: machineProfile(a.apu, a.software, 1, {
      pipelinePacketCycles: fit.apuPipelinePacketCycles,
      cryptoCallCycles: fit.apuCryptoCallCycles,
      syncWaitCycles: 2 * a.apu.handoffCycles,
      contextSwitchCycles: fit.apuContextSwitchCycles,
    }),
    'threadripper-1900x': machineProfile(a.threadripper, a.software, s, {
      pipelinePacketCycles: s * fit.apuPipelinePacketCycles,
      cryptoCallCycles: s * fit.apuCryptoCallCycles,
      syncWaitCycles: fit.trSyncWaitCycles,
      contextSwitchCycles: fit.trContextSwitchCycles,
    }),
  };
}
