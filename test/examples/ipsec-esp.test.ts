/**
 * examples/ipsec-esp against the reference ESP packets of test/fixtures/esp: in every mode, with
 * the inline executor and with the worker co-processor, the 20 inner frames must come out
 * byte-identical to each reference file (three cipher suites, deterministic IVs), and the
 * reference ESP frames must decapsulate back to the inner frames. The SAs and table entries are
 * loaded through the entries JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEntriesJson } from '../../runtime/control/entries-json.ts';
import { p4tsEntrySections } from '../../runtime/p4ts/entries-sections.ts';
import type { RuntimeTable } from '../../runtime/control/runtime-table.ts';
import type { SaConfig } from '../../runtime/ipsec/sa.ts';
import { V1Switch } from '../../runtime/v1model/switch.ts';
import type { V1SwitchOptions } from '../../runtime/v1model/switch-options.ts';
import type { V1Program } from '../../runtime/v1model/program.ts';
import { FIXTURE_SAS, fixtureFrames } from '../runtime/ipsec/fixtures.ts';
import { MODES, hex, loadP4, runToIdle, securityOf, workerSetup, type WorkerSetup } from './harness.ts';

const PROGRAM = new URL('../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url).pathname;
const INNER = fixtureFrames('inner-visible.pcap');

/** The entries JSON of one suite: SA 0 and the policy (port 1 → encapsulate to 2, ESP from 2 → decapsulate to 1). */
function entriesFor(sa: SaConfig, withTables: boolean): string {
  const fields: Record<string, string | number> = {
    index: 0,
    spi: `0x${sa.spi.toString(16)}`,
    suite: sa.suite,
    enc_key: sa.encKey,
    src: sa.tunnelSrc,
    dst: sa.tunnelDst,
    iv: sa.ivMode.kind === 'deterministic' ? sa.ivMode.baseIv : 'random',
  };
  if (sa.authKey !== undefined) fields['auth_key'] = sa.authKey;
  if (sa.salt !== undefined) fields['salt'] = sa.salt;
  return JSON.stringify(
    {
      p4ts_security_associations: [fields],
      table_entries: !withTables ? [] : [
        { table: 'esp_policy', match: { 'std_meta.ingress_port': [1, '0x1ff'] }, action_name: 'encapsulate', action_params: { sa: 0, port: 2 }, priority: 10 },
        { table: 'esp_policy', match: { 'std_meta.ingress_port': [2, '0x1ff'], 'meta.protocol': [50, '0xff'] }, action_name: 'decapsulate', action_params: { port: 1 }, priority: 10 },
      ],
    },
    null,
    2,
  );
}

function tablesOf(program: V1Program<unknown>): RuntimeTable[] {
  const tables: RuntimeTable[] = [];
  for (const e of program.objects.entries()) if (e.kind === 'table') tables.push(e.object as RuntimeTable);
  return tables;
}

interface Harness {
  readonly program: V1Program<unknown>;
  readonly sw: V1Switch<unknown>;
  readonly out: Map<number, string[]>;
  readonly drops: string[];
}

function harness(program: V1Program<unknown>, options: V1SwitchOptions<unknown>): Harness {
  const out = new Map<number, string[]>();
  const drops: string[] = [];
  const sw = new V1Switch(program, {
    ...options,
    onOutput: (port, bytes) => {
      const list = out.get(port) ?? [];
      list.push(hex(bytes));
      out.set(port, list);
    },
    onDrop: (reason) => drops.push(reason),
  });
  return { program, sw, out, drops };
}

/** Runs the three suites through one switch (SA 0 replaced for each); `run` drives it to idle. */
async function checkSuites(h: Harness, run: () => Promise<void>): Promise<void> {
  for (const [i, { file, config }] of FIXTURE_SAS.entries()) {
    h.out.clear();
    const loaded = loadEntriesJson(entriesFor(config, i === 0), 'suite.json', { tables: tablesOf(h.program), sections: p4tsEntrySections(securityOf(h.program)) });
    expect(loaded.diagnostics).toEqual([]);
    for (const f of INNER) h.sw.inject(1, f);
    await run();
    const expected = fixtureFrames(file);
    expect(h.out.get(2), `${file}: encapsulated`).toEqual(expected.map(hex));
    h.out.clear();
    for (const f of expected) h.sw.inject(2, f);
    await run();
    expect(h.out.get(1), `${file}: decapsulated`).toEqual(INNER.map(hex));
    expect(h.drops).toEqual([]);
    expect(h.sw.stats.received).toBe(h.sw.stats.transmitted + h.sw.stats.dropped);
  }
}

for (const mode of MODES) {
  describe(`examples/ipsec-esp (${mode})`, () => {
    let createProgram: () => V1Program<unknown>;
    beforeAll(async () => {
      createProgram = await loadP4(PROGRAM, mode);
    });

    it('reproduces the reference ESP packets of the three suites with the inline executor, and decapsulates them', async () => {
      const h = harness(createProgram(), {});
      await checkSuites(h, () => {
        h.sw.runUntilIdle();
        return Promise.resolve();
      });
      expect(h.sw.stats.parks).toBe(mode === 'sync' ? 0 : 2 * 20 * FIXTURE_SAS.length);
    });

    describe('with the worker co-processor', () => {
      let setup: WorkerSetup | undefined;
      afterAll(async () => {
        await setup?.executor.coprocessor.close();
      });

      it('reproduces the reference ESP packets of the three suites, and decapsulates them', async () => {
        const program = createProgram();
        setup = workerSetup(program);
        await setup.executor.start();
        const h = harness(program, setup.switchOptions);
        await checkSuites(h, () => runToIdle(h.sw));
        const stats = setup.executor.coprocessor.stats;
        // Every ESP operation ran on the worker (20 packets never put it a burst behind).
        expect(stats.submitted).toBe(2 * 20 * FIXTURE_SAS.length);
        expect(stats.completed).toBe(stats.submitted);
        expect(setup.executor.helped).toBe(0);
      });
    });
  });
}
