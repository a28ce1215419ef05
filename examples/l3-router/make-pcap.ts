/**
 * Builds the packets of the l3-router example and what `p4ts run` must make of them with
 * `entries.json`:
 *
 *   npx tsx examples/l3-router/make-pcap.ts               # writes in-port1.pcap, in-port2.pcap, expected/port<N>.pcap
 *   npx tsx examples/l3-router/make-pcap.ts --check DIR   # compares DIR/port<N>.pcap (from p4ts run) with them
 *
 * Routes (entries.json): 10.0.1.0/24 via next hop 1 on port 2, 10.0.1.128/25 via next hop 3 on
 * port 3, 10.0.2.0/24 via next hop 2 on port 1, 10.0.9.0/24 via next hop 9 on port 4 (which has
 * no MAC addresses: dropped). A routed packet leaves with the router's MAC as source, the next
 * hop's as destination, the TTL one less and the header checksum recomputed.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethernet, hex, ipv4Packet, udp, type Ipv4Fields } from '../frames.ts';
import { fixtureMain, type ExampleInput } from '../pcap-fixture.ts';

const ROUTER = '00:00:00:00:0a:00';
const HOST = '00:00:00:00:00:05';
/** Router MAC and next-hop MAC per next hop (entries.json, next_hop_macs). */
const NEXT_HOPS: Record<number, { router: string; mac: string }> = {
  1: { router: '00:00:00:00:0a:02', mac: '00:00:00:00:01:01' },
  2: { router: '00:00:00:00:0a:01', mac: '00:00:00:00:02:02' },
  3: { router: '00:00:00:00:0a:03', mac: '00:00:00:00:01:81' },
};

const payload = (text: string): Uint8Array => udp(1234, 53, new TextEncoder().encode(text));

/** A packet that is routed to `port` through `hop`: TTL decremented, checksum recomputed, MACs rewritten. */
function routed(port: number, time: number, ip: Ipv4Fields, text: string, out: { port: number; hop: number }): ExampleInput {
  const hop = NEXT_HOPS[out.hop]!;
  return {
    port,
    time,
    data: ethernet(ROUTER, HOST, 0x0800, ipv4Packet(ip, payload(text))),
    outputs: [{ port: out.port, data: ethernet(hop.mac, hop.router, 0x0800, ipv4Packet({ ...ip, ttl: ip.ttl - 1 }, payload(text))) }],
  };
}

function dropped(port: number, time: number, data: Uint8Array): ExampleInput {
  return { port, time, data, outputs: [] };
}

export const INPUTS: readonly ExampleInput[] = [
  routed(1, 1, { src: '10.0.2.5', dst: '10.0.1.7', ttl: 64, identification: 1 }, 'to 10.0.1.7', { port: 2, hop: 1 }),
  routed(1, 2, { src: '10.0.2.5', dst: '10.0.1.200', ttl: 64, identification: 2 }, 'longer prefix', { port: 3, hop: 3 }),
  routed(2, 3, { src: '10.0.1.7', dst: '10.0.2.9', ttl: 2, identification: 3 }, 'last hop', { port: 1, hop: 2 }),
  // TTL 1 would reach 0: dropped.
  dropped(1, 4, ethernet(ROUTER, HOST, 0x0800, ipv4Packet({ src: '10.0.2.5', dst: '10.0.1.7', ttl: 1, identification: 4 }, payload('ttl 1')))),
  // Wrong header checksum: dropped.
  dropped(1, 5, ethernet(ROUTER, HOST, 0x0800, ipv4Packet({ src: '10.0.2.5', dst: '10.0.1.7', ttl: 64, identification: 5, checksum: 0xbad0 }, payload('bad checksum')))),
  // Not IPv4 (an ARP request): dropped.
  dropped(2, 6, ethernet('ff:ff:ff:ff:ff:ff', HOST, 0x0806, hex('0001 0800 0604 0001 000000000005 0a000205 000000000000 0a000201'))),
  // No route: dropped.
  dropped(1, 7, ethernet(ROUTER, HOST, 0x0800, ipv4Packet({ src: '10.0.2.5', dst: '192.168.1.1', ttl: 64, identification: 7 }, payload('no route')))),
  // A route whose next hop has no MAC addresses: dropped.
  dropped(2, 8, ethernet(ROUTER, HOST, 0x0800, ipv4Packet({ src: '10.0.1.7', dst: '10.0.9.1', ttl: 64, identification: 8 }, payload('no next hop')))),
  routed(2, 9, { src: '10.0.1.7', dst: '10.0.1.129', ttl: 128, identification: 9, protocol: 6 }, 'again', { port: 3, hop: 3 }),
];

fixtureMain(import.meta.url, dirname(fileURLToPath(import.meta.url)), INPUTS);
