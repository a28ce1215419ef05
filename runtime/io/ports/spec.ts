/**
 * `--port N:SPEC`: what a switch port is connected to. One grammar for `p4ts run --live` and
 * `p4ts serve`:
 *
 *   N:pcap:in=FILE[,out=FILE]      replay FILE into port N, record what N transmits (either or both)
 *   N:vxlan:BIND_ADDR:UDP_PORT=PEER_ADDR:PEER_UDP_PORT[,vni=V]
 *                                  Ethernet in VXLAN (RFC 7348) over UDP; VNI V (default 1)
 *   N:udp:BIND_ADDR:UDP_PORT=PEER_ADDR:PEER_UDP_PORT
 *                                  raw Ethernet frames in UDP datagrams, as QEMU's `-netdev dgram`
 *                                  and `-netdev socket,udp=` send them
 *
 * IPv6 addresses are written in brackets (`[::1]:4789`). `parsePortSpec` never throws: a bad spec
 * is an error message naming the option text and what is wrong.
 */
import { isIP } from 'node:net';

/** Port numbers a `--port` may name: 0–510 (511 is the drop port of v1model). */
export const MAX_PORT_NUMBER = 510;
/** The VNI of a vxlan port without `vni=` (Linux `ip link add … type vxlan id 1`). */
export const DEFAULT_VNI = 1;

export interface UdpEndpoint {
  /** IPv4 or IPv6 address, without brackets. */
  readonly address: string;
  readonly port: number;
}

export type PortSpec =
  | { readonly kind: 'pcap'; readonly port: number; readonly in?: string; readonly out?: string }
  | { readonly kind: 'vxlan'; readonly port: number; readonly bind: UdpEndpoint; readonly peer: UdpEndpoint; readonly vni: number }
  | { readonly kind: 'udp'; readonly port: number; readonly bind: UdpEndpoint; readonly peer: UdpEndpoint };

export type PortKind = PortSpec['kind'];

const USAGE: Record<PortKind, string> = {
  pcap: 'N:pcap:in=FILE,out=FILE',
  vxlan: 'N:vxlan:BIND_ADDR:UDP_PORT=PEER_ADDR:PEER_UDP_PORT[,vni=V]',
  udp: 'N:udp:BIND_ADDR:UDP_PORT=PEER_ADDR:PEER_UDP_PORT',
};

/** Parses the text of one `--port` option; returns the spec or an error message. */
export function parsePortSpec(text: string): PortSpec | string {
  const m = /^(\d+):([a-z0-9]+):(.*)$/.exec(text);
  if (!m) return `--port expects N:KIND:…, one of ${Object.values(USAGE).join(' | ')}; got '${text}'`;
  const port = Number(m[1]);
  if (!(port >= 0 && port <= MAX_PORT_NUMBER)) return `--port ${text}: port ${m[1]} out of range [0, ${MAX_PORT_NUMBER}]`;
  const kind = m[2]!;
  const rest = m[3]!;
  const fail = (why: string): string => `--port ${text}: ${why} (expected ${USAGE[kind as PortKind]})`;
  switch (kind) {
    case 'pcap':
      return parsePcap(port, rest, fail);
    case 'vxlan':
    case 'udp':
      return parseTunnel(kind, port, rest, fail);
    default:
      return `--port ${text}: unknown port kind '${kind}' (known: pcap, vxlan, udp)`;
  }
}

function parsePcap(port: number, rest: string, fail: (why: string) => string): PortSpec | string {
  // A file name may contain commas: split only before the next `in=` or `out=`.
  const parts = rest.split(/,(?=(?:in|out)=)/);
  let input: string | undefined;
  let output: string | undefined;
  for (const part of parts) {
    const kv = /^(in|out)=(.*)$/.exec(part);
    if (!kv) return fail(`'${part}' is not in=FILE or out=FILE`);
    const [, key, file] = kv;
    if (file === '') return fail(`${key}= names no file`);
    if (key === 'in') {
      if (input !== undefined) return fail('in= given twice');
      input = file;
    } else {
      if (output !== undefined) return fail('out= given twice');
      output = file;
    }
  }
  if (input === undefined && output === undefined) return fail('give in=FILE, out=FILE or both');
  return { kind: 'pcap', port, ...(input !== undefined ? { in: input } : {}), ...(output !== undefined ? { out: output } : {}) };
}

