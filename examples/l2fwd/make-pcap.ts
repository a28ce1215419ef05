/**
 * Builds the packets of the l2fwd example and what `p4ts run` must make of them with
 * `entries.json`:
 *
 *   npx tsx examples/l2fwd/make-pcap.ts               # writes in-port1.pcap, in-port3.pcap, expected/port<N>.pcap
 *   npx tsx examples/l2fwd/make-pcap.ts --check DIR   # compares DIR/port<N>.pcap (from p4ts run) with them
 *
 * Hosts 1 and 2 sit on ports 1 and 2 (entries.json forwards to them); 00:00:00:00:00:bb is
 * blocked; every other destination is flooded to multicast group 1 (ports 1 to 4), except back
 * out of the port it came in on. l2fwd never changes a frame.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethernet, hex, ipv4Packet, udp } from '../frames.ts';
import { fixtureMain, type ExampleInput } from '../pcap-fixture.ts';

const HOST1 = '00:00:00:00:00:01';
const HOST2 = '00:00:00:00:00:02';
const HOST3 = '00:00:00:00:00:03';
const BROADCAST = 'ff:ff:ff:ff:ff:ff';
const BLOCKED = '00:00:00:00:00:bb';
const UNKNOWN = '00:00:00:00:00:0c';

const ip = (src: string, dst: string, text: string): Uint8Array => ipv4Packet({ src, dst, ttl: 64 }, udp(4000, 5000, new TextEncoder().encode(text)));
const arpRequest = hex('0001 0800 0604 0001 000000000003 0a000003 000000000000 0a000001');

/** A frame that leaves unchanged on `ports`. */
function frame(port: number, time: number, data: Uint8Array, ports: readonly number[]): ExampleInput {
  return { port, time, data, outputs: ports.map((p) => ({ port: p, data })) };
}

export const INPUTS: readonly ExampleInput[] = [
  frame(1, 1, ethernet(HOST2, HOST1, 0x0800, ip('10.0.0.1', '10.0.0.2', 'hello 2')), [2]),
  frame(3, 2, ethernet(BROADCAST, HOST3, 0x0806, arpRequest), [1, 2, 4]),
  frame(3, 3, ethernet(HOST1, HOST3, 0x0800, ip('10.0.0.3', '10.0.0.1', 'hello 1')), [1]),
  frame(1, 4, ethernet(UNKNOWN, HOST1, 0x0800, ip('10.0.0.1', '10.0.0.12', 'who?')), [2, 3, 4]),
  frame(1, 5, ethernet(BLOCKED, HOST1, 0x0800, ip('10.0.0.1', '10.0.0.187', 'blocked')), []),
  frame(3, 6, ethernet(HOST2, HOST3, 0x0800, ip('10.0.0.3', '10.0.0.2', 'hello again')), [2]),
];

fixtureMain(import.meta.url, dirname(fileURLToPath(import.meta.url)), INPUTS);
