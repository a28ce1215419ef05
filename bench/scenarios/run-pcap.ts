/**
 * Scenario `run-pcap` (issue 15): what reading and writing capture files costs. The same
 * program (`examples/l3-router` with its `entries.json`) and the same frames, side by side:
 *
 * - **in memory**: the switch alone, pre-built frames copied in with `inject` in batches of
 *   `burst`, outputs counted (`onOutputRaw`) — the engine's rate on this program;
 * - **p4ts run**: `p4ts run` as a user runs it, in a child process: a pcap file of the frames in,
 *   one pcap file per output port out. Its rate is the one `p4ts run` prints on its `rate:` line:
 *   from the first packet read to the last output written, so compiling and start-up are not
 *   counted; its CPU time is the child's (all its threads) over the same span.
 *
 * The frames are 76-byte Ethernet/IPv4/UDP packets routed to ports 1, 2 and 3 (TTL decremented,
 * checksum recomputed, MACs rewritten). A round of `p4ts run` is one run over the whole file
 * (`FRAMES` packets), whatever the round length; rounds alternate with the in-memory ones.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile, type ExecutionMode } from '../../compiler/compile.ts';
import { applyEntriesFile } from '../../cli/entries-file.ts';
import { BATCH } from '../../cli/run-batches.ts';
import { PcapWriter } from '../../runtime/io/pcap-writer.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { asV1Program } from '../../runtime/switch/index.ts';
import { V1Switch } from '../../runtime/v1model/index.ts';
import { ethernet, ipv4Packet, udp } from '../../examples/frames.ts';
import { isolated } from '../harness/isolated.ts';
import { inProcess, measureRunners, runRecord, sharedGcCounter, type RoundResult, type Runner, type Variant } from '../harness/measure.ts';
import type { Scenario, ScenarioContext } from '../harness/scenario.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/l3-router/', import.meta.url));
const PROGRAM = join(EXAMPLE, 'l3-router.p4');
const ENTRIES = join(EXAMPLE, 'entries.json');
const P4TS = fileURLToPath(new URL('../../bin/p4ts.js', import.meta.url));
/** Distinct frames (cycled in memory, repeated in the file). */
const DISTINCT = 512;
const FRAME_LENGTH = 76;
const INGRESS_PORT = 1;

/** Frame i: to a destination of one of the three routes of entries.json (ports 2, 3, 1). */
function frame(i: number): Uint8Array {
  const dst = ['10.0.1.7', '10.0.1.200', '10.0.2.9'][i % 3]!;
  const payload = new Uint8Array(FRAME_LENGTH - 14 - 20 - 8);
  new DataView(payload.buffer).setUint32(0, i);
  return ethernet('00:00:00:00:0a:00', '00:00:00:00:00:05', 0x0800, ipv4Packet({ src: '10.0.2.5', dst, ttl: 64, identification: i & 0xffff }, udp(1234, 53, payload)));
}

/** Writes the scenario's input: `count` frames (the distinct ones, cycled) 1 µs apart. */
export function writeL3RouterCapture(path: string, count: number): void {
  const frames = Array.from({ length: DISTINCT }, (_, i) => frame(i));
  const w = PcapWriter.create(path, { bufferSize: 1 << 20 });
  try {
    for (let i = 0; i < count; i++) {
      const f = frames[i % DISTINCT]!;
      w.write(f, 0, f.length, 1_700_000_000 + Math.floor(i / 1e6), (i % 1e6) * 1000);
    }
  } finally {
    w.close();
  }
}

export interface InMemoryOptions {
  readonly mode: ExecutionMode;
  readonly burst: number;
  readonly code: string;
}

/** The switch alone on the frames (built in the thread that runs it); every frame must leave. */
export async function createInMemoryVariant(o: InMemoryOptions): Promise<Variant> {
  const mod = await loadProgramModule(o.code, undefined, { name: `l3-router-${o.mode}` });
  const program = asV1Program(mod.createProgram(), 'the benchmark');
  let tx = 0;
  const sw = new V1Switch(program, {
    initialDescriptors: Math.max(64, o.burst),
    errorPolicy: 'throw',
    onOutputRaw: () => {
      tx++;
    },
  });
  if (!applyEntriesFile(program, sw, ENTRIES)) throw new Error(`${ENTRIES} does not load`);
  // Copied in (`inject`), as `p4ts run` copies each frame in: a lent buffer (`injectBuffer`)
  // would come back routed (TTL decremented, MACs rewritten), unfit for the next round.
  const frames = Array.from({ length: DISTINCT }, (_, i) => frame(i));
  const mask = DISTINCT - 1;
  let next = 0;
  const burst = o.burst;
  return {
    label: `in memory ${o.mode}`,
    batch(): number {
      const before = tx;
      for (let i = 0; i < burst; i++) {
        sw.inject(INGRESS_PORT, frames[next]!);
        next = (next + 1) & mask;
      }
      sw.runUntilIdle();
      if (tx - before !== burst) throw new Error(`l3-router ${o.mode}: ${burst - (tx - before)} of ${burst} frames not transmitted`);
      return burst;
    },
  };
}

