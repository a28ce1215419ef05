/** The switch's side of a packet trace: arrival, copies, egress, extern sites, output, drops. */
import { beforeAll, describe, expect, it } from 'vitest';
import { configureGateway } from '../../../examples/ipsec-esp/control-plane.ts';
import { trafficFrame } from '../../../examples/ipsec-esp/make-pcap.ts';
import { ethernet } from '../../../examples/frames.ts';
import { formatTraceEvent, Tracer, type TraceEvent } from '../../../runtime/trace/index.ts';
import { InlineExecutor } from '../../../runtime/tasks/index.ts';
import type { V1Program } from '../../../runtime/v1model/program.ts';
import { V1Switch } from '../../../runtime/v1model/switch.ts';
import { loadP4 } from '../../examples/harness.ts';
import { RuntimeTable } from '../../../runtime/control/index.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
let l2fwd: () => V1Program<unknown>;
let esp: () => V1Program<unknown>;
beforeAll(async () => {
  l2fwd = await loadP4(`${EXAMPLES}l2fwd/l2fwd.p4`, 'sync');
  esp = await loadP4(`${EXAMPLES}ipsec-esp/ipsec-esp.p4`, 'longjump');
});

describe('switch trace', () => {
  it('a flooded frame: arrival, one copy per group member, egress ports, the copy back to its own port dropped, the others out', () => {
    const events: TraceEvent[] = [];
    const p4 = l2fwd();
    const sw = new V1Switch(p4, { tracer: new Tracer((e) => events.push(e)) });
    sw.multicast.setGroup(1, [{ port: 1, rid: 1 }, { port: 2, rid: 1 }, { port: 3, rid: 1 }]);
    (p4.objects.get('L2Ingress.mac_table', 'table') as RuntimeTable).setDefault('L2Ingress.flood', []);
    sw.inject(1, ethernet('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:01', 0x88b5, new Uint8Array(46)));
    sw.runUntilIdle();
    expect(events.map(formatTraceEvent)).toEqual([
      'packet 1: received on port 1 (60 bytes)',
      'packet 1: multicast group 1: copy packet 2 to port 1 (rid 1)',
      'packet 2: to egress port 1',
      'packet 1: multicast group 1: copy packet 3 to port 2 (rid 1)',
      'packet 3: to egress port 2',
      'packet 1: multicast group 1: itself to port 3 (rid 1)',
      'packet 1: to egress port 3',
      'packet 2: dropped (egress-drop)',
      'packet 3: transmitted on port 2 (60 bytes)',
      'packet 1: transmitted on port 3 (60 bytes)',
    ]);
  });

  it('longjump: a packet parks at its extern site and resumes there; a packet the program drops says why', () => {
    const events: TraceEvent[] = [];
    const p4 = esp();
    configureGateway(p4.objects, 0.5);
    const tracer = new Tracer((e) => events.push(e));
    tracer.useSites([{ id: 1, what: 'esp_encapsulate', source: 'ipsec-esp.p4:96' }]);
    const sw = new V1Switch(p4, { tracer, executor: new InlineExecutor({ burstSize: 1 }) });
    sw.inject(1, trafficFrame(3)); // flow 3: encapsulated
    sw.inject(1, ethernet('00:00:00:00:00:02', '00:00:00:00:00:01', 0x88b5, new Uint8Array(46))); // not IPv4: dropped
    sw.runUntilIdle();
    expect(events.map(formatTraceEvent)).toEqual([
      'packet 1: received on port 1 (60 bytes)',
      'packet 2: received on port 1 (60 bytes)',
      'packet 1:   parked at extern site 1: esp_encapsulate (ipsec-esp.p4:96)',
      'packet 2: dropped (ingress-drop)',
      'packet 1:   resumed at extern site 1: esp_encapsulate (ipsec-esp.p4:96)',
      'packet 1: to egress port 2',
      'packet 1: transmitted on port 2 (118 bytes)',
    ]);
  });
});
