/**
 * Operation registry and the task runner shared by the co-processor worker and the main thread
 * (`Coprocessor.runInline`): the same handlers, the same checks, the same status codes.
 *
 * Operations are pluggable. An op module is any ES module exporting
 *   `register(registry: OpRegistry, config: <plain JSON>): void | Promise<void>`
 * and is named by URL in `CoprocessorOptions.opModules`; the worker and the main thread both
 * import it and call `register`, so opcodes handed out by `define` agree as long as the modules
 * are listed in the same order. Nothing here imports a particular op module.
 */
import { BuiltinOp, ErrorCode, FIRST_DYNAMIC_OP, MAX_ARGS, MAX_OP, Status } from './protocol.ts';
import type { PacketPool } from './pool.ts';

/**
 * An operation: transforms `bytes[offset, offset + length)` in place (`bytes` is the task's whole
 * pool buffer, so it may grow the data up to `bytes.length`) and returns the new length, or a
 * negative number `-code` to fail with message code `code`. It may also throw (`OpError` carries a
 * code; anything else becomes `ErrorCode.Exception`). `args` holds the task's arguments and is
 * copied back into the response, so an operation can return small results through it.
 */
export type OpHandler = (bytes: Uint8Array, offset: number, length: number, args: Int32Array) => number;

/** What an op module exports. `config` is the plain-JSON value given next to its URL. */
export interface OpModule {
  register(registry: OpRegistry, config: unknown): void | Promise<void>;
}

/** An op module to load in the worker and on the main thread. */
export interface OpModuleSpec {
  /** `file:` URL (or any URL `import()` accepts) of the module. */
  url: string;
  /** Plain JSON handed to `register` (must survive structured clone into the worker). */
  config?: unknown;
}

/** Thrown by an operation to fail the task with a specific message code. */
export class OpError extends Error {
  readonly code: number;
  constructor(code: number, message?: string) {
    super(message ?? `operation failed with code ${code}`);
    this.name = 'OpError';
    this.code = code;
  }
}

export class OpRegistry {
  private readonly handlers: Array<OpHandler | undefined> = new Array<OpHandler | undefined>(MAX_OP + 1).fill(undefined);
  private readonly opNames: Array<string | undefined> = new Array<string | undefined>(MAX_OP + 1).fill(undefined);
  private readonly byName = new Map<string, number>();
  private nextDynamic = FIRST_DYNAMIC_OP;

  /** Registers `handler` under a fixed opcode and a name. Both must be unused. */
  register(opcode: number, name: string, handler: OpHandler): number {
    if (!Number.isInteger(opcode) || opcode < 1 || opcode > MAX_OP) throw new RangeError(`opcode ${opcode} out of 1..${MAX_OP}`);
    if (this.handlers[opcode] !== undefined) throw new Error(`opcode ${opcode} already registered as '${this.opNames[opcode]}'`);
    if (this.byName.has(name)) throw new Error(`operation '${name}' already registered`);
    this.handlers[opcode] = handler;
    this.opNames[opcode] = name;
    this.byName.set(name, opcode);
    return opcode;
  }

  /** Registers `handler` under the next free opcode ≥ `FIRST_DYNAMIC_OP` and returns it. */
  define(name: string, handler: OpHandler): number {
    while (this.nextDynamic <= MAX_OP && this.handlers[this.nextDynamic] !== undefined) this.nextDynamic++;
    if (this.nextDynamic > MAX_OP) throw new Error('no free opcode left');
    return this.register(this.nextDynamic, name, handler);
  }

