/**
 * Small frame builders for the examples' `make-pcap.ts` scripts (our own code: Ethernet, IPv4
 * with its header checksum, UDP without one, raw payloads) and the hex text STF files use.
 */
import { csum16 } from '../runtime/externs/hash.ts';

/** `"00:00:00:00:00:01"` → 6 bytes. */
export function mac(text: string): Uint8Array {
  const parts = text.split(':');
  if (parts.length !== 6) throw new Error(`not a MAC address: ${text}`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** `"10.0.1.7"` → 4 bytes. */
export function ipv4(text: string): Uint8Array {
  const parts = text.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${text}`);
  return Uint8Array.from(parts.map((p) => Number(p)));
}

/** `"0a 0b0c"` → bytes. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function ethernet(dst: string, src: string, etherType: number, payload: Uint8Array): Uint8Array {
  return concat(mac(dst), mac(src), Uint8Array.of(etherType >> 8, etherType & 0xff), payload);
}

export interface Ipv4Fields {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  readonly protocol?: number;
  readonly identification?: number;
  /** Replaces the computed header checksum (to build a corrupt packet). */
  readonly checksum?: number;
}

/** A 20-byte IPv4 header (DF set) with its checksum, followed by the payload. */
export function ipv4Packet(f: Ipv4Fields, payload: Uint8Array): Uint8Array {
  const h = new Uint8Array(20);
  const total = 20 + payload.length;
  const id = f.identification ?? 0;
  h.set([0x45, 0x00, total >> 8, total & 0xff, id >> 8, id & 0xff, 0x40, 0x00, f.ttl, f.protocol ?? 17, 0, 0]);
  h.set(ipv4(f.src), 12);
  h.set(ipv4(f.dst), 16);
  const sum = f.checksum ?? csum16(h);
  h[10] = sum >> 8;
  h[11] = sum & 0xff;
  return concat(h, payload);
}

/** A UDP datagram with checksum 0 (none, allowed over IPv4). */
export function udp(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  const len = 8 + payload.length;
  return concat(Uint8Array.of(srcPort >> 8, srcPort & 0xff, dstPort >> 8, dstPort & 0xff, len >> 8, len & 0xff, 0, 0), payload);
}
