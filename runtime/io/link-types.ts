/**
 * Link-layer header types of capture files (the LINKTYPE_ numbers of pcap and pcapng), their
 * names, and the Linux cooked captures (SLL, SLL2) turned into Ethernet frames in place.
 *
 * A switch receives Ethernet frames. A cooked capture (`tcpdump -i any`, Wireshark's "any"
 * interface) keeps the network-layer packet and replaces the link-layer header with a Linux
 * "cooked" one: packet type, ARPHRD device type, the sender's link-layer address and the
 * protocol (an EtherType). The Ethernet header made of it has:
 *
 * - destination: ff:ff:ff:ff:ff:ff for a broadcast packet; the IPv4 (01:00:5e + the low 23 bits
 *   of the group) or IPv6 (33:33 + the low 32 bits) multicast MAC for a multicast one; otherwise
 *   00:00:00:00:00:00 (a cooked capture does not record the destination address);
 * - source: the recorded address when it is 6 bytes long (Ethernet and the like), else zeros;
 * - type: the protocol when it is an EtherType (≥ 0x0600); for 802.2 LLC and Novell 802.3 raw
 *   frames (protocols 0x0004 and 0x0001) the 802.3 length of the payload. Other protocols
 *   (CAN, netlink, ...) are not Ethernet payloads and are refused.
 */

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

/** Names of the link types one meets in practice (the rest are shown by number). */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'NULL'],
  [1, 'ETHERNET'],
  [6, 'IEEE802_5'],
  [8, 'SLIP'],
  [9, 'PPP'],
  [10, 'FDDI'],
  [50, 'PPP_HDLC'],
  [51, 'PPP_ETHER'],
  [101, 'RAW'],
  [104, 'C_HDLC'],
  [105, 'IEEE802_11'],
  [108, 'LOOP'],
  [113, 'LINUX_SLL'],
  [117, 'PFLOG'],
  [119, 'IEEE802_11_PRISM'],
  [127, 'IEEE802_11_RADIOTAP'],
  [187, 'BLUETOOTH_HCI_H4'],
  [189, 'USB_LINUX'],
  [192, 'PPI'],
  [195, 'IEEE802_15_4_WITHFCS'],
  [220, 'USB_LINUX_MMAPPED'],
  [227, 'CAN_SOCKETCAN'],
  [228, 'IPV4'],
  [229, 'IPV6'],
  [239, 'NFLOG'],
  [276, 'LINUX_SLL2'],
]);

/** `LINKTYPE_RAW (101)`, or `link type 4711` for a number without a name here. */
export function linkTypeName(linkType: number): string {
  if (linkType >= 147 && linkType <= 162) return `LINKTYPE_USER${linkType - 147} (${linkType})`;
  const name = NAMES.get(linkType);
  return name === undefined ? `link type ${linkType}` : `LINKTYPE_${name} (${linkType})`;
}

/** Link types a switch port can take (turned into Ethernet frames by `toEthernet`). */
export function isEthernetConvertible(linkType: number): boolean {
  return linkType === LINKTYPE_ETHERNET || linkType === LINKTYPE_LINUX_SLL || linkType === LINKTYPE_LINUX_SLL2;
}

/** Why a link type is refused: `LINKTYPE_RAW (101) is not supported (p4ts reads …)`. */
export function unsupportedLinkType(linkType: number): string {
  return `${linkTypeName(linkType)} is not supported (p4ts reads Ethernet (1), Linux cooked SLL (113) and SLL2 (276) captures)`;
}

const SLL_HEADER = 16;
const SLL2_HEADER = 20;
const ETHERNET_HEADER = 14;
const PACKET_BROADCAST = 1;
const PACKET_MULTICAST = 2;

/**
 * Where the Ethernet frame made of a cooked record starts, after rewriting the record's bytes in
 * place: the cooked header is longer than an Ethernet header, so the Ethernet header is written
 * over its last 14 bytes and the payload does not move. `buf[at, at + length)` is the record.
 * Returns the frame's offset (its length is `length - (cooked header - 14)`), or an error message
 * (the record is left as it was).
 */
