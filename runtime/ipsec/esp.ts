/**
 * RFC 4303 ESP in tunnel mode for IPv4 carried in Ethernet frames.
 *
 * Outbound frame (what `espEncapsulate` writes):
 *
 *   Ethernet (MACs of the inner frame or the SA's, type 0x0800)
 *   IPv4 (no options, TOS 0, ID 0, DF clear, TTL 64, protocol 50, SA tunnel src/dst, checksum)
 *   ESP header: SPI, sequence number
 *   IV (16 bytes for CBC, 8 for GCM)
 *   encrypted: inner IPv4 packet, padding 01 02 03 ..., pad length, next header 4
 *   ICV (12 bytes HMAC-MD5-96, 16 bytes HMAC-SHA-256-128 or GCM tag)
 *
 * Padding is the minimum that makes the ciphertext a multiple of the block size (CBC) or 4 (GCM).
 * For GCM (RFC 4106) the nonce is salt || IV and the AAD is SPI || sequence number.
 *
 * Both directions write into a caller-provided buffer (which may be the input array itself, at
 * any offset: moves are then memmove-safe; a different array must not overlap the input) and return the new frame length, or a negative `EspDrop` code. Nothing
 * is allocated per packet.
 */
import { aesCbcDecrypt, aesCbcEncryptWords } from '../crypto/cbc.ts';
import { aesGcmCtr, aesGcmSeal, aesGcmTagMatches, gcmSetSaltIv } from '../crypto/gcm.ts';
import { HDR_AT, MSG_AT, MSG_BYTES, wasmCryptoKernel, type WasmCryptoKernel } from '../crypto/wasm/kernel.ts';
import { bswap32, readBE32, readLE32, writeBE32 } from '../crypto/words.ts';
import type { SaLookup, SecurityAssociation } from './sa.ts';

/** Negative results: why a packet was not produced. */
export const EspDrop = {
  /** Not a well-formed Ethernet/IPv4 (or ESP) frame. */
  Malformed: -1,
  /** Outbound: the frame does not carry IPv4. */
  NotIpv4: -2,
  /** Inbound: the IPv4 protocol is not 50, or the packet is a fragment. */
  NotEsp: -3,
  UnknownSpi: -4,
  Replay: -5,
  IcvMismatch: -6,
  /** Inbound: padding bytes are not 1, 2, 3, ..., or the pad length is too large. */
  BadPadding: -7,
  /** Inbound: next header is not 4 (IPv4), the only inner protocol of this tunnel. */
  BadNextHeader: -8,
  OutputTooSmall: -9,
  /** Outbound: the SA's 32-bit sequence number space is exhausted. */
  SeqOverflow: -10,
  /** Outbound: the encapsulated packet would exceed 65535 bytes of IPv4. */
  TooBig: -11,
} as const;
export type EspDropCode = (typeof EspDrop)[keyof typeof EspDrop];

const DROP_NAMES: Record<number, string> = {
  [EspDrop.Malformed]: 'malformed',
  [EspDrop.NotIpv4]: 'not-ipv4',
  [EspDrop.NotEsp]: 'not-esp',
  [EspDrop.UnknownSpi]: 'unknown-spi',
  [EspDrop.Replay]: 'replay',
  [EspDrop.IcvMismatch]: 'icv-mismatch',
  [EspDrop.BadPadding]: 'bad-padding',
  [EspDrop.BadNextHeader]: 'bad-next-header',
  [EspDrop.OutputTooSmall]: 'output-too-small',
  [EspDrop.SeqOverflow]: 'seq-overflow',
  [EspDrop.TooBig]: 'too-big',
};

/** The drop reason's name ("icv-mismatch", ...), or "ok" for a non-negative result. */
export function espDropReason(code: number): string {
  return code >= 0 ? 'ok' : (DROP_NAMES[code] ?? `unknown(${code})`);
}

const ETH_LEN = 14;
const IP_LEN = 20;
const ESP_HDR = 8;
/** Bytes of the outer IPv4 header and of the ESP header (SPI, sequence number) an encapsulation adds. */
export const ESP_OUTER_IPV4_BYTES = IP_LEN;
export const ESP_HEADER_BYTES = ESP_HDR;

