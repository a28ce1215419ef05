/**
 * The ESP kernel's two hot primitives in WebAssembly: the MD5 compression (native 32-bit rotate,
 * no bounds check per load) and AES-128 block encryption (T-tables in linear memory), with CBC
 * and HMAC-MD5 driven from inside the module, so one call per packet does the cipher and the MAC.
 *
 * The module is generated at load by `encoder.ts` (the 64 MD5 steps and the AES rounds are
 * unrolled from the algorithms' definitions) and compiled synchronously. The TypeScript
 * implementations (`../aes.ts`, `../hash.ts`, `../hmac.ts`) stay the reference and the fallback:
 * `wasmCryptoKernel()` returns null where WebAssembly is missing or the host is big-endian.
 *
 * The packet area holds the packet's bytes in wire order, so a word load (little-endian) is
 * exactly an MD5 message word, with no byte swap, and the bytes go back to the packet as they
 * are. AES works on the same little-endian words: its T-tables and round keys are the
 * big-endian ones (`../aes.ts`) byte-swapped, and a column's first byte is its word's low byte.
 * Memory layout (byte offsets):
 *
 *   0 .. 4096      TE0..TE3 (AES encryption T-tables for little-endian columns, 256 words each)
 *   4096 .. 4352   AES S-box (bytes)
 *   4416 .. 4432   MD5 chaining state
 *   4432 .. 4496   HMAC outer block (inner digest, then padding and length, set once)
 *   4588 .. 4608   the outer IPv4 header (`HDR_AT`, written by the caller)
 *   4608 .. 73728  the packet (`MSG_AT`): SPI, sequence number, IV, plaintext/ciphertext, then the
 *                  inner hash's MD5 padding, which the ICV overwrites
 *   73728 ..       per-SA slots of 256 bytes: AES-128 round keys (176), HMAC inner and outer pad states (16 + 16)
 */
import { SBOX, TE0, TE1, TE2, TE3 } from '../aes.ts';
import { bswap32 } from '../words.ts';
import { Code, encodeModule, Op, type WasmFunction } from './encoder.ts';

const TE = [0, 1024, 2048, 3072];
const SBOX_AT = 4096;
const STATE_AT = 4416;
const OUTER_X_AT = 4432;
/** Byte offset of the packet: SPI, sequence number, IV, plaintext. */
export const MSG_AT = 4608;
/** Byte offset of the 20-byte outer IPv4 header just before the packet. */
export const HDR_AT = MSG_AT - 20;
/** Bytes the packet area holds (a 65535-byte IPv4 packet's ESP message plus the MD5 padding). */
export const MSG_BYTES = 73728 - MSG_AT;
const SLOTS_AT = 73728;
const SLOT_BYTES = 256;
const SLOT_INNER = 176;
const SLOT_OUTER = 192;

const MD5_SHIFTS = [
  [7, 12, 17, 22],
  [5, 9, 14, 20],
  [4, 11, 16, 23],
  [6, 10, 15, 21],
];

/** MD5's additive constants, floor(|sin(i+1)| · 2^32) (RFC 1321 §3.4). */
function md5Constants(): number[] {
  return Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
}

/** md5Block(state, x): one compression of the 16 little-endian words at x into the 4 words at state. */
function md5Block(): WasmFunction {
  const c = new Code();
  const STATE = 0;
  const X = 1;
  const regs = [2, 3, 4, 5]; // a, b, c, d
  for (let i = 0; i < 4; i++) c.get(STATE).load(4 * i).set(regs[i]!);
  const k = md5Constants();
  for (let i = 0; i < 64; i++) {
    const round = i >>> 4;
    // The step's roles rotate: step i updates a, d, c, b, a, ... in turn.
    const r = (n: number): number => regs[(n - (i % 4) + 4) % 4]!;
    const [A, B, C, D] = [r(0), r(1), r(2), r(3)];
    const g = round === 0 ? i : round === 1 ? (5 * i + 1) % 16 : round === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
    c.get(B);
    // a + K + X[g] + f(b, c, d), with b (the previous step's result) entering last and through
    // as few operations as the round function allows: the steps are one dependent chain.
    c.get(A).i32(k[i]!).op(Op.add).get(X).load(4 * g).op(Op.add);
    if (round === 0) c.get(D).get(B).get(C).get(D).op(Op.xor, Op.and, Op.xor, Op.add); // + d ^ (b & (c ^ d))
    // G = (b & d) | (c & ~d): the two terms have no bit in common, so | is +; c & ~d does not
    // wait for b and is added first.
    else if (round === 1) c.get(C).get(D).i32(-1).op(Op.xor, Op.and, Op.add).get(B).get(D).op(Op.and, Op.add);
    else if (round === 2) c.get(B).get(C).get(D).op(Op.xor, Op.xor, Op.add); // + b ^ (c ^ d)
    else c.get(C).get(B).get(D).i32(-1).op(Op.xor, Op.or, Op.xor, Op.add); // + c ^ (b | ~d)
    c.i32(MD5_SHIFTS[round]![i % 4]!).op(Op.rotl, Op.add).set(A);
  }
  for (let i = 0; i < 4; i++) c.get(STATE).get(STATE).load(4 * i).get(regs[i]!).op(Op.add).store(4 * i);
  return { name: 'md5Block', params: 2, results: 0, locals: 4, body: c };
}

