/**
 * Faults of the worker co-processor seen through the switch (V1Switch + CoprocessorExecutor,
 * compiled example programs): an operation that fails, a worker killed while packets wait on
 * it, a ring too small for the load, a partial burst at low load. In each, every packet ends
 * transmitted or dropped with a reason: received + created === transmitted + dropped.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEntriesJson } from '../../../runtime/control/entries-json.ts';
import { p4tsEntrySections } from '../../../runtime/p4ts/entries-sections.ts';
import type { RuntimeTable } from '../../../runtime/control/runtime-table.ts';
import type { CoprocessorExecutorOptions } from '../../../runtime/p4ts/coprocessor-executor.ts';
import type { V1Program } from '../../../runtime/v1model/program.ts';
import { V1Switch } from '../../../runtime/v1model/switch.ts';
import { hex, loadP4, runToIdle, securityOf, workerSetup, type WorkerSetup } from '../../examples/harness.ts';
import { FIXTURE_SAS, fixtureFrames } from '../ipsec/fixtures.ts';

const ESP_PROGRAM = new URL('../../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url).pathname;
const BURN_PROGRAM = new URL('../../../examples/custom-extern/custom-extern.p4', import.meta.url).pathname;
const INNER = fixtureFrames('inner-visible.pcap');
const ESP = fixtureFrames(FIXTURE_SAS[0]!.file);

function tablesOf(program: V1Program<unknown>): RuntimeTable[] {
  const tables: RuntimeTable[] = [];
  for (const e of program.objects.entries()) if (e.kind === 'table') tables.push(e.object as RuntimeTable);
  return tables;
}

function configure(program: V1Program<unknown>, json: object): void {
  const r = loadEntriesJson(JSON.stringify(json), 'entries.json', { tables: tablesOf(program), sections: p4tsEntrySections(securityOf(program)) });
  expect(r.diagnostics).toEqual([]);
}

/** ipsec-esp: SA 0 = the reference SA 0x1001 (deterministic IV), port 1 encapsulates, port 2 decapsulates. */
function espEntries(program: V1Program<unknown>, firstSeq?: number): void {
  const sa = FIXTURE_SAS[0]!.config;
  configure(program, {
    p4ts_security_associations: [
      {
        index: 0, spi: sa.spi, suite: sa.suite, enc_key: sa.encKey, auth_key: sa.authKey!, src: sa.tunnelSrc, dst: sa.tunnelDst, iv: '000102030405060708090a0b0c0d0e0f',
        ...(firstSeq === undefined ? {} : { first_seq: firstSeq }),
      },
    ],
    table_entries: [
      { table: 'esp_policy', match: { 'std_meta.ingress_port': [1, '0x1ff'] }, action_name: 'encapsulate', action_params: { sa: 0, port: 2 }, priority: 10 },
      { table: 'esp_policy', match: { 'std_meta.ingress_port': [2, '0x1ff'], 'meta.protocol': [50, '0xff'] }, action_name: 'decapsulate', action_params: { port: 1 }, priority: 10 },
    ],
  });
}

/** custom-extern: every packet from port 1 gets a burn(cycles) task and goes to port 2. */
function burnEntries(program: V1Program<unknown>, cycles: number, priority = 1): void {
  configure(program, {
    table_entries: [{ table: 'work_policy', match: { 'std_meta.ingress_port': 1, 'meta.flow': [0, 255] }, action_name: 'work', action_params: { cycles, port: 2 }, priority }],
  });
}

/** A 60-byte IPv4 frame to 10.2.0.(i mod 100). */
function plainFrame(i: number): Uint8Array {
  const f = new Uint8Array(60);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0, 0, 46, i >> 8, i & 0xff, 0, 0, 64, 17, 0, 0, 10, 1, 0, 1, 10, 2, 0, i % 100]);
  return f;
}

interface Run {
  readonly sw: V1Switch<unknown>;
  readonly out: Map<number, string[]>;
  readonly drops: string[];
}

