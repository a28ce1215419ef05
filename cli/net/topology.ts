/**
 * The topology file of `p4ts net up|down`: hosts, each in a network namespace of its own with a
 * VXLAN device that is a cable into one switch port, and the switch's namespace.
 *
 *   {
 *     "name": "demo",                       namespaces demo-sw, demo-h1, …  ([a-z0-9]{1,8})
 *     "underlay": "192.168.250.0",          optional: the /30 links between switch and hosts are
 *                                           carved from here (host i: .4i+1 switch, .4i+2 host)
 *     "udpPort": 4789,                      optional: the VXLAN UDP port on both ends
 *     "hosts": [
 *       { "name": "h1", "port": 1, "mac": "00:00:00:00:00:01",
 *         "addresses": ["10.0.0.1/24"],     on the host's VXLAN device (IPv4 or IPv6, CIDR)
 *         "routes": [{ "to": "default", "via": "10.0.0.254" }],      optional
 *         "neighbors": [{ "address": "10.0.0.254", "mac": "00:00:00:00:0a:01" }],  optional,
 *                                           permanent ARP/NDP entries (a router that answers none)
 *         "vni": 1, "mtu": 1450 }           optional
 *     ]
 *   }
 *
 * `parseTopology` never throws: a bad file gives messages `FILE:LINE: error: hosts[1].mac: …`.
 */
import { isIP } from 'node:net';
import { lineAt, scanJson } from '../../runtime/control/json-scan.ts';
import { MAX_PORT_NUMBER } from '../../runtime/io/ports/index.ts';

export interface TopologyHost {
  readonly name: string;
  readonly port: number;
  readonly mac: string;
  readonly addresses: readonly string[];
  readonly routes: readonly { readonly to: string; readonly via: string }[];
  readonly neighbors: readonly { readonly address: string; readonly mac: string }[];
  readonly vni: number;
  readonly mtu: number | undefined;
}

export interface Topology {
  readonly name: string;
  readonly underlay: string;
  readonly udpPort: number;
  readonly hosts: readonly TopologyHost[];
}

export const DEFAULT_UNDERLAY = '192.168.250.0';
export const DEFAULT_UDP_PORT = 4789;
/** Hosts at most: /30 links carved from a /24 underlay. */
export const MAX_HOSTS = 64;

const NAME = /^[a-z0-9]{1,8}$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

export type TopologyResult = { readonly ok: true; readonly topology: Topology } | { readonly ok: false; readonly errors: readonly string[] };

