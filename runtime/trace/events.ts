/**
 * What a packet trace says: one event per step of a packet instance through the switch. The
 * generated program reports its own steps (parser states, extractions, table applies) when it
 * was compiled with tracing; the switch reports the rest (arrival, extern sites, the end of
 * ingress, copies, output, drop). `packet` is the instance's id (clones and multicast copies get
 * ids of their own and say whose copy they are).
 */

/** A field value as traced: numbers up to 53 bits, bigints beyond, booleans. */
export type TraceValue = number | bigint | boolean;

/** Fields of an extracted header or a table key, with their bit widths (0: a boolean). */
export interface TracedField {
  readonly name: string;
  readonly value: TraceValue;
  readonly width: number;
}

export type TraceEvent =
  | { readonly kind: 'receive'; readonly packet: number; readonly port: number; readonly length: number }
  | { readonly kind: 'stage'; readonly packet: number; readonly stage: string; readonly block: string }
  | { readonly kind: 'parser-state'; readonly packet: number; readonly state: string; readonly source: string }
  | { readonly kind: 'extract'; readonly packet: number; readonly header: string; readonly fields: readonly TracedField[] }
  | { readonly kind: 'parser-error'; readonly packet: number; readonly error: string }
  | {
      readonly kind: 'table';
      readonly packet: number;
      readonly table: string;
      readonly source: string;
      readonly key: readonly TracedField[];
      readonly hit: boolean;
      readonly action: string;
      readonly args: readonly TracedField[];
    }
  | { readonly kind: 'park'; readonly packet: number; readonly site: number; readonly what: string; readonly source: string }
  | { readonly kind: 'resume'; readonly packet: number; readonly site: number; readonly what: string; readonly source: string }
  | { readonly kind: 'log'; readonly packet: number; readonly message: string }
  | { readonly kind: 'egress'; readonly packet: number; readonly port: number }
  /** One member of a multicast group (`group` 0: one replica of a clone session's own list): `copy` is the instance that goes to `port` (the last member's is the packet itself). */
  | { readonly kind: 'multicast'; readonly packet: number; readonly group: number; readonly copy: number; readonly port: number; readonly rid: number }
  | { readonly kind: 'clone'; readonly packet: number; readonly clone: number; readonly session: number; readonly from: 'ingress' | 'egress' }
  | { readonly kind: 'resubmit'; readonly packet: number }
  | { readonly kind: 'recirculate'; readonly packet: number; readonly length: number }
  | { readonly kind: 'transmit'; readonly packet: number; readonly port: number; readonly length: number }
  | { readonly kind: 'drop'; readonly packet: number; readonly reason: string };

export type TraceEventKind = TraceEvent['kind'];
