/**
 * The flow a frame belongs to, as a 32-bit hash: the 5-tuple (addresses, protocol, TCP/UDP/SCTP
 * ports) of IPv4 and IPv6 packets (behind up to two VLAN tags), or the Ethernet addresses and
 * type of anything else. Reads the bytes in place; allocates nothing. Fragments after the first
 * hash without ports (they carry none), so a fragmented datagram's pieces may differ in flow
 * from its first piece — as in every 5-tuple hashing switch.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME);
}

function mixRange(h: number, b: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, FNV_PRIME);
  return h;
}

/** FNV-1a over the flow fields of the frame `b[offset, offset + length)`. */
export function flowHash(b: Uint8Array, offset: number, length: number): number {
  const end = offset + length;
  let p = offset + 12;
  if (p + 2 > end) return mixRange(FNV_OFFSET, b, offset, end) >>> 0;
  let type = (b[p]! << 8) | b[p + 1]!;
  for (let tags = 0; tags < 2 && (type === 0x8100 || type === 0x88a8) && p + 6 <= end; tags++) {
    p += 4;
    type = (b[p]! << 8) | b[p + 1]!;
  }
  p += 2; // the network header
  let h = FNV_OFFSET;
  if (type === 0x0800 && p + 20 <= end) {
    const ihl = (b[p]! & 0x0f) * 4;
    const protocol = b[p + 9]!;
    h = mix(h, protocol);
    h = mixRange(h, b, p + 12, p + 20);
    const fragmentOffset = ((b[p + 6]! & 0x1f) << 8) | b[p + 7]!;
    if (fragmentOffset === 0 && hasPorts(protocol) && p + ihl + 4 <= end) h = mixRange(h, b, p + ihl, p + ihl + 4);
    return h >>> 0;
  }
  if (type === 0x86dd && p + 40 <= end) {
    const next = b[p + 6]!;
    h = mix(h, next);
    h = mixRange(h, b, p + 8, p + 40);
    if (hasPorts(next) && p + 44 <= end) h = mixRange(h, b, p + 40, p + 44);
    return h >>> 0;
  }
  h = mixRange(h, b, offset, offset + 12);
  h = mix(mix(h, type >>> 8), type & 0xff);
  return h >>> 0;
}

function hasPorts(protocol: number): boolean {
  return protocol === 6 || protocol === 17 || protocol === 132;
}
