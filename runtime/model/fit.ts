/**
 * Fitting: solves a profile's `fitted` parameters, in the listed order, each by bisection so the
 * simulated pps of its paper point equals the point's number (or the spec's `targetPps`).
 *
 * The order makes one pass exact: each point depends only on parameters fitted before it or on
 * its own (L2 forwarding does not call externs, so it ignores the sync wait and the context
 * switch; the sync point does not involve the context switch; longjump involves neither).
 * `p4ts model --paper` prints the solved values beside the committed ones; a test checks the
 * committed values still agree with a re-fit.
 */
import { findPaperPoint, predictPoint, type PaperWorkSource } from './paper.ts';
import type { FitSpec, FittableParam, Profile } from './profile.ts';

export interface FitResult {
  param: FittableParam;
  point: string;
  targetPps: number;
  value: number;
  predictedPps: number;
}

function withParam(profile: Profile, param: FittableParam, value: number): Profile {
  switch (param) {
    case 'cpu.pipelinePacketCycles':
      return { ...profile, cpu: { ...profile.cpu, pipelinePacketCycles: value } };
    case 'modes.syncWaitCycles':
      return { ...profile, modes: { ...profile.modes, syncWaitCycles: value } };
    case 'modes.contextSwitchCycles':
      return { ...profile, modes: { ...profile.modes, contextSwitchCycles: value } };
  }
}

/** Solves one spec: the value in [0, 1e6] cycles where the point's pps meets the target (pps falls as cost rises). */
function solve(profile: Profile, spec: FitSpec, workOf: PaperWorkSource): FitResult {
  const point = findPaperPoint(spec.point);
  const target = spec.targetPps ?? point.paperPps;
  if (target === null || target === undefined) throw new Error(`point ${spec.point} states no number to fit on`);
  let lo = 0;
  let hi = 1e6;
  if (predictPoint(point, workOf, withParam(profile, spec.param, lo)) < target) {
    throw new Error(`cannot fit ${spec.param} on ${spec.point}: even at 0 cycles the prediction is below ${target}`);
  }
  for (let i = 0; i < 60 && hi - lo > 0.01; i++) {
    const mid = (lo + hi) / 2;
    if (predictPoint(point, workOf, withParam(profile, spec.param, mid)) > target) lo = mid;
    else hi = mid;
  }
  const value = Math.round(((lo + hi) / 2) * 100) / 100;
  return { param: spec.param, point: spec.point, targetPps: target, value, predictedPps: predictPoint(point, workOf, withParam(profile, spec.param, value)) };
}

/** Fits `profile.fitted` in order; returns the fitted profile and the solved values. */
export function fitProfile(profile: Profile, workOf: PaperWorkSource): { profile: Profile; results: FitResult[] } {
  let current = profile;
  const results: FitResult[] = [];
  for (const spec of profile.fitted) {
    const r = solve(current, spec, workOf);
    current = withParam(current, spec.param, r.value);
    results.push(r);
  }
  return { profile: current, results };
}

/** The current value of a fittable parameter in a profile. */
export function paramValue(profile: Profile, param: FittableParam): number {
  switch (param) {
    case 'cpu.pipelinePacketCycles':
      return profile.cpu.pipelinePacketCycles;
    case 'modes.syncWaitCycles':
      return profile.modes.syncWaitCycles;
    case 'modes.contextSwitchCycles':
      return profile.modes.contextSwitchCycles;
  }
}
