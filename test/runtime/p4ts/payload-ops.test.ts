/**
 * The payload operations of the p4ts externs (runtime/p4ts/payload-ops.ts), checked against
 * node:crypto and the reference ESP packets of test/fixtures/esp.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PayloadFailure, PayloadOp, payloadFailureReason, runPayloadOp } from '../../../runtime/p4ts/payload-ops.ts';
import { SecurityStore } from '../../../runtime/p4ts/security-store.ts';
import { FIXTURE_SAS, fixtureFrames } from '../ipsec/fixtures.ts';

const AES_KEY = '2b7e151628aed2a6abf7158809cf4f3c';
const AES_IV = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';
const HMAC_KEY = '0f0e0d0c0b0a09080706050403020100';
/** Payloads start here: room in front, as the switch's headroom gives. */
const START = 64;
const CAPACITY = 2048;

function store(): SecurityStore {
  const s = new SecurityStore();
  s.setKey(0, { aesKey: AES_KEY, iv: AES_IV, hmacKey: HMAC_KEY });
  s.setKey(1, { hmacKey: HMAC_KEY });
  return s;
}

function bytes(n: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff);
}

/** A buffer with `payload` at START. */
function buffer(payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(CAPACITY);
  b.set(payload, START);
  return b;
}

function run(op: number, s: SecurityStore, b: Uint8Array, end: number, a0 = 0, a1 = 0, a2 = 0): number {
  return runPayloadOp(op, s, b, START, end, b.length, a0, a1, a2, 1);
}

describe('aes_encrypt_payload / aes_decrypt_payload', () => {
  it('pads to whole blocks (PKCS#7) as node:crypto does, from an offset, and decrypts back', () => {
    const s = store();
    for (const offset of [0, 3]) {
      for (let n = 0; n <= 40; n++) {
        const payload = bytes(offset + n, n);
        const b = buffer(payload);
        const end = run(PayloadOp.AesEncrypt, s, b, START + payload.length, 0, offset);
        const c = createCipheriv('aes-128-cbc', Buffer.from(AES_KEY, 'hex'), Buffer.from(AES_IV, 'hex'));
        const expected = Buffer.concat([c.update(payload.subarray(offset)), c.final()]);
        expect(end - START - offset, `n=${n}`).toBe(expected.length);
        expect(expected.length - n).toBeGreaterThanOrEqual(1);
        expect(expected.length - n).toBeLessThanOrEqual(16);
        expect(Buffer.from(b.subarray(START, START + offset))).toEqual(Buffer.from(payload.subarray(0, offset)));
        expect(Buffer.from(b.subarray(START + offset, end))).toEqual(expected);
        const back = run(PayloadOp.AesDecrypt, s, b, end, 0, offset);
        expect(back).toBe(START + payload.length);
        expect(Buffer.from(b.subarray(START, back))).toEqual(Buffer.from(payload));
      }
    }
  });

  it('decrypts what node:crypto encrypted', () => {
    const plain = bytes(100);
    const c = createCipheriv('aes-128-cbc', Buffer.from(AES_KEY, 'hex'), Buffer.from(AES_IV, 'hex'));
    const cipher = Buffer.concat([c.update(plain), c.final()]);
    const b = buffer(cipher);
    expect(run(PayloadOp.AesDecrypt, store(), b, START + cipher.length, 0, 0)).toBe(START + 100);
    expect(Buffer.from(b.subarray(START, START + 100))).toEqual(Buffer.from(plain));
  });

  it('fails with a reason: not whole blocks, wrong key (bad padding), no such key, no room', () => {
    const s = store();
    const b = buffer(bytes(47));
    expect(payloadFailureReason(run(PayloadOp.AesDecrypt, s, b, START + 47, 0, 0))).toBe('aes-bad-padding');
    // Ciphertext under another key: its padding is (almost surely) wrong.
    const other = createCipheriv('aes-128-cbc', Buffer.alloc(16, 9), Buffer.from(AES_IV, 'hex'));
    const wrong = Buffer.concat([other.update(bytes(30)), other.final()]);
    const d = createDecipheriv('aes-128-cbc', Buffer.from(AES_KEY, 'hex'), Buffer.from(AES_IV, 'hex'));
    d.setAutoPadding(false);
    const lastByte = Buffer.concat([d.update(wrong), d.final()]).at(-1)!;
    if (lastByte !== 1) expect(payloadFailureReason(run(PayloadOp.AesDecrypt, s, buffer(wrong), START + wrong.length, 0, 0))).toBe('aes-bad-padding');
    expect(run(PayloadOp.AesEncrypt, s, buffer(bytes(10)), START + 10, 7, 0)).toBe(PayloadFailure.NoSuchKey);
    expect(payloadFailureReason(PayloadFailure.NoSuchKey)).toBe('p4ts-no-such-key');
    // Key 1 has no AES key.
    expect(run(PayloadOp.AesEncrypt, s, buffer(bytes(10)), START + 10, 1, 0)).toBe(PayloadFailure.NoSuchKey);
    const full = new Uint8Array(START + 20);
    expect(runPayloadOp(PayloadOp.AesEncrypt, s, full, START, START + 20, full.length, 0, 0, 0, 1)).toBe(PayloadFailure.NoRoom);
    expect(payloadFailureReason(PayloadFailure.NoRoom)).toBe('payload-no-room');
    expect(run(PayloadOp.AesEncrypt, s, buffer(bytes(10)), START + 10, 0, 11)).toBe(PayloadFailure.TooShort);
  });
});