/** Runs of `p4ts run` measured (each a new process on the whole file). */
const RUNS = 3;

/** `p4ts run` on the file, one child process per round; the figures come from its `rate:` line. */
function p4tsRunRunner(mode: ExecutionMode, input: string, outDir: string, count: number): Runner {
  const once = async (): Promise<RoundResult> => {
    rmSync(outDir, { recursive: true, force: true });
    const args = [P4TS, 'run', PROGRAM, '--mode', mode, '--in', `${INGRESS_PORT}:${input}`, '--out', outDir, '--entries', ENTRIES, '--no-progress'];
    if (mode !== 'sync') args.push('--async-all');
    const { code, stdout, stderr } = await run(process.execPath, args);
    if (code !== 0) throw new Error(`p4ts run exited ${code}: ${stderr.trim()}`);
    if (!stdout.includes(`${count} in + 0 created = ${count} out + 0 dropped`)) throw new Error(`p4ts run did not transmit every frame:\n${stdout}`);
    const m = /^rate: (\d+) packets in ([\d.]+) s, .*CPU ([\d.]+) s/m.exec(stdout);
    if (m === null) throw new Error(`no rate line in:\n${stdout}`);
    return { packets: Number(m[1]), wall: Number(m[2]), cpu: Number(m[3]), threadCpu: Number.NaN, gcMinor: 0, gcMajor: 0 };
  };
  return {
    label: `p4ts run ${mode}`,
    // each run is a new process: a warm-up is one run (the file cache), its figures set aside
    warmUp: async () => {
      const r = await once();
      return { cpu: r.cpu, wall: r.wall, chunks: [], capped: false };
    },
    round: once,
    close: () => Promise.resolve(),
  };
}

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export const runPcapScenario: Scenario = {
  name: 'run-pcap',
  title: 'examples/l3-router through p4ts run (pcap file in, pcap files out) vs the same frames in memory',
  async run(ctx: ScenarioContext): Promise<void> {
    const { settings, progress } = ctx;
    const count = settings.quick ? 200_000 : 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'p4ts-bench-run-pcap-'));
    try {
      progress.step(`writing ${count} frames to a pcap file`);
      const input = join(dir, 'in.pcap');
      writeL3RouterCapture(input, count);
      const mode: ExecutionMode = 'sync';
      const r = compileFile(PROGRAM, { mode });
      if (!r.ok || r.code === undefined) throw new Error(`l3-router does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      const options: InMemoryOptions = { mode, burst: settings.burst, code: r.code };
      const memory = settings.isolate
        ? await isolated({ label: `in memory ${mode}`, module: import.meta.url, factory: 'createInMemoryVariant', options })
        : inProcess(await createInMemoryVariant(options), sharedGcCounter());
      // a round of p4ts run is a whole run of the file (seconds): three of them, whatever the
      // settings; the in-memory variant gets as many rounds, each of the settings' round length
      // (0.1 s by default): its best round is of far fewer packets than a whole file's run
      const rates = await measureRunners([memory, p4tsRunRunner(mode, input, join(dir, 'out'), count)], { ...settings, rounds: Math.min(settings.rounds, RUNS) }, progress, '', ctx.lineSample);
      const [mem, file] = rates as [(typeof rates)[0], (typeof rates)[0]];
      ctx.record(runRecord(mem, { scenario: 'run-pcap', mode, share: 0, cycles: 0, burst: settings.burst, implementation: 'compiled', label: `in memory ${mode}` }));
      ctx.record(runRecord(file, { scenario: 'run-pcap', mode, share: 0, cycles: 0, burst: BATCH, implementation: 'compiled', label: `p4ts run ${mode} (file in, files out)` }));
      ctx.ratio(`run-pcap ${mode}: p4ts run / in memory`, file.pps / mem.pps, 0.5);
      if (file.ppsCpu > 0 && mem.ppsCpu > 0) ctx.ratio(`run-pcap ${mode}: p4ts run / in memory (CPU time)`, file.ppsCpu / mem.ppsCpu);
      ctx.note(`${count} frames of ${FRAME_LENGTH} bytes (${DISTINCT} distinct), one input file, outputs on 3 ports; p4ts run's rate excludes start-up (its own rate line); best of ${Math.min(settings.rounds, RUNS)} runs of the whole file against the best of as many ${settings.roundSeconds} s rounds in memory`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
