/**
 * What a `V1Switch` counts, and the digests it keeps when no `onDigest` callback is given.
 * Every instance ends transmitted or dropped: `received + created === transmitted + dropped +
 * inFlight` at all times.
 */
import { V1MODEL_PORT_COUNT } from '../../contract/v1model.ts';
import type { DropReason } from './constants.ts';

export class V1SwitchStats {
  /** Packets injected (including those dropped for no buffer or oversize). */
  received = 0;
  transmitted = 0;
  dropped = 0;
  /** Instances created inside the switch: clones and multicast copies beyond the first. */
  created = 0;
  resubmitted = 0;
  recirculated = 0;
  clonesI2E = 0;
  clonesE2E = 0;
  /** Clone requests naming a session that is not configured (no instance is created, as in bmv2). */
  cloneSessionMissing = 0;
  /** Field-list indices used but not provided by the program (treated as empty lists). */
  unknownFieldList = 0;
  digests = 0;
  logMessages = 0;
  /** Extern tasks submitted to the executor / run inline because it refused them. */
  parks = 0;
  inlineFallbacks = 0;
  readonly rxByPort = new Float64Array(V1MODEL_PORT_COUNT);
  readonly txByPort = new Float64Array(V1MODEL_PORT_COUNT);
  readonly dropsByReason = new Map<string, number>();
  /** First errors thrown by stages (at most 16). */
  readonly errors: unknown[] = [];

  dropsFor(reason: DropReason | string): number {
    return this.dropsByReason.get(reason) ?? 0;
  }
}

export interface DigestRecord {
  readonly receiver: number;
  readonly data: object;
  readonly packetId: number;
  /** The data type's control-plane name (the P4Info digest), '' when the program does not say. */
  readonly type: string;
}