function parseTunnel(kind: 'vxlan' | 'udp', port: number, rest: string, fail: (why: string) => string): PortSpec | string {
  const parts = rest.split(',');
  const eq = parts[0]!.split('=');
  if (eq.length !== 2) return fail(`'${parts[0]}' is not BIND=PEER`);
  const bind = parseEndpoint(eq[0]!);
  if (typeof bind === 'string') return fail(`bind address: ${bind}`);
  const peer = parseEndpoint(eq[1]!);
  if (typeof peer === 'string') return fail(`peer address: ${peer}`);
  if (peer.port === 0) return fail('peer UDP port 0');
  if ((isIP(bind.address) === 6) !== (isIP(peer.address) === 6)) return fail('bind and peer addresses are of different IP versions');
  let vni = DEFAULT_VNI;
  for (const option of parts.slice(1)) {
    const kv = /^vni=(\d+)$/.exec(option);
    if (kind !== 'vxlan' || !kv) return fail(`unknown option '${option}'`);
    vni = Number(kv[1]);
    if (!(vni <= 0xffffff)) return fail(`vni ${kv[1]} out of range [0, 16777215]`);
  }
  return kind === 'vxlan' ? { kind, port, bind, peer, vni } : { kind, port, bind, peer };
}

/** `ADDR:PORT` or `[V6ADDR]:PORT` → endpoint, or what is wrong. */
export function parseEndpoint(text: string): UdpEndpoint | string {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(text);
  if (!m) return `'${text}' is not ADDR:PORT (IPv6 as [ADDR]:PORT)`;
  const address = m[1] ?? m[2]!;
  const version = isIP(address);
  if (version === 0 || (m[1] !== undefined && version !== 6)) return `'${address}' is not an IP address`;
  const port = Number(m[3]);
  if (!(port <= 65535)) return `UDP port ${m[3]} out of range [0, 65535]`;
  return { address, port };
}

/** The spec written back as a `--port` value (`parsePortSpec(formatPortSpec(s))` gives `s`). */
export function formatPortSpec(spec: PortSpec): string {
  switch (spec.kind) {
    case 'pcap': {
      const parts: string[] = [];
      if (spec.in !== undefined) parts.push(`in=${spec.in}`);
      if (spec.out !== undefined) parts.push(`out=${spec.out}`);
      return `${spec.port}:pcap:${parts.join(',')}`;
    }
    case 'vxlan':
      return `${spec.port}:vxlan:${formatEndpoint(spec.bind)}=${formatEndpoint(spec.peer)}${spec.vni !== DEFAULT_VNI ? `,vni=${spec.vni}` : ''}`;
    case 'udp':
      return `${spec.port}:udp:${formatEndpoint(spec.bind)}=${formatEndpoint(spec.peer)}`;
  }
}

export function formatEndpoint(e: UdpEndpoint): string {
  return isIP(e.address) === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/**
 * Checks a list of specs together: each port number at most once, and no two live ports bound
 * to the same UDP address and port. Returns the error messages (none when the list is good).
 */
export function checkPortSpecs(specs: readonly PortSpec[]): string[] {
  const errors: string[] = [];
  const numbers = new Set<number>();
  const binds = new Map<string, number>();
  for (const s of specs) {
    if (numbers.has(s.port)) errors.push(`--port: port ${s.port} given twice`);
    numbers.add(s.port);
    if (s.kind === 'pcap') continue;
    const key = formatEndpoint(s.bind);
    const other = binds.get(key);
    if (other !== undefined && s.bind.port !== 0) errors.push(`--port: ports ${other} and ${s.port} both bind ${key}`);
    binds.set(key, s.port);
  }
  return errors;
}
