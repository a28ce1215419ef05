/**
 * `PacketWork` from the IR: what a lowered v1model program executes for one packet, as the
 * operation counts the cost model (`runtime/model/`) prices. The compiler imports only the
 * model's types from `runtime/model`; `runtime/` never imports `compiler/`.
 *
 * The walk (`walk.ts`) follows ONE path per traffic class through the six stages in v1model
 * order — the most likely path, not an average over paths:
 *
 * - `plain`: a packet that calls no extern site (if a site is on every path, it is left out of
 *   this path and a note says so: the extern share then says how many packets call it);
 * - `extern`: a packet that reaches the first extern site (then avoids further conditional ones).
 *
 * At every choice the walk prefers, in this order:
 * 1. what the class asks for (a branch / table action / select case containing an extern site for
 *    `extern` until one was called, a branch without one otherwise);
 * 2. what is known (`abstract-state.ts`): constants, header validity (extracted, `setValid`),
 *    metadata (v1model zero-initialises user and standard metadata; `checksum_error` stays 0: the
 *    packet is assumed well-formed) and table results (`hit`, `action_run`) it chose;
 * 3. a branch that does not drop (`mark_to_drop`) nor leads the parser to `reject`;
 * 4. tables: a hit with the first listed action that is not the default action and does not drop
 *    (a configured table is usually hit; `NoAction` or the default on a miss otherwise);
 * 5. source order (`then` before `else`, the first `select` case that is not `default`).
 *
 * Parser states run at most once per packet (header-stack loops extract one element); loops whose
 * condition is unknown run once. An average over paths would need branch probabilities that P4
 * does not state; the most likely path is what a benchmark's packets take.
 *
 * Extern sites are priced by their p4ts operation number (`price.ts`), with the runtime's sizes.
 */
import type { EspSuite } from '../../runtime/ipsec/index.ts';
import type { PacketWork } from '../../runtime/model/work.ts';
import type { IrProgram } from '../ir/nodes.ts';
import { PathWalk, type PathTrace, type TrafficClass } from './walk.ts';

export type { PathTrace, TrafficClass } from './walk.ts';
export { hmacCompressions, operationOf } from './price.ts';

/** The paper's frames: 64 bytes on the wire with the FCS, 60 without. */
export const DEFAULT_FRAME_BYTES = 60;

export interface PacketWorkOptions {
  /** Frame size without FCS (default 60: the paper's 64-byte frames). */
  readonly frameBytes?: number;
  /** Program name for the report (default: the source file's base name). */
  readonly program?: string;
  /** Cycles of a `burn` site whose argument is not a constant (default 1000). */
  readonly burnCycles?: number;
  /** The suite of the SAs `esp_*` sites use (default AES-128-CBC + HMAC-MD5-96, the paper's). */
  readonly espSuite?: EspSuite;
}

export interface PacketWorkDerivation {
  readonly work: PacketWork;
  readonly traces: Readonly<Record<TrafficClass, PathTrace>>;
  /** Whether the program has extern sites at all. */
  readonly hasSites: boolean;
  /** Assumptions the derivation had to make (non-constant burn cycles, unknown sites, ...). */
  readonly notes: readonly string[];
}

function baseName(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.p4$/, '');
}

/** The per-packet work of a lowered program, for both traffic classes (see the module comment). */
export function derivePacketWork(lowered: IrProgram, options: PacketWorkOptions = {}): PacketWorkDerivation {
  if (lowered.architecture !== 'v1model') throw new Error(`the cost model knows v1model programs only, not ${lowered.architecture} ones`);
  const ir = lowered;
  const notes: string[] = [];
  const walk = (goal: TrafficClass, skipSites: boolean) =>
    new PathWalk(ir, goal, {
      frameBytes: options.frameBytes ?? DEFAULT_FRAME_BYTES,
      burnCycles: options.burnCycles ?? 1000,
      espSuite: options.espSuite ?? 'aes128-cbc-hmac-md5-96',
      skipSites,
    }, notes).walk();
  const hasSites = ir.sites.length > 0;
  const ext = walk('extern', false);
  let plain = walk('plain', false);
  if (plain.path.externCalls.length > 0) {
    const ids = plain.trace.sites.map((s) => s.id).join(', ');
    notes.push(`extern site ${ids} is on every path: the plain path counts it as not called (the extern share decides)`);
    plain = walk('plain', true);
  }
  const reached = ext.path.externCalls.length > 0;
  if (hasSites && !reached) notes.push('no path reaches an extern site: the extern path equals the plain path');
  const work: PacketWork = {
    program: options.program ?? baseName(ir.source),
    source: `IR (${ir.source})`,
    plain: plain.path,
    extern: reached ? ext.path : plain.path,
  };
  return { work, traces: { plain: plain.trace, extern: reached ? ext.trace : plain.trace }, hasSites, notes };
}
