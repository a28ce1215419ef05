import { describe, expect, it } from 'vitest';
import { formatStfFailure, runStfText, toHex, type StfResult } from '../../../runtime/testing/index.ts';
import { frame, makeL2, makeOps, makeSitesContext, makeSitesLongjump, makeSitesSync, tagFrame } from '../v1model/programs.ts';
import { makeTableProgram } from './table-program.ts';

const MAC1 = 0x000000000001;
const MAC2 = 0x000000000002;
const hex = (b: Uint8Array): string => toHex(b);
const pkt = (dst: number, payload: number[] = [1, 2, 3, 4]): string => hex(frame(dst, 0x020000000009, 0x0800, payload));

const ADD_MAC1_PORT2 = 'add MyIngress.forward hdr.ethernet.dstAddr:0x000000000001 MyIngress.set_port(port:2)';

function messages(r: StfResult): string[] {
  return r.failures.map((f) => formatStfFailure(f, 't.stf'));
}

describe('STF runner: expectations', () => {
  it('passes when every expected packet arrives', () => {
    const stf = [ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1)}`, `expect 2 ${pkt(MAC1)}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(messages(r)).toEqual([]);
    expect(r.passed).toBe(true);
    expect(r.packetsIn).toBe(1);
    expect(r.outputs.get(2)?.length).toBe(1);
  });

  it('reports a wrong packet with its line, port, first differing byte and both packets in hex', () => {
    const wrong = pkt(MAC1, [1, 2, 9, 4]);
    const stf = [ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1)}`, `expect 2 ${wrong}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(r.passed).toBe(false);
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0]!;
    expect(f).toMatchObject({ kind: 'mismatch', line: 3, port: 2 });
    expect(messages(r)[0]).toBe(`t.stf(3): port 2: packet #1 differs at byte 16: expected ${wrong}, received ${pkt(MAC1)}`);
  });

  it('reports an expected packet that never arrives (missing)', () => {
    const stf = [ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1)}`, `expect 2 ${pkt(MAC1)}`, `packet 0 ${pkt(MAC2)}`, `expect 2 ${pkt(MAC2)}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(r.failures.map((f) => [f.kind, f.line, f.port])).toEqual([['missing', 5, 2]]);
    expect(r.failures[0]!.message).toMatch(/expected 2 packet\(s\), received 1/);
  });

  it('fails on an extra packet on an expected port and names the packet line that caused it', () => {
    const stf = [ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1)}`, `expect 2 ${pkt(MAC1)}`, `packet 0 ${pkt(MAC1, [7])}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(r.failures.map((f) => [f.kind, f.line, f.port])).toEqual([['extra', 4, 2]]);
    expect(r.failures[0]!.message).toContain(pkt(MAC1, [7]));
  });

  it('checks every port named by packet or expect lines, ignores the others', () => {
    const toPort0 = 'add MyIngress.forward hdr.ethernet.dstAddr:0x000000000002 MyIngress.set_port(port:0)';
    const toPort7 = 'add MyIngress.forward hdr.ethernet.dstAddr:0x000000000001 MyIngress.set_port(port:7)';
    // port 7 is never named: its packet is not captured
    const ignored = runStfText(makeTableProgram, [toPort7, `packet 1 ${pkt(MAC1)}`].join('\n'));
    expect(ignored.passed).toBe(true);
    expect(ignored.outputs.get(7)?.length).toBe(1);
    // port 0 is an input port: it expects no packet
    const checked = runStfText(makeTableProgram, [toPort0, `packet 0 ${pkt(MAC2)}`].join('\n'));
    expect(checked.failures.map((f) => [f.kind, f.port])).toEqual([['extra', 0]]);
    // expect PORT without data: anything goes on that port
    const any = runStfText(makeTableProgram, [toPort0, `packet 0 ${pkt(MAC2)}`, `packet 0 ${pkt(MAC2)}`, 'expect 0'].join('\n'));
    expect(any.passed).toBe(true);
  });

  it('does not check the order across ports, only within a port', () => {
    const stf = [
      ADD_MAC1_PORT2,
      'add MyIngress.forward hdr.ethernet.dstAddr:0x000000000002 MyIngress.set_port(port:3)',
      `packet 0 ${pkt(MAC1)}`,
      `packet 0 ${pkt(MAC2)}`,
      `packet 0 ${pkt(MAC1, [9])}`,
      `expect 3 ${pkt(MAC2)}`,
      `expect 2 ${pkt(MAC1)}`,
      `expect 2 ${pkt(MAC1, [9])}`,
    ].join('\n');
    expect(messages(runStfText(makeTableProgram, stf))).toEqual([]);
    const swapped = stf.replace(`expect 2 ${pkt(MAC1)}\nexpect 2 ${pkt(MAC1, [9])}`, `expect 2 ${pkt(MAC1, [9])}\nexpect 2 ${pkt(MAC1)}`);
    expect(runStfText(makeTableProgram, swapped).failures.map((f) => f.kind)).toEqual(['mismatch', 'mismatch']);
  });

  it('matches * nibbles against anything', () => {
    const p = pkt(MAC1);
    const pattern = `${p.slice(0, 12)}****${p.slice(16, 20)}*${p.slice(21)}`;
    expect(runStfText(makeTableProgram, [ADD_MAC1_PORT2, `packet 0 ${p}`, `expect 2 ${pattern}`].join('\n')).passed).toBe(true);
    const wrongTail = `${pattern.slice(0, -1)}${p.endsWith('0') ? '1' : '0'}`;
    const r = runStfText(makeTableProgram, [ADD_MAC1_PORT2, `packet 0 ${p}`, `expect 2 ${wrongTail}`].join('\n'));
    expect(r.failures[0]?.message).toMatch(new RegExp(`differs at byte ${p.length / 2 - 1}:`));
  });

  it('accepts a longer packet unless the pattern ends with $', () => {
    const p = pkt(MAC1);
    const prefix = p.slice(0, 28); // the ethernet header only
    expect(runStfText(makeTableProgram, [ADD_MAC1_PORT2, `packet 0 ${p}`, `expect 2 ${prefix}`].join('\n')).passed).toBe(true);
    expect(runStfText(makeTableProgram, [ADD_MAC1_PORT2, `packet 0 ${p}`, `expect 2 ${p} $`].join('\n')).passed).toBe(true);
    const strict = runStfText(makeTableProgram, [ADD_MAC1_PORT2, `packet 0 ${p}`, `expect 2 ${prefix} $`].join('\n'));
    expect(strict.failures[0]?.message).toMatch(/too long \(18 bytes, expected exactly 14, differs at byte 14\)/);
    const short = runStfText(makeTableProgram, [ADD_MAC1_PORT2, `packet 0 ${p}`, `expect 2 ${p}AB`].join('\n'));
    expect(short.failures[0]?.message).toMatch(/too short \(18 bytes, differs at byte 18\)/);
  });
});

