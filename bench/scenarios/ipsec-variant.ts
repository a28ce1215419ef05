/**
 * One variant of the IPsec gateway, built in whichever thread calls `createIpsecVariant` (the
 * bench runs each in a worker thread of its own, see harness/isolated.ts): the compiled
 * examples/ipsec-esp on the v1model switch (runtime/testing/async-pipeline.ts), or the same
 * gateway written by hand (bench/handwritten/ipsec-esp.ts) — same frames, entries, co-processor
 * and ESP kernel, streamed the same way: up to `IN_FLIGHT` packets inside at once, parked ones
 * included, `BATCH` frames injected per batch.
 */
import type { Coprocessor } from '../../runtime/coprocessor/index.ts';
import { GATEWAY_SA, gatewayPolicy } from '../../examples/ipsec-esp/control-plane.ts';
import { flowFrames, type AsyncVariantName } from '../../runtime/testing/async-pipeline.ts';
import { HandwrittenGateway, type PolicyEntry } from '../handwritten/ipsec-esp.ts';
import { BATCH, createPipelineVariant } from './pipeline-variant.ts';
import type { Variant } from '../harness/measure.ts';

/** Packets allowed inside at once: as the compiled pipeline streams them (`BATCH` frames a batch). */
const IN_FLIGHT = 512;
const INGRESS_PORT = 1;

export interface IpsecVariantOptions {
  readonly implementation: 'compiled' | 'handwritten';
  readonly variant: AsyncVariantName;
  /** Share of the flows encapsulated (0..1). */
  readonly share: number;
  /** Tasks per co-processor burst. */
  readonly burst: number;
  /** compiled: the generated module of examples/ipsec-esp in the variant's mode. */
  readonly code?: string;
  readonly label: string;
}

/** The variant, and its co-processor (async variants) for `Coprocessor.workerStats` readings (bench/coprocessor.ts --variant). */
export async function createIpsecVariant(o: IpsecVariantOptions): Promise<Variant & { close(): void; coprocessor?: Coprocessor }> {
  if (o.implementation === 'compiled') {
    if (o.code === undefined) throw new Error('compiled variant without code');
    return createPipelineVariant({ code: o.code, variant: o.variant, burst: o.burst, label: o.label, gatewayShare: o.share });
  }
  const frames = flowFrames();
  let tx = 0;
  const gw = new HandwrittenGateway({ variant: o.variant, burst: o.burst, sa: GATEWAY_SA, policy: handwrittenPolicy(o.share), onOutput: () => tx++ });
  await gw.start();
  let next = 0;
  return {
    label: o.label,
    batch(): number {
      const before = tx + gw.dropped;
      for (let i = 0; i < BATCH; i++) {
        while (gw.inFlight >= IN_FLIGHT) if (gw.service() === 0) gw.waitForResult();
        gw.receive(INGRESS_PORT, frames[next]!);
        next = next + 1 === frames.length ? 0 : next + 1;
      }
      gw.service();
      if (gw.dropped > 0) throw new Error(`${o.label}: ${gw.dropped} packets dropped`);
      return tx + gw.dropped - before;
    },
    counters: () => ({ helped: gw.helped, offloaded: gw.offloaded }),
    close: () => gw.close(),
    ...(gw.coprocessor !== null ? { coprocessor: gw.coprocessor } : {}),
  };
}

/** examples/ipsec-esp's gateway policy for a share (`gatewayPolicy`, what the compiled program's table gets) as the hand-written gateway's entries. */
export function handwrittenPolicy(share: number): PolicyEntry[] {
  return gatewayPolicy(share).map((e) => ({
    priority: e.priority,
    port: 0,
    portMask: 0,
    protocol: 0,
    protocolMask: 0,
    flowLow: e.flowLow,
    flowHigh: e.flowHigh,
    action: e.action === 'GatewayIngress.encapsulate' ? 'encapsulate' : 'forward',
    ...(e.action === 'GatewayIngress.encapsulate' ? { sa: e.args[0]!, egressPort: e.args[1]! } : { egressPort: e.args[0]! }),
  }));
}
