/**
 * Control-plane setup of the ipsec-esp example for tools that drive it programmatically
 * (`p4ts demo`, `npm run bench`): security association 0 with the paper's suite and the keys of
 * the reference fixtures, and an `esp_policy` that encapsulates a share of the flows.
 */
import type { RuntimeTable } from '../../runtime/control/index.ts';
import type { SaConfig } from '../../runtime/ipsec/index.ts';
import type { SecurityStore } from '../../runtime/p4ts/index.ts';
import type { ControlPlaneRegistry } from '../../runtime/v1model/index.ts';

/** AES-128-CBC + HMAC-MD5-96 with the keys of test/fixtures/esp (deterministic IVs). */
export const GATEWAY_SA: SaConfig = {
  spi: 0x1001,
  suite: 'aes128-cbc-hmac-md5-96',
  encKey: '2b7e151628aed2a6abf7158809cf4f3c',
  authKey: '000102030405060708090a0b0c0d0e0f',
  tunnelSrc: '10.0.0.1',
  tunnelDst: '10.0.0.2',
  ivMode: { kind: 'deterministic', baseIv: '000102030405060708090a0b0c0d0e0f' },
  antiReplay: false,
};

/** One `esp_policy` entry of the demo gateway: ingress port and protocol "any", a flow range. */
export interface GatewayPolicyEntry {
  readonly priority: number;
  readonly flowLow: number;
  readonly flowHigh: number;
  readonly action: 'GatewayIngress.encapsulate' | 'GatewayIngress.forward';
  /** encapsulate: [SA index, port]; forward: [port]. */
  readonly args: readonly number[];
}

/**
 * The policy that encapsulates flows 0 .. 100·share − 1 (the low byte of the IPv4 destination)
 * with SA 0 and forwards every other IPv4 packet; everything leaves on port 2.
 */
export function gatewayPolicy(share: number): GatewayPolicyEntry[] {
  const last = Math.round(share * 100) - 1;
  const entries: GatewayPolicyEntry[] = [];
  if (last >= 0) entries.push({ priority: 10, flowLow: 0, flowHigh: last, action: 'GatewayIngress.encapsulate', args: [0, 2] });
  entries.push({ priority: 1, flowLow: 0, flowHigh: 255, action: 'GatewayIngress.forward', args: [2] });
  return entries;
}

/** Installs SA 0 and `gatewayPolicy(share)`. */
export function configureGateway(objects: ControlPlaneRegistry, share: number): void {
  (objects.get('p4ts.security', 'p4ts_security') as SecurityStore).setSa(0, GATEWAY_SA);
  const table = objects.get('esp_policy', 'table') as RuntimeTable;
  const any = { kind: 'ternary', value: 0n, mask: 0n } as const;
  for (const e of gatewayPolicy(share)) {
    table.insert([any, any, { kind: 'range', low: BigInt(e.flowLow), high: BigInt(e.flowHigh) }], e.action, [...e.args], e.priority);
  }
}
