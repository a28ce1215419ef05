/**
 * Scenario `l2fwd` (issues 3 and 10): packets per second of the compiled `examples/l2fwd` program
 * on the v1model switch, against the same program written by hand (`bench/handwritten/l2fwd.ts`:
 * full Ethernet parse, the table, deparse, per-port output, egress check) on the same packets,
 * and against a bare `Map` loop (read the destination MAC as a number, one `Map` lookup, count
 * per port), a second ceiling that does less than the program.
 *
 * Setup: the program is compiled in this process (`compileFile`) once per execution mode and
 * loaded with `loadProgramModule`; its `mac_table` gets `entries` MAC addresses, each forwarding
 * to one of 8 ports. A few hundred 60-byte frames (64 on the wire, without FCS) addressed to
 * installed MACs are built up front and injected in batches of `burst`, cycling; outputs are
 * counted through the allocation-free `onOutputRaw`. Before measuring, every pre-built frame is
 * run once through each compiled switch and the hand-written one and checked (right port, bytes
 * unchanged), and the `Map` loop's port choices are checked against the same expectations.
 */
import { fileURLToPath } from 'node:url';
import { compileFile, type ExecutionMode } from '../../compiler/compile.ts';
import { RuntimeTable } from '../../runtime/control/index.ts';
import { loadProgramModule, type GeneratedProgramModule } from '../../runtime/loader/index.ts';
import { V1Switch } from '../../runtime/v1model/index.ts';
import { HandwrittenL2Switch } from '../handwritten/l2fwd.ts';
import { isolated } from '../harness/isolated.ts';
import { adjacencyNote, inProcess, measureRunners, pairedRatio, runRecord, sharedGcCounter, type Runner, type Variant } from '../harness/measure.ts';
import { asV1Program } from '../../runtime/switch/index.ts';
import type { Scenario, ScenarioContext } from '../harness/scenario.ts';

const PROGRAM = fileURLToPath(new URL('../../examples/l2fwd/l2fwd.p4', import.meta.url));
const FRAME_LENGTH = 60;
const FRAME_COUNT = 512; // a power of two: the cursor wraps with a mask
const ENTRIES = 1000;
const PORTS = 8;
const INGRESS_PORT = 0;
/**
 * The outputs' byte count wraps below 2^30: it stays a small integer in V8 (a plain sum passes
 * 2^31 after ~18 M packets, and V8 then throws the compiled loop away and rebuilds it mid-run).
 */
const BYTES_MASK = 0x3fffffff;

/** The frame buffers' layout, the switch's default (headroom 512, frames up to 9216 bytes): both implementations read the same memory. */
const HEADROOM = 512;
const BUFFER_SIZE = 9216 + 2 * HEADROOM;

interface Workload {
  /** MAC address (48-bit number) of entry i. */
  readonly macs: readonly number[];
  /** Egress port of entry i (1..PORTS). */
  readonly ports: readonly number[];
  readonly frames: readonly Uint8Array[];
  /** Expected egress port of frame i. */
  readonly expected: readonly number[];
}

/** Deterministic pseudo-random 32-bit numbers (xorshift). */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function buildWorkload(): Workload {
  const rnd = xorshift(0x2545f491);
  const macs: number[] = [];
  const ports: number[] = [];
  const seen = new Set<number>();
  while (macs.length < ENTRIES) {
    // locally administered unicast: first byte x2, x6, xA or xE
    const hi = ((rnd() & 0xfc) | 0x02) * 256 + (rnd() & 0xff);
    const mac = hi * 4294967296 + rnd();
    if (seen.has(mac)) continue;
    seen.add(mac);
    macs.push(mac);
    ports.push(1 + (macs.length % PORTS));
  }
  const frames: Uint8Array[] = [];
  const expected: number[] = [];
  for (let i = 0; i < FRAME_COUNT; i++) {
    const e = rnd() % ENTRIES;
    const f = new Uint8Array(FRAME_LENGTH);
    writeMac(f, 0, macs[e]!);
    writeMac(f, 6, 0x02_00_00_00_00_01 + i);
    f[12] = 0x08;
    f[13] = 0x00;
    for (let k = 14; k < FRAME_LENGTH; k++) f[k] = (k * 31 + i) & 0xff;
    frames.push(f);
    expected.push(ports[e]!);
  }
  return { macs, ports, frames, expected };
}

