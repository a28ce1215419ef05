/**
 * A small WebAssembly binary encoder: just what the crypto kernel needs (one memory, i32
 * functions, loops). Our own, written from the WebAssembly core specification's binary format
 * (module preamble, sections by id, LEB128 integers, the MVP opcodes used below); no assembler
 * and no dependency. `Code` builds one function body; `encodeModule` lays out the sections.
 */

/** Unsigned LEB128 of a non-negative integer below 2^32. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`uleb: ${n} is not a u32`);
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (any value in -2^31 .. 2^32-1; the latter are taken mod 2^32). */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw new RangeError(`sleb: ${n} is not an i32`);
  let v = n | 0;
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/** The value type this encoder knows: i32. */
export const I32 = 0x7f;

/** Opcodes without immediates. */
export const Op = {
  end: 0x0b,
  eqz: 0x45,
  ne: 0x47,
  add: 0x6a,
  sub: 0x6b,
  mul: 0x6c,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shl: 0x74,
  shrU: 0x76,
  rotl: 0x77,
} as const;

/** One function body, written as a stack-machine instruction stream. */
export class Code {
  readonly bytes: number[] = [];

  /** Appends opcodes without immediates. */
  op(...ops: number[]): this {
    for (const o of ops) this.bytes.push(o);
    return this;
  }
  get(local: number): this {
    this.bytes.push(0x20, ...uleb(local));
    return this;
  }
  set(local: number): this {
    this.bytes.push(0x21, ...uleb(local));
    return this;
  }
  tee(local: number): this {
    this.bytes.push(0x22, ...uleb(local));
    return this;
  }
  i32(value: number): this {
    this.bytes.push(0x41, ...sleb(value));
    return this;
  }
  /** i32.load at address + offset (4-byte alignment hint). */
  load(offset = 0): this {
    this.bytes.push(0x28, 2, ...uleb(offset));
    return this;
  }
  /** i32.load8_u at address + offset. */
  load8u(offset = 0): this {
    this.bytes.push(0x2d, 0, ...uleb(offset));
    return this;
  }
  /** i32.store: [address, value] → memory[address + offset]. */
  store(offset = 0): this {
    this.bytes.push(0x36, 2, ...uleb(offset));
    return this;
  }
  /** Starts a loop with no result (a branch to it goes back to its start). */
  loop(): this {
    this.bytes.push(0x03, 0x40);
    return this;
  }
  /** Starts a block with no result (a branch to it goes to its end). */
  block(): this {
    this.bytes.push(0x02, 0x40);
    return this;
  }
  end(): this {
    this.bytes.push(Op.end);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(0x0d, ...uleb(depth));
    return this;
  }
  call(func: number): this {
    this.bytes.push(0x10, ...uleb(func));
    return this;
  }
}

export interface WasmFunction {
  name?: string;
  params: number;
  results: number;
  /** Extra i32 locals after the parameters. */
  locals: number;
  body: Code;
}

export interface WasmModuleSpec {
  /** Pages (64 KiB) of the one memory, exported as "memory". */
  memoryPages: number;
  functions: readonly WasmFunction[];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

/** The module's bytes: one type per function (all i32), one memory, the named functions exported. */
export function encodeModule(spec: WasmModuleSpec): Uint8Array {
  const fs = spec.functions;
  const types = fs.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), ...vec(Array.from({ length: f.results }, () => [I32]))]);
  const exports: number[][] = [[...name('memory'), 0x02, 0]];
  fs.forEach((f, i) => {
    if (f.name !== undefined) exports.push([...name(f.name), 0x00, ...uleb(i)]);
  });
  const bodies = fs.map((f) => {
    const locals = f.locals > 0 ? vec([[...uleb(f.locals), I32]]) : vec([]);
    const body = [...locals, ...f.body.bytes, Op.end];
    return [...uleb(body.length), ...body];
  });
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(fs.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(spec.memoryPages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ];
  return Uint8Array.from(bytes);
}