/**
 * aesCbcEncrypt(rk, iv, data, n): AES-128-CBC over n ≥ 1 blocks at data, in place, chaining from
 * the 16 bytes at iv, round keys (44 little-endian words) at rk.
 */
function aesCbcEncrypt(): WasmFunction {
  const c = new Code();
  const [RK, IV, DATA, N] = [0, 1, 2, 3];
  const S = [4, 5, 6, 7];
  const T = [8, 9, 10, 11];
  const nr = 10;
  for (let i = 0; i < 4; i++) c.get(IV).load(4 * i).set(S[i]!);
  c.loop();
  for (let i = 0; i < 4; i++) c.get(S[i]!).get(DATA).load(4 * i).op(Op.xor).get(RK).load(4 * i).op(Op.xor).set(S[i]!);
  let cur = S;
  let nxt = T;
  for (let r = 1; r < nr; r++) {
    for (let j = 0; j < 4; j++) {
      // Column j takes byte 0 of column j, byte 1 of column j+1, ... (ShiftRows); byte k of a
      // column is bits 8k..8k+7 of its word. (TE0 ^ TE1) ^ (TE2 ^ TE3) ^ rk: two levels of xor.
      c.get(cur[j]!).i32(2).op(Op.shl).i32(0x3fc).op(Op.and).load(TE[0]);
      c.get(cur[(j + 1) % 4]!).i32(6).op(Op.shrU).i32(0x3fc).op(Op.and).load(TE[1]).op(Op.xor);
      c.get(cur[(j + 2) % 4]!).i32(14).op(Op.shrU).i32(0x3fc).op(Op.and).load(TE[2]);
      c.get(cur[(j + 3) % 4]!).i32(24).op(Op.shrU).i32(2).op(Op.shl).load(TE[3]).op(Op.xor);
      c.get(RK).load(4 * (4 * r + j)).op(Op.xor).op(Op.xor).set(nxt[j]!);
    }
    [cur, nxt] = [nxt, cur];
  }
  // Last round: SubBytes and ShiftRows through the S-box, into S (the next block's chaining value).
  if (nxt !== S) throw new Error('aesCbcEncrypt: an odd number of middle rounds is assumed');
  for (let j = 0; j < 4; j++) {
    c.get(cur[j]!).i32(255).op(Op.and).load8u(SBOX_AT);
    c.get(cur[(j + 1) % 4]!).i32(8).op(Op.shrU).i32(255).op(Op.and).load8u(SBOX_AT).i32(8).op(Op.shl).op(Op.or);
    c.get(cur[(j + 2) % 4]!).i32(16).op(Op.shrU).i32(255).op(Op.and).load8u(SBOX_AT).i32(16).op(Op.shl).op(Op.or);
    c.get(cur[(j + 3) % 4]!).i32(24).op(Op.shrU).load8u(SBOX_AT).i32(24).op(Op.shl).op(Op.or);
    c.get(RK).load(4 * (4 * nr + j)).op(Op.xor).set(S[j]!);
  }
  for (let i = 0; i < 4; i++) c.get(DATA).get(S[i]!).store(4 * i);
  c.get(DATA).i32(16).op(Op.add).set(DATA);
  c.get(N).i32(1).op(Op.sub).tee(N).brIf(0);
  c.end();
  return { name: 'aesCbcEncrypt', params: 4, results: 0, locals: 8, body: c };
}

