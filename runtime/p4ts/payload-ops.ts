/**
 * The work of the p4ts externs on a packet's payload `bytes[start, end)`, in place, with room up
 * to `capacity`. Plain numbers in and out, so the same code runs on the main thread and on the
 * co-processor worker. Each returns the payload's new end, or a negative failure code.
 */
import { PayloadOp } from '../../contract/p4ts-operations.ts';
import { aesCbcDecrypt, aesCbcEncrypt } from '../crypto/cbc.ts';
import { EspDrop, espDecapsulatePacket, espDropReason, espEncapsulatePacket } from '../ipsec/esp.ts';
import { burnIterations } from '../coprocessor/registry.ts';
import type { SecurityStore } from './security-store.ts';

/** The operation numbers and names are the contract of `contract/p4ts-operations.ts`. */
export { PayloadOp, PAYLOAD_OP_NAMES } from '../../contract/p4ts-operations.ts';

/** The MAC the payload HMAC operations compute: HMAC-MD5 truncated to 12 bytes (HMAC-MD5-96). */
export const PAYLOAD_HMAC = { hash: 'md5', tagBytes: 12 } as const;

/** Bytes `n` payload bytes take after AES-CBC with PKCS#7 padding (1 to 16 bytes are added). */
export function aesPaddedLength(n: number): number {
  return (n & ~15) + 16;
}

/** Failure codes beyond ESP's own (`EspDrop`, -1 .. -11). */
export const PayloadFailure = {
  NoSuchKey: -20,
  BadPadding: -21,
  HmacMismatch: -22,
  TooShort: -23,
  NoRoom: -24,
  UnknownOp: -25,
} as const;

const FAILURE_NAMES: Record<number, string> = {
  [PayloadFailure.NoSuchKey]: 'p4ts-no-such-key',
  [PayloadFailure.BadPadding]: 'aes-bad-padding',
  [PayloadFailure.HmacMismatch]: 'hmac-mismatch',
  [PayloadFailure.TooShort]: 'payload-too-short',
  [PayloadFailure.NoRoom]: 'payload-no-room',
  [PayloadFailure.UnknownOp]: 'p4ts-unknown-op',
};

/** The drop reason of a failure code. */
export function payloadFailureReason(code: number): string {
  return FAILURE_NAMES[code] ?? `esp-${espDropReason(code)}`;
}

export function espEncapsulatePayload(
  store: SecurityStore, bytes: Uint8Array, start: number, end: number, capacity: number,
  saIndex: number, seq: number, ivIndex: number,
): number {
  const sa = store.sa(saIndex);
  if (sa === undefined) return EspDrop.UnknownSpi;
  const n = espEncapsulatePacket(sa, seq, ivIndex, bytes, start, end - start, bytes, start, capacity - start);
  return n < 0 ? n : start + n;
}

export function espDecapsulatePayload(store: SecurityStore, bytes: Uint8Array, start: number, end: number, capacity: number): number {
  const n = espDecapsulatePacket(bytes, start, end - start, store, bytes, start, capacity - start);
  return n < 0 ? n : start + n;
}

export function aesEncryptPayload(store: SecurityStore, bytes: Uint8Array, start: number, end: number, capacity: number, keyIndex: number, offset: number): number {
  const key = store.key(keyIndex);
  if (key?.aes == null) return PayloadFailure.NoSuchKey;
  const from = start + offset;
  if (from > end) return PayloadFailure.TooShort;
  const n = end - from;
  const padded = aesPaddedLength(n);
  if (from + padded > capacity) return PayloadFailure.NoRoom;
  const pad = padded - n;
  for (let i = end; i < from + padded; i++) bytes[i] = pad;
  aesCbcEncrypt(key.aes, key.iv, 0, bytes, from, padded);
  return from + padded;
}

export function aesDecryptPayload(store: SecurityStore, bytes: Uint8Array, start: number, end: number, keyIndex: number, offset: number): number {
  const key = store.key(keyIndex);
  if (key?.aes == null) return PayloadFailure.NoSuchKey;
  const from = start + offset;
  const n = end - from;
  if (n < 16 || (n & 15) !== 0) return PayloadFailure.BadPadding;
  aesCbcDecrypt(key.aes, key.iv, 0, bytes, from, n);
  const pad = bytes[end - 1]!;
  if (pad < 1 || pad > 16) return PayloadFailure.BadPadding;
  for (let i = end - pad; i < end; i++) if (bytes[i] !== pad) return PayloadFailure.BadPadding;
  return end - pad;
}

const tag = new Uint8Array(16);

export function hmacAppendPayload(store: SecurityStore, bytes: Uint8Array, start: number, end: number, capacity: number, keyIndex: number, offset: number): number {
  const key = store.key(keyIndex);
  if (key?.hmac == null) return PayloadFailure.NoSuchKey;
  const from = start + offset;
  if (from > end) return PayloadFailure.TooShort;
  const len = key.hmac.macLen;
  if (end + len > capacity) return PayloadFailure.NoRoom;
  key.hmac.mac(bytes, from, end - from, bytes, end);
  return end + len;
}

export function hmacVerifyPayload(store: SecurityStore, bytes: Uint8Array, start: number, end: number, keyIndex: number, offset: number): number {
  const key = store.key(keyIndex);
  if (key?.hmac == null) return PayloadFailure.NoSuchKey;
  const len = key.hmac.macLen;
  const from = start + offset;
  const body = end - len;
  if (body < from) return PayloadFailure.TooShort;
  key.hmac.mac(bytes, from, body - from, tag, 0);
  let diff = 0;
  for (let i = 0; i < len; i++) diff |= tag[i]! ^ bytes[body + i]!;
  return diff === 0 ? body : PayloadFailure.HmacMismatch;
}

/**
 * Runs operation `op` (see `PayloadOp`); `a0..a2` are its arguments: ESP encapsulation takes
 * (SA index, sequence number, IV index), the key operations (key index, offset), burn (cycles,
 * with `iterationsPerCycle` from this thread's calibration).
 */
export function runPayloadOp(
  op: number, store: SecurityStore, bytes: Uint8Array, start: number, end: number, capacity: number,
  a0: number, a1: number, a2: number, iterationsPerCycle: number,
): number {
  switch (op) {
    case PayloadOp.EspEncapsulate: return espEncapsulatePayload(store, bytes, start, end, capacity, a0, a1, a2);
    case PayloadOp.EspDecapsulate: return espDecapsulatePayload(store, bytes, start, end, capacity);
    case PayloadOp.AesEncrypt: return aesEncryptPayload(store, bytes, start, end, capacity, a0, a1);
    case PayloadOp.AesDecrypt: return aesDecryptPayload(store, bytes, start, end, a0, a1);
    case PayloadOp.HmacAppend: return hmacAppendPayload(store, bytes, start, end, capacity, a0, a1);
    case PayloadOp.HmacVerify: return hmacVerifyPayload(store, bytes, start, end, a0, a1);
    case PayloadOp.Burn:
      if (a0 > 0) burnIterations(Math.round(a0 * iterationsPerCycle));
      return end;
    default:
      return PayloadFailure.UnknownOp;
  }
}
