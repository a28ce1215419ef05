/**
 * The glue around an extern call alone: the compiled examples/ipsec-esp at 100 % ESP on the v1model
 * switch, with the extern's work replaced by nothing (`PayloadTask.runInline` only completes the
 * task), so that the ESP kernel (~650 ns) and a co-processor's scheduling do not drown the cost of
 * the call itself: the site (prepare, SA claim, cursor and end), sync's `runTaskSync`, context's
 * continuation and longjump's park and resume, and the packet's way around them (receive, table,
 * deparse, transmit). In context and longjump mode the tasks go to an `InlineExecutor` (burst 32):
 * the full park → submit → poll → resume path, on this one thread, with no worker and no wake-ups.
 *
 *   npx tsx bench/extern-glue.ts [--mode sync|context|longjump] [--seconds 0.3] [--rounds 5] [--root DIR]
 *
 * Prints the main thread's CPU nanoseconds per packet (median of `--rounds` slices: robust to load).
 * `--root DIR` measures another checkout's compiler and runtime (e.g. `git worktree add DIR <commit>`
 * with `node_modules` linked in): run it and this one alternately (A B A B) for a before/after.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg } from './harness/args.ts';

const root = resolve(arg('--root', new URL('..', import.meta.url).pathname));
const mode = arg('--mode', 'context');
if (mode !== 'sync' && mode !== 'context' && mode !== 'longjump') throw new Error(`--mode sync|context|longjump, not '${mode}'`);
const seconds = Number(arg('--seconds', '0.3'));
const rounds = Number(arg('--rounds', '5'));

/** A module of the measured checkout. */
const load = (path: string): Promise<Record<string, any>> => import(pathToFileURL(resolve(root, path)).href);

const { compileFile } = await load('compiler/compile.ts');
const { loadProgramModule } = await load('runtime/loader/index.ts');
const { asV1Program } = await load('runtime/switch/index.ts');
const { InlineExecutor, V1Switch } = await load('runtime/v1model/index.ts');
const { PayloadTask } = await load('runtime/p4ts/index.ts');
const { PacketPool } = await load('runtime/coprocessor/index.ts');
const { flowFrames } = await load('runtime/testing/async-pipeline.ts');
const { threadCpuSeconds } = await load('runtime/testing/thread-cpu.ts');
const { configureGateway } = await load('examples/ipsec-esp/control-plane.ts');

// the extern's work is nothing: the task completes with the payload as it was
PayloadTask.prototype.runInline = function (this: { d: { end: number }; complete(end: number): void }): void {
  this.complete(this.d.end);
};

const code = compileFile(resolve(root, 'examples/ipsec-esp/ipsec-esp.p4'), { mode }).code as string;
const program = asV1Program((await loadProgramModule(code, undefined, { name: `ipsec-esp-glue-${mode}` })).createProgram(), 'the benchmark');
configureGateway(program.objects, 1);
// as the bench's pipeline: 2048-byte frames, 256 bytes of headroom, descriptors in a shared pool
const pool = PacketPool.create(1032, 2048 + 2 * 256);
let left = 0;
const sw = new V1Switch(program, {
  maxFrameSize: 2048,
  headroom: 256,
  maxDescriptors: 1024,
  allocateBuffer: () => pool.bytes(pool.alloc()),
  onOutputRaw: () => void left++,
  ...(mode === 'sync' ? {} : { executor: new InlineExecutor({ burstSize: 32 }) }),
});
const frames: Uint8Array[] = flowFrames();
let next = 0;
/** 256 frames in (at most 512 inside), then the switch runs until idle; returns the packets that left. */
function batch(): number {
  const before = left + sw.stats.dropped;
  for (let i = 0; i < 256; i++) {
    while (sw.inFlight >= 512) sw.pump(64);
    sw.receive(1, frames[next]!);
    next = next + 1 === frames.length ? 0 : next + 1;
  }
  while (sw.pump(256) >= 256) {
    // more queued work than one budget
  }
  return left + sw.stats.dropped - before;
}

for (let t0 = performance.now(); performance.now() - t0 < 800; ) batch();
const dropped = sw.stats.dropped;
const parks = sw.stats.parks;
const ns: number[] = [];
let packets = 0;
for (let r = 0; r < rounds; r++) {
  let n = 0;
  const c0 = threadCpuSeconds();
  for (let t0 = performance.now(); performance.now() - t0 < seconds * 1000; ) n += batch();
  ns.push(((threadCpuSeconds() - c0) * 1e9) / n);
  packets += n;
}
if (sw.stats.dropped !== dropped) throw new Error(`${sw.stats.dropped - dropped} packets dropped`);
ns.sort((a, b) => a - b);
console.log(
  `extern glue, ipsec-esp 100 % ESP, ${mode} (${root}): ${ns[ns.length >> 1]!.toFixed(1)} ns/packet main-thread CPU, median of ` +
    `${rounds} [${ns.map((x) => x.toFixed(0)).join(' ')}]; parks/packet ${((sw.stats.parks - parks) / packets).toFixed(2)}; load ${loadavg()[0]!.toFixed(1)}`,
);
