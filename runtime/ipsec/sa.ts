/**
 * ESP security associations (RFC 4303), built from a plain-JSON `SaConfig` so the same SA can be
 * rebuilt on a worker thread (only the config crosses threads; key schedules, HMAC pad states and
 * GHASH tables are recomputed where they are used).
 *
 * Sequence numbers and IV counters. The SA's counters (`nextSeq`, `nextIvIndex`) belong to the
 * thread that owns the SA — the main thread. A packet's sequence number and IV index are claimed
 * there (`claimSeq`, `claimIvIndex`) when its task is created and travel inside the task; the
 * thread that encrypts uses exactly those values and never touches counters of its own. So the
 * output is the same byte for byte whichever thread encrypts and in whatever order tasks finish.
 * In `random` IV mode the IV index is ignored and the encrypting thread draws the IV from its
 * own randomness pool (outputs then differ run to run, as they should).
 */
import { webcrypto } from 'node:crypto';
import { AesKey } from '../crypto/aes.ts';
import { GcmKey } from '../crypto/gcm.ts';
import { HmacKey } from '../crypto/hmac.ts';
import { hexToBytes } from '../crypto/hex.ts';
import { readBE32, writeBE32 } from '../crypto/words.ts';

/** ESP transforms (p4ts design names). */
export type EspSuite = 'aes128-cbc-hmac-md5-96' | 'aes256-cbc-hmac-sha256-128' | 'aes128-gcm';

export const ESP_SUITES: readonly EspSuite[] = ['aes128-cbc-hmac-md5-96', 'aes256-cbc-hmac-sha256-128', 'aes128-gcm'];

export type IvModeConfig =
  /** IVs from a pooled CSPRNG (crypto.getRandomValues in batches). */
  | { kind: 'random' }
  /** IV of packet i = `baseIv` read as one big-endian number, plus i (tests, reproducible runs). */
  | { kind: 'deterministic'; baseIv: string };

/** A security association as plain JSON: safe to `postMessage`, store or write in a file. */
export interface SaConfig {
  /** Security Parameters Index, 32 bits (values 1..255 are reserved by RFC 4303 but accepted). */
  spi: number;
  suite: EspSuite;
  /** Cipher key, hex: 16 bytes (aes128-*) or 32 bytes (aes256-*). */
  encKey: string;
  /** Integrity key, hex (CBC suites): 16 bytes for HMAC-MD5-96, 32 for HMAC-SHA-256-128. */
  authKey?: string;
  /** RFC 4106 salt, hex, 4 bytes (aes128-gcm). */
  salt?: string;
  /** Outer IPv4 source and destination, dotted quad. */
  tunnelSrc: string;
  tunnelDst: string;
  /** Outer Ethernet addresses ("aa:bb:cc:dd:ee:ff"); absent: copy the inner frame's MACs. */
  outerMacs?: { src: string; dst: string };
  ivMode: IvModeConfig;
  /** First sequence number to send (default 1). */
  firstSeq?: number;
  /** Check inbound sequence numbers against a 64-packet sliding window (default true). */
  antiReplay?: boolean;
}

/** Sizes and lengths of a suite (what an encapsulated packet's length depends on). */
export interface SuiteInfo {
  encKeyLen: number;
  authKeyLen: number;
  ivLen: number;
  icvLen: number;
  /** The ciphertext (payload + padding + 2-byte trailer) is a multiple of this. */
  align: number;
}

const SUITES: Record<EspSuite, SuiteInfo> = {
  'aes128-cbc-hmac-md5-96': { encKeyLen: 16, authKeyLen: 16, ivLen: 16, icvLen: 12, align: 16 },
  'aes256-cbc-hmac-sha256-128': { encKeyLen: 32, authKeyLen: 32, ivLen: 16, icvLen: 16, align: 16 },
  'aes128-gcm': { encKeyLen: 16, authKeyLen: 0, ivLen: 8, icvLen: 16, align: 4 },
};

/** The sizes of a suite: key lengths, IV, ICV and ciphertext alignment. */
export function suiteInfo(suite: EspSuite): Readonly<SuiteInfo> {
  return SUITES[suite];
}

export function parseIpv4(text: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (m === null) throw new RangeError(`invalid IPv4 address '${text}'`);
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) throw new RangeError(`invalid IPv4 address '${text}'`);
    v = v * 256 + o;
  }
  return v;
}

export function parseMac(text: string): Uint8Array {
  const b = hexToBytes(text.replace(/[-:.]/g, ''));
  if (b.length !== 6) throw new RangeError(`invalid MAC address '${text}'`);
  return b;
}

/**
 * Randomness drawn in batches: one getRandomValues call per `size` bytes instead of one per
 * packet. One pool per thread (module-level), shared by all SAs of that thread.
 */
export class RandomPool {
  private readonly buf: Uint8Array;
  private pos: number;
  constructor(size = 4096) {
    this.buf = new Uint8Array(size);
    this.pos = size;
  }