function start(program: V1Program<unknown>, setup: WorkerSetup, extra: { inlineFallback?: boolean; burst?: number } = {}): Run {
  const out = new Map<number, string[]>();
  const drops: string[] = [];
  const sw = new V1Switch(program, {
    ...setup.switchOptions,
    ...extra,
    onOutput: (port, bytes) => {
      const list = out.get(port) ?? [];
      list.push(hex(bytes));
      out.set(port, list);
    },
    onDrop: (reason) => drops.push(reason),
  });
  return { sw, out, drops };
}

function balanced(sw: V1Switch<unknown>): void {
  const s = sw.stats;
  expect(sw.inFlight).toBe(0);
  expect(s.received + s.created).toBe(s.transmitted + s.dropped);
}

let setups: WorkerSetup[] = [];
afterEach(async () => {
  for (const s of setups) await s.executor.coprocessor.close();
  setups = [];
});

async function worker(program: V1Program<unknown>, options: CoprocessorExecutorOptions): Promise<WorkerSetup> {
  const setup = workerSetup(program, options);
  setups.push(setup);
  await setup.executor.start();
  return setup;
}

describe('co-processor faults through the switch', () => {
  let espProgram: Record<'sync' | 'context' | 'longjump', () => V1Program<unknown>>;
  let burnLongjump: () => V1Program<unknown>;
  let burnContext: () => V1Program<unknown>;
  beforeAll(async () => {
    espProgram = { sync: await loadP4(ESP_PROGRAM, 'sync'), context: await loadP4(ESP_PROGRAM, 'context'), longjump: await loadP4(ESP_PROGRAM, 'longjump') };
    burnLongjump = await loadP4(BURN_PROGRAM, 'longjump');
    burnContext = await loadP4(BURN_PROGRAM, 'context');
  });

  for (const mode of ['sync', 'context', 'longjump'] as const) {
    it(`${mode}: a failing operation on the worker drops its packet with the operation's reason; the others go on`, async () => {
      const program = espProgram[mode]();
      espEntries(program);
      // All on the worker: anti-replay state lives where the operation runs.
      const setup = await worker(program, { burstSize: 4, helpWhenBehind: false });
      const run = start(program, setup);
      const tampered = ESP[3]!.slice();
      tampered[tampered.length - 1]! ^= 1;
      const replayed = ESP[1]!;
      const unknownSpi = ESP[5]!.slice();
      unknownSpi[14 + 20 + 3] = 0x77; // SPI 0x1077
      for (const f of [ESP[0]!, ESP[1]!, tampered, replayed, ESP[4]!, unknownSpi, ESP[6]!]) run.sw.inject(2, f);
      await runToIdle(run.sw);
      expect([...run.drops].sort()).toEqual(['esp-icv-mismatch', 'esp-replay', 'esp-unknown-spi']);
      expect([...(run.out.get(1) ?? [])].sort()).toEqual([0, 1, 4, 6].map((i) => hex(INNER[i]!)).sort());
      expect(setup.executor.coprocessor.stats.failed).toBe(3);
      balanced(run.sw);
    });
  }

  for (const [mode, where] of [['sync', 'inline'], ['context', 'inline'], ['longjump', 'inline'], ['longjump', 'worker'], ['sync', 'worker']] as const) {
    it(`${mode}, ${where}: once the sequence numbers are used up (RFC 4303 3.3.3), encapsulation drops with esp-seq-overflow`, async () => {
      const program = espProgram[mode]();
      espEntries(program, 0xffffffff);
      const setup = where === 'worker' ? await worker(program, { burstSize: 4, helpWhenBehind: false }) : undefined;
      const run = start(program, setup ?? { switchOptions: {} } as WorkerSetup);
      for (const i of [0, 1, 2]) run.sw.inject(1, INNER[i]!);
      await runToIdle(run.sw);
      expect(run.drops).toEqual(['esp-seq-overflow', 'esp-seq-overflow']);
      const sent = run.out.get(2) ?? [];
      expect(sent).toHaveLength(1);
      // The one packet sent carries the last sequence number: 14 (Ethernet) + 20 (outer IPv4) + 4 (SPI).
      expect(sent[0]!.slice(2 * 38, 2 * 42)).toBe('ffffffff');
      balanced(run.sw);
    });
  }

  for (const [mode, program] of [['longjump', () => burnLongjump()], ['context', () => burnContext()]] as const) {
    it(`${mode}: a worker killed while packets wait on it: they are dropped (coprocessor-died) or completed, a new worker serves later packets`, async () => {
      const p = program();
      // About 1 ms per task at the nominal 3 GHz: a burst of 8 keeps the worker busy for ~8 ms.
      burnEntries(p, 3_000_000);
      const setup = await worker(p, { burstSize: 8, helpWhenBehind: false });
      const run = start(p, setup);
      const cop = setup.executor.coprocessor;
      for (let i = 0; i < 40; i++) run.sw.inject(1, plainFrame(i));
      // Start the packets: they park, bursts go to the worker.
      while (run.sw.pump() > 0 && run.sw.parked < 40);
      expect(run.sw.parked).toBeGreaterThan(0);
      run.sw.executor.flush();
      await cop.workerThread!.terminate();
      await runToIdle(run.sw);
      balanced(run.sw);
      const died = run.sw.stats.dropsFor('coprocessor-died');
      expect(died).toBeGreaterThan(0);
      expect(run.drops.every((r) => r === 'coprocessor-died')).toBe(true);
      expect(run.sw.stats.transmitted + died).toBe(40);
      expect(cop.stats.restarts).toBe(1);
      expect(cop.stats.lost).toBe(died);

      // The process goes on; the restarted worker processes new packets.
      burnEntries(p, 0, 2);
      const before = run.sw.stats.transmitted;
      const completedBefore = cop.stats.completed;
      for (let i = 0; i < 20; i++) run.sw.inject(1, plainFrame(100 + i));
      await runToIdle(run.sw);
      expect(run.sw.stats.transmitted - before).toBe(20);
      expect(cop.stats.completed - completedBefore).toBe(20);
      // (Its 'ready' message may not have been read yet: it serves the rings before.)
      expect(cop.state).not.toBe('broken');
      balanced(run.sw);
    });
  }

  for (const inlineFallback of [true, false]) {
    it(`a full ring (capacity 4) ${inlineFallback ? 'sends the refused tasks inline' : 'holds packets back (backpressure)'}: no packet lost, the reference ESP packets all out`, async () => {
      const program = espProgram.longjump();
      espEntries(program);
      const setup = await worker(program, { capacity: 4, burstSize: 2, helpWhenBehind: false });
      const run = start(program, setup, { inlineFallback });
      for (const f of INNER) run.sw.inject(1, f);
      await runToIdle(run.sw);
      balanced(run.sw);
      expect(run.drops).toEqual([]);
      // Sequence numbers and IVs are claimed in arrival order, so each packet is its reference
      // packet even when some overtake others.
      expect([...(run.out.get(2) ?? [])].sort()).toEqual(ESP.map(hex).sort());
      const cop = setup.executor.coprocessor;
      expect(cop.stats.ringFull).toBeGreaterThan(0);
      if (inlineFallback) {
        expect(run.sw.stats.inlineFallbacks).toBeGreaterThan(0);
        expect(cop.stats.submitted + run.sw.stats.inlineFallbacks).toBe(20);
      } else {
        expect(run.sw.stats.inlineFallbacks).toBe(0);
        expect(cop.stats.submitted).toBe(20);
      }
    });
  }

  it('a partial burst at low load: one packet with burst 32 completes, sent by the flush timeout', async () => {
    const program = burnLongjump();
    burnEntries(program, 1000);
    // (publishWhenIdle off: an idle worker would get the partial burst at once)
    const setup = await worker(program, { burstSize: 32, flushMicros: 200, publishWhenIdle: false });
    const run = start(program, setup);
    run.sw.inject(1, plainFrame(7));
    // Only the main loop's own steps (no explicit flush): the burst must go by the timeout.
    const deadline = Date.now() + 5000;
    while (run.sw.inFlight > 0 && Date.now() < deadline) {
      run.sw.pump();
      await new Promise((resolve) => setImmediate(resolve));
    }
    balanced(run.sw);
    expect(run.out.get(2)).toEqual([hex(plainFrame(7))]);
    const stats = setup.executor.coprocessor.stats;
    expect(stats.bursts).toBe(1);
    expect(stats.timeoutFlushes).toBe(1);
    expect(stats.completed).toBe(1);
  });
});
