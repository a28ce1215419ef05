/**
 * Contract: the operations of p4ts's own externs (`compiler/p4include/p4ts.p4`). At a site the
 * generated code fills the packet's `PayloadTask` with the operation number of the extern it
 * calls (`compiler/emit/p4ts-externs.ts`); the runtime runs that operation on the payload
 * (`runtime/p4ts/payload-ops.ts`), on the main thread or on the co-processor. The cost model
 * prices a site by the operation's family.
 */
export const PayloadOp = {
  EspEncapsulate: 1,
  EspDecapsulate: 2,
  AesEncrypt: 3,
  AesDecrypt: 4,
  HmacAppend: 5,
  HmacVerify: 6,
  Burn: 7,
} as const;
export type PayloadOp = (typeof PayloadOp)[keyof typeof PayloadOp];

/** The p4ts extern (its name in `p4ts.p4`) each operation implements. */
export const PAYLOAD_OP_NAMES: Readonly<Record<PayloadOp, string>> = {
  1: 'esp_encapsulate',
  2: 'esp_decapsulate',
  3: 'aes_encrypt_payload',
  4: 'aes_decrypt_payload',
  5: 'hmac_append',
  6: 'hmac_verify',
  7: 'burn',
};

/** What kind of work an operation is (the cost model prices each family its own way). */
export type PayloadOpFamily = 'esp' | 'aes' | 'hmac' | 'burn';

export const PAYLOAD_OP_FAMILIES: Readonly<Record<PayloadOp, PayloadOpFamily>> = {
  1: 'esp',
  2: 'esp',
  3: 'aes',
  4: 'aes',
  5: 'hmac',
  6: 'hmac',
  7: 'burn',
};

const BY_NAME: ReadonlyMap<string, PayloadOp> = new Map(Object.entries(PAYLOAD_OP_NAMES).map(([op, name]) => [name, Number(op) as PayloadOp]));

/** The operation of a p4ts extern, or undefined when `externName` is not one. */
export function payloadOpOf(externName: string): PayloadOp | undefined {
  return BY_NAME.get(externName);
}