  fill(dst: Uint8Array, off: number, len: number): void {
    const buf = this.buf;
    let n = 0;
    while (n < len) {
      if (this.pos === buf.length) {
        webcrypto.getRandomValues(buf);
        this.pos = 0;
      }
      const take = Math.min(len - n, buf.length - this.pos);
      for (let i = 0; i < take; i++) dst[off + n + i] = buf[this.pos + i]!;
      this.pos += take;
      n += take;
    }
  }
}

export const threadRandomPool = new RandomPool();

export class SecurityAssociation {
  readonly config: Readonly<SaConfig>;
  readonly spi: number;
  readonly suite: EspSuite;
  readonly ivLen: number;
  readonly icvLen: number;
  readonly align: number;
  /** AES key for CBC suites (null for GCM). */
  readonly aes: AesKey | null;
  readonly hmac: HmacKey | null;
  readonly gcm: GcmKey | null;
  /** RFC 4106 salt as a big-endian word. */
  readonly salt: number;
  readonly tunnelSrc: number;
  readonly tunnelDst: number;
  /**
   * One's-complement partial sum of the outer IPv4 header words that never change for this SA
   * (version/IHL/TOS, ID, flags, TTL/protocol, addresses); add the total length and fold.
   */
  readonly outerHeaderSum: number;
  /** 12 bytes: outer destination MAC then source MAC, or null to copy the inner frame's. */
  readonly outerMacs: Uint8Array | null;
  readonly deterministicIv: boolean;
  /** Base IV for deterministic mode (ivLen bytes), and as big-endian words. */
  readonly baseIv: Uint8Array;
  private readonly baseIvWords: Int32Array;
  /** Scratch for one IV, as words and as bytes. */
  private readonly ivScratch: Int32Array;
  private readonly ivBytes: Uint8Array;
  readonly antiReplay: boolean;
  /** Next outbound sequence number (main-thread owned; see the module comment). */
  nextSeq: number;
  /** Next IV index for deterministic IVs (main-thread owned). */
  nextIvIndex = 0;
  /** Inbound anti-replay: highest sequence number accepted, and the 64-bit window below it. */
  replayTop = 0;
  replayLo = 0;
  replayHi = 0;
  /** Scratch: 12 MAC bytes and a 16-byte IV, so in-place processing never loses them. */
  readonly scratch = new Uint8Array(28);
  /**
   * This SA's slot in the thread's WebAssembly crypto kernel (`runtime/crypto/wasm`): -1 until the
   * first CBC encapsulation asks, -2 when the suite or host has none (the TypeScript kernel runs).
   */
  kernelSlot = -1;

  constructor(config: SaConfig) {
    const info = SUITES[config.suite];
    if (info === undefined) throw new RangeError(`unknown ESP suite '${String(config.suite)}'`);
    if (!Number.isInteger(config.spi) || config.spi < 0 || config.spi > 0xffffffff) {
      throw new RangeError(`SPI ${config.spi} is not a 32-bit number`);
    }
    this.config = config;
    this.spi = config.spi;
    this.suite = config.suite;
    this.ivLen = info.ivLen;
    this.icvLen = info.icvLen;
    this.align = info.align;
    const enc = hexToBytes(config.encKey);
    if (enc.length !== info.encKeyLen) {
      throw new RangeError(`${config.suite}: cipher key must be ${info.encKeyLen} bytes, got ${enc.length}`);
    }
    if (config.suite === 'aes128-gcm') {
      this.gcm = new GcmKey(enc);
      this.aes = null;
      this.hmac = null;
      const salt = hexToBytes(config.salt ?? '');
      if (salt.length !== 4) throw new RangeError(`aes128-gcm: salt must be 4 bytes`);
      this.salt = (salt[0]! << 24) | (salt[1]! << 16) | (salt[2]! << 8) | salt[3]!;
    } else {
      this.gcm = null;
      this.aes = new AesKey(enc);
      const auth = hexToBytes(config.authKey ?? '');
      if (auth.length !== info.authKeyLen) {
        throw new RangeError(`${config.suite}: integrity key must be ${info.authKeyLen} bytes, got ${auth.length}`);
      }
      this.hmac = new HmacKey(config.suite === 'aes128-cbc-hmac-md5-96' ? 'md5' : 'sha256', auth, 0, auth.length, info.icvLen);
      this.salt = 0;
    }
    this.tunnelSrc = parseIpv4(config.tunnelSrc);
    this.tunnelDst = parseIpv4(config.tunnelDst);
    this.outerHeaderSum =
      0x4500 +
      0x4000 + 50 + // TTL 64, protocol 50 (ID and flags/fragment are zero)
      Math.floor(this.tunnelSrc / 0x10000) +
      (this.tunnelSrc & 0xffff) +
      Math.floor(this.tunnelDst / 0x10000) +
      (this.tunnelDst & 0xffff);
    if (config.outerMacs !== undefined) {
      const m = new Uint8Array(12);
      m.set(parseMac(config.outerMacs.dst), 0);
      m.set(parseMac(config.outerMacs.src), 6);
      this.outerMacs = m;
    } else {
      this.outerMacs = null;
    }
    this.baseIv = new Uint8Array(info.ivLen);
    if (config.ivMode.kind === 'deterministic') {
      const iv = hexToBytes(config.ivMode.baseIv);
      if (iv.length !== info.ivLen) throw new RangeError(`${config.suite}: base IV must be ${info.ivLen} bytes`);
      this.baseIv.set(iv);
      this.deterministicIv = true;
    } else {
      this.deterministicIv = false;
    }
    this.baseIvWords = new Int32Array(info.ivLen >>> 2);
    for (let i = 0; i < this.baseIvWords.length; i++) this.baseIvWords[i] = readBE32(this.baseIv, 4 * i);
    this.ivScratch = new Int32Array(info.ivLen >>> 2);
    this.ivBytes = new Uint8Array(info.ivLen);
    const first = config.firstSeq ?? 1;
    if (!Number.isInteger(first) || first < 1 || first > 0xffffffff) throw new RangeError(`firstSeq ${first} out of range`);
    this.nextSeq = first;
    this.antiReplay = config.antiReplay ?? true;
  }

