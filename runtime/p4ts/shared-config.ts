/**
 * The security configuration (SAs and keys) shared with the co-processor worker through a
 * SharedArrayBuffer, so control-plane changes reach the worker without a message (the worker's
 * loop does not turn its event loop while it works). A seqlock: the writer makes the version odd
 * while it writes and even when done; a reader retries until it sees the same even version
 * before and after reading.
 */
import type { SecurityConfig } from './security-store.ts';

const HEADER = 8; // int32 version, int32 byte length

export class SharedSecurityConfig {
  readonly sab: SharedArrayBuffer;
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(sabOrSize: SharedArrayBuffer | number = 1 << 20) {
    this.sab = typeof sabOrSize === 'number' ? new SharedArrayBuffer(sabOrSize) : sabOrSize;
    this.words = new Int32Array(this.sab, 0, 2);
    this.bytes = new Uint8Array(this.sab, HEADER);
  }

  get version(): number {
    return Atomics.load(this.words, 0);
  }

  /** Main thread: publishes a new configuration. */
  publish(config: SecurityConfig): void {
    const text = new TextEncoder().encode(JSON.stringify(config));
    if (text.length > this.bytes.length) throw new RangeError(`security configuration too large (${text.length} bytes)`);
    Atomics.add(this.words, 0, 1); // odd: writing
    this.bytes.set(text);
    Atomics.store(this.words, 1, text.length);
    Atomics.add(this.words, 0, 1); // even: done
  }

  /** Worker: the configuration at version `version`, or undefined while one is being written. */
  read(): { version: number; config: SecurityConfig } | undefined {
    const before = Atomics.load(this.words, 0);
    if ((before & 1) === 1) return undefined;
    const length = Atomics.load(this.words, 1);
    const text = new TextDecoder().decode(this.bytes.slice(0, length));
    if (Atomics.load(this.words, 0) !== before) return undefined;
    return { version: before, config: length === 0 ? { sas: [], keys: [] } : (JSON.parse(text) as SecurityConfig) };
  }
}
