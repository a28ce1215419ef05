import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../cli/net/topology.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

describe('topology files', () => {
  it("reads the examples' topologies, with defaults", () => {
    const r = parseTopology(readFileSync(`${EXAMPLES}l3-router/topology.json`, 'utf8'), 'topology.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.topology).toMatchObject({ name: 'l3', underlay: '192.168.250.0', udpPort: 4789 });
    expect(r.topology.hosts[0]).toEqual({
      name: 'h1',
      port: 1,
      mac: '00:00:00:00:02:02',
      addresses: ['10.0.2.2/24'],
      routes: [{ to: '10.0.1.0/24', via: '10.0.2.1' }],
      neighbors: [{ address: '10.0.2.1', mac: '00:00:00:00:0a:01' }],
      vni: 1,
      mtu: undefined,
    });
    expect(parseTopology(readFileSync(`${EXAMPLES}l2fwd/topology.json`, 'utf8'), 't').ok).toBe(true);
  });

  it('says what is wrong, with the line of the host', () => {
    const text = `{
  "name": "Bad-Name",
  "colour": 1,
  "hosts": [
    { "name": "h1", "port": 1, "mac": "00:00:00:00:00:01" },
    { "name": "h1", "port": 1, "mac": "00:00:00:00:00:zz", "addresses": ["10.0.0.1"],
      "routes": [{ "to": "default" }], "neighbors": [{ "address": "x", "mac": "00:00:00:00:00:01" }], "vni": -1, "mtu": 10 },
    { "name": "h3", "port": 1 }
  ]
}`;
    const r = parseTopology(text, 't.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      't.json:1: error: colour: unknown key',
      't.json:1: error: name: expected 1 to 8 lower-case letters or digits (the prefix of the namespaces)',
      "t.json:6: error: hosts[1].mac: expected a MAC address 'xx:xx:xx:xx:xx:xx'",
      "t.json:6: error: hosts[1].addresses: expected an array of 'ADDRESS/PREFIX' (IPv4 or IPv6)",
      't.json:6: error: hosts[1].routes: expected an array of { "to": "default" or \'NET/PREFIX\', "via": ADDRESS }',
      't.json:6: error: hosts[1].neighbors: expected an array of { "address": ADDRESS, "mac": MAC }',
      't.json:6: error: hosts[1].vni: expected a VNI 0-16777215',
      't.json:6: error: hosts[1].mtu: expected an MTU 68-9000',
      "t.json:8: error: hosts[2].mac: expected a MAC address 'xx:xx:xx:xx:xx:xx'",
    ]);
  });

  it('refuses a host name or port given twice, and malformed JSON with its line', () => {
    const twice = parseTopology('{"name":"t","hosts":[{"name":"a","port":1,"mac":"00:00:00:00:00:01"},\n{"name":"a","port":1,"mac":"00:00:00:00:00:02"}]}', 't');
    expect(twice).toEqual({ ok: false, errors: ["t:2: error: hosts[1].name: 'a' given twice", 't:2: error: hosts[1].port: port 1 given twice'] });
    expect(parseTopology('{"name":"t",\n"hosts": [}', 't')).toEqual({ ok: false, errors: ["t:2: error: unexpected character '}'"] });
    expect(parseTopology('[]', 't')).toEqual({ ok: false, errors: ['t:1: error: the topology is not a JSON object'] });
    expect(parseTopology('{"name":"t","hosts":[]}', 't')).toEqual({ ok: false, errors: ['t:1: error: hosts: expected a non-empty array of hosts'] });
  });
});
