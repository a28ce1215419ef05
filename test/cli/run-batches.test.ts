/**
 * The streaming loop of `p4ts run` (`switchInputs`: pcap files in, `PortOutputs` out) writes byte
 * for byte what `p4ts run` wrote before it streamed — every input injected with `inject` in chunks
 * of 64, the switch run to idle after each chunk, each port's outputs kept and written at the end
 * — for every STF fixture and example, in every mode (the async ones with every extern call an
 * extern site), and with the worker co-processor for the examples with p4ts externs. The only
 * difference is the documented one: each output has the timestamp of the input it came from.
 *
 * An STF file becomes a sequence of `p4ts run`s on one switch: its control-plane commands are
 * applied between them, its packets in between are the inputs (one pcap per port, input i at
 * i + 1 s and a microsecond fraction of its own, so the merge gives back the file's order).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecutionMode } from '../../contract/execution-mode.ts';
import { BatchStamps, switchInputs } from '../../cli/run-batches.ts';
import { InputStream } from '../../cli/pcap-inputs.ts';
import { PortOutputs } from '../../cli/pcap-outputs.ts';
import { RunProgress } from '../../cli/run-progress.ts';
import { parseStf, type StfCommand } from '../../runtime/io/stf.ts';
import { writePcap, writePcapFile, type PcapWriteRecord } from '../../runtime/io/pcap.ts';
import { StfControlPlane } from '../../runtime/testing/index.ts';
import type { V1Program } from '../../runtime/v1model/program.ts';
import type { V1SwitchOptions } from '../../runtime/v1model/switch-options.ts';
import { V1Switch } from '../../runtime/v1model/switch.ts';
import { loadP4, runToIdle, workerSetup } from '../examples/harness.ts';

const STF_DIR = new URL('../fixtures/stf/', import.meta.url).pathname;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const P4TS_EXAMPLES = ['ipsec-esp', 'encrypt', 'custom-extern'];
/** A PSA program: the run loop this test compares with ran v1model programs only. */
const isPsa = (p4File: string): boolean => /#include\s*<psa\.p4>/.test(readFileSync(p4File, 'utf8'));
/** Name and path without `.p4`: every v1model STF fixture, and every example (they all have an STF file). */
const FIXTURES: readonly (readonly [string, string])[] = [
  ...readdirSync(STF_DIR)
    .filter((f) => f.endsWith('.stf') && existsSync(`${STF_DIR}${f.replace(/\.stf$/, '.p4')}`) && !isPsa(`${STF_DIR}${f.replace(/\.stf$/, '.p4')}`))
    .map((f) => f.replace(/\.stf$/, ''))
    .sort()
    .map((name) => [name, `${STF_DIR}${name}`] as const),
  ...['l2fwd', 'l3-router', ...P4TS_EXAMPLES].map((name) => [`examples/${name}`, `${EXAMPLES}${name}/${name}`] as const),
];
const MODES: readonly ExecutionMode[] = ['sync', 'context', 'longjump'];
const STALL_MS = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'p4ts-run-batches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The STF file as runs: control commands to apply, then the packets of one `p4ts run`. */
interface Segment {
  readonly control: readonly StfCommand[];
  readonly packets: readonly Extract<StfCommand, { kind: 'packet' }>[];
}

function segments(commands: readonly StfCommand[]): Segment[] {
  const out: Segment[] = [];
  let control: StfCommand[] = [];
  let packets: Extract<StfCommand, { kind: 'packet' }>[] = [];
  for (const cmd of commands) {
    if (cmd.kind === 'packet') packets.push(cmd);
    else if (cmd.kind !== 'expect') {
      // `wait`, `no_packet` and control commands end a run (the first two only run to idle)
      if (packets.length > 0) {
        out.push({ control, packets });
        control = [];
        packets = [];
      }
      if (cmd.kind !== 'wait' && cmd.kind !== 'no_packet') control.push(cmd);
    }
  }
  if (packets.length > 0 || control.length > 0) out.push({ control, packets });
  return out;
}

/** Input number i (from 0, over the whole STF file) is stamped i + 1 s and its own microseconds. */
const stampOf = (i: number): { tsSec: number; tsFrac: number } => ({ tsSec: i + 1, tsFrac: (i * 7919) % 1_000_000 });

type Outputs = Map<number, PcapWriteRecord[]>;

interface Variant {
  readonly createProgram: () => V1Program<unknown>;
  readonly worker: boolean;
}

/** A switch as `p4ts run` builds it (inline or worker execution), and how to stop its worker. */
async function runSwitch(v: Variant, options: V1SwitchOptions<unknown>): Promise<{ program: V1Program<unknown>; sw: V1Switch<unknown>; close: () => Promise<void> }> {
  const program = v.createProgram();
  if (!v.worker) return { program, sw: new V1Switch(program, { errorPolicy: 'drop', stallTimeoutMs: STALL_MS, ...options }), close: () => Promise.resolve() };
  const setup = workerSetup(program, { burstSize: 32, flushMicros: 100, capacity: 1024 }, 1024);
  await setup.executor.start();
  const sw = new V1Switch(program, { ...setup.switchOptions, burst: 32, errorPolicy: 'drop', stallTimeoutMs: STALL_MS, ...options });
  return { program, sw, close: () => setup.executor.coprocessor.close() };
}

