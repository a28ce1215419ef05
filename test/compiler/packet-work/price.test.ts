import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacCompressions, operationOf, priceSite, type SiteInput } from '../../../compiler/packet-work/price.ts';
import { ESP_SUITES, type EspSuite, type SaConfig } from '../../../runtime/ipsec/index.ts';
import { PAYLOAD_OP_NAMES, PayloadOp } from '../../../contract/p4ts-operations.ts';
import { runPayloadOp } from '../../../runtime/p4ts/payload-ops.ts';
import { SecurityStore } from '../../../runtime/p4ts/security-store.ts';

const KEY = '2b7e151628aed2a6abf7158809cf4f3c';

function sa(suite: EspSuite): SaConfig {
  const long = suite === 'aes256-cbc-hmac-sha256-128';
  return {
    spi: 0x1001,
    suite,
    encKey: long ? KEY + KEY : KEY,
    ...(suite === 'aes128-gcm' ? { salt: '01020304' } : { authKey: long ? KEY + KEY : KEY }),
    tunnelSrc: '10.0.0.1',
    tunnelDst: '10.0.0.2',
    ivMode: { kind: 'deterministic', baseIv: suite === 'aes128-gcm' ? '0001020304050607' : '000102030405060708090a0b0c0d0e0f' },
    antiReplay: false,
  };
}

/** A buffer with an IPv4 packet of `length` bytes as the payload at `START`. */
const START = 64;
function ipv4Payload(length: number): Uint8Array {
  const bytes = new Uint8Array(START + length + 256);
  bytes.set([0x45, 0, length >> 8, length & 0xff, 0, 1, 0, 0, 64, 17, 0, 0, 192, 168, 1, 10, 192, 168, 2, 7], START);
  return bytes;
}

function input(op: PayloadOp, payloadBytes: number, extra: Partial<SiteInput> = {}): SiteInput {
  return { op, payloadBytes, offset: 0, constantCycles: undefined, defaultBurnCycles: 1000, espSuite: 'aes128-cbc-hmac-md5-96', ...extra };
}

describe('priceSite: sizes agree with what the runtime does', () => {
  it('every p4ts operation is found by its extern name, other externs are not', () => {
    for (const [op, name] of Object.entries(PAYLOAD_OP_NAMES)) expect(operationOf(name)).toBe(Number(op));
    expect(operationOf('mark_to_drop')).toBeNull();
  });

  for (const suite of ESP_SUITES) {
    it(`esp_encapsulate (${suite}): the payload after the call is the runtime's output`, () => {
      const store = new SecurityStore();
      store.setSa(0, sa(suite));
      fc.assert(
        fc.property(fc.integer({ min: 20, max: 1400 }), (length) => {
          const bytes = ipv4Payload(length);
          const end = runPayloadOp(PayloadOp.EspEncapsulate, store, bytes, START, START + length, bytes.length, 0, 1, 0, 0);
          expect(end).toBeGreaterThan(0);
          const price = priceSite(input(PayloadOp.EspEncapsulate, length, { espSuite: suite }));
          expect(price.payloadAfter).toBe(end - START);
          expect(price.resultBytes).toBe(end - START);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('esp_decapsulate: the ciphertext of what esp_encapsulate made, and the inner packet within 16 bytes', () => {
    const store = new SecurityStore();
    store.setSa(0, sa('aes128-cbc-hmac-md5-96'));
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 1400 }), (length) => {
        const bytes = ipv4Payload(length);
        const sealed = runPayloadOp(PayloadOp.EspEncapsulate, store, bytes, START, START + length, bytes.length, 0, 1, 0, 0) - START;
        const price = priceSite(input(PayloadOp.EspDecapsulate, sealed));
        const encrypt = priceSite(input(PayloadOp.EspEncapsulate, length));
        expect(price.ops).toEqual(encrypt.ops);
        expect(price.payloadAfter - length).toBeGreaterThanOrEqual(0);
        expect(price.payloadAfter - length).toBeLessThan(16);
      }),
      { numRuns: 40 },
    );
  });

  it('aes_encrypt_payload: PKCS#7 growth at any offset, as the runtime pads', () => {
    const store = new SecurityStore();
    store.setKey(0, { aesKey: KEY });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 40 }), (length, offset) => {
        fc.pre(offset <= length);
        const bytes = new Uint8Array(START + length + 64);
        const end = runPayloadOp(PayloadOp.AesEncrypt, store, bytes, START, START + length, bytes.length, 0, offset, 0, 0);
        const price = priceSite(input(PayloadOp.AesEncrypt, length, { offset }));
        expect(price.payloadAfter).toBe(end - START);
        expect(price.ops).toEqual([{ kind: 'aes-cbc', keyBits: 128, blocks: (end - START - offset) / 16 }]);
      }),
      { numRuns: 60 },
    );
  });

  it('hmac_append / hmac_verify: the tag the runtime appends and removes', () => {
    const store = new SecurityStore();
    store.setKey(0, { hmacKey: KEY });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (length) => {
        const bytes = new Uint8Array(START + length + 64);
        const end = runPayloadOp(PayloadOp.HmacAppend, store, bytes, START, START + length, bytes.length, 0, 0, 0, 0);
        const append = priceSite(input(PayloadOp.HmacAppend, length));
        expect(append.payloadAfter).toBe(end - START);
        const back = runPayloadOp(PayloadOp.HmacVerify, store, bytes, START, end, bytes.length, 0, 0, 0, 0);
        expect(priceSite(input(PayloadOp.HmacVerify, end - START)).payloadAfter).toBe(back - START);
        expect(append.ops).toEqual([{ kind: 'hmac', hash: 'md5', blocks: hmacCompressions(length) }]);
      }),
      { numRuns: 60 },
    );
  });

  it('hmacCompressions: message blocks after the ipad state (with 0x80 and the 8-byte length), plus the outer block', () => {
    expect([0, 55, 56, 119, 120].map(hmacCompressions)).toEqual([2, 2, 3, 3, 4]);
  });

  it('burn: the constant cycles, or the default with a note; another extern: no op, with a note', () => {
    expect(priceSite(input(PayloadOp.Burn, 46, { constantCycles: 2500 }))).toEqual({ ops: [{ kind: 'burn', cycles: 2500 }], taskBytes: 0, resultBytes: 0, payloadAfter: 46 });
    expect(priceSite(input(PayloadOp.Burn, 46)).note).toMatch(/not a constant; assumed 1000/);
    const other = priceSite({ ...input(PayloadOp.Burn, 46), op: null });
    expect(other.ops).toEqual([]);
    expect(other.note).toMatch(/not a p4ts operation/);
  });
});
