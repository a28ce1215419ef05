import { describe, expect, it } from 'vitest';
import { downCommands, portSpecs, upCommands, underlayAddresses } from '../../../cli/net/plan.ts';
import { parseTopology, type Topology } from '../../../cli/net/topology.ts';
import { parsePortSpec } from '../../../runtime/io/ports/index.ts';

function topology(json: object): Topology {
  const r = parseTopology(JSON.stringify(json), 't');
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.topology;
}

const t = topology({
  name: 'demo',
  udpPort: 4790,
  hosts: [
    { name: 'h1', port: 3, mac: '02:00:00:00:00:01', addresses: ['10.0.0.1/24', 'fd00::1/64'], routes: [{ to: 'default', via: '10.0.0.254' }], neighbors: [{ address: '10.0.0.254', mac: '02:00:00:00:00:fe' }], mtu: 1400 },
    { name: 'h2', port: 7, mac: '02:00:00:00:00:02', vni: 42 },
  ],
});

describe('net plan', () => {
  it('carves a /30 link per host from the underlay', () => {
    expect(underlayAddresses(t, 0)).toEqual({ switchEnd: '192.168.250.1', hostEnd: '192.168.250.2' });
    expect(underlayAddresses(t, 63)).toEqual({ switchEnd: '192.168.250.253', hostEnd: '192.168.250.254' });
  });

  it("gives the switch's --port options, which the port parser accepts", () => {
    expect(portSpecs(t)).toEqual(['3:vxlan:192.168.250.1:4790=192.168.250.2:4790', '7:vxlan:192.168.250.5:4790=192.168.250.6:4790,vni=42']);
    for (const p of portSpecs(t)) expect(typeof parsePortSpec(p)).toBe('object');
  });

  it('makes the namespaces, the veth links, the VXLAN devices with their default FDB entry and checksum offload off', () => {
    const cmds = upCommands(t).map((c) => c.join(' '));
    expect(cmds.slice(0, 2)).toEqual(['ip netns add demo-sw', 'ip -n demo-sw link set lo up']);
    expect(cmds).toContain('ip -n demo-sw link add ul-h1 type veth peer name ul0 netns demo-h1');
    expect(cmds).toContain('ip -n demo-h1 link add vx0 type vxlan id 1 local 192.168.250.2 dstport 4790 nolearning');
    expect(cmds).toContain('bridge -n demo-h1 fdb append 00:00:00:00:00:00 dev vx0 dst 192.168.250.1 port 4790');
    expect(cmds).toContain('ip -n demo-h1 link set vx0 address 02:00:00:00:00:01 mtu 1400');
    expect(cmds).toContain('ip netns exec demo-h1 ethtool -K vx0 tx off');
    expect(cmds).toContain('ip -n demo-h1 addr add fd00::1/64 dev vx0 nodad');
    expect(cmds).toContain('ip -n demo-h1 neigh replace 10.0.0.254 lladdr 02:00:00:00:00:fe dev vx0 nud permanent');
    expect(cmds).toContain('ip -n demo-h1 route add default via 10.0.0.254 dev vx0');
    expect(cmds).toContain('ip -n demo-h2 link add vx0 type vxlan id 42 local 192.168.250.6 dstport 4790 nolearning');
    // a device is configured before it is up, and addressed after
    const at = (c: string): number => cmds.indexOf(c);
    expect(at('ip netns exec demo-h1 ethtool -K vx0 tx off')).toBeLessThan(at('ip -n demo-h1 link set vx0 up'));
    expect(at('ip -n demo-h1 link set vx0 up')).toBeLessThan(at('ip -n demo-h1 addr add 10.0.0.1/24 dev vx0'));
  });

  it('removes the hosts, then the switch namespace', () => {
    expect(downCommands(t).map((c) => c.join(' '))).toEqual(['ip netns delete demo-h2', 'ip netns delete demo-h1', 'ip netns delete demo-sw']);
  });
});
