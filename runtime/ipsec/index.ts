/** IPsec ESP tunnel mode (RFC 4303) over IPv4/Ethernet, allocation-free per packet. */
export { SecurityAssociation, RandomPool, threadRandomPool, parseIpv4, parseMac, ESP_SUITES, suiteInfo } from './sa.ts';
export type { SaConfig, EspSuite, IvModeConfig, SaLookup, SuiteInfo } from './sa.ts';
export {
  EspDrop,
  espDropReason,
  espEncapsulate,
  espEncapsulateAt,
  espEncapsulatePacket,
  espDecapsulate,
  espDecapsulateAt,
  espDecapsulatePacket,
  espEncapsulatedLength,
  espCiphertextLength,
  ESP_HEADER_BYTES,
  ESP_OUTER_IPV4_BYTES,
  moveBytes,
  setEspWasm,
} from './esp.ts';
export type { EspDropCode } from './esp.ts';
export { EspTaskContext, espEncapsulateTask, espDecapsulateTask, claimEspTask } from './task.ts';
