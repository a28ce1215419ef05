/** IPsec ESP tunnel mode (RFC 4303) over IPv4/Ethernet, allocation-free per packet. */
export { SecurityAssociation, RandomPool, threadRandomPool, parseIpv4, parseMac, ESP_SUITES } from './sa.ts';
export type { SaConfig, EspSuite, IvModeConfig, SaLookup } from './sa.ts';
export {
  EspDrop,
  espDropReason,
  espEncapsulate,
  espEncapsulateAt,
  espDecapsulate,
  espDecapsulateAt,
  espEncapsulatedLength,
  moveBytes,
} from './esp.ts';
export type { EspDropCode } from './esp.ts';
export { EspTaskContext, espEncapsulateTask, espDecapsulateTask, claimEspTask } from './task.ts';