const PROTO_ESP = 50;
const NEXT_HEADER_IPV4 = 4;

/** Bytes an encapsulated frame takes for an inner IPv4 packet of `ipLen` bytes. */
export function espEncapsulatedLength(sa: Pick<SecurityAssociation, 'align' | 'ivLen' | 'icvLen'>, ipLen: number): number {
  return ETH_LEN + IP_LEN + ESP_HDR + sa.ivLen + espCiphertextLength(sa, ipLen) + sa.icvLen;
}

/** Bytes of ciphertext for an inner IPv4 packet of `ipLen` bytes: packet, padding and the 2-byte trailer, aligned. */
export function espCiphertextLength(sa: Pick<SecurityAssociation, 'align'>, ipLen: number): number {
  return Math.ceil((ipLen + 2) / sa.align) * sa.align;
}

/**
 * Copies `n` bytes from `src[so..]` to `dst[dOff..]`. When `dst` is `src` the ranges may overlap
 * (memmove); distinct arrays must not be overlapping views of one buffer.
 */
export function moveBytes(src: Uint8Array, so: number, dst: Uint8Array, dOff: number, n: number): void {
  if (src === dst) {
    if (so !== dOff) dst.copyWithin(dOff, so, so + n);
    return;
  }
  for (let i = 0; i < n; i++) dst[dOff + i] = src[so + i]!;
}

/**
 * Encapsulates `frame` (the whole array is the frame) with the SA's next sequence number and IV
 * into `out`. Returns the output length or a negative `EspDrop` code.
 */
export function espEncapsulate(frame: Uint8Array, sa: SecurityAssociation, out: Uint8Array): number {
  const seq = sa.claimSeq();
  if (seq < 0) return EspDrop.SeqOverflow;
  return espEncapsulateAt(sa, seq, sa.claimIvIndex(), frame, 0, frame.length, out, 0, out.length);
}

/**
 * Encapsulates the frame `src[srcOff .. srcOff+srcLen)` with the given sequence number and IV index
 * into `dst[dstOff .. dstOff+dstCap)`; does not touch the SA's counters. `dst` may be `src`
 * (in place, at any offset). Returns the output length or a negative code.
 */
export function espEncapsulateAt(
  sa: SecurityAssociation,
  seq: number,
  ivIndex: number,
  src: Uint8Array,
  srcOff: number,
  srcLen: number,
  dst: Uint8Array,
  dstOff: number,
  dstCap: number,
): number {
  const drop = frameDrop(src, srcOff, srcLen, dst, dstOff, dstCap);
  if (drop < 0) return drop;
  // The inner frame's MACs, kept before the packet moves (unless the SA has its own).
  const sc = sa.scratch;
  const macs = sa.outerMacs ?? sc;
  if (macs === sc) for (let i = 0; i < 12; i++) sc[i] = src[srcOff + i]!;
  const n = espEncapsulatePacket(sa, seq, ivIndex, src, srcOff + ETH_LEN, srcLen - ETH_LEN, dst, dstOff + ETH_LEN, dstCap - ETH_LEN);
  if (n < 0) return n;
  writeIpv4Ethernet(dst, dstOff, macs);
  return ETH_LEN + n;
}

/**
 * Why the Ethernet frame `src[srcOff .. srcOff+srcLen)`, written to `dst[dstOff .. dstOff+dstCap)`,
 * cannot go through the tunnel (a negative `EspDrop` code: too short for Ethernet + IPv4, not
 * IPv4, no room for an Ethernet header), or 0. Both directions check the same.
 */
function frameDrop(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCap: number): number {
  if (srcLen < ETH_LEN + IP_LEN || srcOff < 0 || srcOff + srcLen > src.length) return EspDrop.Malformed;
  if (src[srcOff + 12] !== 0x08 || src[srcOff + 13] !== 0x00) return EspDrop.NotIpv4;
  if (dstOff < 0 || dstCap < ETH_LEN || dstOff + dstCap > dst.length) return EspDrop.OutputTooSmall;
  return 0;
}