function apply(control: StfControlPlane, commands: readonly StfCommand[]): void {
  for (const cmd of commands) {
    if (cmd.kind === 'packet' || cmd.kind === 'expect' || cmd.kind === 'wait' || cmd.kind === 'no_packet') continue;
    control.apply(cmd); // the same outcome on both sides; whether it is right is stf.test.ts's concern
  }
}

/** Before streaming: `inject` in chunks of 64, run to idle, outputs kept by port (stamped by the input they came from). */
async function before(v: Variant, runs: readonly Segment[], file: string): Promise<Outputs> {
  const outputs: Outputs = new Map();
  const { program, sw, close } = await runSwitch(v, {
    onOutput: (port, bytes, origin) => {
      const list = outputs.get(port) ?? [];
      list.push({ ...stampOf(origin), data: bytes.slice() });
      outputs.set(port, list);
    },
  });
  try {
    const control = new StfControlPlane(program.objects, sw, file);
    let n = 0;
    for (const run of runs) {
      apply(control, run.control);
      for (let i = 0; i < run.packets.length; i += 64) {
        for (const p of run.packets.slice(i, i + 64)) sw.inject(p.port, p.data, p.data.length, n++);
        if (v.worker) await runToIdle(sw, STALL_MS);
        else sw.runUntilIdle();
      }
    }
  } finally {
    await close();
  }
  return outputs;
}

/** Now: each run's packets written to pcap files, streamed through `switchInputs` into `PortOutputs`; returns the files written. */
async function streamed(v: Variant, runs: readonly Segment[], file: string, name: string): Promise<Map<number, Uint8Array>> {
  const out = join(dir, name, 'out');
  mkdirSync(out, { recursive: true });
  const outputs = new PortOutputs(out, { nanosecond: false });
  const stamps = new BatchStamps();
  const { program, sw, close } = await runSwitch(v, {
    onOutputRaw: (port, buffer, offset, length, origin) => outputs.write(port, buffer, offset, length, stamps.tsSec[origin]!, stamps.tsNanos[origin]!),
  });
  let written: string[];
  try {
    const control = new StfControlPlane(program.objects, sw, file);
    let n = 0;
    for (const [r, run] of runs.entries()) {
      apply(control, run.control);
      if (run.packets.length === 0) continue;
      const byPort = new Map<number, PcapWriteRecord[]>();
      for (const p of run.packets) byPort.set(p.port, [...(byPort.get(p.port) ?? []), { ...stampOf(n++), data: p.data }]);
      const specs = [...byPort].map(([port, records]) => {
        const path = join(dir, name, `run${r}-in${port}.pcap`);
        writePcapFile(path, records);
        return { port, file: path };
      });
      const inputs = InputStream.open(specs);
      try {
        expect(await switchInputs(sw, inputs, stamps, new RunProgress(null), { worker: v.worker, stallMs: STALL_MS })).toBe(run.packets.length);
      } finally {
        inputs.close();
      }
    }
    written = outputs.commit();
  } finally {
    await close();
  }
  return new Map(written.map((path) => [Number(/port(\d+)\.pcap$/.exec(path)![1]), new Uint8Array(readFileSync(path))]));
}

async function expectSame(name: string, base: string, mode: ExecutionMode, worker: boolean): Promise<void> {
  const parsed = parseStf(readFileSync(`${base}.stf`, 'utf8'), `${name}.stf`);
  expect(parsed.diagnostics).toEqual([]);
  const runs = segments(parsed.commands);
  const v: Variant = { createProgram: await loadP4(`${base}.p4`, mode, mode !== 'sync'), worker };
  const file = `${name}.stf`;
  const reference = await before(v, runs, file);
  const now = await streamed(v, runs, file, `${name.replace('/', '-')}-${mode}${worker ? '-worker' : ''}`);
  expect([...now.keys()].sort((a, b) => a - b)).toEqual([...reference.keys()].sort((a, b) => a - b));
  for (const [port, records] of reference) expect(now.get(port), `port${port}.pcap`).toEqual(writePcap(records));
}

describe.each(FIXTURES)('%s: p4ts run streaming writes what it wrote before', (name, base) => {
  it.each(MODES)('%s', async (mode) => {
    await expectSame(name, base, mode, false);
  });
  if (P4TS_EXAMPLES.some((e) => name === `examples/${e}`)) {
    it.each(MODES)('%s, --coprocessor worker', async (mode) => {
      await expectSame(name, base, mode, true);
    });
  }
});