function writeMac(f: Uint8Array, at: number, mac: number): void {
  const hi = Math.floor(mac / 4294967296);
  const lo = mac >>> 0;
  f[at] = hi >>> 8;
  f[at + 1] = hi & 0xff;
  f[at + 2] = lo >>> 24;
  f[at + 3] = (lo >>> 16) & 0xff;
  f[at + 4] = (lo >>> 8) & 0xff;
  f[at + 5] = lo & 0xff;
}

/**
 * The compiled program in one mode on one switch, table filled, every pre-built frame checked
 * once (right port, bytes unchanged); then the same switch counts outputs for the measurement.
 * One program instance per mode: as in a real run, the switch code only ever sees this program.
 */
function compiledVariant(mod: GeneratedProgramModule, w: Workload, burst: number, mode: string, straightPath: boolean): Variant {
  const program = asV1Program(mod.createProgram(), 'the benchmark');
  const table = program.objects.get('mac_table', 'table');
  if (!(table instanceof RuntimeTable)) throw new Error('mac_table is not a RuntimeTable');
  for (let i = 0; i < w.macs.length; i++) {
    table.insert([{ kind: 'exact', value: BigInt(w.macs[i]!) }], 'forward', [w.ports[i]!]);
  }
  let checking = true;
  let got: { port: number; bytes: Uint8Array } | null = null;
  let tx = 0;
  let bytes = 0;
  const sw = new V1Switch(program, {
    initialDescriptors: Math.max(64, burst),
    errorPolicy: 'throw',
    straightPath,
    onOutputRaw: (port, buffer, offset, length) => {
      tx++;
      bytes = (bytes + length) & BYTES_MASK;
      if (checking) got = { port, bytes: buffer.slice(offset, offset + length) };
    },
  });
  // Zero-copy input, as the hand-written loop reads the frames in place: each pre-built frame is
  // also laid out in a buffer of the switch's frame layout and lent with `receiveBuffer`, which
  // runs it at once when nothing waits in the switch, as the hand-written loop is called per
  // packet (the switch writes the deparsed headers back in place, which leaves the bytes
  // unchanged here).
  const lent = w.frames.map((f) => {
    const b = sw.createFrameBuffer();
    b.set(f, sw.frameOffset);
    return b;
  });
  for (let i = 0; i < w.frames.length; i++) {
    got = null;
    sw.receiveBuffer(INGRESS_PORT, lent[i]!, w.frames[i]!.length);
    sw.runUntilIdle();
    const out = got as { port: number; bytes: Uint8Array } | null;
    if (out === null) throw new Error(`l2fwd ${mode}: frame ${i} was not transmitted (drops: ${JSON.stringify([...sw.stats.dropsByReason])})`);
    if (out.port !== w.expected[i]) throw new Error(`l2fwd ${mode}: frame ${i} left on port ${out.port}, expected ${w.expected[i]}`);
    const f = w.frames[i]!;
    if (out.bytes.length !== f.length || out.bytes.some((b, k) => b !== f[k])) throw new Error(`l2fwd ${mode}: frame ${i} was modified`);
    if (lent[i]!.subarray(sw.frameOffset, sw.frameOffset + f.length).some((b, k) => b !== f[k])) throw new Error(`l2fwd ${mode}: lent frame ${i} was modified`);
  }
  checking = false;
  const frames = lent;
  const length = FRAME_LENGTH;
  const mask = frames.length - 1;
  let next = 0;
  return {
    label: `compiled ${mode}`,
    batch(): number {
      const before = tx;
      for (let i = 0; i < burst; i++) {
        sw.receiveBuffer(INGRESS_PORT, frames[next]!, length);
        next = (next + 1) & mask;
      }
      sw.runUntilIdle();
      if (tx - before !== burst) throw new Error(`l2fwd ${mode}: ${burst - (tx - before)} of ${burst} frames not transmitted`);
      return burst + (bytes < 0 ? 1 : 0);
    },
  };
}

/**
 * `examples/l2fwd` written by hand (bench/handwritten/l2fwd.ts) on the same frames, laid out in
 * buffers as the switch's own (frame at the same offset), with the same table and the same
 * output callback; every frame checked once (right port, bytes unchanged).
 */