/** An IPv4 frame's Ethernet header at `dst[off]`: the MACs `macs[0 .. 12)` and type 0x0800. */
function writeIpv4Ethernet(dst: Uint8Array, off: number, macs: Uint8Array): void {
  for (let i = 0; i < 12; i++) dst[off + i] = macs[i]!;
  dst[off + 12] = 0x08;
  dst[off + 13] = 0x00;
}

/**
 * The words of the packet being encapsulated with a CBC suite: ESP header, IV and plaintext, then
 * ciphertext (see `espEncapsulatePacket`). One per thread, grown to the largest packet seen.
 */
let espWords = new Int32Array(1024);

/**
 * ESP tunnel mode at the packet level: the IPv4 packet `src[ipOff .. ipOff+srcLen)` (its own
 * total length says where it ends; bytes after it are ignored) becomes outer IPv4 + ESP header +
 * IV + ciphertext + ICV at `dst[outOff .. outOff+dstCap)`. `dst` may be `src`, at any offset
 * (in place: `outOff === ipOff`). Does not touch the SA's counters. Returns the outer packet's
 * length or a negative `EspDrop` code.
 */
export function espEncapsulatePacket(
  sa: SecurityAssociation,
  seq: number,
  ivIndex: number,
  src: Uint8Array,
  ipOff: number,
  srcLen: number,
  dst: Uint8Array,
  outOff: number,
  dstCap: number,
): number {
  // A sequence number outside 1 .. 2^32-1 is a claim that found the space used up (-1): every
  // path (inline, task, co-processor) ends here, so none can send a cycled number.
  if (!(seq >= 1 && seq <= 0xffffffff)) return EspDrop.SeqOverflow;
  if (srcLen < IP_LEN || ipOff < 0 || ipOff + srcLen > src.length) return EspDrop.Malformed;
  const vihl = src[ipOff]!;
  if (vihl >>> 4 !== 4 || (vihl & 15) < 5) return EspDrop.Malformed;
  const ipLen = (src[ipOff + 2]! << 8) | src[ipOff + 3]!;
  if (ipLen < (vihl & 15) * 4 || ipLen > srcLen) return EspDrop.Malformed;
  const ivLen = sa.ivLen;
  const align = sa.align;
  const ctLen = (((ipLen + 2 + align - 1) / align) | 0) * align;
  const padLen = ctLen - ipLen - 2;
  const outerLen = IP_LEN + ESP_HDR + ivLen + ctLen + sa.icvLen;
  if (outerLen > 0xffff) return EspDrop.TooBig;
  if (outerLen > dstCap || outOff < 0 || outOff + dstCap > dst.length) return EspDrop.OutputTooSmall;

  const esp = outOff + IP_LEN;
  const ivOff = esp + ESP_HDR;
  const ct = ivOff + ivLen;
  const icv = ct + ctLen;
  const gcm = sa.gcm;
  if (gcm === null) {
    // The ICV's input (ESP header, IV, plaintext: `count` words) gathered in one place,
    // CBC-encrypted in place, MACed from there and written out once.
    const ctWords = ctLen >>> 2;
    const count = 2 + (ivLen >>> 2) + ctWords;
    const slot = useWasm ? wasmSlot(sa) : -2;
    if (slot >= 0 && 4 * count + 72 <= MSG_BYTES) {
      // WebAssembly: the packet's bytes go into the kernel's memory in wire order; one call pads
      // for the inner hash, encrypts in place and writes the ICV after the ciphertext; the
      // packet goes back as it is.
      const kernel = wasmKernel!;
      const w = kernel.words;
      gatherEspWords(sa, seq, ivIndex, src, ipOff, ipLen, ctLen, w, MSG_AT >>> 2, true);
      kernel.exports.espCbcHmacMd5(slot, MSG_AT, ctLen >>> 4);
      // The outer IPv4 header goes in front of it; then the packet out in one copy.
      writeOuterIpv4(kernel.bytes, HDR_AT, sa, outerLen);
      dst.set(kernel.espOutput(ctLen >>> 4), outOff);
      return outerLen;
    } else {
      let w = espWords;
      if (w.length < count) {
        w = new Int32Array(Math.max(count, w.length * 2));
        espWords = w;
      }
      gatherEspWords(sa, seq, ivIndex, src, ipOff, ipLen, ctLen, w, 0, false);
      const pt = 2 + (ivLen >>> 2);
      aesCbcEncryptWords(sa.aes!, w, pt, ctWords, 2);
      for (let i = 0; i < count; i++) writeBE32(dst, esp + 4 * i, w[i]!);
      sa.hmac!.macWords(w, 0, count, dst, icv);
    }
  } else {
    moveBytes(src, ipOff, dst, ct, ipLen);
    let p = ct + ipLen;
    for (let i = 1; i <= padLen; i++) dst[p++] = i;
    dst[p++] = padLen;
    dst[p] = NEXT_HEADER_IPV4;
    writeEspHeader(sa, seq, ivIndex, dst, esp, ivOff);
    gcmSetSaltIv(gcm, sa.salt, dst, ivOff);
    aesGcmSeal(gcm, null, 0, dst, esp, ESP_HDR, dst, ct, ctLen, dst, icv, sa.icvLen);
  }

  writeOuterIpv4(dst, outOff, sa, outerLen);
  return outerLen;
}

