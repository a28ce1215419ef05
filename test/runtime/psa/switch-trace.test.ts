/**
 * The PSA switch's side of a packet trace (runtime/psa/switch.ts): arrival, the end of ingress
 * (clones, drops, resubmits, multicast copies, the egress port), the end of egress (clones,
 * recirculation, output), extern sites — the events and text of the v1model switch's traces
 * (runtime/trace), for each of PSA's packet paths.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PSA_PORT_CPU } from '../../../runtime/psa/constants.ts';
import type { PsaProgram } from '../../../runtime/psa/program.ts';
import { PsaSwitch, type PsaSwitchOptions } from '../../../runtime/psa/switch.ts';
import { InlineExecutor } from '../../../runtime/tasks/index.ts';
import { formatTraceEvent, Tracer, type TraceEvent } from '../../../runtime/trace/index.ts';
import { runStfText } from '../../../runtime/testing/stf-runner.ts';
import { loadAnyP4 } from '../../examples/harness.ts';
import { expectGolden } from '../../golden.ts';
import { probeFrame, probeProgram, script, type ProbeState } from './programs.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;

/** A traced switch running `program`; `send` injects one probe frame and runs until idle, returning the trace's lines. */
function traced(program: PsaProgram<ProbeState> = probeProgram(), options: PsaSwitchOptions<ProbeState> = {}) {
  const events: TraceEvent[] = [];
  const sw = new PsaSwitch(program, { ...options, tracer: new Tracer((e) => events.push(e)) });
  const send = (port: number, dst: number): string[] => {
    events.length = 0;
    sw.inject(port, probeFrame(dst));
    sw.runUntilIdle();
    return events.map(formatTraceEvent);
  };
  return { sw, send };
}