  /**
   * Claims the next outbound sequence number, or -1 when the 32-bit space is exhausted (RFC 4303
   * §3.3.3: the SA must then be rekeyed; there is no wrap-around without ESN).
   */
  claimSeq(): number {
    const s = this.nextSeq;
    if (s > 0xffffffff) return -1;
    this.nextSeq = s + 1;
    return s;
  }

  /** Claims the next IV index (deterministic mode; harmless in random mode). */
  claimIvIndex(): number {
    return this.nextIvIndex++;
  }

  /** Writes the IV for `ivIndex` to `dst[off .. off+ivLen)` (see `writeIvWords`). */
  writeIv(ivIndex: number, dst: Uint8Array, off: number): void {
    const w = this.ivScratch;
    this.writeIvWords(ivIndex, w, 0);
    for (let i = 0; i < w.length; i++) writeBE32(dst, off + 4 * i, w[i]!);
  }

  /**
   * Writes the IV for `ivIndex` as ivLen/4 big-endian words to `words[at ..]`: in deterministic
   * mode the base IV plus the index as one big-endian number, added a word at a time with carry;
   * in random mode from this thread's pool.
   */
  writeIvWords(ivIndex: number, words: Int32Array, at: number): void {
    const n = this.ivLen >>> 2;
    if (!this.deterministicIv) {
      const b = this.ivBytes;
      threadRandomPool.fill(b, 0, 4 * n);
      for (let i = 0; i < n; i++) words[at + i] = readBE32(b, 4 * i);
      return;
    }
    const base = this.baseIvWords;
    if (ivIndex >= 0 && ivIndex <= 0xffffffff) {
      let carry = ivIndex;
      for (let i = n - 1; i >= 0; i--) {
        const sum = (base[i]! >>> 0) + carry;
        words[at + i] = sum | 0;
        carry = sum > 0xffffffff ? 1 : 0;
      }
      return;
    }
    // A larger index: split into the part added to the last word and what carries above it.
    let add = ivIndex % 0x100000000;
    let high = (ivIndex - add) / 0x100000000;
    for (let i = n - 1; i >= 0; i--) {
      const sum = (base[i]! >>> 0) + add;
      words[at + i] = sum | 0;
      add = (sum >= 0x100000000 ? 1 : 0) + (high % 0x100000000);
      high = (high - (high % 0x100000000)) / 0x100000000;
    }
  }

  /** Anti-replay check (RFC 4303 §3.4.3) without updating the window. */
  replayOk(seq: number): boolean {
    if (!this.antiReplay) return true;
    if (seq === 0) return false;
    const top = this.replayTop;
    if (seq > top) return true;
    const diff = top - seq;
    if (diff >= 64) return false;
    const bit = diff < 32 ? (this.replayLo >>> diff) & 1 : (this.replayHi >>> (diff - 32)) & 1;
    return bit === 0;
  }

  /** Records an authenticated sequence number in the window. */
  replayAccept(seq: number): void {
    if (!this.antiReplay) return;
    const top = this.replayTop;
    if (seq > top) {
      const shift = seq - top;
      if (shift >= 64) {
        this.replayHi = 0;
        this.replayLo = 0;
      } else if (shift >= 32) {
        this.replayHi = this.replayLo << (shift - 32);
        this.replayLo = 0;
      } else {
        this.replayHi = (this.replayHi << shift) | (this.replayLo >>> (32 - shift));
        this.replayLo = this.replayLo << shift;
      }
      this.replayLo |= 1;
      this.replayTop = seq;
    } else {
      const diff = top - seq;
      if (diff < 32) this.replayLo |= 1 << diff;
      else this.replayHi |= 1 << (diff - 32);
    }
  }
}

/** Looks SAs up by SPI (a `Map<number, SecurityAssociation>` fits). */
export interface SaLookup {
  get(spi: number): SecurityAssociation | undefined;
}
