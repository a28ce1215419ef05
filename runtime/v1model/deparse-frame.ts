/**
 * How a deparser's output becomes the outgoing frame, for every switch that keeps the payload in
 * place (v1model and PSA): the deparser writes its headers either straight into the packet
 * buffer, just before the payload, or into the descriptor's scratch buffer; the headers then end
 * right where the payload (`data[cursor, end)`, never moved) begins.
 */
import { copyBytes } from '../packet/copy.ts';
import type { PacketDescriptor } from './descriptor.ts';

/**
 * Points the deparser's output at the packet buffer, `maxEmit` bytes before the payload, when
 * that bound is known (≥ 0) and that much room is there (the parsed headers and the headroom);
 * else at the descriptor's scratch buffer from 0.
 */
export function beginDeparse(d: PacketDescriptor<unknown>, maxEmit: number): void {
  const base = (d.cursor < d.end ? d.cursor : d.end) - maxEmit;
  if (maxEmit >= 0 && base >= 0) {
    d.out = d.data;
    d.outBase = base;
    d.outLength = base;
  } else {
    d.out = d.ownOut;
    d.outBase = 0;
    d.outLength = 0;
  }
}

/**
 * Moves the emitted headers right before the payload and returns where the frame now starts
 * (the frame is `data[start, end)`), or -1 when they do not fit (the caller drops the packet
 * `oversize`). The deparser's output is pointed back at the scratch buffer either way.
 */
export function placeHeaders(d: PacketDescriptor<unknown>): number {
  const data = d.data;
  const out = d.out;
  const payloadStart = d.cursor < d.end ? d.cursor : d.end;
  if (out === data) {
    // written in place from outBase = payloadStart - maxEmit (see beginDeparse)
    const base = d.outBase;
    const hdr = d.outLength - base;
    d.out = d.ownOut;
    d.outBase = 0;
    if (!(hdr >= 0 && base + hdr <= payloadStart)) return -1;
    const frameStart = payloadStart - hdr;
    if (frameStart !== base) data.copyWithin(frameStart, base, base + hdr);
    return frameStart;
  }
  const hdr = d.outLength;
  const frameStart = payloadStart - hdr;
  if (!(hdr >= 0 && hdr <= out.length && frameStart >= 0)) return -1;
  if (hdr <= 64) {
    // headers are short: a plain loop here beats a call
    for (let i = 0; i < hdr; i++) data[frameStart + i] = out[i]!;
  } else copyBytes(data, frameStart, out, 0, hdr);
  return frameStart;
}
