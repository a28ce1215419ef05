/**
 * STAND-IN: hand-written `PacketWork` for the paper's programs, until the compiler's IR (or an
 * instrumented run of the generated module) produces these counts. Every count below is written
 * from what the program does to a 64-byte frame (60 bytes without FCS), and the crypto block counts
 * are computed from real ESP sizes (RFC 4303 with AES-128-CBC, RFC 3602, and HMAC-MD5-96, RFC 2403).
 *
 * When the IR provides `PacketWork`, replace the bodies of these functions with the IR's counts for
 * `examples/l2fwd`, `examples/ipsec`, ... and keep the names (the paper table uses them).
 */
import type { PacketWork, PathWork } from './work.ts';

/** Frame size the paper measures with: 64 bytes on the wire including the 4-byte FCS. */
export const PAPER_FRAME_BYTES = 60;

const ETH = 14;
const IPV4 = 20;
/** Per-packet metadata kept in the descriptor (standard_metadata + user metadata), bytes. */
const METADATA_BYTES = 48;
/** The ring position the task carries in front of its data ("start from the 9th byte"). */
const TASK_HANDLE_BYTES = 8;

/** Sizes of ESP tunnel-mode encapsulation of one frame with AES-CBC + HMAC-96. */
export interface EspSizes {
  innerPacket: number;
  padding: number;
  ciphertext: number;
  aesBlocks: number;
  authenticated: number;
  hmacBlocks: number;
  frameOut: number;
}

/** Compression-function calls of one HMAC-MD5/SHA over `messageBytes` with precomputed pads. */
export function hmacBlocks(messageBytes: number, blockBytes = 64, lengthBytes = 8, digestBytes = 16): number {
  // inner: the ipad block is precomputed, so the inner hash continues over message + padding
  // (0x80, zeros, 64-bit length); outer: opad state precomputed, one pass over the inner digest.
  const inner = Math.ceil((messageBytes + 1 + lengthBytes) / blockBytes);
  const outer = Math.ceil((digestBytes + 1 + lengthBytes) / blockBytes);
  return inner + outer;
}

/**
 * ESP tunnel mode, AES-128-CBC + HMAC-MD5-96, for an Ethernet frame of `frameBytes` (no FCS):
 * the inner IP packet plus the 2-byte trailer is padded to 16 bytes and encrypted; a 16-byte IV
 * travels in front of it; the HMAC covers ESP header (8) + IV + ciphertext and 12 bytes of it are
 * appended; a new outer IPv4 header is added.
 */
export function espSizes(frameBytes: number = PAPER_FRAME_BYTES): EspSizes {
  const innerPacket = frameBytes - ETH;
  const ciphertext = Math.ceil((innerPacket + 2) / 16) * 16;
  const padding = ciphertext - innerPacket - 2;
  const authenticated = 8 + 16 + ciphertext;
  return {
    innerPacket,
    padding,
    ciphertext,
    aesBlocks: ciphertext / 16,
    authenticated,
    hmacBlocks: hmacBlocks(authenticated),
    frameOut: ETH + IPV4 + 8 + 16 + ciphertext + 12,
  };
}

function path(fields: Partial<PathWork> & Pick<PathWork, 'frameBytesIn' | 'frameBytesOut'>): PathWork {
  return {
    headersParsed: 0,
    bytesParsed: 0,
    headersEmitted: 0,
    bytesEmitted: 0,
    bytesCopied: 0,
    lookups: {},
    actionPrimitives: 0,
    checksumBytes: 0,
    externCalls: [],
    liveStateBytes: 0,
    reparseHeaders: 0,
    reparseBytes: 0,
    workAfterExtern: 0.5,
    ...fields,
  };
}

/** L2 forwarding: parse Ethernet, one exact lookup on the destination MAC, set the port, emit. */
function l2Path(frameBytes: number): PathWork {
  return path({
    headersParsed: 1,
    bytesParsed: ETH,
    headersEmitted: 1,
    bytesEmitted: ETH,
    lookups: { exact: 1 },
    actionPrimitives: 1,
    frameBytesIn: frameBytes,
    frameBytesOut: frameBytes,
  });
}

/** `examples/l2fwd` (the paper's baseline: "sends the packets to a selected port according to a MAC table"). */
export function l2fwdWork(frameBytes: number = PAPER_FRAME_BYTES): PacketWork {
  const p = l2Path(frameBytes);
  return { program: 'l2fwd', source: 'hand-written stand-in (programs.ts)', plain: p, extern: p };
}

/**
 * IPsec ESP tunnel-mode encapsulation (the paper's Section IV.A). Plain packets: parse Ethernet +
 * IPv4, SA table miss (lpm on the destination), forward by MAC. Extern packets: SA hit, set SPI and
 * sequence number, build the outer IPv4 header, pad, one chained AES-128-CBC + HMAC-MD5-96 task
 * (one co-processor op, like a DPDK cipher+auth chain), append the ICV, refresh length and checksum.
 */
