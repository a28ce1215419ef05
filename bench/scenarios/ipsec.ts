/**
 * Scenario `ipsec` (issues 4 and 5): examples/ipsec-esp encapsulating a share of 64-byte frames
 * in ESP tunnel mode (AES-128-CBC + HMAC-MD5-96, the paper's suite), in the four execution
 * variants side by side (see async-pipeline.ts), for shares 100/50/33/10/2 %; a burst-size
 * sweep of longjump at 100 %; and two ceilings: the ESP kernel alone on one thread, and the
 * co-processor's rate on ESP tasks through the rings without any switch around it.
 */
import { fileURLToPath } from 'node:url';
import { Coprocessor, PacketPool, nowMicros } from '../../runtime/coprocessor/index.ts';
import { PAYLOAD_OP_NAME } from '../../runtime/p4ts/coprocessor-ops.ts';
import { PayloadOp, runPayloadOp, SecurityStore, SharedSecurityConfig } from '../../runtime/p4ts/index.ts';
import type { ControlPlaneRegistry } from '../../runtime/v1model/index.ts';
import { GATEWAY_SA, configureGateway } from '../../examples/ipsec-esp/control-plane.ts';
import { measureSideBySide, runRecord } from '../harness/measure.ts';
import type { Scenario, ScenarioContext } from '../harness/scenario.ts';
import { ASYNC_VARIANTS, asyncPipeline, flowFrames, ipv4Frame, type AsyncPipeline } from './async-pipeline.ts';

const PROGRAM = fileURLToPath(new URL('../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url));

/** Encapsulate flows 0 .. 100·share − 1 with SA 0, forward the rest; all to port 2. */
function configure(share: number): (objects: ControlPlaneRegistry) => void {
  return (objects) => configureGateway(objects, share);
}

async function measureShare(ctx: ScenarioContext, share: number, burst: number): Promise<void> {
  const frames = flowFrames();
  const pipelines: AsyncPipeline[] = [];
  try {
    for (const variant of ASYNC_VARIANTS) {
      pipelines.push(await asyncPipeline({ program: PROGRAM, variant, burst, batch: 256, configure: configure(share), frames }));
    }
    const rates = await measureSideBySide(pipelines, ctx.settings, ctx.progress, `ipsec ${Math.round(share * 100)}%`);
    for (const r of rates) {
      ctx.record(runRecord(r, { scenario: 'ipsec', mode: r.label, share, cycles: 0, burst, implementation: 'compiled' }));
    }
    if (share === 1) {
      const pps = (label: string) => rates.find((r) => r.label === label)!.pps;
      ctx.ratio('ipsec 100%: longjump / sync-offload', pps('longjump') / pps('sync-offload'), 1.3);
      ctx.ratio('ipsec 100%: longjump / sync-inline', pps('longjump') / pps('sync-inline'));
      ctx.ratio('ipsec 100%: longjump / context', pps('longjump') / pps('context'), 2);
    }
    for (const p of pipelines) {
      if (p.executor) ctx.note(`${p.label} @${Math.round(share * 100)}%: main thread helped the co-processor with ${p.executor.helped} tasks`);
    }
  } finally {
    for (const p of pipelines) p.close();
  }
}

/** The ESP kernel alone on this thread: encapsulations of one 60-byte frame per second. */
function kernelCeiling(seconds: number): number {
  const store = new SecurityStore();
  store.setSa(0, GATEWAY_SA);
  const buf = new Uint8Array(512);
  const frame = ipv4Frame(7);
  const start = 64;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 1000; i++) {
      buf.set(frame.subarray(14), start);
      if (runPayloadOp(PayloadOp.EspEncapsulate, store, buf, start, start + 46, buf.length, 0, n + 1, n, 0) < 0) throw new Error('ESP failed');
      n++;
    }
  }
  return n / ((performance.now() - t0) / 1000);
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
    opModules: [{ url: new URL('../../runtime/p4ts/coprocessor-ops.ts', import.meta.url).href, config: { shared: shared.sab } }],
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
    ctx.ceiling('ipsec/esp-kernel-one-thread', kernelCeiling(seconds));
    ctx.progress.step('ipsec: co-processor ceiling (rings, no switch)');
    ctx.ceiling('ipsec/coprocessor-rings', await coprocessorCeiling(seconds, ctx.settings.burst));
    const shares = ctx.settings.quick ? [1, 0.1] : [1, 0.5, 0.33, 0.1, 0.02];
    for (const share of shares) await measureShare(ctx, share, ctx.settings.burst);
    ctx.note('Extern work runs on one worker thread; with help-when-behind the main thread takes tasks when the worker falls a burst behind.');
  },
};

export const burstScenario: Scenario = {
  name: 'burst',
  title: 'Burst-size sweep: IPsec 100 %, longjump and context on the worker co-processor',
  async run(ctx) {
    const bursts = ctx.settings.quick ? [1, 32] : [1, 4, 8, 16, 32, 64];
    for (const burst of bursts) {
      const frames = flowFrames();
      const pipelines: AsyncPipeline[] = [];
      try {
        for (const variant of ['context', 'longjump'] as const) {
          pipelines.push(await asyncPipeline({ program: PROGRAM, variant, burst, batch: 256, configure: configure(1), frames, label: `${variant} burst ${burst}` }));
        }
        const rates = await measureSideBySide(pipelines, ctx.settings, ctx.progress, `burst ${burst}`);
        rates.forEach((r, i) => {
          const mode = i === 0 ? 'context' : 'longjump';
          ctx.record(runRecord(r, { scenario: 'burst', mode, share: 1, cycles: 0, burst, implementation: 'compiled' }));
        });
      } finally {
        for (const p of pipelines) p.close();
      }
    }
  },
};