/**
 * The outer IPv4 header at `b[off]`, as five words: version/IHL, TOS 0, total length; ID 0, flags
 * and fragment offset 0; TTL 64, protocol 50, checksum; the tunnel's addresses. Every word but the
 * total length is fixed per SA: its partial sum is precomputed.
 */
function writeOuterIpv4(b: Uint8Array, off: number, sa: SecurityAssociation, outerLen: number): void {
  let sum = sa.outerHeaderSum + outerLen;
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = ~((sum & 0xffff) + (sum >>> 16)) & 0xffff;
  writeBE32(b, off, 0x45000000 | outerLen);
  writeBE32(b, off + 4, 0);
  writeBE32(b, off + 8, (64 << 24) | (PROTO_ESP << 16) | sum);
  writeBE32(b, off + 12, sa.tunnelSrc);
  writeBE32(b, off + 16, sa.tunnelDst);
}

/**
 * The ICV's input as words from `w[at]` on: SPI, sequence number, IV, then the plaintext — the
 * inner packet's whole words, its last bytes, the padding 1, 2, 3, ..., the pad length and the
 * next header — which CBC then encrypts in place into the ciphertext. `wire` false: big-endian
 * word values (the TypeScript kernel's); true: the bytes in wire order, read as little-endian
 * words (the WebAssembly kernel's memory). The input is read once, before anything is written
 * (the output may overwrite it), and the MAC is computed from the words, not read back from the
 * packet.
 */
function gatherEspWords(
  sa: SecurityAssociation,
  seq: number,
  ivIndex: number,
  src: Uint8Array,
  ipOff: number,
  ipLen: number,
  ctLen: number,
  w: Int32Array,
  at: number,
  wire: boolean,
): void {
  const padLen = ctLen - ipLen - 2;
  const ivWords = sa.ivLen >>> 2;
  sa.writeIvWords(ivIndex, w, at + 2);
  const pt = at + 2 + ivWords;
  const whole = ipLen >>> 2;
  if (wire) {
    // Word stores, not writeEspHeader's and the GCM branch's byte stores: sharing those ran 0.95x (ESP kernel A/B).
    w[at] = bswap32(sa.spi);
    w[at + 1] = bswap32(seq);
    for (let k = at + 2; k < pt; k++) w[k] = bswap32(w[k]!);
    for (let k = 0; k < whole; k++) w[pt + k] = readLE32(src, ipOff + 4 * k);
  } else {
    w[at] = sa.spi | 0;
    w[at + 1] = seq | 0;
    for (let k = 0; k < whole; k++) w[pt + k] = readBE32(src, ipOff + 4 * k);
  }
  // Byte i of the plaintext past the whole words: the packet's last 0-3 bytes (never a whole
  // word), then padding byte i - ipLen + 1 up to ctLen - 2, then the pad length and next header
  // (ctLen is a multiple of 16, so those two end the last word), gathered big-endian.
  let k = pt + whole;
  let acc = 0;
  let i = whole << 2;
  for (; i < ipLen; i++) acc = (acc << 8) | src[ipOff + i]!;
  for (; i < ctLen - 2; i++) {
    acc = (acc << 8) | (i - ipLen + 1);
    if ((i & 3) === 3) {
      w[k++] = wire ? bswap32(acc) : acc;
      acc = 0;
    }
  }
  acc = (acc << 16) | (padLen << 8) | NEXT_HEADER_IPV4;
  w[k] = wire ? bswap32(acc) : acc;
}