export function parseTopology(text: string, file: string): TopologyResult {
  const scan = scanJson(text);
  if (!scan.ok) return { ok: false, errors: [`${file}:${lineAt(text, scan.offset)}: error: ${scan.message}`] };
  const hostSpans = scan.arrays.get('hosts') ?? [];
  const errors: string[] = [];
  const at = (line: number, path: string, why: string): void => {
    errors.push(`${file}:${line}: error: ${path}: ${why}`);
  };
  const root: unknown = JSON.parse(text);
  if (!isObject(root)) return { ok: false, errors: [`${file}:1: error: the topology is not a JSON object`] };
  unknownKeys(root, ['name', 'underlay', 'udpPort', 'hosts'], (k) => at(1, k, 'unknown key'));
  const name = root['name'];
  if (typeof name !== 'string' || !NAME.test(name)) at(1, 'name', 'expected 1 to 8 lower-case letters or digits (the prefix of the namespaces)');
  const underlay = root['underlay'] ?? DEFAULT_UNDERLAY;
  if (typeof underlay !== 'string' || isIP(underlay) !== 4 || !underlay.endsWith('.0')) at(1, 'underlay', 'expected an IPv4 network address ending in .0 (a /24 is carved into /30 links)');
  const udpPort = root['udpPort'] ?? DEFAULT_UDP_PORT;
  if (!isInt(udpPort, 1, 65535)) at(1, 'udpPort', 'expected a UDP port 1-65535');
  const rawHosts = root['hosts'];
  const hosts: TopologyHost[] = [];
  if (!Array.isArray(rawHosts) || rawHosts.length === 0) at(1, 'hosts', 'expected a non-empty array of hosts');
  else if (rawHosts.length > MAX_HOSTS) at(1, 'hosts', `at most ${MAX_HOSTS} hosts`);
  else {
    const names = new Set<string>();
    const ports = new Set<number>();
    rawHosts.forEach((h: unknown, i) => {
      const line = lineAt(text, hostSpans[i]?.start ?? 0);
      const host = parseHost(h, `hosts[${i}]`, (path, why) => at(line, path, why));
      if (host === undefined) return;
      if (names.has(host.name)) at(line, `hosts[${i}].name`, `'${host.name}' given twice`);
      if (ports.has(host.port)) at(line, `hosts[${i}].port`, `port ${host.port} given twice`);
      names.add(host.name);
      ports.add(host.port);
      hosts.push(host);
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, topology: { name: name as string, underlay: underlay as string, udpPort: udpPort as number, hosts } };
}

function parseHost(h: unknown, path: string, at: (path: string, why: string) => void): TopologyHost | undefined {
  if (!isObject(h)) {
    at(path, 'expected an object');
    return undefined;
  }
  const before = { count: 0 };
  const fail = (p: string, why: string): void => {
    before.count++;
    at(`${path}.${p}`, why);
  };
  unknownKeys(h, ['name', 'port', 'mac', 'addresses', 'routes', 'neighbors', 'vni', 'mtu'], (k) => fail(k, 'unknown key'));
  const { name, port, mac } = h;
  if (typeof name !== 'string' || !NAME.test(name) || name === 'sw') fail('name', "expected 1 to 8 lower-case letters or digits, not 'sw'");
  if (!isInt(port, 0, MAX_PORT_NUMBER)) fail('port', `expected a switch port 0-${MAX_PORT_NUMBER}`);
  if (typeof mac !== 'string' || !MAC.test(mac)) fail('mac', "expected a MAC address 'xx:xx:xx:xx:xx:xx'");
  const addresses = h['addresses'] ?? [];
  if (!Array.isArray(addresses) || !addresses.every((a) => isCidr(a))) fail('addresses', "expected an array of 'ADDRESS/PREFIX' (IPv4 or IPv6)");
  const routes = h['routes'] ?? [];
  if (!Array.isArray(routes) || !routes.every((r) => isObject(r) && (r['to'] === 'default' || isCidr(r['to'])) && typeof r['via'] === 'string' && isIP(r['via']) !== 0 && Object.keys(r).length === 2)) {
    fail('routes', "expected an array of { \"to\": \"default\" or 'NET/PREFIX', \"via\": ADDRESS }");
  }
  const neighbors = h['neighbors'] ?? [];
  if (!Array.isArray(neighbors) || !neighbors.every((n) => isObject(n) && typeof n['address'] === 'string' && isIP(n['address']) !== 0 && typeof n['mac'] === 'string' && MAC.test(n['mac']) && Object.keys(n).length === 2)) {
    fail('neighbors', 'expected an array of { "address": ADDRESS, "mac": MAC }');
  }
  const vni = h['vni'] ?? 1;
  if (!isInt(vni, 0, 0xffffff)) fail('vni', 'expected a VNI 0-16777215');
  const mtu = h['mtu'];
  if (mtu !== undefined && !isInt(mtu, 68, 9000)) fail('mtu', 'expected an MTU 68-9000');
  if (before.count > 0) return undefined;
  return {
    name: name as string,
    port: port as number,
    mac: (mac as string).toLowerCase(),
    addresses: addresses as string[],
    routes: routes as { to: string; via: string }[],
    neighbors: neighbors as { address: string; mac: string }[],
    vni: vni as number,
    mtu: mtu as number | undefined,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

function isCidr(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(.+)\/(\d{1,3})$/.exec(v);
  if (!m) return false;
  const version = isIP(m[1]!);
  return version !== 0 && Number(m[2]) <= (version === 4 ? 32 : 128);
}

function unknownKeys(o: Record<string, unknown>, known: readonly string[], report: (key: string) => void): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) report(k);
}