describe('STF runner: commands in file order', () => {
  it('a table add between packets affects only the later packets', () => {
    const stf = [`packet 0 ${pkt(MAC1, [1])}`, ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1, [2])}`, `expect 2 ${pkt(MAC1, [2])}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(messages(r)).toEqual([]);
    expect(r.stats?.dropsFor('ingress-drop')).toBe(1);
  });

  it('also in pipelined mode (control-plane commands drain the switch first)', () => {
    const stf = [`packet 0 ${pkt(MAC1, [1])}`, `packet 0 ${pkt(MAC1, [1])}`, ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1, [2])}`, `expect 2 ${pkt(MAC1, [2])}`].join('\n');
    expect(runStfText(makeTableProgram, stf, { pipelinePackets: true }).passed).toBe(true);
  });

  it('setdefault changes the miss action', () => {
    const stf = ['setdefault forward set_port(port:4)', `packet 0 ${pkt(MAC2)}`, `expect 4 ${pkt(MAC2)}`].join('\n');
    expect(messages(runStfText(makeTableProgram, stf, { file: 't.stf' }))).toEqual([]);
  });

  it('reports a rejected add with its line and goes on', () => {
    const stf = ['add MyIngress.forward hdr.ethernet.dstAddr:0x1 MyIngress.nothing()', `packet 0 ${pkt(MAC1)}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(r.failures.map((f) => [f.kind, f.line])).toEqual([['control', 1]]);
    expect(r.failures[0]!.message).toMatch(/^add: .*nothing/);
  });

  it('multicast: groups and nodes (handles 0, 1, … in creation order)', () => {
    const { program } = makeL2();
    const input = frame(0xffffffffffff, 0x020000000009, 0x0800, [5, 6]);
    const out = (port: number): string => hex(frame(0xffffffffffff, 0x0a0000000000 + port, 0x0800, [5, 6]));
    const stf = [
      'mc_mgrp_create 1',
      'mc_node_create 0 1 2',
      'mc_node_create 7 3',
      'mc_node_associate 1 0',
      'mc_node_associate 1 1',
      `packet 1 ${hex(input)}`,
      `expect 2 ${out(2)}`,
      `expect 3 ${out(3)}`,
    ].join('\n');
    const r = runStfText(() => program, stf, { file: 't.stf' });
    expect(messages(r)).toEqual([]); // the copy back to port 1 is dropped by the program's egress
    expect(r.log).toEqual(['multicast node 0 created (rid 0)', 'multicast node 1 created (rid 7)']);
  });

  it('mirroring_add configures a clone session', () => {
    const { program } = makeOps();
    const input = tagFrame(MAC1, 1, 1, 0);
    const stf = ['mirroring_add 5 7', `packet 0 ${hex(input)}`, 'expect 2', 'expect 7'].join('\n');
    const r = runStfText(() => program, stf);
    expect(messages(r)).toEqual([]);
    expect(r.outputs.get(7)?.length).toBe(1);
    expect(r.stats?.clonesI2E).toBe(1);
  });

  it('registers and counters: read, write, reset, check_counter', () => {
    const stf = [
      ADD_MAC1_PORT2 + ' = e1',
      `packet 0 ${pkt(MAC1)}`,
      `expect 2 ${pkt(MAC1)}`,
      `packet 0 ${pkt(MAC1)}`,
      `expect 2 ${pkt(MAC1)}`,
      'check_counter hits(2) packets == 2',
      'check_counter hits(2) bytes == 36',
      'check_counter forward_counter(e1) packets == 2',
      'check_counter hits(2) packets == 3',
      'counter_read MyIngress.hits 2',
    ].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(messages(r)).toEqual(['t.stf(9): check_counter: MyIngress.hits(2) packets is 2, expected == 3']);
    expect(r.log.at(-1)).toBe('MyIngress.hits[2] = packets 2, bytes 36');

    const { program, reg } = makeOps();
    const regs = runStfText(() => program, ['register_write MyEgress.marks 3 42', 'register_read marks 3', 'register_reset marks', 'register_read marks 3'].join('\n'));
    expect(regs.passed).toBe(true);
    expect(regs.log).toEqual(['MyEgress.marks[3] = 42', 'MyEgress.marks[3] = 0']);
    expect(reg.get(3)).toBe(0);
  });

  it('a command the runner cannot carry out fails the test with "not supported", without crashing', () => {
    const stf = ['remove MyIngress.forward hdr.ethernet.dstAddr:0x1', 'meter_get_rates nothing 0', `packet 0 ${pkt(MAC1)}`].join('\n');
    const r = runStfText(makeTableProgram, stf, { file: 't.stf' });
    expect(r.failures.map((f) => [f.kind, f.line])).toEqual([
      ['unsupported', 1],
      ['control', 2],
    ]);
    expect(r.failures[0]!.message).toMatch(/not supported/);
  });

  it('remove_all empties the tables', () => {
    const stf = [ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1)}`, `expect 2 ${pkt(MAC1)}`, 'remove_all', `packet 0 ${pkt(MAC1)}`].join('\n');
    expect(runStfText(makeTableProgram, stf).passed).toBe(true);
  });

  it('no_packet fails when the last packet produced one', () => {
    const dropped = [`packet 0 ${pkt(MAC1)}`, 'no_packet'].join('\n');
    expect(runStfText(makeTableProgram, dropped).passed).toBe(true);
    const sent = [ADD_MAC1_PORT2, `packet 0 ${pkt(MAC1)}`, 'no_packet', `expect 2 ${pkt(MAC1)}`].join('\n');
    expect(runStfText(makeTableProgram, sent, { file: 't.stf' }).failures.map((f) => [f.kind, f.line, f.port])).toEqual([['check', 3, 2]]);
  });
});

describe('STF runner: errors never escape', () => {
  it('a syntax error fails the test before any packet', () => {
    const r = runStfText(makeTableProgram, 'packet 0 0G\nexpect 1 00', { file: 't.stf' });
    expect(r.failures.map((f) => [f.kind, f.line])).toEqual([['syntax', 1]]);
    expect(r.packetsIn).toBe(0);
  });

  it('a program that throws ends the run with an error naming the packet line', () => {
    const { program } = makeOps();
    const r = runStfText(() => program, [`packet 0 ${hex(tagFrame(MAC1, 1, 10, 0))}`, 'expect 1 00'].join('\n'), { file: 't.stf' });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ kind: 'error', line: 1 });
    expect(r.failures[0]!.message).toMatch(/bug in generated code/);
  });

  it('a program that cannot be created is an error', () => {
    const r = runStfText(
      () => {
        throw new Error('no');
      },
      'packet 0 00',
    );
    expect(r.failures[0]).toMatchObject({ kind: 'error', message: 'cannot create the program: no' });
  });
});

describe('STF runner: execution modes', () => {
  const stf = [
    `packet 0 ${hex(tagFrame(MAC1, 5, 2, 0x1234))}`,
    // ttl 5 → 4; value ^ 0x5a5a ^ 0x0ff0; egress writes meta.scratch (ttl * 2 = 8) into eth.src
    `expect 2 000000000001 000000000008 88B5 04 02 ${(((0x1234 ^ 0x5a5a) ^ 0x0ff0) & 0xffff).toString(16).padStart(4, '0')}`,
    `packet 0 ${hex(tagFrame(MAC2, 9, 1, 0x0001))}`,
    `expect 2 000000000002 000000000010 88B5 08 01 ${((0x0001 ^ 0x5a5a) & 0xffff).toString(16).padStart(4, '0')} $`,
  ].join('\n');

  it.each([
    ['sync', () => makeSitesSync().program],
    ['longjump', () => makeSitesLongjump().program],
    ['context', () => makeSitesContext().program],
  ] as const)('%s programs produce the expected packets', (_mode, make) => {
    expect(messages(runStfText(make, stf, { file: 't.stf' }))).toEqual([]);
  });

  it('pipelined packets may overtake each other in async modes (a packet parked twice leaves last)', () => {
    expect(runStfText(() => makeSitesSync().program, stf, { pipelinePackets: true }).passed).toBe(true);
    const r = runStfText(() => makeSitesLongjump().program, stf, { pipelinePackets: true });
    expect(r.failures.map((f) => f.kind)).toEqual(['mismatch', 'mismatch']);
  });
});