/** Whether CBC encapsulation with HMAC-MD5 uses the WebAssembly kernel where it can (default: yes). */
let useWasm = true;
let wasmKernel: WasmCryptoKernel | null = null;

/**
 * Turns the WebAssembly kernel for AES-128-CBC + HMAC-MD5-96 on or off for this thread (tests
 * compare both; the TypeScript kernel is the reference). Returns whether it is now in use (false
 * where WebAssembly is not available).
 */
export function setEspWasm(on: boolean): boolean {
  useWasm = on && wasmCryptoKernel() !== null;
  return useWasm;
}

/** The SA's slot in the WebAssembly kernel, made on first use; -2 where it has none. */
function wasmSlot(sa: SecurityAssociation): number {
  let slot = sa.kernelSlot;
  if (slot === -1) {
    wasmKernel = wasmCryptoKernel();
    slot =
      wasmKernel !== null && sa.suite === 'aes128-cbc-hmac-md5-96' && sa.aes!.rounds === 10
        ? wasmKernel.addSa(sa.aes!.ek, sa.hmac!.innerState, sa.hmac!.outerState)
        : -2;
    sa.kernelSlot = slot;
  }
  return slot;
}

/** SPI, sequence number and IV (GCM suites). */
function writeEspHeader(sa: SecurityAssociation, seq: number, ivIndex: number, dst: Uint8Array, esp: number, ivOff: number): void {
  writeBE32(dst, esp, sa.spi);
  writeBE32(dst, esp + 4, seq);
  sa.writeIv(ivIndex, dst, ivOff);
}

/** Decapsulates `frame` (the whole array) into `out`; returns the inner frame length or a negative code. */
export function espDecapsulate(frame: Uint8Array, sas: SaLookup, out: Uint8Array): number {
  return espDecapsulateAt(frame, 0, frame.length, sas, out, 0, out.length);
}

/**
 * Decapsulates the ESP frame `src[srcOff .. srcOff+srcLen)` into `dst[dstOff..]`: Ethernet header
 * with the outer frame's MACs and type 0x0800, then the inner IPv4 packet. The ICV is checked
 * before anything is decrypted; the anti-replay window is updated only for authentic packets.
 * `dst` may be `src`.
 */
export function espDecapsulateAt(
  src: Uint8Array,
  srcOff: number,
  srcLen: number,
  sas: SaLookup,
  dst: Uint8Array,
  dstOff: number,
  dstCap: number,
): number {
  const drop = frameDrop(src, srcOff, srcLen, dst, dstOff, dstCap);
  if (drop < 0) return drop;
  // The outer MACs, kept before the inner packet moves over them.
  const macs = outerMacs;
  for (let i = 0; i < 12; i++) macs[i] = src[srcOff + i]!;
  const n = espDecapsulatePacket(src, srcOff + ETH_LEN, srcLen - ETH_LEN, sas, dst, dstOff + ETH_LEN, dstCap - ETH_LEN);
  if (n < 0) return n;
  writeIpv4Ethernet(dst, dstOff, macs);
  return ETH_LEN + n;
}

/** The outer frame's MACs while `espDecapsulateAt` runs (one per thread). */
const outerMacs = new Uint8Array(12);

/**
 * ESP tunnel mode inbound at the packet level: the ESP packet (outer IPv4 + ESP) at
 * `src[ipOff .. ipOff+srcLen)` becomes the inner IPv4 packet at `dst[outOff .. outOff+dstCap)`.
 * The SA is found by SPI; the ICV is checked before anything is decrypted; the anti-replay window
 * is updated only for authentic, well-formed packets. `dst` may be `src` (in place:
 * `outOff === ipOff`). Returns the inner packet's length or a negative `EspDrop` code.
 */
