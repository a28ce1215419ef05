/**
 * A compiled program of either architecture and the switch that runs it: v1model programs on
 * `V1Switch` (`runtime/v1model/`), PSA programs on `PsaSwitch` (`runtime/psa/`). The generated
 * module says which it is (a PSA program has `architecture: 'psa'`); tools that take any
 * program (`p4ts test`, `p4ts run`) create the switch here.
 */
import type { V1Program } from '../v1model/program.ts';
import { V1Switch } from '../v1model/switch.ts';
import type { V1SwitchOptions } from '../v1model/switch-options.ts';
import type { PsaPacketState, PsaProgram } from '../psa/program.ts';
import { PsaSwitch, type PsaSwitchOptions } from '../psa/switch.ts';

/** A compiled program of any architecture. */
export type AnyProgram<S = unknown> = V1Program<S> | PsaProgram<S & PsaPacketState>;

/** The switch running an `AnyProgram`. */
export type AnySwitch<S = unknown> = V1Switch<S> | PsaSwitch<S & PsaPacketState>;

/**
 * Switch settings for a program of either architecture: the v1model switch's, and where PSA
 * `Digest` messages go. A PSA switch takes them all but `dropPort` (PSA has none) and `onDigest`
 * (v1model's `digest(receiver, data)`; PSA's messages go to `onPsaDigest`).
 */
export type CommonSwitchOptions<S> = V1SwitchOptions<S> & {
  /** Each PSA `Digest.pack` message, with the digest instance's control-plane name. */
  onPsaDigest?: (digest: string, data: object, packetId: number) => void;
  /** PSA: a switch port (0..511) that stands for `PSA_PORT_CPU` both ways (v1model has no CPU port of its own). */
  cpuPort?: number;
};

export function isPsaProgram<S>(program: AnyProgram<S>): program is PsaProgram<S & PsaPacketState> {
  return (program as { architecture?: string }).architecture === 'psa';
}

/** The architecture's name of a program (`v1model` or `psa`). */
export function architectureOf(program: AnyProgram<unknown>): 'v1model' | 'psa' {
  return isPsaProgram(program) ? 'psa' : 'v1model';
}

/** A switch running `program`, with the options both switches understand. */
export function createSwitch<S>(program: AnyProgram<S>, options: CommonSwitchOptions<S> = {}): AnySwitch<S> {
  if (isPsaProgram(program)) {
    const { dropPort: _dropPort, onDigest: _onDigest, onPsaDigest, ...psa } = options;
    return new PsaSwitch(program, { ...psa, ...(onPsaDigest ? { onDigest: onPsaDigest } : {}) } as PsaSwitchOptions<S & PsaPacketState>);
  }
  const { onPsaDigest: _onPsaDigest, cpuPort: _cpuPort, ...v1 } = options;
  return new V1Switch(program, v1);
}

/** `program` as a v1model program, for the tools that run only those (an Error naming the architecture otherwise). */
export function asV1Program<S>(program: AnyProgram<S>, tool: string): V1Program<S> {
  if (isPsaProgram(program)) throw new Error(`${tool} runs v1model programs; ${program.name} is a PSA program`);
  return program;
}
