/**
 * The output check of an STF run, with the reference runner's rules (p4c
 * `backends/bmv2/bmv2stf.py`, `checkOutputs` and `comparePacket`):
 *
 * - The switch has an interface for every port named by any `packet` or `expect` line; packets
 *   sent to any other port are not captured, hence not checked.
 * - `expect PORT HEX` lines are the packets expected on PORT, in file order. Order across ports is
 *   not checked.
 * - Every interface must receive exactly its expected packets: one received too many, or too few,
 *   fails — including an interface that only ever appears in `packet` lines (it expects none).
 * - `expect PORT` without data: any number of packets (none too) is fine on PORT, which is then
 *   not checked at all.
 * - A packet matches its pattern nibble by nibble, `*` matching any nibble; a received packet
 *   shorter than the pattern fails; a longer one passes unless the pattern ends with `$`.
 */
import type { StfCommand } from '../io/stf.ts';
import type { StfFailure } from './stf-failure.ts';

type ExpectCommand = Extract<StfCommand, { kind: 'expect' }>;

/** A packet the switch transmitted during the run. */
export interface ReceivedPacket {
  readonly bytes: Uint8Array;
  /** The STF line of the `packet` being processed when it came out (0 before any packet). */
  readonly inputLine: number;
}

export class StfExpectations {
  /** Ports the reference runner creates interfaces for (named by `packet` or `expect`). */
  readonly interfaces: ReadonlySet<number>;
  private readonly expected = new Map<number, ExpectCommand[]>();
  private readonly anyPacket = new Set<number>();

  constructor(commands: readonly StfCommand[]) {
    const interfaces = new Set<number>();
    for (const c of commands) {
      if (c.kind === 'packet') interfaces.add(c.port);
      if (c.kind !== 'expect') continue;
      interfaces.add(c.port);
      if (c.pattern === undefined) this.anyPacket.add(c.port);
      else {
        let list = this.expected.get(c.port);
        if (list === undefined) {
          list = [];
          this.expected.set(c.port, list);
        }
        list.push(c);
      }
    }
    this.interfaces = interfaces;
  }

  /** Is `port` checked (an interface not covered by an `expect PORT` without data)? */
  isChecked(port: number): boolean {
    return this.interfaces.has(port) && !this.anyPacket.has(port);
  }

  /** Compares what each interface received with what it expects. */
  check(received: ReadonlyMap<number, readonly ReceivedPacket[]>): StfFailure[] {
    const failures: StfFailure[] = [];
    for (const port of [...this.interfaces].sort((a, b) => a - b)) {
      if (!this.isChecked(port)) continue;
      const expects = this.expected.get(port) ?? [];
      const packets = received.get(port) ?? [];
      const n = Math.min(expects.length, packets.length);
      for (let i = 0; i < n; i++) {
        const problem = comparePacket(expects[i]!, packets[i]!.bytes);
        if (problem !== undefined) {
          failures.push({ kind: 'mismatch', line: expects[i]!.line, port, message: `packet #${i + 1} ${problem}`, packetLines: lineOf(packets[i]!) });
        }
      }
      if (expects.length > packets.length) {
        const first = expects[packets.length]!;
        failures.push({
          kind: 'missing',
          line: first.line,
          port,
          message: `expected ${expects.length} packet(s), received ${packets.length}: no packet for this expect${expects.length - packets.length > 1 ? ` (nor for ${expects.length - packets.length - 1} more)` : ''}`,
        });
      } else if (packets.length > expects.length) {
        const extra = packets[expects.length]!;
        failures.push({
          kind: 'extra',
          line: extra.inputLine === 0 ? undefined : extra.inputLine,
          port,
          message: `expected ${expects.length} packet(s), received ${packets.length}: unexpected packet #${expects.length + 1} ${toHex(extra.bytes)}`,
          packetLines: lineOf(extra),
        });
      }
    }
    return failures;
  }
}

function lineOf(p: ReceivedPacket): number[] {
  return p.inputLine === 0 ? [] : [p.inputLine];
}

/**
 * Why `packet` does not satisfy `expect` (undefined when it does): the first differing byte
 * offset with the expected pattern and the received bytes in hex.
 */
export function comparePacket(expect: ExpectCommand, packet: Uint8Array): string | undefined {
  const pattern = expect.pattern;
  if (pattern === undefined) return undefined;
  const got = toHex(packet);
  const common = Math.min(pattern.length, got.length);
  for (let i = 0; i < common; i++) {
    const want = pattern[i]!;
    if (want !== '*' && want !== got[i]) {
      return `differs at byte ${i >>> 1}: expected ${pattern}${expect.exact ? '$' : ''}, received ${got}`;
    }
  }
  if (got.length < pattern.length) {
    return `is too short (${packet.length} bytes, differs at byte ${packet.length}): expected ${pattern}${expect.exact ? '$' : ''}, received ${got}`;
  }
  if (expect.exact && got.length > pattern.length) {
    return `is too long (${packet.length} bytes, expected exactly ${pattern.length / 2}, differs at byte ${Math.floor(pattern.length / 2)}): expected ${pattern}$, received ${got}`;
  }
  return undefined;
}

const HEX_DIGITS = '0123456789ABCDEF';

/** Upper-case hex without separators, as STF files write packets. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_DIGITS[bytes[i]! >>> 4]! + HEX_DIGITS[bytes[i]! & 15]!;
  return s;
}