/**
 * espCbcHmacMd5(slot, msg, ctBlocks): the bytes at msg are SPI, sequence number, IV (16 bytes)
 * and ctBlocks ≥ 1 blocks of plaintext. Writes the inner hash's MD5 padding after them, encrypts
 * the plaintext in place (AES-128-CBC), computes HMAC-MD5 of SPI .. ciphertext and writes its
 * first 12 bytes (HMAC-MD5-96) just after the ciphertext, over the padding.
 */
function espCbcHmacMd5(md5BlockIndex: number, aesIndex: number): WasmFunction {
  const c = new Code();
  const [SLOT, MSG, CT, MAC, P, Z] = [0, 1, 2, 3, 4, 5];
  // The inner hash's blocks: the message (24 + 16 · ctBlocks bytes), 0x80 and the 8-byte length,
  // ⌈(33 + 16 · ctBlocks) / 64⌉ = ⌊(ctBlocks + 6) / 4⌋, derived here so that no caller's count can
  // disagree with ctBlocks (a smaller one would start the zero fill below from a negative count).
  c.get(CT).i32(6).op(Op.add).i32(2).op(Op.shrU).set(MAC);
  // The padding: 0x80 after the message (24 + 16 · ctBlocks bytes), zero words, then the bit
  // length of the inner message (the 64-byte key block and this one) as a 64-bit little-endian
  // number in the last two words (its high word is 0).
  c.get(MSG).get(CT).i32(4).op(Op.shl).op(Op.add).i32(24).op(Op.add).tee(P).i32(0x80).store();
  // The zero words between: 16 · macBlocks − 4 · ctBlocks − 9, which is 7, 3, 15 or 11 as ctBlocks
  // is 0, 1, 2 or 3 mod 4 (never 0, so the loop needs no guard).
  c.get(MAC).i32(4).op(Op.shl).get(CT).i32(2).op(Op.shl).op(Op.sub).i32(9).op(Op.sub).set(Z);
  c.loop().get(P).i32(4).op(Op.add).tee(P).i32(0).store();
  c.get(Z).i32(1).op(Op.sub).tee(Z).brIf(0).end();
  c.get(MSG).get(MAC).i32(6).op(Op.shl).op(Op.add).i32(8).op(Op.sub).tee(P);
  c.get(CT).i32(4).op(Op.shl).i32(64 + 24).op(Op.add).i32(3).op(Op.shl).store();
  c.get(P).i32(0).store(4);
  c.get(SLOT).get(MSG).i32(8).op(Op.add).get(MSG).i32(24).op(Op.add).get(CT).call(aesIndex);
  for (let i = 0; i < 4; i++) c.i32(0).get(SLOT).load(SLOT_INNER + 4 * i).store(STATE_AT + 4 * i);
  c.get(MSG).set(P);
  c.loop();
  c.i32(STATE_AT).get(P).call(md5BlockIndex);
  c.get(P).i32(64).op(Op.add).set(P);
  c.get(MAC).i32(1).op(Op.sub).tee(MAC).brIf(0);
  c.end();
  for (let i = 0; i < 4; i++) c.i32(0).i32(0).load(STATE_AT + 4 * i).store(OUTER_X_AT + 4 * i);
  for (let i = 0; i < 4; i++) c.i32(0).get(SLOT).load(SLOT_OUTER + 4 * i).store(STATE_AT + 4 * i);
  c.i32(STATE_AT).i32(OUTER_X_AT).call(md5BlockIndex);
  // The ICV at msg + 24 + 16 · ctBlocks: MD5's state words are its digest, little-endian.
  c.get(MSG).get(CT).i32(4).op(Op.shl).op(Op.add).set(P);
  for (let i = 0; i < 3; i++) c.get(P).i32(0).load(STATE_AT + 4 * i).store(24 + 4 * i);
  return { name: 'espCbcHmacMd5', params: 3, results: 0, locals: 3, body: c };
}

/** The generated module's bytes. */
export function cryptoKernelModule(): Uint8Array {
  return encodeModule({ memoryPages: 2, functions: [md5Block(), aesCbcEncrypt(), espCbcHmacMd5(0, 1)] });
}

/** The part of the WebAssembly JS API used here (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
/** The host's WebAssembly object, if it has one. */
export function wasmApi(): WasmApi | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return typeof api === 'object' ? api : undefined;
}

