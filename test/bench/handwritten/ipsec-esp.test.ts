/**
 * The hand-written IPsec gateway the bench measures the compiled program against does the same
 * work: on the same frames and entries, in each of its four variants, it transmits the same
 * packets (port and bytes, ESP byte for byte: sequence numbers and IVs are claimed in arrival
 * order) as examples/ipsec-esp compiled and run on the v1model switch, and counts the same
 * policy hits.
 */
import { describe, expect, it } from 'vitest';
import { GATEWAY_SA, configureGateway } from '../../../examples/ipsec-esp/control-plane.ts';
import { HandwrittenGateway, type HandwrittenVariantName } from '../../../bench/handwritten/ipsec-esp.ts';
import { handwrittenPolicy } from '../../../bench/scenarios/ipsec-variant.ts';
import type { Counter } from '../../../runtime/v1model/index.ts';
import { flowFrames } from '../../../runtime/testing/async-pipeline.ts';
import { V1Switch } from '../../../runtime/v1model/switch.ts';
import { loadP4 } from '../../examples/harness.ts';

const PROGRAM = new URL('../../../examples/ipsec-esp/ipsec-esp.p4', import.meta.url).pathname;
const SHARE = 0.3;
const PACKETS = 250;

const hex = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.subarray(from, to)).toString('hex');

/** The frames given to both: the bench's flows, plus one that is not IPv4 (dropped by both). */
function frames(): Uint8Array[] {
  const flows = flowFrames();
  const out = Array.from({ length: PACKETS }, (_, i) => flows[i % flows.length]!);
  const arp = flows[0]!.slice();
  arp[12] = 0x08;
  arp[13] = 0x06;
  out.splice(7, 0, arp);
  return out;
}

async function compiledOutputs(): Promise<{ outputs: string[]; dropped: number; hits: number[] }> {
  const program = (await loadP4(PROGRAM, 'sync'))();
  configureGateway(program.objects, SHARE);
  const outputs: string[] = [];
  const sw = new V1Switch(program, { onOutputRaw: (port, b, off, len) => outputs.push(`${port} ${hex(b, off, off + len)}`) });
  for (const f of frames()) {
    sw.inject(1, f);
    sw.runUntilIdle();
  }
  const counter = program.objects.get('GatewayIngress.policy_hits', 'counter') as Counter;
  return { outputs, dropped: sw.stats.dropped, hits: [0, 1, 2].map((i) => counter.readPackets(i)) };
}

async function handwrittenOutputs(variant: HandwrittenVariantName): Promise<{ outputs: string[]; dropped: number; hits: number[] }> {
  const outputs: string[] = [];
  const gw = new HandwrittenGateway({
    variant,
    burst: 8,
    sa: GATEWAY_SA,
    policy: handwrittenPolicy(SHARE),
    onOutput: (port, b, off, len) => outputs.push(`${port} ${hex(b, off, off + len)}`),
  });
  await gw.start();
  try {
    for (const f of frames()) {
      gw.receive(1, f);
      gw.service();
    }
    const deadline = Date.now() + 20_000;
    while (gw.inFlight > 0) {
      if (gw.service() === 0) gw.waitForResult();
      if (Date.now() > deadline) throw new Error(`${variant}: ${gw.inFlight} packets never came back`);
    }
  } finally {
    gw.close();
  }
  return { outputs, dropped: gw.dropped, hits: Array.from(gw.policyHits.subarray(0, 3)) };
}

describe('hand-written ipsec-esp gateway (bench reference)', () => {
  for (const variant of ['sync-inline', 'sync-offload', 'context', 'longjump'] as const) {
    it(`${variant}: the same outputs, drops and policy hits as the compiled program`, async () => {
      const want = await compiledOutputs();
      const got = await handwrittenOutputs(variant);
      expect(want.outputs).toHaveLength(PACKETS);
      expect(want.dropped).toBe(1);
      expect(got.dropped).toBe(want.dropped);
      expect(got.hits).toEqual(want.hits);
      // the async variants may finish packets in another order (a parked packet is overtaken)
      expect([...got.outputs].sort()).toEqual([...want.outputs].sort());
    });
  }
});