  /** The opcode registered under `name`, or -1. */
  opcode(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** The name of `opcode`, or undefined. */
  nameOf(opcode: number): string | undefined {
    return this.opNames[opcode];
  }

  /** The handler of `opcode`, or undefined. */
  handler(opcode: number): OpHandler | undefined {
    return this.handlers[opcode];
  }

  /** All registered operations as [name, opcode]. */
  entries(): Array<[string, number]> {
    return [...this.byName.entries()];
  }
}

/** Imports each op module in order and calls its `register`. */
export async function loadOpModules(registry: OpRegistry, specs: readonly OpModuleSpec[]): Promise<void> {
  for (const spec of specs) {
    const mod: unknown = await import(spec.url);
    const register = (mod as Partial<OpModule>).register;
    if (typeof register !== 'function') throw new Error(`op module ${spec.url} does not export register(registry, config)`);
    await register.call(mod, registry, spec.config);
  }
}

// ------------------------------------------------------------------------------------ burn

/**
 * `burn(cycles)`: dependent integer work (a 32-bit LCG chain, each step needing the previous one)
 * standing for an extern of a given cost. Cycles are turned into iterations with a calibration
 * made once per thread: the loop is timed with `process.hrtime.bigint()` and the rate is divided
 * by an assumed nominal clock (`nominalHz`, default 3 GHz), so `burn(c)` lasts about
 * `c / nominalHz` seconds whatever this CPU's real clock is.
 */
export interface BurnCalibration {
  /** Clock the cycle counts refer to, in Hz. */
  nominalHz: number;
  /** Measured loop iterations per second on this thread. */
  iterationsPerSecond: number;
  /** Iterations per nominal cycle (`iterationsPerSecond / nominalHz`). */
  iterationsPerCycle: number;
}

export const DEFAULT_NOMINAL_HZ = 3.0e9;

let burnSink = 1;

/** Runs `n` dependent iterations; returns the chain value so the work cannot be optimised away. */
export function burnIterations(n: number): number {
  let x = burnSink | 1;
  for (let i = 0; i < n; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  burnSink = x;
  return x;
}

/**
 * Times the burn loop and returns the calibration for `nominalHz`. The loop must be timed once V8
 * has optimised it: the optimising compiler runs on a background thread, and on a busy machine (a
 * worker started beside many others) it may finish only after the first timings — a rate measured
 * on the unoptimised loop is many times too low, and every `burn(c)` would then run a fraction of
 * its cycles. So rounds of the loop run until at least `CALIBRATION_MIN_NS` have been timed and
 * the best rate has not improved by 2 % for `CALIBRATION_STABLE_ROUNDS` rounds in a row (at most
 * `CALIBRATION_MAX_NS`); the best round gives the rate. About 10 ms on a quiet machine.
 */
export function calibrateBurn(nominalHz: number = DEFAULT_NOMINAL_HZ): BurnCalibration {
  for (let i = 0; i < 20; i++) burnIterations(50_000); // let the JIT settle
  const n = 250_000;
  const start = process.hrtime.bigint();
  let timed = 0;
  let best = Infinity;
  let roundsSinceBetter = 0;
  while (timed < CALIBRATION_MIN_NS || roundsSinceBetter < CALIBRATION_STABLE_ROUNDS) {
    const t0 = process.hrtime.bigint();
    burnIterations(n);
    const t1 = process.hrtime.bigint();
    const dt = Number(t1 - t0);
    timed += dt;
    if (dt > 0 && dt < best * 0.98) roundsSinceBetter = 0;
    else roundsSinceBetter++;
    if (dt > 0 && dt < best) best = dt;
    if (Number(t1 - start) > CALIBRATION_MAX_NS) break;
  }
  if (!Number.isFinite(best)) best = 1;
  const iterationsPerSecond = (n * 1e9) / best;
  return { nominalHz, iterationsPerSecond, iterationsPerCycle: iterationsPerSecond / nominalHz };
}

/** `calibrateBurn`'s bounds: time measured at least, rounds without a better rate, time spent at most. */
const CALIBRATION_MIN_NS = 6e6;
const CALIBRATION_STABLE_ROUNDS = 8;
const CALIBRATION_MAX_NS = 1e9;

/** Registers echo, xor and burn under their fixed opcodes. */
export function registerBuiltins(registry: OpRegistry, burn: BurnCalibration): void {
  registry.register(BuiltinOp.Echo, 'echo', (_bytes, _offset, length) => length);
  registry.register(BuiltinOp.Xor, 'xor', (bytes, offset, length, args) => {
    const key = args[0]! & 0xff;
    const end = offset + length;
    for (let i = offset; i < end; i++) bytes[i] = bytes[i]! ^ key;
    return length;
  });
  const perCycle = burn.iterationsPerCycle;
  registry.register(BuiltinOp.Burn, 'burn', (_bytes, _offset, length, args) => {
    const cycles = args[0]!;
    if (cycles > 0) burnIterations(Math.round(cycles * perCycle));
    return length;
  });
}

// ------------------------------------------------------------------------------------ runner

/**
 * Runs one task against a registry and a pool. Reused for every task (no allocation): the caller
 * fills `args`, calls `run`, and reads `newLength` / `code` when the returned status is `Ok` /
 * not `Ok`. `lastError` keeps the last thrown value, for diagnostics only.
 */
export class OpRunner {
  readonly args = new Int32Array(MAX_ARGS);
  newLength = 0;
  code = 0;
  lastError: unknown = undefined;
  errors = 0;

  constructor(
    readonly registry: OpRegistry,
    readonly pool: PacketPool,
  ) {}

  run(op: number, buf: number, offset: number, length: number): number {
    this.newLength = length;
    this.code = ErrorCode.None;
    const pool = this.pool;
    if (!(buf >= 0 && buf < pool.count && offset >= 0 && length >= 0 && offset + length <= pool.bufferSize)) {
      return Status.BadTask;
    }
    const handler = op >= 0 && op <= MAX_OP ? this.registry.handler(op) : undefined;
    if (handler === undefined) return Status.UnknownOp;
    let result: number;
    try {
      result = handler(pool.bytes(buf), offset, length, this.args);
    } catch (err) {
      this.errors++;
      this.lastError = err;
      this.code = err instanceof OpError ? err.code : ErrorCode.Exception;
      return Status.OpError;
    }
    if (result < 0) {
      this.code = -result | 0;
      return Status.OpError;
    }
    if (!(Number.isInteger(result) && offset + result <= pool.bufferSize)) {
      this.code = ErrorCode.BadLength;
      return Status.OpError;
    }
    this.newLength = result;
    return Status.Ok;
  }
}