function handwrittenVariant(w: Workload, burst: number): Variant {
  let checking = true;
  let got: { port: number; bytes: Uint8Array } | null = null;
  let tx = 0;
  let bytes = 0;
  const sw = new HandwrittenL2Switch((port, buffer, offset, length) => {
    tx++;
    bytes = (bytes + length) & BYTES_MASK;
    if (checking) got = { port, bytes: buffer.slice(offset, offset + length) };
  });
  for (let i = 0; i < w.macs.length; i++) sw.addForward(w.macs[i]!, w.ports[i]!);
  const lent = w.frames.map((f) => {
    const b = new Uint8Array(BUFFER_SIZE);
    b.set(f, HEADROOM);
    return b;
  });
  for (let i = 0; i < w.frames.length; i++) {
    got = null;
    sw.receive(INGRESS_PORT, lent[i]!, HEADROOM, w.frames[i]!.length);
    const out = got as { port: number; bytes: Uint8Array } | null;
    if (out === null || out.port !== w.expected[i]) throw new Error(`l2fwd hand-written: frame ${i} went to port ${out?.port}, expected ${w.expected[i]}`);
    const f = w.frames[i]!;
    if (out.bytes.some((b, k) => b !== f[k])) throw new Error(`l2fwd hand-written: frame ${i} was modified`);
  }
  checking = false;
  const mask = lent.length - 1;
  let next = 0;
  return {
    label: 'hand-written',
    batch(): number {
      const before = tx;
      for (let i = 0; i < burst; i++) {
        sw.receive(INGRESS_PORT, lent[next]!, HEADROOM, FRAME_LENGTH);
        next = (next + 1) & mask;
      }
      if (tx - before !== burst) throw new Error(`l2fwd hand-written: ${burst - (tx - before)} of ${burst} frames not transmitted`);
      return burst + (bytes < 0 ? 1 : 0);
    },
  };
}

/**
 * The bare ceiling: the destination MAC read with byte arithmetic as a number, one `Map`
 * lookup, the packet counted per port. No parse of the other fields, no deparse, no output
 * call: less work than the program, the fastest loop in sight.
 */
function mapLoopVariant(w: Workload, burst: number): Variant {
  const table = new Map<number, number>();
  for (let i = 0; i < w.macs.length; i++) table.set(w.macs[i]!, w.ports[i]!);
  const FLOOD = -1;
  const txByPort = new Float64Array(512);
  let flooded = 0;
  const frames = w.frames;
  const mask = frames.length - 1;
  let next = 0;
  const choose = (f: Uint8Array): number => {
    const dst = ((f[0]! << 8) | f[1]!) * 4294967296 + (((f[2]! << 24) | (f[3]! << 16) | (f[4]! << 8) | f[5]!) >>> 0);
    const port = table.get(dst);
    return port === undefined ? FLOOD : port;
  };
  for (let i = 0; i < frames.length; i++) {
    if (choose(frames[i]!) !== w.expected[i]) throw new Error(`l2fwd Map loop: frame ${i} goes to the wrong port`);
  }
  return {
    label: 'Map loop (ceiling)',
    batch(): number {
      for (let i = 0; i < burst; i++) {
        const port = choose(frames[next]!);
        next = (next + 1) & mask;
        if (port === FLOOD) flooded++;
        else txByPort[port]!++;
      }
      return burst + (flooded > 0x7fffffff ? 1 : 0);
    },
  };
}

export interface L2fwdVariantOptions {
  /**
   * An execution mode of the compiled program, `sync-stages` (sync mode without its straight
   * path: the stage functions one by one, as before it), the hand-written switch, or the bare
   * `Map` loop.
   */
  readonly variant: ExecutionMode | 'sync-stages' | 'handwritten' | 'map-loop';
  readonly burst: number;
  /** The generated module for `variant` (else it is compiled here). */
  readonly code?: string;
}

/** Builds one variant (in whichever thread calls it): compiles and checks the program for a mode. */
export async function createL2fwdVariant(o: L2fwdVariantOptions): Promise<Variant> {
  const w = buildWorkload();
  if (o.variant === 'handwritten') return handwrittenVariant(w, o.burst);
  if (o.variant === 'map-loop') return mapLoopVariant(w, o.burst);
  const mode = modeOf(o.variant);
  const mod = await loadProgramModule(o.code ?? compileL2fwd(mode), undefined, { name: `l2fwd-${o.variant}` });
  return compiledVariant(mod, w, o.burst, o.variant, o.variant !== 'sync-stages');
}

