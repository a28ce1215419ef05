/**
 * The paper's runtime, T4P4S, around the program's own work: what the profiles of the paper's
 * machines add to the counts the compiler derives from a p4ts program.
 *
 * - A task carries the packet's ring position in front of its data ("we configure the external
 *   processor to start running the function only from the 9th byte"): 8 bytes copied per task.
 * - ESP framing runs on the main core. p4ts's `esp_encapsulate` is one fused operation (outer IPv4
 *   header, ESP header, padding, trailer, ICV placement and the crypto); the paper's T4P4S program
 *   built the headers in P4 and offloaded only the crypto. So an encapsulation adds, before the
 *   task, the SA's parameters (an exact lookup) and 20 primitives (SPI; sequence number read,
 *   increment, write; ten outer IPv4 fields; pad length; next header; four length computations),
 *   and after it the outer IPv4 and ESP headers emitted, their checksum, and the packet moved
 *   behind the new headers and written out grown. A decapsulation adds the SA lookup by SPI and 8
 *   primitives (SPI check, sequence/replay window, lengths, pad and next header).
 */
import { ESP_HEADER_BYTES, ESP_OUTER_IPV4_BYTES } from '../../ipsec/index.ts';
import { PayloadOp } from '../../../contract/p4ts-operations.ts';
import type { RuntimeCosts } from '../profile.ts';

export const T4P4S_RUNTIME: RuntimeCosts = {
  taskHandleBytes: 8,
  externFraming: {
    [PayloadOp.EspEncapsulate]: {
      before: { lookups: { exact: 1 }, actionPrimitives: 20 },
      after: { headersEmitted: 2, bytesEmitted: ESP_OUTER_IPV4_BYTES + ESP_HEADER_BYTES, checksumBytes: ESP_OUTER_IPV4_BYTES },
      copiesPacket: true,
    },
    [PayloadOp.EspDecapsulate]: {
      before: { lookups: { exact: 1 }, actionPrimitives: 8 },
      after: {},
      copiesPacket: false,
    },
  },
};
