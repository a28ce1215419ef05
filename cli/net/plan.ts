/**
 * What `p4ts net up` does, as a list of commands (iproute2 and ethtool), and the `--port` specs
 * that connect a p4ts switch to the hosts. Pure functions: the commands are run by `apply.ts`.
 *
 * For each host H (index i) of topology T:
 * - namespace `T-H`, with a veth pair to the switch namespace `T-sw`: `ul0` in the host
 *   (underlay + 4i + 2/30), `ul-H` in the switch namespace (underlay + 4i + 1/30). VXLAN to an
 *   address of the same namespace is short-circuited by the kernel and never reaches a socket:
 *   that is why the switch has a namespace of its own;
 * - a kernel VXLAN device `vx0` in the host: VNI, UDP port, `nolearning`, and one default FDB
 *   entry sending every frame to the switch's end of the link, where p4ts listens
 *   (`bridge fdb append 00:00:00:00:00:00 dev vx0 dst SW port UDP`); the host's MAC, addresses,
 *   routes and permanent neighbours on it;
 * - transmit checksum offload off on `vx0` (`ethtool -K vx0 tx off`): with it on, TCP and UDP
 *   leave the host with the checksum unfinished (to be completed by a NIC that is not there) and
 *   arrive so at the other host, which drops them.
 */
import type { Topology, TopologyHost } from './topology.ts';

export type Command = readonly string[];

export function switchNamespace(t: Topology): string {
  return `${t.name}-sw`;
}

export function hostNamespace(t: Topology, h: TopologyHost): string {
  return `${t.name}-${h.name}`;
}

/** Every namespace of the topology: the switch's first. */
export function namespaces(t: Topology): string[] {
  return [switchNamespace(t), ...t.hosts.map((h) => hostNamespace(t, h))];
}

/** The underlay addresses of host `i`'s link: the switch end and the host end (a /30). */
export function underlayAddresses(t: Topology, i: number): { readonly switchEnd: string; readonly hostEnd: string } {
  const [a, b, c] = t.underlay.split('.');
  return { switchEnd: `${a}.${b}.${c}.${4 * i + 1}`, hostEnd: `${a}.${b}.${c}.${4 * i + 2}` };
}

/** The `--port` values of a switch in `T-sw` for these hosts (in the topology's order). */
export function portSpecs(t: Topology): string[] {
  return t.hosts.map((h, i) => {
    const u = underlayAddresses(t, i);
    return `${h.port}:vxlan:${u.switchEnd}:${t.udpPort}=${u.hostEnd}:${t.udpPort}${h.vni !== 1 ? `,vni=${h.vni}` : ''}`;
  });
}

/** The commands of `net up`, in order. */
export function upCommands(t: Topology): Command[] {
  const sw = switchNamespace(t);
  const cmds: Command[] = [
    ['ip', 'netns', 'add', sw],
    ['ip', '-n', sw, 'link', 'set', 'lo', 'up'],
  ];
  t.hosts.forEach((h, i) => {
    const ns = hostNamespace(t, h);
    const u = underlayAddresses(t, i);
    const swDev = `ul-${h.name}`;
    const port = String(t.udpPort);
    cmds.push(
      ['ip', 'netns', 'add', ns],
      ['ip', '-n', ns, 'link', 'set', 'lo', 'up'],
      ['ip', '-n', sw, 'link', 'add', swDev, 'type', 'veth', 'peer', 'name', 'ul0', 'netns', ns],
      ['ip', '-n', sw, 'addr', 'add', `${u.switchEnd}/30`, 'dev', swDev],
      ['ip', '-n', sw, 'link', 'set', swDev, 'up'],
      ['ip', '-n', ns, 'addr', 'add', `${u.hostEnd}/30`, 'dev', 'ul0'],
      ['ip', '-n', ns, 'link', 'set', 'ul0', 'up'],
      ['ip', '-n', ns, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', String(h.vni), 'local', u.hostEnd, 'dstport', port, 'nolearning'],
      ['bridge', '-n', ns, 'fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', u.switchEnd, 'port', port],
      ['ip', '-n', ns, 'link', 'set', 'vx0', 'address', h.mac, ...(h.mtu !== undefined ? ['mtu', String(h.mtu)] : [])],
      ['ip', 'netns', 'exec', ns, 'ethtool', '-K', 'vx0', 'tx', 'off'],
      ['ip', '-n', ns, 'link', 'set', 'vx0', 'up'],
    );
    for (const a of h.addresses) cmds.push(['ip', '-n', ns, 'addr', 'add', a, 'dev', 'vx0', ...(a.includes(':') ? ['nodad'] : [])]);
    for (const n of h.neighbors) cmds.push(['ip', '-n', ns, 'neigh', 'replace', n.address, 'lladdr', n.mac, 'dev', 'vx0', 'nud', 'permanent']);
    for (const r of h.routes) cmds.push(['ip', '-n', ns, 'route', 'add', r.to, 'via', r.via, 'dev', 'vx0']);
  });
  return cmds;
}

/** The commands of `net down` (deleting a namespace deletes its devices; missing ones are skipped by the caller). */
export function downCommands(t: Topology): Command[] {
  return namespaces(t)
    .reverse()
    .map((ns) => ['ip', 'netns', 'delete', ns]);
}