function modeOf(variant: ExecutionMode | 'sync-stages'): ExecutionMode {
  return variant === 'sync-stages' ? 'sync' : variant;
}

/** The generated module of examples/l2fwd in one mode. */
export function compileL2fwd(mode: ExecutionMode): string {
  const r = compileFile(PROGRAM, { mode });
  if (!r.ok || r.code === undefined) throw new Error(`l2fwd does not compile in ${mode} mode: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.code;
}

const LABELS: Record<L2fwdVariantOptions['variant'], string> = {
  sync: 'compiled sync',
  'sync-stages': 'compiled sync, no straight path',
  context: 'compiled context',
  longjump: 'compiled longjump',
  handwritten: 'hand-written',
  'map-loop': 'Map loop (ceiling)',
};

export const l2fwdScenario: Scenario = {
  name: 'l2fwd',
  title: `compiled examples/l2fwd vs the same program by hand and a bare Map loop (${ENTRIES} MACs, ${FRAME_LENGTH}-byte frames)`,
  async run(ctx: ScenarioContext): Promise<void> {
    const { settings, progress } = ctx;
    const burst = settings.burst;
    // measured in this order (and back): the hand-written switch between sync (the target) and
    // context, so that their round pairs are next-door neighbours
    const kinds: L2fwdVariantOptions['variant'][] = settings.quick
      ? ['sync', 'handwritten', 'map-loop']
      : ['sync', 'handwritten', 'context', 'longjump', 'sync-stages', 'map-loop'];
    const runners: Runner[] = [];
    try {
      for (const kind of kinds) {
        progress.step(`preparing ${kind} (compile, check)`);
        // Compiled here: the compiler stays out of the isolate that runs the packets.
        const compiled = kind !== 'handwritten' && kind !== 'map-loop';
        const options: L2fwdVariantOptions = compiled ? { variant: kind, burst, code: compileL2fwd(modeOf(kind)) } : { variant: kind, burst };
        const label = LABELS[kind];
        if (settings.isolate) runners.push(await isolated({ label, module: import.meta.url, factory: 'createL2fwdVariant', options }));
        else runners.push(inProcess(await createL2fwdVariant(options), sharedGcCounter()));
      }
    } catch (e) {
      for (const r of runners) await r.close();
      throw e;
    }
    const rates = await measureRunners(runners, settings, progress, '', ctx.lineSample);
    const byKind = new Map(rates.map((r, i) => [kinds[i]!, r]));
    const hand = byKind.get('handwritten')!;
    const map = byKind.get('map-loop')!;
    ctx.ceiling('l2fwd/handwritten', hand.pps);
    ctx.ceiling('l2fwd/map-loop', map.pps);
    rates.forEach((r, i) => {
      const kind = kinds[i]!;
      const implementation = kind === 'handwritten' ? 'handwritten' : kind === 'map-loop' ? 'ceiling' : 'compiled';
      ctx.record(runRecord(r, { scenario: 'l2fwd', mode: kind, share: 0, cycles: 0, burst, implementation }));
    });
    for (const kind of kinds) {
      if (kind === 'handwritten' || kind === 'map-loop') continue;
      const r = byKind.get(kind)!;
      const apart = adjacencyNote(kinds.indexOf(kind), kinds.indexOf('handwritten'));
      ctx.ratio(`l2fwd ${kind} / hand-written${apart}`, pairedRatio(r, hand, 'main-cpu'), kind === 'sync' ? 0.8 : undefined);
      ctx.ratio(`l2fwd ${kind} / hand-written${apart}`, pairedRatio(r, hand, 'wall'));
    }
    ctx.ratio(`l2fwd hand-written / Map loop${adjacencyNote(kinds.indexOf('handwritten'), kinds.indexOf('map-loop'))}`, pairedRatio(hand, map, 'main-cpu'));
    ctx.note(`${FRAME_COUNT} distinct frames cycled, ${ENTRIES} table entries, every frame a hit, batches of ${burst}; ${settings.isolate ? 'each variant in a worker thread of its own (one core each)' : 'all variants in the main thread'}`);
  },
};
