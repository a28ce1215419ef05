/**
 * PSA `Meter<S>` and `DirectMeter` on the runtime's two-rate three-colour meters
 * (`v1model/externs/meter.ts`, RFC 2698): the same objects and control-plane commands as v1model,
 * with PSA's colour numbering (RED 0, GREEN 1, YELLOW 2) and colour-aware execution.
 *
 * Units: 1 for a PACKETS meter; for a BYTES meter the packet's length in the current pipeline
 * (`d.ingressLength`: as received for ingress, as it entered egress for egress), or the DPDK
 * forms' explicit `pkt_len`.
 */
import { MeterColor, MeterType } from '../../v1model/constants.ts';
import type { PacketLengthSource } from '../../v1model/externs/counter.ts';
import type { DirectMeter, Meter } from '../../v1model/externs/meter.ts';
import { PsaMeterColor } from '../constants.ts';

/** PSA colour → the meters' own numbering. */
const TO_METER: readonly MeterColor[] = [MeterColor.RED, MeterColor.GREEN, MeterColor.YELLOW];
/** The meters' own numbering → PSA colour. */
const TO_PSA: readonly PsaMeterColor[] = [PsaMeterColor.GREEN, PsaMeterColor.YELLOW, PsaMeterColor.RED];

function units(type: MeterType, d: PacketLengthSource, length: number): number {
  if (type === MeterType.packets) return 1;
  return length >= 0 ? length : d.ingressLength;
}

/**
 * `meter.execute(index[, color])` (and DPDK's `dpdk_execute(index[, color], pkt_len)` with
 * `length` ≥ 0). Out of range: nothing is updated, the colour given is returned.
 */
export function meterExecute(meter: Meter, index: number, d: PacketLengthSource, color: number = PsaMeterColor.GREEN, length = -1): number {
  const pre = TO_METER[color] ?? MeterColor.GREEN;
  return TO_PSA[meter.executeUnits(index, units(meter.type, d, length), pre)]!;
}

/** `direct_meter.execute([color])` for the table entry `handle` (0: the default action's meter). */
export function directMeterExecute(meter: DirectMeter, handle: number, d: PacketLengthSource, color: number = PsaMeterColor.GREEN, length = -1): number {
  const pre = TO_METER[color] ?? MeterColor.GREEN;
  return TO_PSA[meter.executeUnits(handle, units(meter.type, d, length), pre)]!;
}
