/**
 * The ESP kernel alone on one thread: encapsulations per second of a 64-byte frame's IPv4 packet
 * (46 bytes), in place in a packet buffer as the p4ts extern does it (`runPayloadOp`, the packet
 * copied back in before each with one `set`), with examples/ipsec-esp's SA (AES-128-CBC + HMAC-MD5-96,
 * deterministic IVs). `bench/scenarios/ipsec.ts` reports the same loop as its "ESP kernel alone"
 * ceiling.
 *
 *   npx tsx bench/esp-kernel.ts [--seconds 0.2] [--rounds 9] [--baseline DIR]
 *
 * `--baseline DIR` names another checkout's root (e.g. an older commit unpacked with
 * `git archive <commit> runtime contract examples | tar -x -C DIR`): its runtime is loaded into
 * this same process and the two are measured in alternating rounds (A B A B ...), so a change
 * to the kernel is seen as a ratio under the same load. Rates are per second of this thread's CPU
 * time (robust to load) and of wall time.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadCpuSeconds } from '../runtime/testing/thread-cpu.ts';
import { arg } from './harness/args.ts';

/** What the loop needs from a runtime (this one or a baseline's). */
export interface EspKernelRuntime {
  runPayloadOp: (
    op: number, store: never, bytes: Uint8Array, start: number, end: number, capacity: number,
    a0: number, a1: number, a2: number, iterationsPerCycle: number,
  ) => number;
  /** The op number of ESP encapsulation. */
  encapsulateOp: number;
  /** A security store holding examples/ipsec-esp's SA at index 0. */
  store: unknown;
  /** The 60-byte test frame of flow `flow`. */
  ipv4Frame: (flow: number) => Uint8Array;
}

export interface KernelRate {
  /** Encapsulations per second of wall time. */
  wall: number;
  /** Encapsulations per second of this thread's CPU time (NaN where the system does not say). */
  cpu: number;
}

/** Runs the kernel loop for `seconds` (after a warm-up) and returns its rates. */
export function measureEspKernel(rt: EspKernelRuntime, seconds: number, warmup = true): KernelRate {
  const buf = new Uint8Array(512);
  const packet = rt.ipv4Frame(7).subarray(14);
  const start = 64;
  const store = rt.store as never;
  const op = rt.encapsulateOp;
  const run = rt.runPayloadOp;
  let n = 0;
  const batch = (): void => {
    for (let i = 0; i < 1000; i++) {
      buf.set(packet, start); // one memcpy, as the co-processor ceiling refills its buffers
      if (run(op, store, buf, start, start + packet.length, buf.length, 0, n + 1, n, 0) < 0) throw new Error('ESP failed');
      n++;
    }
  };
  if (warmup) for (let i = 0; i < 50; i++) batch();
  n = 0;
  const c0 = threadCpuSeconds();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) batch();
  const wall = n / ((performance.now() - t0) / 1000);
  return { wall, cpu: n / (threadCpuSeconds() - c0) };
}

/** Loads the runtime under checkout root `root` and builds the kernel's inputs from it. */
export async function loadEspKernelRuntime(root: string): Promise<EspKernelRuntime> {
  const at = (p: string): string => pathToFileURL(resolve(root, p)).href;
  const p4ts = (await import(at('runtime/p4ts/index.ts'))) as typeof import('../runtime/p4ts/index.ts');
  const cp = (await import(at('examples/ipsec-esp/control-plane.ts'))) as typeof import('../examples/ipsec-esp/control-plane.ts');
  const testing = (await import(at('runtime/testing/async-pipeline.ts'))) as typeof import('../runtime/testing/async-pipeline.ts');
  const store = new p4ts.SecurityStore();
  store.setSa(0, cp.GATEWAY_SA);
  return {
    runPayloadOp: p4ts.runPayloadOp as EspKernelRuntime['runPayloadOp'],
    encapsulateOp: p4ts.PayloadOp.EspEncapsulate,
    store,
    ipv4Frame: testing.ipv4Frame,
  };
}

async function main(): Promise<void> {
  const seconds = Number(arg('--seconds', '0.2'));
  const rounds = Number(arg('--rounds', '9'));
  const baselineRoot = arg('--baseline');
  const here = resolve(new URL('..', import.meta.url).pathname);
  const kinds: { label: string; rt: EspKernelRuntime; measure: typeof measureEspKernel; cpu: number[]; wall: number[] }[] = [];
  const roots: [string, string][] = [['this tree', here]];
  if (baselineRoot !== undefined) roots.push([`baseline ${baselineRoot}`, baselineRoot]);
  for (const [label, root] of roots) {
    // Each runtime is measured by its own instance of this module (a distinct URL loads a fresh
    // copy of the loop): a loop shared by two runtimes would see two targets at its call site and
    // measure both through a polymorphic call.
    const own = (await import(`${import.meta.url}?runtime=${kinds.length}`)) as typeof import('./esp-kernel.ts');
    kinds.push({ label, rt: await loadEspKernelRuntime(root), measure: own.measureEspKernel, cpu: [], wall: [] });
  }
  for (const k of kinds) k.measure(k.rt, 0.05); // warm every kernel before any round
  const load0 = loadavg()[0]!;
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 === 0 ? kinds : [...kinds].reverse()) {
      const rate = k.measure(k.rt, seconds, false);
      k.cpu.push(rate.cpu);
      k.wall.push(rate.wall);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const m = (x: number): string => `${(x / 1e6).toFixed(3)} M/s`;
  console.log(`ESP kernel (AES-128-CBC + HMAC-MD5-96, 46-byte IPv4 packet of a 64-byte frame, in place), one thread, ${rounds} rounds of ${seconds} s, load ${load0.toFixed(2)} -> ${loadavg()[0]!.toFixed(2)}`);
  for (const k of kinds) {
    console.log(`  ${k.label.padEnd(30)} ${m(median(k.cpu))} per CPU-second (rounds: ${k.cpu.map((x) => (x / 1e6).toFixed(3)).join(' ')}), ${m(median(k.wall))} wall`);
  }
  if (kinds.length === 2) {
    // Each round measured both, back to back: the median of the rounds' ratios cancels most of
    // the load's swings between rounds.
    const paired = kinds[0]!.cpu.map((x, i) => x / kinds[1]!.cpu[i]!);
    console.log(`  this tree / baseline per CPU-second: ${median(paired).toFixed(2)}x (median of ${rounds} paired rounds; ratio of medians ${(median(kinds[0]!.cpu) / median(kinds[1]!.cpu)).toFixed(2)}x)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