describe('PSA switch trace', () => {
  it('unicast, a packet ingress never directs (dropped), a port the switch does not have', () => {
    const { send } = traced();
    expect(send(1, script(0, 2))).toEqual(['packet 1: received on port 1 (18 bytes)', 'packet 1: to egress port 2', 'packet 1: transmitted on port 2 (18 bytes)']);
    expect(send(1, script(2, 0))).toEqual(['packet 2: received on port 1 (18 bytes)', 'packet 2: dropped (ingress-drop)']);
    expect(send(1, script(6, 0))).toEqual(['packet 3: received on port 1 (18 bytes)', 'packet 3: dropped (invalid-port)']);
  });

  it('multicast: one line per member, the copies with ids of their own, the last member the packet itself', () => {
    const { sw, send } = traced();
    sw.multicast.setGroup(5, [
      { rid: 11, port: 1 },
      { rid: 12, port: 2 },
      { rid: 13, port: PSA_PORT_CPU },
    ]);
    expect(send(3, script(1, 5))).toEqual([
      'packet 1: received on port 3 (18 bytes)',
      'packet 1: multicast group 5: copy packet 2 to port 1 (rid 11)',
      'packet 2: to egress port 1',
      'packet 1: multicast group 5: copy packet 3 to port 2 (rid 12)',
      'packet 3: to egress port 2',
      'packet 1: multicast group 5: itself to port 4294967293 (rid 13)',
      'packet 1: to egress port 4294967293',
      'packet 2: transmitted on port 1 (18 bytes)',
      'packet 3: transmitted on port 2 (18 bytes)',
      'packet 1: transmitted on port 4294967293 (18 bytes)',
    ]);
    expect(send(3, script(1, 6))).toEqual(['packet 4: received on port 3 (18 bytes)', 'packet 4: dropped (multicast-no-members)']);
  });

  it('resubmit and recirculate: the same packet back in the ingress parser; a loop past maxPasses dropped', () => {
    const { send } = traced(probeProgram(), { maxPasses: 3 });
    expect(send(6, script(3, 2))).toEqual(['packet 1: received on port 6 (18 bytes)', 'packet 1: resubmitted', 'packet 1: to egress port 2', 'packet 1: transmitted on port 2 (18 bytes)']);
    expect(send(6, script(4, 3))).toEqual([
      'packet 2: received on port 6 (18 bytes)',
      'packet 2: to egress port 4294967290',
      'packet 2: recirculated (18 bytes)',
      'packet 2: to egress port 3',
      'packet 2: transmitted on port 3 (18 bytes)',
    ]);
    expect(send(1, script(7, 0))).toEqual(['packet 3: received on port 1 (18 bytes)', 'packet 3: resubmitted', 'packet 3: resubmitted', 'packet 3: resubmitted', 'packet 3: dropped (loop-limit)']);
  });

  it('ingress-to-egress and egress-to-egress clones, also of packets then dropped; the CPU port a switch port stands for', () => {
    const { sw, send } = traced(probeProgram(), { cpuPort: 64 });
    sw.mirroring.add(8, { egressPort: 5 });
    expect(send(1, script(0, 2, 1 | 8, 8))).toEqual([
      'packet 1: received on port 1 (18 bytes)',
      'packet 1: ingress clone to session 8: packet 2',
      'packet 2: to egress port 5',
      'packet 1: dropped (ingress-drop)',
      'packet 2: transmitted on port 5 (18 bytes)',
    ]);
    expect(send(1, script(0, 2, 2 | 4, 8))).toEqual([
      'packet 3: received on port 1 (18 bytes)',
      'packet 3: to egress port 2',
      'packet 3: egress clone to session 8: packet 4',
      'packet 4: to egress port 5',
      'packet 3: dropped (egress-drop)',
      'packet 4: transmitted on port 5 (18 bytes)',
    ]);
    expect(send(64, script(5, 0))).toEqual(['packet 5: received on port 64 (18 bytes)', 'packet 5: to egress port 4294967293', 'packet 5: transmitted on port 64 (18 bytes)']);
  });

  it("a clone session's own replicas (P4Runtime's CloneSessionEntry): one line per replica, as a multicast group's members, traced as group 0", () => {
    const { sw, send } = traced();
    sw.mirroring.add(9, { replicas: [{ rid: 7, port: 3 }, { rid: 8, port: 4 }] });
    expect(send(1, script(0, 2, 1, 9))).toEqual([
      'packet 1: received on port 1 (18 bytes)',
      'packet 1: ingress clone to session 9: packet 2',
      'packet 2: multicast group 0: copy packet 3 to port 3 (rid 7)',
      'packet 3: to egress port 3',
      'packet 2: multicast group 0: itself to port 4 (rid 8)',
      'packet 2: to egress port 4',
      'packet 1: to egress port 2',
      'packet 3: transmitted on port 3 (18 bytes)',
      'packet 2: transmitted on port 4 (18 bytes)',
      'packet 1: transmitted on port 2 (18 bytes)',
    ]);
  });

  it('examples/ipsec-esp-psa in longjump mode, compiled for traces: each block, parser state, extracted header and table apply, the packet parked and resumed at its ESP site (golden)', async () => {
    const create = await loadAnyP4(`${EXAMPLES}ipsec-esp-psa/ipsec-esp-psa.p4`, 'longjump', false, true);
    const stf = `${EXAMPLES}ipsec-esp-psa/ipsec-esp-psa.stf`;
    const result = runStfText(create, readFileSync(stf, 'utf8'), { file: 'ipsec-esp-psa.stf', trace: true, switchOptions: { executor: new InlineExecutor({ burstSize: 1 }) } });
    expect(result.failures).toEqual([]);
    const text = [...result.traces!].map(([line, events]) => [`ipsec-esp-psa.stf line ${line}:`, ...events.map((e) => `  ${formatTraceEvent(e)}`)].join('\n')).join('\n');
    expectGolden(`${GOLDEN}ipsec-esp-psa.longjump.trace.txt`, `${text}\n`);
  });
});
