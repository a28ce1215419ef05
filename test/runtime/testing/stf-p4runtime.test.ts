/**
 * STF through P4Runtime (`p4ts test --via-p4runtime`): our STF fixtures that program the switch
 * (tables, action profiles and selectors, counters, registers, meters, multicast, clone sessions,
 * value sets) run with every control-plane command sent as a P4Runtime request to a switch served
 * on 127.0.0.1, and must pass and produce exactly what the direct run produces: the same packets
 * on every port and the same control-plane log.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import { buildP4Info } from '../../../compiler/p4info/index.ts';
import { loadProgramModule } from '../../../runtime/loader/index.ts';
import type { P4Info } from '../../../runtime/p4runtime/p4info.ts';
import { formatStfFailure, runStfText, toHex, type StfResult } from '../../../runtime/testing/index.ts';
import { runStfTextViaP4Runtime } from '../../../runtime/testing/stf-p4runtime.ts';
import type { AnyProgram } from '../../../runtime/switch/index.ts';

const DIR = new URL('../../fixtures/stf/', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

const CONTROL = /^(add|setdefault|remove|mc_|mirroring_|counter_|check_counter|register_|meter_|act_prof_|table_indirect_|pvs_)/m;

/** The fixtures and examples whose STF files program the switch (the others send packets only). */
const FIXTURES: readonly (readonly [string, string])[] = [
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.stf') && existsSync(`${DIR}${f.replace(/\.stf$/, '.p4')}`))
    .map((f) => f.replace(/\.stf$/, ''))
    .sort()
    .map((n) => [n, `${DIR}${n}`] as const),
  ...['l2fwd', 'l3-router'].map((n) => [`examples/${n}`, `${EXAMPLES}${n}/${n}`] as const),
]
  .filter(([, base]) => CONTROL.test(readFileSync(`${base}.stf`, 'utf8')))
  // Not through P4Runtime yet: psa-externs reads the direct counter of a table's default entry
  // (`check_counter hits(0)`), which the P4Runtime run names only by an entry's id.
  .filter(([name]) => name !== 'psa-externs');

async function load(p4: string): Promise<{ create: () => AnyProgram<unknown>; p4info: P4Info }> {
  const compiled = compileFile(p4, { mode: 'sync', asyncAll: false });
  if (!compiled.ok || compiled.code === undefined || compiled.ir === undefined) throw new Error(`${p4} does not compile`);
  const { p4info, problems } = buildP4Info(compiled.ir);
  expect(problems).toEqual([]);
  const module = await loadProgramModule(compiled.code, undefined, { name: p4.replace(/^.*\//, '') });
  return { create: () => module.createProgram(), p4info };
}

/**
 * Packets per port and the log. The rates `meter_get_rates` prints are left out: P4Runtime's meter
 * rates are whole units per second, so an STF rate below one per second (the meters fixture's
 * 0.0000001 per microsecond) reads back as 0 through P4Runtime.
 */
function observed(r: StfResult): string {
  const ports = [...r.outputs].sort((a, b) => a[0] - b[0]).map(([port, list]) => `${port}: ${list.map((p) => toHex(p.bytes)).join(' ')}`);
  return [...ports, ...r.log.map((l) => l.replace(/^(\S+\[\d+\]): [0-9.e+-]+:\d+ [0-9.e+-]+:\d+$/, '$1: (meter rates)'))].join('\n');
}

describe.each(FIXTURES)('STF fixture %s through P4Runtime', (name, base) => {
  it('passes and produces what the direct run produces', async () => {
    const stf = readFileSync(`${base}.stf`, 'utf8');
    const { create, p4info } = await load(`${base}.p4`);
    const direct = runStfText(create, stf, { file: `${name}.stf` });
    const via = await runStfTextViaP4Runtime(create, stf, { file: `${name}.stf`, p4info });
    expect(via.failures.map((f) => formatStfFailure(f, `${name}.stf`))).toEqual([]);
    expect(direct.passed).toBe(true);
    expect(observed(via)).toBe(observed(direct));
    expect(via.packetsIn).toBe(direct.packetsIn);
  });
});

describe('STF through P4Runtime: the requests are the server\'s to refuse', () => {
  it('an action argument too wide for its parameter is refused with the server\'s OUT_OF_RANGE, on the command\'s line', async () => {
    const { create, p4info } = await load(`${EXAMPLES}l2fwd/l2fwd.p4`);
    const table = p4info.tables![0]!;
    const field = table.match_fields![0]!;
    const action = p4info.actions!.find((a) => (table.action_refs ?? []).some((r) => r.id === a.preamble.id) && (a.params ?? []).length > 0)!;
    const param = action.params![0]!;
    const tooWide = `0x1${'0'.repeat(Math.ceil((param.bitwidth ?? 8) / 4))}`;
    const stf = `\nadd ${table.preamble.name} ${field.name}:1 ${action.preamble.name}(${param.name}:${tooWide})\n`;
    const via = await runStfTextViaP4Runtime(create, stf, { file: 't.stf', p4info });
    expect(via.passed).toBe(false);
    expect(via.failures).toHaveLength(1);
    expect(via.failures[0]).toMatchObject({ kind: 'control', line: 2 });
    expect(via.failures[0]!.message).toMatch(/^add: P4Runtime OUT_OF_RANGE: .*does not fit in \d+ bits/);
  });

  it('an entry inserted twice is ALREADY_EXISTS from the server', async () => {
    const { create, p4info } = await load(`${EXAMPLES}l2fwd/l2fwd.p4`);
    const stf = readFileSync(`${EXAMPLES}l2fwd/l2fwd.stf`, 'utf8');
    const first = stf.split('\n').find((l) => l.startsWith('add '))!;
    const via = await runStfTextViaP4Runtime(create, `${first}\n${first}\n`, { file: 't.stf', p4info });
    expect(via.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^add: P4Runtime ALREADY_EXISTS: /)]);
  });
});