export function espDecapsulatePacket(
  src: Uint8Array,
  ipOff: number,
  srcLen: number,
  sas: SaLookup,
  dst: Uint8Array,
  outOff: number,
  dstCap: number,
): number {
  if (srcLen < IP_LEN || ipOff < 0 || ipOff + srcLen > src.length) return EspDrop.Malformed;
  const ip = ipOff;
  const vihl = src[ip]!;
  const ihl = (vihl & 15) * 4;
  if (vihl >>> 4 !== 4 || ihl < IP_LEN) return EspDrop.Malformed;
  const ipLen = (src[ip + 2]! << 8) | src[ip + 3]!;
  if (ipLen < ihl || ipLen > srcLen) return EspDrop.Malformed;
  if (src[ip + 9] !== PROTO_ESP) return EspDrop.NotEsp;
  if (((src[ip + 6]! & 0x3f) | src[ip + 7]!) !== 0) return EspDrop.NotEsp; // a fragment (MF or offset)
  const esp = ip + ihl;
  const espLen = ipLen - ihl;
  if (espLen < ESP_HDR) return EspDrop.Malformed;
  const spi = ((src[esp]! << 24) | (src[esp + 1]! << 16) | (src[esp + 2]! << 8) | src[esp + 3]!) >>> 0;
  const sa = sas.get(spi);
  if (sa === undefined) return EspDrop.UnknownSpi;
  const ivLen = sa.ivLen;
  const icvLen = sa.icvLen;
  const ctLen = espLen - ESP_HDR - ivLen - icvLen;
  if (ctLen < 4 || ctLen % sa.align !== 0) return EspDrop.Malformed;
  const seq = ((src[esp + 4]! << 24) | (src[esp + 5]! << 16) | (src[esp + 6]! << 8) | src[esp + 7]!) >>> 0;
  if (!sa.replayOk(seq)) return EspDrop.Replay;
  const ivOff = esp + ESP_HDR;
  const ct = ivOff + ivLen;
  const icv = ct + ctLen;
  const gcm = sa.gcm;
  if (gcm !== null) {
    gcmSetSaltIv(gcm, sa.salt, src, ivOff);
    if (!aesGcmTagMatches(gcm, src, esp, ESP_HDR, src, ct, ctLen, src, icv, icvLen)) return EspDrop.IcvMismatch;
  } else if (!sa.hmac!.verify(src, esp, ESP_HDR + ivLen + ctLen, src, icv)) {
    return EspDrop.IcvMismatch;
  }
  if (ctLen > dstCap || outOff < 0 || outOff + dstCap > dst.length) return EspDrop.OutputTooSmall;

  // Keep the IV before moving the ciphertext (in place it may be overwritten).
  const sc = sa.scratch;
  if (gcm === null) for (let i = 0; i < 16; i++) sc[12 + i] = src[ivOff + i]!;
  const inner = outOff;
  moveBytes(src, ct, dst, inner, ctLen);
  if (gcm !== null) aesGcmCtr(gcm, dst, inner, ctLen);
  else aesCbcDecrypt(sa.aes!, sc, 12, dst, inner, ctLen);

  const padLen = dst[inner + ctLen - 2]!;
  const nextHeader = dst[inner + ctLen - 1]!;
  const payloadLen = ctLen - 2 - padLen;
  if (payloadLen < 0) return EspDrop.BadPadding;
  for (let i = 1; i <= padLen; i++) if (dst[inner + payloadLen + i - 1] !== i) return EspDrop.BadPadding;
  if (nextHeader !== NEXT_HEADER_IPV4) return EspDrop.BadNextHeader;
  if (payloadLen < IP_LEN || dst[inner]! >>> 4 !== 4) return EspDrop.Malformed;
  const innerLen = (dst[inner + 2]! << 8) | dst[inner + 3]!;
  // RFC 4303 TFC padding may follow the inner packet: its own length says where it ends.
  if (innerLen < IP_LEN || innerLen > payloadLen) return EspDrop.Malformed;
  sa.replayAccept(seq);
  return innerLen;
}