describe('hmac_append / hmac_verify', () => {
  it('appends HMAC-MD5-96 of payload[offset..] and verifies and removes it', () => {
    const s = store();
    for (const offset of [0, 5]) {
      const payload = bytes(57, offset);
      const b = buffer(payload);
      const end = run(PayloadOp.HmacAppend, s, b, START + 57, 1, offset);
      expect(end).toBe(START + 57 + 12);
      const mac = createHmac('md5', Buffer.from(HMAC_KEY, 'hex')).update(payload.subarray(offset)).digest().subarray(0, 12);
      expect(Buffer.from(b.subarray(START + 57, end))).toEqual(mac);
      expect(run(PayloadOp.HmacVerify, s, b, end, 1, offset)).toBe(START + 57);
    }
  });

  it('a mismatch fails with hmac-mismatch, whether the data or the tag changed', () => {
    const s = store();
    const b = buffer(bytes(40));
    const end = run(PayloadOp.HmacAppend, s, b, START + 40, 0, 0);
    const tampered = b.slice();
    tampered[START + 3]! ^= 1;
    const r = run(PayloadOp.HmacVerify, s, tampered, end, 0, 0);
    expect(r).toBe(PayloadFailure.HmacMismatch);
    expect(payloadFailureReason(r)).toBe('hmac-mismatch');
    const badTag = b.slice();
    badTag[end - 1]! ^= 0x80;
    expect(payloadFailureReason(run(PayloadOp.HmacVerify, s, badTag, end, 0, 0))).toBe('hmac-mismatch');
    // Shorter than a tag; a key without an HMAC key.
    expect(payloadFailureReason(run(PayloadOp.HmacVerify, s, b, START + 5, 0, 0))).toBe('payload-too-short');
    const noHmac = new SecurityStore();
    noHmac.setKey(0, { aesKey: AES_KEY });
    expect(payloadFailureReason(run(PayloadOp.HmacAppend, noHmac, b, START + 40, 0, 0))).toBe('p4ts-no-such-key');
  });
});

describe('esp_encapsulate / esp_decapsulate on the payload', () => {
  const inner = fixtureFrames('inner-visible.pcap');

  for (const { file, config } of FIXTURE_SAS) {
    it(`${file}: the inner IPv4 packets become the reference ESP packets (seq i + 1, IV i) and come back`, () => {
      const s = new SecurityStore();
      s.setSa(3, config);
      const esp = fixtureFrames(file);
      inner.forEach((frame, i) => {
        // The payload is the IPv4 packet; the Ethernet header stays in front of it (parsed).
        const b = new Uint8Array(CAPACITY);
        b.set(frame, START - 14);
        const sa = s.sa(3)!;
        const end = run(PayloadOp.EspEncapsulate, s, b, START + frame.length - 14, 3, sa.claimSeq(), sa.claimIvIndex());
        expect(end, `packet ${i}`).toBeGreaterThan(0);
        // The bytes in front of the payload are untouched.
        expect(Buffer.from(b.subarray(START - 14, START))).toEqual(Buffer.from(frame.subarray(0, 14)));
        expect(Buffer.from(b.subarray(START, end)), `packet ${i}`).toEqual(Buffer.from(esp[i]!.subarray(14)));
      });
      esp.forEach((frame, i) => {
        const b = new Uint8Array(CAPACITY);
        b.set(frame, START - 14);
        const end = run(PayloadOp.EspDecapsulate, s, b, START + frame.length - 14);
        expect(Buffer.from(b.subarray(START, end)), `packet ${i}`).toEqual(Buffer.from(inner[i]!.subarray(14)));
      });
    });
  }

  it('decapsulation failures are drop reasons: ICV mismatch, replay, unknown SPI; encapsulation needs its SA', () => {
    const s = new SecurityStore();
    s.setSa(0, FIXTURE_SAS[0]!.config);
    const esp = fixtureFrames(FIXTURE_SAS[0]!.file);
    const decap = (frame: Uint8Array, store = s): number => {
      const b = new Uint8Array(CAPACITY);
      b.set(frame, START - 14);
      return run(PayloadOp.EspDecapsulate, store, b, START + frame.length - 14);
    };
    const bad = esp[0]!.slice();
    bad[bad.length - 1]! ^= 1;
    expect(payloadFailureReason(decap(bad))).toBe('esp-icv-mismatch');
    expect(decap(esp[0]!)).toBeGreaterThan(0);
    expect(payloadFailureReason(decap(esp[0]!))).toBe('esp-replay');
    expect(payloadFailureReason(decap(esp[1]!, new SecurityStore()))).toBe('esp-unknown-spi');
    const b = new Uint8Array(CAPACITY);
    b.set(inner[0]!, START - 14);
    expect(payloadFailureReason(run(PayloadOp.EspEncapsulate, s, b, START + inner[0]!.length - 14, 9, 1, 0))).toBe('esp-unknown-spi');
  });
});

describe('burn and unknown operations', () => {
  it('burn leaves the payload as it is; an unknown operation fails', () => {
    const b = buffer(bytes(20));
    const before = b.slice();
    expect(run(PayloadOp.Burn, store(), b, START + 20, 1000)).toBe(START + 20);
    expect(b).toEqual(before);
    expect(payloadFailureReason(run(99, store(), b, START + 20))).toBe('p4ts-unknown-op');
  });
});
