import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPortSpecs, formatPortSpec, parseEndpoint, parsePortSpec, type PortSpec } from '../../../../runtime/io/ports/spec.ts';

describe('--port N:SPEC', () => {
  it('reads the three kinds', () => {
    expect(parsePortSpec('1:pcap:in=a.pcap,out=b.pcap')).toEqual({ kind: 'pcap', port: 1, in: 'a.pcap', out: 'b.pcap' });
    expect(parsePortSpec('2:pcap:out=dir/x,y.pcap')).toEqual({ kind: 'pcap', port: 2, out: 'dir/x,y.pcap' });
    expect(parsePortSpec('3:vxlan:10.0.0.1:4789=10.0.0.2:4790,vni=42')).toEqual({
      kind: 'vxlan',
      port: 3,
      bind: { address: '10.0.0.1', port: 4789 },
      peer: { address: '10.0.0.2', port: 4790 },
      vni: 42,
    });
    expect(parsePortSpec('4:vxlan:0.0.0.0:4789=10.0.0.2:4789')).toMatchObject({ vni: 1 });
    expect(parsePortSpec('5:udp:[::1]:5000=[::1]:5001')).toEqual({ kind: 'udp', port: 5, bind: { address: '::1', port: 5000 }, peer: { address: '::1', port: 5001 } });
  });

  it('says what is wrong, naming the option', () => {
    const cases: [string, RegExp][] = [
      ['x', /--port expects N:KIND/],
      ['511:pcap:in=a', /port 511 out of range \[0, 510\]/],
      ['1:tap:eth0', /unknown port kind 'tap'/],
      ['1:pcap:', /'' is not in=FILE/],
      ['1:pcap:in=', /in= names no file/],
      ['1:pcap:in=a,in=b', /in= given twice/],
      ['1:vxlan:10.0.0.1:4789', /is not BIND=PEER/],
      ['1:vxlan:10.0.0.1=10.0.0.2:1', /bind address: '10.0.0.1' is not ADDR:PORT/],
      ['1:vxlan:10.0.0.1:1=10.0.0.300:1', /peer address: '10.0.0.300' is not an IP address/],
      ['1:vxlan:10.0.0.1:70000=10.0.0.2:1', /UDP port 70000 out of range/],
      ['1:vxlan:10.0.0.1:1=10.0.0.2:0', /peer UDP port 0/],
      ['1:vxlan:10.0.0.1:1=10.0.0.2:1,vni=16777216', /vni 16777216 out of range/],
      ['1:udp:10.0.0.1:1=10.0.0.2:1,vni=3', /unknown option 'vni=3'/],
      ['1:udp:10.0.0.1:1=[::1]:1', /different IP versions/],
      ['1:udp:[10.0.0.1]:1=10.0.0.2:1', /'10.0.0.1' is not an IP address/],
    ];
    for (const [text, message] of cases) {
      const r = parsePortSpec(text);
      expect(typeof r, text).toBe('string');
      expect(r as string).toContain(text);
      expect(r as string, text).toMatch(message);
    }
  });

  it('writes back what it reads', () => {
    const endpoint = fc.oneof(
      fc.record({ address: fc.ipV4(), port: fc.integer({ min: 1, max: 65535 }) }),
      fc.record({ address: fc.constantFrom('::1', 'fe80::1', '2001:db8::7'), port: fc.integer({ min: 1, max: 65535 }) }),
    );
    const spec: fc.Arbitrary<PortSpec> = fc.oneof(
      fc.record({ kind: fc.constant('pcap' as const), port: fc.integer({ min: 0, max: 510 }), in: fc.constantFrom('a.pcap', 'x,in.pcap', 'd/e=f.pcap'), out: fc.constantFrom('o.pcap', 'p,q.pcap') }),
      fc.record({ kind: fc.constant('udp' as const), port: fc.integer({ min: 0, max: 510 }), bind: fc.constant({ address: '127.0.0.1', port: 9 }), peer: endpoint }).filter((s) => !s.peer.address.includes(':')),
      fc.record({ kind: fc.constant('vxlan' as const), port: fc.integer({ min: 0, max: 510 }), bind: fc.constant({ address: '::', port: 4789 }), peer: endpoint, vni: fc.integer({ min: 0, max: 0xffffff }) }).filter((s) => s.peer.address.includes(':')),
    );
    fc.assert(
      fc.property(spec, (s) => {
        expect(parsePortSpec(formatPortSpec(s))).toEqual(s);
      }),
    );
  });

  it('parses endpoints', () => {
    expect(parseEndpoint('[2001:db8::1]:4789')).toEqual({ address: '2001:db8::1', port: 4789 });
    expect(parseEndpoint('2001:db8::1:4789')).toMatch(/not ADDR:PORT/);
  });

  it('refuses a port number twice and two ports on one UDP address', () => {
    const specs = ['1:pcap:in=a', '1:udp:127.0.0.1:5000=127.0.0.1:5001', '2:vxlan:127.0.0.1:5000=127.0.0.1:6000'].map((t) => parsePortSpec(t) as PortSpec);
    expect(checkPortSpecs(specs)).toEqual(['--port: port 1 given twice', '--port: ports 1 and 2 both bind 127.0.0.1:5000']);
    expect(checkPortSpecs(specs.slice(1, 2))).toEqual([]);
  });
});