export function cookedToEthernet(linkType: number, buf: Uint8Array, at: number, length: number): number | string {
  const sll2 = linkType === LINKTYPE_LINUX_SLL2;
  const header = sll2 ? SLL2_HEADER : SLL_HEADER;
  const name = sll2 ? 'SLL2' : 'SLL';
  if (length < header) return `${length} bytes, shorter than the ${header}-byte Linux cooked (${name}) header`;
  // Read every field before writing over them (the Ethernet header overlaps the cooked one).
  let packetType: number;
  let addrLen: number;
  let addrAt: number;
  let protocol: number;
  if (sll2) {
    protocol = (buf[at]! << 8) | buf[at + 1]!;
    packetType = buf[at + 10]!;
    addrLen = buf[at + 11]!;
    addrAt = at + 12;
  } else {
    packetType = (buf[at]! << 8) | buf[at + 1]!;
    addrLen = (buf[at + 4]! << 8) | buf[at + 5]!;
    addrAt = at + 6;
    protocol = (buf[at + 14]! << 8) | buf[at + 15]!;
  }
  const payload = at + header;
  const payloadLength = length - header;
  let type: number;
  if (protocol >= 0x0600) type = protocol;
  else if (protocol === 0x0004 || protocol === 0x0001) {
    if (payloadLength > 1500) return `an 802.3 frame of ${payloadLength} bytes does not fit an 802.3 length field`;
    type = payloadLength;
  } else return `protocol 0x${protocol.toString(16).padStart(4, '0')} of the Linux cooked (${name}) header is not an Ethernet type`;
  const e = payload - ETHERNET_HEADER;
  // source first: it is read from the cooked header's address field, which the destination overlaps
  const s0 = addrLen === 6 ? buf[addrAt]! : 0;
  const s1 = addrLen === 6 ? buf[addrAt + 1]! : 0;
  const s2 = addrLen === 6 ? buf[addrAt + 2]! : 0;
  const s3 = addrLen === 6 ? buf[addrAt + 3]! : 0;
  const s4 = addrLen === 6 ? buf[addrAt + 4]! : 0;
  const s5 = addrLen === 6 ? buf[addrAt + 5]! : 0;
  writeDestination(buf, e, packetType, type, payload, payloadLength);
  buf[e + 6] = s0;
  buf[e + 7] = s1;
  buf[e + 8] = s2;
  buf[e + 9] = s3;
  buf[e + 10] = s4;
  buf[e + 11] = s5;
  buf[e + 12] = type >>> 8;
  buf[e + 13] = type & 0xff;
  return e;
}

/** The destination MAC a cooked packet must have had (see the module comment). */
function writeDestination(buf: Uint8Array, e: number, packetType: number, type: number, payload: number, payloadLength: number): void {
  if (packetType === PACKET_BROADCAST) {
    buf.fill(0xff, e, e + 6);
    return;
  }
  if (packetType === PACKET_MULTICAST && type === 0x0800 && payloadLength >= 20) {
    buf[e] = 0x01;
    buf[e + 1] = 0x00;
    buf[e + 2] = 0x5e;
    buf[e + 3] = buf[payload + 17]! & 0x7f;
    buf[e + 4] = buf[payload + 18]!;
    buf[e + 5] = buf[payload + 19]!;
    return;
  }
  if (packetType === PACKET_MULTICAST && type === 0x86dd && payloadLength >= 40) {
    buf[e] = 0x33;
    buf[e + 1] = 0x33;
    buf[e + 2] = buf[payload + 36]!;
    buf[e + 3] = buf[payload + 37]!;
    buf[e + 4] = buf[payload + 38]!;
    buf[e + 5] = buf[payload + 39]!;
    return;
  }
  buf.fill(0, e, e + 6);
}

/** Bytes a cooked header of this link type is longer than an Ethernet header (0 for Ethernet). */
export function cookedShrink(linkType: number): number {
  return linkType === LINKTYPE_LINUX_SLL2 ? SLL2_HEADER - ETHERNET_HEADER : linkType === LINKTYPE_LINUX_SLL ? SLL_HEADER - ETHERNET_HEADER : 0;
}