export function ipsecWork(frameBytes: number = PAPER_FRAME_BYTES): PacketWork {
  const esp = espSizes(frameBytes);
  const parsed = ETH + IPV4;
  const plain = path({
    headersParsed: 2,
    bytesParsed: parsed,
    headersEmitted: 2,
    bytesEmitted: parsed,
    lookups: { lpm: 1, exact: 1 },
    actionPrimitives: 2,
    frameBytesIn: frameBytes,
    frameBytesOut: frameBytes,
  });
  const extern = path({
    headersParsed: 2,
    bytesParsed: parsed,
    // Ethernet, outer IPv4, ESP header (the IV, ciphertext and ICV come from the task's result)
    headersEmitted: 3,
    bytesEmitted: ETH + IPV4 + 8,
    // the inner packet moves behind the new headers (plus padding and trailer), and the deparser
    // writes the grown frame out again
    bytesCopied: esp.innerPacket + esp.padding + 2 + esp.frameOut,
    // SA selection (lpm on the destination), SA parameters by SPI (exact), next hop MAC (exact)
    lookups: { lpm: 1, exact: 2 },
    // SPI; sequence number register read, increment, write; outer IPv4 (version/ihl, tos, total
    // length, id, flags, ttl, protocol, src, dst, checksum zero); pad length; next header; ESP
    // payload length arithmetic (4); egress port
    actionPrimitives: 24,
    checksumBytes: IPV4,
    externCalls: [
      {
        site: 0,
        name: 'esp_encap',
        ops: [
          { kind: 'aes-cbc', keyBits: 128, blocks: esp.aesBlocks },
          { kind: 'hmac', hash: 'md5', blocks: esp.hmacBlocks },
        ],
        taskBytes: TASK_HANDLE_BYTES + esp.authenticated,
        resultBytes: esp.ciphertext + 12,
      },
    ],
    liveStateBytes: parsed + IPV4 + 8 + METADATA_BYTES + 4,
    reparseHeaders: 2,
    reparseBytes: parsed,
    workAfterExtern: 0.4,
    frameBytesIn: frameBytes,
    frameBytesOut: esp.frameOut,
  });
  return { program: 'ipsec-esp', source: 'hand-written stand-in (programs.ts)', plain, extern };
}

/**
 * Simple encryption (Section IV.B): AES-128-CBC of the IPv4 payload, padded to 16 bytes, one task.
 * Plain packets are forwarded by MAC after parsing Ethernet + IPv4.
 */
export function encryptionWork(frameBytes: number = PAPER_FRAME_BYTES): PacketWork {
  const payload = frameBytes - ETH - IPV4;
  const padded = Math.ceil((payload + 1) / 16) * 16;
  const parsed = ETH + IPV4;
  const plain = path({
    headersParsed: 2,
    bytesParsed: parsed,
    headersEmitted: 2,
    bytesEmitted: parsed,
    lookups: { exact: 2 },
    actionPrimitives: 1,
    frameBytesIn: frameBytes,
    frameBytesOut: frameBytes,
  });
  const extern = path({
    ...plain,
    bytesCopied: padded - payload,
    actionPrimitives: 3,
    checksumBytes: IPV4,
    externCalls: [
      {
        site: 0,
        name: 'aes_encrypt',
        ops: [{ kind: 'aes-cbc', keyBits: 128, blocks: padded / 16 }],
        taskBytes: TASK_HANDLE_BYTES + padded,
        resultBytes: padded,
      },
    ],
    liveStateBytes: parsed + METADATA_BYTES + 4,
    reparseHeaders: 2,
    reparseBytes: parsed,
    workAfterExtern: 0.3,
    frameBytesOut: ETH + IPV4 + padded,
  });
  return { program: 'encryption', source: 'hand-written stand-in (programs.ts)', plain, extern };
}

/**
 * Custom extern (Section IV.C): L2 forwarding, and on extern packets a `burn(cycles)` call that the
 * co-processor answers after `cycles` cycles, returning the data unchanged.
 */
export function burnWork(cycles: number, frameBytes: number = PAPER_FRAME_BYTES): PacketWork {
  const plain = l2Path(frameBytes);
  const extern = path({
    ...plain,
    actionPrimitives: 2,
    externCalls: [
      { site: 0, name: 'burn', ops: [{ kind: 'burn', cycles }], taskBytes: TASK_HANDLE_BYTES + 16, resultBytes: 16 },
    ],
    liveStateBytes: ETH + METADATA_BYTES + 4,
    reparseHeaders: 1,
    reparseBytes: ETH,
    workAfterExtern: 0.3,
  });
  return { program: 'burn', source: 'hand-written stand-in (programs.ts)', plain, extern };
}

/** The paper's program names. */
export type PaperProgram = 'l2fwd' | 'ipsec-esp' | 'encryption' | 'burn';

/** `PacketWork` of a paper program (`cycles` for `burn`). */
export function paperProgramWork(program: PaperProgram, cycles = 0): PacketWork {
  switch (program) {
    case 'l2fwd':
      return l2fwdWork();
    case 'ipsec-esp':
      return ipsecWork();
    case 'encryption':
      return encryptionWork();
    case 'burn':
      return burnWork(cycles);
  }
}
