/**
 * The traffic of the paper's IPsec experiment: 60-byte Ethernet/IPv4/UDP frames (64 on the wire
 * with the FCS) from 10.1.0.1 to 10.2.0.X, where X — the low byte of the destination, the
 * program's flow number — cycles over 0..99, so the `meta.flow` range of an `esp_policy` entry
 * picks a share of the traffic (entries-S.json: flows 0..S-1 are S%).
 *
 *   npx tsx examples/ipsec-esp/make-pcap.ts                        # in-port1.pcap, 1000 frames
 *   npx tsx examples/ipsec-esp/make-pcap.ts --count 100000 --out /tmp/esp-in.pcap
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePcapFile } from '../../runtime/io/pcap.ts';
import { ethernet, ipv4Packet, udp } from '../frames.ts';

/** Frame `i` of the traffic: destination 10.2.0.(i mod 100), 60 bytes. */
export function trafficFrame(i: number): Uint8Array {
  const flow = i % 100;
  // 14 Ethernet + 20 IPv4 + 8 UDP + 18 payload = 60 bytes; the payload numbers the packet.
  const payload = new Uint8Array(18);
  new DataView(payload.buffer).setUint32(0, i >>> 0);
  const ip = ipv4Packet({ src: '10.1.0.1', dst: `10.2.0.${flow}`, ttl: 64, protocol: 17, identification: i & 0xffff }, udp(5000, 6000 + flow, payload));
  return ethernet('02:00:00:00:00:02', '02:00:00:00:00:01', 0x0800, ip);
}

function main(argv: readonly string[]): void {
  let count = 1000;
  let out = join(dirname(fileURLToPath(import.meta.url)), 'in-port1.pcap');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--count' && v !== undefined && /^\d+$/.test(v)) {
      count = Number(v);
      i++;
    } else if (a === '--out' && v !== undefined) {
      out = v;
      i++;
    } else {
      process.stderr.write('usage: make-pcap.ts [--count N] [--out FILE.pcap]\n');
      process.exit(1);
    }
  }
  // One frame per microsecond of timestamp.
  const records = Array.from({ length: count }, (_, i) => ({ tsSec: Math.floor(i / 1e6), tsFrac: i % 1e6, data: trafficFrame(i) }));
  writePcapFile(out, records);
  process.stdout.write(`wrote ${out} (${count} frames of 60 bytes)\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
