import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { configureGateway } from '../../examples/ipsec-esp/control-plane.ts';
import { asyncPipeline, flowFrames, MODE_OF, type AsyncPipeline, type AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';
import { loadProgramModule } from '../../runtime/loader/index.ts';
import { threadCpuSeconds } from '../../runtime/testing/thread-cpu.ts';
import { compileProgram } from '../compile-program.ts';
import { asV1Program } from '../../runtime/switch/index.ts';
import { printDiagnostics } from '../print-diagnostics.ts';

interface DemoFlags {
  readonly seconds: string;
  readonly share: string;
  readonly burst: string;
}

const PROGRAM = fileURLToPath(new URL('../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url));

/** The variants the demo runs: each execution mode once, async ones on the worker. */
const VARIANTS: readonly { variant: AsyncVariantName; what: string }[] = [
  { variant: 'sync-inline', what: 'sync      (ESP at the call, main thread)' },
  { variant: 'sync-offload', what: 'sync      (ESP on the worker, main thread waits)' },
  { variant: 'context', what: 'context   (continuation kept while the worker works)' },
  { variant: 'longjump', what: 'longjump  (packet parked, re-entered at the site)' },
];

/** Threads the demo keeps busy: the switch's and the co-processor worker's. */
const DEMO_THREADS = 2;

/** Runs batches until this thread has spent 0.3 s of CPU on them (at most 3 s of wall time), so the code is optimised before measuring. */
function warmUp(pipeline: AsyncPipeline): void {
  const c0 = threadCpuSeconds();
  const t0 = performance.now();
  for (let i = 0; ; i++) {
    pipeline.batch();
    const wall = performance.now() - t0;
    if (wall > 3000 || (Number.isNaN(c0) ? i >= 20 && wall > 300 : threadCpuSeconds() - c0 > 0.3)) return;
  }
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number, not '${text}'`);
  return n;
}

/**
 * `p4ts demo`: the product in one command. Compiles examples/ipsec-esp in the three execution
 * modes, and runs each on generated 64-byte IPv4 traffic, ESP-encapsulating a share of it
 * through the worker co-processor; prints the packets per second of each and the main thread's
 * CPU time per packet, and says so when the machine is too busy for the rates to mean much.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(COMMAND_DESCRIPTIONS.demo)
    .option('--seconds <s>', 'measuring time per mode', '3')
    .option('--share <fraction>', 'share of packets encapsulated (0..1)', '1')
    .option('--burst <n>', 'co-processor burst size', '32')
    .action(async (flags: DemoFlags) => {
      let seconds: number;
      let share: number;
      let burst: number;
      try {
        seconds = positive(flags.seconds, '--seconds');
        share = Number(flags.share);
        if (!(share >= 0 && share <= 1)) throw new Error(`--share must be between 0 and 1, not '${flags.share}'`);
        burst = Math.round(positive(flags.burst, '--burst'));
      } catch (e) {
        console.error(`p4ts demo: ${(e as Error).message}`);
        process.exitCode = 1;
        return;
      }
      const startLoad = loadavg()[0]!;
      console.log(`IPsec ESP tunnel mode (AES-128-CBC + HMAC-MD5-96) on 64-byte frames, ${Math.round(share * 100)}% encapsulated, burst ${burst}`);
      const modules = new Map<string, Awaited<ReturnType<typeof loadProgramModule>>>();
      for (const mode of ['sync', 'context', 'longjump'] as const) {
        const result = await compileProgram(PROGRAM, { mode });
        if (!result.ok || result.code === undefined) {
          printDiagnostics(result.diagnostics);
          process.exitCode = 2;
          return;
        }
        modules.set(mode, await loadProgramModule(result.code, undefined, { name: `ipsec-esp-${mode}` }));
      }
      const frames = flowFrames();
      console.log(`  ${'variant'.padEnd(58)} ${'Mpps'.padStart(7)}  ${'main-thread ns/packet'.padStart(21)}`);
      for (const { variant, what } of VARIANTS) {
        const mod = modules.get(MODE_OF[variant])!;
        let pipeline: AsyncPipeline | undefined;
        try {
          pipeline = await asyncPipeline({
            createProgram: () => asV1Program(mod.createProgram(), 'p4ts demo'),
            variant,
            burst,
            batch: 256,
            configure: (objects) => configureGateway(objects, share),
            frames,
          });
          warmUp(pipeline);
          let packets = 0;
          const c0 = threadCpuSeconds();
          const t0 = performance.now();
          while (performance.now() - t0 < seconds * 1000) packets += pipeline.batch();
          const pps = packets / ((performance.now() - t0) / 1000);
          const ns = ((threadCpuSeconds() - c0) * 1e9) / packets;
          const nsText = Number.isFinite(ns) ? ns.toFixed(0) : 'n/a';
          console.log(`  ${what.padEnd(58)} ${(pps / 1e6).toFixed(3).padStart(7)}  ${nsText.padStart(21)}`);
        } finally {
          pipeline?.close();
        }
      }
      console.log(
        '  main-thread ns/packet: CPU time the packet-processing thread spends per packet (the paper\'s measure: what a\n' +
          '  packet costs that core). context and longjump serve other packets while the worker works, so its time is not\n' +
          '  theirs; sync with the worker spins while it waits, and that spinning counts (it grows when the worker gets no\n' +
          '  core). It holds on a busy machine; Mpps does not.',
      );
      const cores = cpus().length;
      const spare = Math.max(0, cores - DEMO_THREADS);
      const load = Math.max(startLoad, loadavg()[0]! - DEMO_THREADS);
      if (load > spare + 0.5) {
        console.log(
          `  note: this machine is busy (load average ${load.toFixed(1)} from other work on ${cores} CPUs, ${spare} spare beside the demo's ` +
            `${DEMO_THREADS} threads): the wall-clock rates (Mpps) are not meaningful here; compare the main-thread ns/packet.`,
        );
      }
    });
}
