/**
 * The control-plane state of the p4ts externs: ESP security associations and payload crypto
 * keys, by the index the P4 program passes. Everything is also kept as plain JSON so a worker
 * thread can rebuild the same objects (keys, HMAC pads) on its side.
 */
import { AesKey } from '../crypto/aes.ts';
import { hexToBytes } from '../crypto/hex.ts';
import { HmacKey } from '../crypto/hmac.ts';
import { SecurityAssociation, type SaConfig, type SaLookup } from '../ipsec/sa.ts';
import { PAYLOAD_HMAC } from './payload-ops.ts';

/** A payload crypto key: AES-128 key and IV (CBC), and an HMAC-MD5 key. */
export interface PayloadKeyConfig {
  /** 16 bytes, hex. */
  readonly aesKey?: string;
  /** 16 bytes, hex (default all zero). */
  readonly iv?: string;
  /** HMAC-MD5 key, hex. */
  readonly hmacKey?: string;
}

/** A payload key ready for use on this thread. */
export class PayloadKey {
  readonly aes: AesKey | null;
  readonly iv: Uint8Array;
  readonly hmac: HmacKey | null;

  constructor(readonly config: PayloadKeyConfig) {
    this.aes = config.aesKey ? new AesKey(hexToBytes(config.aesKey)) : null;
    this.iv = config.iv ? hexToBytes(config.iv) : new Uint8Array(16);
    if (this.iv.length !== 16) throw new RangeError('the AES-CBC IV must be 16 bytes');
    this.hmac = config.hmacKey ? new HmacKey(PAYLOAD_HMAC.hash, hexToBytes(config.hmacKey), 0, undefined, PAYLOAD_HMAC.tagBytes) : null;
  }
}

/** The configuration a worker needs to redo the work: plain JSON. */
export interface SecurityConfig {
  readonly sas: readonly (SaConfig | null)[];
  readonly keys: readonly (PayloadKeyConfig | null)[];
}

export class SecurityStore implements SaLookup {
  private readonly sas: (SecurityAssociation | undefined)[] = [];
  private readonly keys: (PayloadKey | undefined)[] = [];
  private readonly bySpi = new Map<number, SecurityAssociation>();
  /** Bumped on every change, so executors know when to send the worker a new configuration. */
  version = 0;

  /** Installs (or replaces) security association `index`. Throws RangeError on a bad config. */
  setSa(index: number, config: SaConfig): void {
    if (!Number.isInteger(index) || index < 0 || index > 0xffff) throw new RangeError(`SA index ${index} out of range`);
    const sa = new SecurityAssociation(config);
    const old = this.sas[index];
    if (old) this.bySpi.delete(old.spi);
    this.sas[index] = sa;
    this.bySpi.set(sa.spi, sa);
    this.version++;
  }

  setKey(index: number, config: PayloadKeyConfig): void {
    if (!Number.isInteger(index) || index < 0 || index > 0xffff) throw new RangeError(`key index ${index} out of range`);
    this.keys[index] = new PayloadKey(config);
    this.version++;
  }

  sa(index: number): SecurityAssociation | undefined {
    return this.sas[index];
  }

  key(index: number): PayloadKey | undefined {
    return this.keys[index];
  }

  /** SA lookup by SPI (inbound ESP). */
  get(spi: number): SecurityAssociation | undefined {
    return this.bySpi.get(spi);
  }

  config(): SecurityConfig {
    return {
      sas: Array.from({ length: this.sas.length }, (_, i) => this.sas[i]?.config ?? null),
      keys: Array.from({ length: this.keys.length }, (_, i) => this.keys[i]?.config ?? null),
    };
  }

  /** Rebuilds a store from a configuration (on a worker). */
  static fromConfig(config: SecurityConfig): SecurityStore {
    const store = new SecurityStore();
    config.sas.forEach((c, i) => c && store.setSa(i, c));
    config.keys.forEach((c, i) => c && store.setKey(i, c));
    return store;
  }
}
