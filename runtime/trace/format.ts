/**
 * Trace events as text (one line each, `packet N: …`, indented inside a stage), as JSON (one
 * object per line, bigints as decimal strings).
 */
import type { TraceEvent, TracedField, TraceValue } from './events.ts';

/** A value as P4 people read it: booleans as words, up to 8 bits in decimal, wider in hex padded to the width. */
export function formatTraceValue(value: TraceValue, width: number): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (width <= 8) return String(value);
  const hex = value.toString(16);
  return `0x${hex.padStart(Math.ceil(width / 4), '0')}`;
}

function fields(list: readonly TracedField[], sep = ' '): string {
  return list.map((f) => `${f.name}=${formatTraceValue(f.value, f.width)}`).join(sep);
}

/** One line of text for an event (without a newline). */
export function formatTraceEvent(e: TraceEvent): string {
  const p = `packet ${e.packet}:`;
  switch (e.kind) {
    case 'receive':
      return `${p} received on port ${e.port} (${e.length} bytes)`;
    case 'stage':
      return `${p} ${e.stage} ${e.block}`;
    case 'parser-state':
      return `${p}   state ${e.state} (${e.source})`;
    case 'extract':
      return `${p}   extracted ${e.header}: ${fields(e.fields)}`;
    case 'parser-error':
      return `${p}   parser error ${e.error}`;
    case 'table':
      return `${p}   table ${e.table} (${e.source}): ${e.key.length > 0 ? `key ${fields(e.key)}` : 'no key'} → ${e.hit ? 'hit' : 'miss'}, ${e.action}(${fields(e.args, ', ')})`;
    case 'park':
      return `${p}   parked at extern site ${e.site}: ${e.what} (${e.source})`;
    case 'resume':
      return `${p}   resumed at extern site ${e.site}: ${e.what} (${e.source})`;
    case 'log':
      return `${p}   log_msg: ${e.message}`;
    case 'egress':
      return `${p} to egress port ${e.port}`;
    case 'multicast':
      return `${p} multicast group ${e.group}: ${e.copy === e.packet ? 'itself' : `copy packet ${e.copy}`} to port ${e.port} (rid ${e.rid})`;
    case 'clone':
      return `${p} ${e.from} clone to session ${e.session}: packet ${e.clone}`;
    case 'resubmit':
      return `${p} resubmitted`;
    case 'recirculate':
      return `${p} recirculated (${e.length} bytes)`;
    case 'transmit':
      return `${p} transmitted on port ${e.port} (${e.length} bytes)`;
    case 'drop':
      return `${p} dropped (${e.reason})`;
  }
}

/** An event as one JSON object (bigints as decimal strings). */
export function traceEventJson(e: TraceEvent): string {
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
