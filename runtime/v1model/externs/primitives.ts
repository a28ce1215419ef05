/**
 * v1model primitive externs, as helpers the generated code calls with the packet descriptor.
 * They record requests on the descriptor; the switch acts on them at the end of the pipeline,
 * in simple_switch's order (see `switch.ts`).
 */
import type { PacketDescriptor } from '../descriptor.ts';
import { ExternFailure } from '../../tasks/executor.ts';

/**
 * `mark_to_drop(standard_metadata)`: `egress_spec` = drop port and `mcast_grp` = 0 (bmv2's
 * `drop` primitive clears the multicast group too, so the packet is really dropped).
 */
export function markToDrop(d: PacketDescriptor<unknown>): void {
  d.std.egress_spec = d.services.dropPort;
  d.std.mcast_grp = 0;
}

/**
 * `clone(type, session)`: clone at the end of the current pipeline without preserving metadata.
 * As in bmv2 the kind of clone follows the pipeline it is called from (ingress → I2E, egress →
 * E2E); the type argument is accepted for the signature. The last call in a pipeline wins.
 */
export function clone(d: PacketDescriptor<unknown>, _type: number, session: number): void {
  d.cloneSession = session >>> 0;
  d.cloneFieldList = -1;
}

/** `clone_preserving_field_list(type, session, index)`: also copies the `@field_list(index)` fields. */
export function clonePreservingFieldList(d: PacketDescriptor<unknown>, _type: number, session: number, index: number): void {
  d.cloneSession = session >>> 0;
  d.cloneFieldList = index;
}

/** `resubmit_preserving_field_list(index)` (ingress only). The last call wins. */
export function resubmitPreservingFieldList(d: PacketDescriptor<unknown>, index: number): void {
  d.resubmitFieldList = index;
}

/** `recirculate_preserving_field_list(index)` (egress only). The last call wins. */
export function recirculatePreservingFieldList(d: PacketDescriptor<unknown>, index: number): void {
  d.recirculateFieldList = index;
}

/** `truncate(length)`: the transmitted (or recirculated) packet keeps at most `length` bytes. */
export function truncate(d: PacketDescriptor<unknown>, length: number): void {
  d.truncateLength = length >>> 0;
}

/**
 * `digest<T>(receiver, data)`: `data` must be a fresh snapshot built by the generated code (an
 * object literal of the field values at the call). Delivered to the control plane at the end of
 * ingress, even if the packet is then dropped or resubmitted; the last call wins, as in bmv2.
 * (bmv2 reads the field values at the end of ingress; P4-16 says at the call — this follows P4-16.)
 */
export function digest(d: PacketDescriptor<unknown>, receiver: number, data: object, type = ''): void {
  d.digestReceiver = receiver >>> 0;
  d.digestData = data;
  d.digestType = type;
}

/** `random(result, lo, hi)` for `bit<W>`, W ≤ 53. */
export function random(d: PacketDescriptor<unknown>, lo: number, hi: number): number {
  return d.services.random(lo, hi);
}

/** `random(result, lo, hi)` for `bit<W>`, W > 53. */
export function randomBig(d: PacketDescriptor<unknown>, lo: bigint, hi: bigint): bigint {
  return d.services.randomBig(lo, hi);
}

export type LogValue = number | bigint | boolean;

/** `log_msg(format, {args})`: formats and sends the message to the switch's log sink. */
export function logMsg(d: PacketDescriptor<unknown>, format: string, args?: readonly LogValue[]): void {
  d.services.log(d, args === undefined || args.length === 0 ? unescapeBraces(format) : formatLogMessage(format, args));
}

/**
 * bmv2's `log_msg` formatting: each `{}` (any `{...}`) is replaced by the next argument in
 * decimal (booleans as 1/0); `\{` and `\}` are literal braces. bmv2 aborts on a missing `}` or
 * an argument count mismatch; here a placeholder without an argument is left as is and extra
 * arguments are ignored (the compiler checks the count statically).
 */
export function formatLogMessage(format: string, args: readonly LogValue[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (ch === '\\' && (format[i + 1] === '{' || format[i + 1] === '}')) {
      out += format[i + 1];
      i += 2;
      continue;
    }
    if (ch === '{') {
      let j = i + 1;
      while (j < format.length && !(format[j] === '}' && format[j - 1] !== '\\')) j++;
      if (j < format.length && argIndex < args.length) {
        out += showValue(args[argIndex++]!);
        i = j + 1;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function unescapeBraces(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\([{}])/g, '$1');
}

function showValue(v: LogValue): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return v.toString(10);
}

/**
 * Thrown by `assert`/`assume` on a false condition; the switch catches it and ends the packet.
 * bmv2 aborts the whole switch process on a failing assert/assume. Here, by default
 * (`assertPolicy: 'drop'`), only the packet ends, dropped with reason `assert-failed` /
 * `assume-failed`, and the run goes on; with `assertPolicy: 'abort'` the packet is accounted as
 * dropped and the error is rethrown from the switch's run method, stopping the run like bmv2.
 */
export class PacketAbort extends Error {
  constructor(
    readonly kind: 'assert' | 'assume',
    readonly packetId: number,
  ) {
    super(`${kind} failed (packet ${packetId})`);
    this.name = 'PacketAbort';
  }
}

/** `assert(check)`. */
export function v1Assert(d: PacketDescriptor<unknown>, check: boolean): void {
  if (!check) throw new PacketAbort('assert', d.packetId);
}

/** `assume(check)`: treated like assert at run time (as bmv2 does). */
export function v1Assume(d: PacketDescriptor<unknown>, check: boolean): void {
  if (!check) throw new PacketAbort('assume', d.packetId);
}

/**
 * A parser that went back to an earlier state more than `V1MODEL_PARSER_LOOP_LIMIT` times for one
 * packet (a loop that does not end): `parser_error` = `error` (the program's number of
 * `ParserTimeout`), and the switch drops the packet with reason `parser-timeout` (it takes the
 * reason from the thrown `ExternFailure`, as for an extern that failed).
 */
export function parserTimeout(d: PacketDescriptor<unknown>, error: number): never {
  d.std.parser_error = error;
  throw new ExternFailure('parser-timeout');
}
