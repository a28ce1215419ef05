/**
 * Scenario `ipsec` (issues 4, 5 and 10): examples/ipsec-esp encapsulating a share of 64-byte
 * frames in ESP tunnel mode (AES-128-CBC + HMAC-MD5-96, the paper's suite), in the four execution
 * variants, compiled and written by hand (bench/handwritten/ipsec-esp.ts: same frames, entries,
 * co-processor and ESP kernel), eight side by side per share (each compiled variant next to its
 * hand-written twin), for shares 100/50/33/10/2 %; a
 * burst-size sweep of longjump at 100 %; and two ceilings: the ESP kernel alone on one thread,
 * and the co-processor's rate on ESP tasks through the rings without any switch around it.
 *
 * Runs of hand-written variants have `mode` `handwritten-<variant>` and `implementation`
 * `handwritten`.
 */
import { fileURLToPath } from 'node:url';
import { Coprocessor, PacketPool, nowMicros } from '../../runtime/coprocessor/index.ts';
import { PAYLOAD_OP_NAME } from '../../runtime/p4ts/coprocessor-ops.ts';
import { PayloadOp, runPayloadOp, SecurityStore, SharedSecurityConfig } from '../../runtime/p4ts/index.ts';
import { GATEWAY_SA } from '../../examples/ipsec-esp/control-plane.ts';
import { measureEspKernel, type EspKernelRuntime } from '../esp-kernel.ts';
import { isolated } from '../harness/isolated.ts';
import { adjacencyNote, formatRate, inProcess, measureRunners, pairedRatio, runRecord, sharedGcCounter, type Runner } from '../harness/measure.ts';
import type { Scenario, ScenarioContext } from '../harness/scenario.ts';
import { ASYNC_VARIANTS, ipv4Frame, type AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';
import { createIpsecVariant, type IpsecVariantOptions } from './ipsec-variant.ts';
import { compiledCode, measurePipelines } from './pipeline-variant.ts';
import { ownModuleUrl } from '../../runtime/modules/index.ts';

const PROGRAM = fileURLToPath(new URL('../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url));

/**
 * One share: the four variants compiled and the same four written by hand, eight in all, each in
 * a worker thread of its own (its own isolate and co-processor worker), measured side by side in
 * alternating rounds.
 */
async function measureShare(ctx: ScenarioContext, share: number, burst: number): Promise<void> {
  const { settings, progress } = ctx;
  const pct = Math.round(share * 100);
  // compiled and hand-written of each variant next to each other: their round pairs, which the
  // compiled / hand-written ratios divide, are next-door neighbours
  const kinds: { implementation: 'compiled' | 'handwritten'; variant: AsyncVariantName; label: string }[] = [];
  for (const variant of ASYNC_VARIANTS) {
    for (const implementation of ['compiled', 'handwritten'] as const) kinds.push({ implementation, variant, label: implementation === 'compiled' ? variant : `hand-written ${variant}` });
  }
  const runners: Runner[] = [];
  try {
    for (const k of kinds) {
      progress.step(`ipsec ${pct}%: preparing ${k.label}`);
      const options: IpsecVariantOptions = {
        ...k,
        share,
        burst,
        ...(k.implementation === 'compiled' ? { code: compiledCode(PROGRAM, k.variant) } : {}),
      };
      if (settings.isolate) runners.push(await isolated({ label: k.label, module: VARIANT_MODULE, factory: 'createIpsecVariant', options }));
      else runners.push(inProcess(await createIpsecVariant(options), sharedGcCounter()));
    }
  } catch (e) {
    for (const r of runners) await r.close();
    throw e;
  }
  const rates = await measureRunners(runners, settings, progress, `ipsec ${pct}% `, ctx.lineSample);
  const indexOf = (implementation: string, variant: string) => kinds.findIndex((k) => k.implementation === implementation && k.variant === variant);
  const rateOf = (implementation: string, variant: string) => rates[indexOf(implementation, variant)]!;
  // compiled and hand-written of one variant sit next to each other; the ratios between variants
  // (longjump / sync-inline, …) divide rounds of one cycle with other variants measured in between
  const apart = (implementation: string, a: string, b: string) => adjacencyNote(indexOf(implementation, a), indexOf(implementation, b));
  rates.forEach((r, i) => {
    const k = kinds[i]!;
    const mode = k.implementation === 'compiled' ? k.variant : `handwritten-${k.variant}`;
    ctx.record(runRecord(r, { scenario: 'ipsec', mode, share, cycles: 0, burst, implementation: k.implementation, label: k.label }));
  });
  for (const variant of ASYNC_VARIANTS) {
    const compiled = rateOf('compiled', variant);
    const hand = rateOf('handwritten', variant);
    ctx.ratio(`ipsec ${pct}%: ${variant} compiled / hand-written`, pairedRatio(compiled, hand, 'main-cpu'), 0.8);
    ctx.ratio(`ipsec ${pct}%: ${variant} compiled / hand-written`, pairedRatio(compiled, hand, 'wall'));
  }
  for (const implementation of ['compiled', 'handwritten']) {
    const target = implementation === 'compiled' ? (pct === 10 ? 1.5 : pct === 2 ? 1.0 : undefined) : undefined;
    ctx.ratio(`ipsec ${pct}%: ${implementation} longjump / sync-inline${apart(implementation, 'longjump', 'sync-inline')}`, pairedRatio(rateOf(implementation, 'longjump'), rateOf(implementation, 'sync-inline'), 'wall'), target);
  }
  if (share === 1) {
    const compiled = (variant: string) => rateOf('compiled', variant);
    ctx.ratio(`ipsec 100%: longjump / sync-offload${apart('compiled', 'longjump', 'sync-offload')}`, pairedRatio(compiled('longjump'), compiled('sync-offload'), 'wall'), 1.3);
    ctx.ratio(`ipsec 100%: longjump / context${apart('compiled', 'longjump', 'context')}`, pairedRatio(compiled('longjump'), compiled('context'), 'wall'), 2);
  }
}

const VARIANT_MODULE = ownModuleUrl('./ipsec-variant.ts', import.meta.url).href;

/**
 * The ESP kernel alone on this thread: encapsulations per second of a 64-byte frame's IPv4
 * packet (46 bytes), in place in a packet buffer as the p4ts extern does it (the packet copied
 * back in before each), per second of wall time and per second of this thread's CPU time.
 * `bench/esp-kernel.ts` runs the same loop on its own (and against an older checkout).
 */
function kernelCeiling(seconds: number): { wall: number; cpu: number } {
  const store = new SecurityStore();
  store.setSa(0, GATEWAY_SA);
  return measureEspKernel({ runPayloadOp: runPayloadOp as EspKernelRuntime['runPayloadOp'], encapsulateOp: PayloadOp.EspEncapsulate, store, ipv4Frame }, seconds);
}

/** The co-processor on ESP tasks through the rings, no switch: tasks per second. */
async function coprocessorCeiling(seconds: number, burst: number): Promise<number> {
  const shared = new SharedSecurityConfig();
  const store = new SecurityStore();
  store.setSa(0, GATEWAY_SA);
  shared.publish(store.config());
  const pool = PacketPool.create(1024, 512);
  const cop = new Coprocessor({
    pool,
    burstSize: burst,
    capacity: 512,
    opModules: [{ url: ownModuleUrl('../../runtime/p4ts/coprocessor-ops.ts', import.meta.url).href, config: { shared: shared.sab } }],
  });
  await cop.start();
  try {
    const op = cop.opcode(PAYLOAD_OP_NAME);
    const frame = ipv4Frame(7).subarray(14);
    const free: number[] = [];
    for (let i = 0; i < 512; i++) free.push(pool.alloc());
    let done = 0;
    let seq = 1;
    const onResult = (handle: number): void => {
      free.push(handle);
      done++;
    };
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      while (free.length > 0) {
        const b = free.pop()!;
        pool.bytes(b).set(frame, 64);
        if (!cop.submitOp(op, b, b, 64, frame.length, PayloadOp.EspEncapsulate, 0, seq, seq - 1)) {
          free.push(b);
          break;
        }
        seq++;
      }
      cop.tick(nowMicros());
      cop.poll(onResult);
    }
    cop.flush();
    return done / ((performance.now() - t0) / 1000);
  } finally {
    cop.close();
  }
}

export const ipsecScenario: Scenario = {
  name: 'ipsec',
  title: 'IPsec ESP (AES-128-CBC + HMAC-MD5-96) on 64-byte frames: sync inline/offload, context, longjump',
  async run(ctx) {
    const seconds = ctx.settings.quick ? 0.3 : 1;
    ctx.progress.step('ipsec: ESP kernel ceiling (one thread)');
    const kernel = kernelCeiling(seconds);
    ctx.ceiling('ipsec/esp-kernel-one-thread', kernel.wall);
    if (Number.isFinite(kernel.cpu)) ctx.ceiling('ipsec/esp-kernel-one-thread-cpu', kernel.cpu);
    ctx.note(`ESP kernel alone (AES-128-CBC + HMAC-MD5-96, 64-byte frame, in place), one thread: ${formatRate(kernel.wall)}/s wall, ${formatRate(kernel.cpu)}/s per CPU-second`);
    ctx.progress.step('ipsec: co-processor ceiling (rings, no switch)');
    ctx.ceiling('ipsec/coprocessor-rings', await coprocessorCeiling(seconds, ctx.settings.burst));
    const shares = ctx.settings.quick ? [1, 0.1] : [1, 0.5, 0.33, 0.1, 0.02];
    for (const share of shares) await measureShare(ctx, share, ctx.settings.burst);
    ctx.note('Extern work runs on one worker thread (the co-processor); with help-when-behind the main thread takes tasks when more than helpBacklog tasks (2 bursts, at least 64) wait for the worker ("helped"). Each variant runs in a worker thread of its own: up to two cores (its thread and its co-processor).');
  },
};

export const burstScenario: Scenario = {
  name: 'burst',
  title: 'Burst-size sweep: IPsec 100 %, longjump and context on the worker co-processor',
  async run(ctx) {
    const bursts = ctx.settings.quick ? [1, 32] : [1, 4, 8, 16, 32, 64];
    for (const burst of bursts) {
      const variants = (['context', 'longjump'] as const).map((variant) => ({ program: PROGRAM, gatewayShare: 1, variant, burst, label: `${variant} burst ${burst}` }));
      const rates = await measurePipelines(ctx, variants, `burst ${burst}`);
      rates.forEach((r, i) => {
        ctx.record(runRecord(r, { scenario: 'burst', mode: variants[i]!.variant, share: 1, cycles: 0, burst, implementation: 'compiled' }));
      });
    }
  },
};
