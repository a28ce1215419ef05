/**
 * The VXLAN header (RFC 7348 §5): 8 bytes in front of the inner Ethernet frame, carried in UDP
 * (IANA port 4789).
 *
 *   byte 0    flags: 0x08 (the I flag: the VNI is valid); the other bits are reserved
 *   bytes 1-3 reserved (0)
 *   bytes 4-6 VXLAN Network Identifier (VNI), 24 bits, network order
 *   byte 7    reserved (0)
 *
 * Reserved bits are sent as 0 and ignored on receipt, as the RFC says.
 */
export const VXLAN_HEADER_LEN = 8;
export const VXLAN_FLAG_I = 0x08;
/** The IANA-assigned VXLAN UDP port (Linux `ip link … type vxlan dstport 4789`). */
export const VXLAN_UDP_PORT = 4789;

/** Writes a VXLAN header for `vni` at `buf[offset]`. */
export function writeVxlanHeader(buf: Uint8Array, offset: number, vni: number): void {
  buf[offset] = VXLAN_FLAG_I;
  buf[offset + 1] = 0;
  buf[offset + 2] = 0;
  buf[offset + 3] = 0;
  buf[offset + 4] = (vni >>> 16) & 0xff;
  buf[offset + 5] = (vni >>> 8) & 0xff;
  buf[offset + 6] = vni & 0xff;
  buf[offset + 7] = 0;
}

/** The VNI of the VXLAN header at the start of `datagram`, or -1 when it is too short or the I flag is clear. */
export function readVxlanVni(datagram: Uint8Array): number {
  if (datagram.length < VXLAN_HEADER_LEN || (datagram[0]! & VXLAN_FLAG_I) === 0) return -1;
  return (datagram[4]! << 16) | (datagram[5]! << 8) | datagram[6]!;
}