interface KernelExports {
  memory: WasmMemory;
  md5Block: (state: number, x: number) => void;
  aesCbcEncrypt: (rk: number, iv: number, data: number, n: number) => void;
  espCbcHmacMd5: (slot: number, msg: number, ctBlocks: number) => void;
}

/** One instance per thread: the compiled module, its memory and the SA slots handed out. */
export class WasmCryptoKernel {
  readonly exports: KernelExports;
  /** The memory as words and as bytes (both replaced when the memory grows). */
  words: Int32Array;
  bytes: Uint8Array;
  private nextSlot = SLOTS_AT;
  /** `espOutput`'s views by cipher block count, made on first use (cleared when the memory grows). */
  private outputs: (Uint8Array | null)[] = new Array<Uint8Array | null>((MSG_BYTES >>> 4) + 1).fill(null);

  constructor() {
    const api = wasmApi();
    if (api === undefined) throw new Error('WebAssembly is not available');
    const instance = new api.Instance(new api.Module(cryptoKernelModule()), {});
    this.exports = instance.exports as unknown as KernelExports;
    this.words = new Int32Array(this.exports.memory.buffer);
    this.bytes = new Uint8Array(this.exports.memory.buffer);
    const w = this.words;
    [TE0, TE1, TE2, TE3].forEach((te, t) => {
      for (let i = 0; i < 256; i++) w[(TE[t]! >>> 2) + i] = bswap32(te[i]!);
    });
    this.bytes.set(SBOX, SBOX_AT);
    // The HMAC-MD5 outer block after the 16-byte inner digest: 0x80, zeros, length (64 + 16) · 8 bits.
    w[(OUTER_X_AT >>> 2) + 4] = 0x80;
    w[(OUTER_X_AT >>> 2) + 14] = (64 + 16) * 8;
  }

  /**
   * A slot for one SA: its AES-128 encryption round keys (44 big-endian words as `AesKey.ek`
   * holds them; stored byte-swapped) and HMAC-MD5 inner and outer pad states (4 words each).
   * Returns the slot's byte offset (kept by the SA; slots live as long as the thread).
   */
  addSa(roundKeys: Int32Array, inner: Int32Array, outer: Int32Array): number {
    if (roundKeys.length !== 44 || inner.length !== 4 || outer.length !== 4) throw new RangeError('wasm kernel: AES-128 and MD5 only');
    const slot = this.nextSlot;
    const mem = this.exports.memory;
    if (slot + SLOT_BYTES > mem.buffer.byteLength) {
      mem.grow(1);
      this.words = new Int32Array(mem.buffer);
      this.bytes = new Uint8Array(mem.buffer);
      this.outputs.fill(null);
    }
    this.nextSlot += SLOT_BYTES;
    const w = this.words;
    for (let i = 0; i < 44; i++) w[(slot >>> 2) + i] = bswap32(roundKeys[i]!);
    w.set(inner, (slot + SLOT_INNER) >>> 2);
    w.set(outer, (slot + SLOT_OUTER) >>> 2);
    return slot;
  }

  /**
   * The finished packet of `espCbcHmacMd5` with `ctBlocks` cipher blocks as one byte range of the
   * memory: outer IPv4 header (`HDR_AT`), ESP header, IV, ciphertext and ICV. A view per size,
   * made the first time and kept, so that copying a packet out is one `set` and allocates nothing.
   */
  espOutput(ctBlocks: number): Uint8Array {
    let v = this.outputs[ctBlocks]!;
    if (v === null) {
      v = new Uint8Array(this.exports.memory.buffer, HDR_AT, MSG_AT - HDR_AT + 24 + 16 * ctBlocks + 12);
      this.outputs[ctBlocks] = v;
    }
    return v;
  }
}

let kernel: WasmCryptoKernel | null | undefined;

/** Whether this host can run the kernel: WebAssembly present and typed arrays little-endian. */
export function wasmCryptoAvailable(): boolean {
  return wasmApi() !== undefined && new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
}

/** This thread's kernel, built on first use; null where WebAssembly cannot be used. */
export function wasmCryptoKernel(): WasmCryptoKernel | null {
  if (kernel === undefined) kernel = wasmCryptoAvailable() ? new WasmCryptoKernel() : null;
  return kernel;
}
