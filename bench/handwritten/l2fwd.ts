/**
 * examples/l2fwd written by hand: the same work the compiled program does on the v1model switch,
 * as a person would write it for this one program in TypeScript — the reference the compiled
 * pipeline is measured against (`npm run bench`, scenario `l2fwd`). Never part of the data plane.
 *
 * Per packet, as the P4 program and the switch do it:
 * - parse Ethernet (destination, source, EtherType; a frame shorter than 14 bytes leaves the
 *   header invalid, whose fields then read 0, and the packet still goes through ingress);
 * - `mac_table` (exact on the destination MAC, default `flood`): an open-addressing hash table
 *   over one `Int32Array` (key high 16 bits, low 32 bits, action and port in one slot);
 * - `forward(port)`, `flood()` (multicast group 1: one copy per member port, each copy in a
 *   buffer of its own), `drop()`;
 * - egress: a flooded copy going back out of its ingress port is dropped;
 * - deparse: the Ethernet header written back in front of the payload (in place);
 * - output: counted per port and handed to the output callback (buffer, offset, length).
 *
 * Nothing is allocated per packet.
 */

const EMPTY = -1;
/** Table values: action in the top byte, port in the low 16 bits. */
const ACT_FORWARD = 0;
const ACT_FLOOD = 1;
const ACT_DROP = 2;
const FLOOD_GROUP_MAX = 64;
/** v1model's drop port: `forward(511)` drops, as `mark_to_drop` does. */
const DROP_PORT = 511;

export type RawOutput = (port: number, buffer: Uint8Array, offset: number, length: number) => void;

export class HandwrittenL2Switch {
  readonly txByPort = new Float64Array(512);
  readonly rxByPort = new Float64Array(512);
  received = 0;
  transmitted = 0;
  dropped = 0;
  /** Slot i: cells[4i] key high 16 bits (or EMPTY), cells[4i+1] low 32 bits, cells[4i+2] value. */
  private cells: Int32Array;
  private mask: number;
  private count = 0;
  private defaultValue = ACT_FLOOD << 24;
  /** Members of multicast group 1 (the flood group), and a buffer per copy. */
  private floodPorts = new Int32Array(0);
  private readonly copies: Uint8Array[] = [];

  constructor(
    private readonly output: RawOutput,
    capacity = 4096,
  ) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.cells = new Int32Array(n * 4).fill(EMPTY);
    this.mask = n - 1;
  }

  /** `mac_table` entry: `dst` (a 48-bit MAC as a number) → forward to `port`. */
  addForward(dst: number, port: number): void {
    this.insert(dst, (ACT_FORWARD << 24) | port);
  }

  addDrop(dst: number): void {
    this.insert(dst, ACT_DROP << 24);
  }

  /** Ports of multicast group 1, the flood group. */
  setFloodPorts(ports: readonly number[], maxFrame = 2048): void {
    if (ports.length > FLOOD_GROUP_MAX) throw new RangeError('flood group too large');
    this.floodPorts = Int32Array.from(ports);
    while (this.copies.length < ports.length) this.copies.push(new Uint8Array(maxFrame));
  }

  private insert(key: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) throw new RangeError('table full');
    const hi = (key - (key >>> 0)) / 4294967296;
    const lo = key | 0;
    const cells = this.cells;
    let i = hash(hi, lo) & this.mask;
    while (cells[i << 2] !== EMPTY && !(cells[i << 2] === hi && cells[(i << 2) + 1] === lo)) i = (i + 1) & this.mask;
    if (cells[i << 2] === EMPTY) this.count++;
    cells[i << 2] = hi;
    cells[(i << 2) + 1] = lo;
    cells[(i << 2) + 2] = value;
  }

  /** Receives `buffer[offset, offset + length)` on `inPort` and processes it to the end. */
  receive(inPort: number, b: Uint8Array, p: number, length: number): void {
    this.received++;
    this.rxByPort[inPort]++;
    // parse
    let dstHi = 0;
    let dstLo = 0;
    let srcHi = 0;
    let srcLo = 0;
    let type = 0;
    const valid = length >= 14;
    if (valid) {
      dstHi = (b[p]! << 8) | b[p + 1]!;
      dstLo = (b[p + 2]! << 24) | (b[p + 3]! << 16) | (b[p + 4]! << 8) | b[p + 5]!;
      srcHi = (b[p + 6]! << 8) | b[p + 7]!;
      srcLo = (b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!;
      type = (b[p + 12]! << 8) | b[p + 13]!;
    }
    // ingress: mac_table
    const cells = this.cells;
    const mask = this.mask;
    let i = hash(dstHi, dstLo) & mask;
    let value = this.defaultValue;
    for (;;) {
      const c = i << 2;
      const h = cells[c]!;
      if (h === EMPTY) break;
      if (h === dstHi && cells[c + 1] === dstLo) {
        value = cells[c + 2]!;
        break;
      }
      i = (i + 1) & mask;
    }
    const action = value >>> 24;
    if (action === ACT_FORWARD) {
      const port = value & 0xffff;
      if (port === DROP_PORT) {
        this.dropped++;
        return;
      }
      // egress (not flooded: nothing to check), deparse, output
      if (valid) writeEthernet(b, p, dstHi, dstLo, srcHi, srcLo, type);
      this.transmitted++;
      this.txByPort[port]++;
      this.output(port, b, p, length);
      return;
    }
    if (action === ACT_DROP) {
      this.dropped++;
      return;
    }
    // flood: a copy per member of group 1; egress drops the copy to the ingress port
    const ports = this.floodPorts;
    const n = ports.length;
    if (n === 0) {
      this.dropped++;
      return;
    }
    for (let k = 0; k < n; k++) {
      const port = ports[k]!;
      if (port === inPort) {
        this.dropped++;
        continue;
      }
      const last = k === n - 1;
      const out = last ? b : this.copies[k]!;
      const at = last ? p : 0;
      if (!last) for (let j = 0; j < length; j++) out[j] = b[p + j]!;
      if (valid) writeEthernet(out, at, dstHi, dstLo, srcHi, srcLo, type);
      this.transmitted++;
      this.txByPort[port]++;
      this.output(port, out, at, length);
    }
  }
}

function writeEthernet(b: Uint8Array, p: number, dstHi: number, dstLo: number, srcHi: number, srcLo: number, type: number): void {
  b[p] = dstHi >>> 8;
  b[p + 1] = dstHi;
  b[p + 2] = dstLo >>> 24;
  b[p + 3] = dstLo >>> 16;
  b[p + 4] = dstLo >>> 8;
  b[p + 5] = dstLo;
  b[p + 6] = srcHi >>> 8;
  b[p + 7] = srcHi;
  b[p + 8] = srcLo >>> 24;
  b[p + 9] = srcLo >>> 16;
  b[p + 10] = srcLo >>> 8;
  b[p + 11] = srcLo;
  b[p + 12] = type >>> 8;
  b[p + 13] = type;
}

/** Mixes the key's two halves (multiply-xorshift). */
function hash(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
