/**
 * What one extern site's task computes, by its p4ts operation number (`PayloadOp` of
 * `contract/p4ts-operations.ts`), with the
 * sizes the runtime itself uses: ESP layouts from `runtime/ipsec` (suite IV, ICV and alignment,
 * header sizes), PKCS#7 padding and the payload HMAC's tag from `runtime/p4ts/payload-ops.ts`.
 * A site of another extern (under `asyncAll`) is a task with no op, and a note says so.
 */
import { ESP_HEADER_BYTES, ESP_OUTER_IPV4_BYTES, espCiphertextLength, suiteInfo, type EspSuite } from '../../runtime/ipsec/index.ts';
import { PayloadOp, payloadOpOf } from '../../contract/p4ts-operations.ts';
import { PAYLOAD_HMAC, aesPaddedLength } from '../../runtime/p4ts/payload-ops.ts';
import type { ExternOp } from '../../runtime/model/work.ts';

/** The p4ts operation an extern call runs (`contract/p4ts-operations.ts`), or null for any other extern. */
export function operationOf(externName: string): PayloadOp | null {
  return payloadOpOf(externName) ?? null;
}

/** Compression-function calls of an HMAC over `messageBytes`: the message blocks after the precomputed ipad state, plus the one outer block. */
export function hmacCompressions(messageBytes: number): number {
  return Math.ceil((messageBytes + 1 + 8) / 64) + 1;
}

/** The cipher and MAC work of an ESP suite on `ciphertext` bytes with `authenticated` bytes covered. */
function espOps(suite: EspSuite, ciphertext: number, authenticated: number): ExternOp[] {
  const blocks = Math.ceil(ciphertext / 16);
  switch (suite) {
    case 'aes128-cbc-hmac-md5-96':
      return [{ kind: 'aes-cbc', keyBits: 128, blocks }, { kind: 'hmac', hash: 'md5', blocks: hmacCompressions(authenticated) }];
    case 'aes256-cbc-hmac-sha256-128':
      return [{ kind: 'aes-cbc', keyBits: 256, blocks }, { kind: 'hmac', hash: 'sha256', blocks: hmacCompressions(authenticated) }];
    case 'aes128-gcm':
      // counter blocks, and GHASH over the AAD block, the ciphertext blocks and the length block
      return [{ kind: 'aes-gcm', keyBits: 128, blocks, ghashBlocks: blocks + 2 }];
  }
}

export interface SiteInput {
  readonly op: PayloadOp | null;
  /** Payload bytes at the call (everything after the extracted headers). */
  readonly payloadBytes: number;
  /** The `offset` argument where the operation has one and it is known (else 0). */
  readonly offset: number;
  /** The `cycles` argument of `burn` when it is a constant in the source. */
  readonly constantCycles: number | undefined;
  /** Cycles assumed for a `burn` whose argument is not a constant. */
  readonly defaultBurnCycles: number;
  /** The ESP suite the SA uses (the program names an SA index; the suite is the control plane's). */
  readonly espSuite: EspSuite;
}

export interface SitePrice {
  readonly ops: readonly ExternOp[];
  readonly taskBytes: number;
  readonly resultBytes: number;
  /** Payload bytes after the call. */
  readonly payloadAfter: number;
  /** An assumption the price rests on, for the derivation's notes. */
  readonly note?: string;
}

/** What the task of a site computes, and how it changes the payload. */
export function priceSite(s: SiteInput): SitePrice {
  const payload = s.payloadBytes;
  switch (s.op) {
    case PayloadOp.EspEncapsulate: {
      // the payload is the inner IPv4 packet; it becomes outer IPv4 + ESP header + IV + ciphertext + ICV
      const suite = suiteInfo(s.espSuite);
      const ciphertext = espCiphertextLength(suite, payload);
      const authenticated = ESP_HEADER_BYTES + suite.ivLen + ciphertext;
      const after = ESP_OUTER_IPV4_BYTES + authenticated + suite.icvLen;
      return { ops: espOps(s.espSuite, ciphertext, authenticated), taskBytes: payload, resultBytes: after, payloadAfter: after };
    }
    case PayloadOp.EspDecapsulate: {
      // the payload is the outer IPv4 packet; the inner one is the ciphertext less padding and trailer
      const suite = suiteInfo(s.espSuite);
      const ciphertext = Math.max(0, payload - ESP_OUTER_IPV4_BYTES - ESP_HEADER_BYTES - suite.ivLen - suite.icvLen);
      const authenticated = ESP_HEADER_BYTES + suite.ivLen + ciphertext;
      return {
        ops: espOps(s.espSuite, ciphertext, authenticated),
        taskBytes: payload,
        resultBytes: ciphertext,
        payloadAfter: Math.max(0, ciphertext - 2),
        note: 'esp_decapsulate: the inner packet is taken as the ciphertext less the 2-byte trailer (padding unknown)',
      };
    }
    case PayloadOp.AesEncrypt: {
      const n = Math.max(0, payload - s.offset);
      const padded = aesPaddedLength(n);
      return { ops: [{ kind: 'aes-cbc', keyBits: 128, blocks: padded / 16 }], taskBytes: n, resultBytes: padded, payloadAfter: s.offset + padded };
    }
    case PayloadOp.AesDecrypt: {
      const n = Math.max(0, payload - s.offset);
      const blocks = Math.floor(n / 16);
      // CBC decryption also runs block by block in the runtime's cipher
      return { ops: [{ kind: 'aes-cbc', keyBits: 128, blocks }], taskBytes: n, resultBytes: blocks * 16, payloadAfter: Math.max(s.offset, payload - 1) };
    }
    case PayloadOp.HmacAppend: {
      const n = Math.max(0, payload - s.offset);
      return { ops: [{ kind: 'hmac', hash: PAYLOAD_HMAC.hash, blocks: hmacCompressions(n) }], taskBytes: n, resultBytes: PAYLOAD_HMAC.tagBytes, payloadAfter: payload + PAYLOAD_HMAC.tagBytes };
    }
    case PayloadOp.HmacVerify: {
      const n = Math.max(0, payload - s.offset - PAYLOAD_HMAC.tagBytes);
      return { ops: [{ kind: 'hmac', hash: PAYLOAD_HMAC.hash, blocks: hmacCompressions(n) }], taskBytes: n + PAYLOAD_HMAC.tagBytes, resultBytes: 0, payloadAfter: Math.max(0, payload - PAYLOAD_HMAC.tagBytes) };
    }
    case PayloadOp.Burn: {
      const cycles = s.constantCycles ?? s.defaultBurnCycles;
      const price = { ops: [{ kind: 'burn', cycles } as const], taskBytes: 0, resultBytes: 0, payloadAfter: payload };
      return s.constantCycles === undefined ? { ...price, note: `burn: the cycles are not a constant; assumed ${cycles}` } : price;
    }
    case null:
      return { ops: [], taskBytes: 0, resultBytes: 0, payloadAfter: payload, note: 'not a p4ts operation: priced as a task with no op' };
  }
}
