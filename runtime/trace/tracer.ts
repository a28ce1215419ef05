/**
 * The tracer a switch and a program compiled with tracing report to. It builds the events of
 * `events.ts` and hands each to a sink as it happens. Nothing here runs unless tracing was asked
 * for: programs compiled without it contain no calls, and the switch checks for a tracer only
 * where a packet's path branches (end of ingress, park, drop, output), not per header or table.
 */
import type { TraceEvent, TracedField, TraceValue } from './events.ts';

export type TraceSink = (event: TraceEvent) => void;

/** What a table reports about itself (the control plane's `RuntimeTable` fits). */
export interface TracedTable {
  readonly name: string;
  readonly keys: readonly { readonly name: string; readonly width: number }[];
  readonly description: { readonly actions: readonly { readonly id: number; readonly name: string; readonly params: readonly { readonly name: string; readonly width: number }[] }[] };
}

/** The action a lookup chose (the control plane's `TableResult` fits). */
export interface TracedLookup {
  readonly actionId: number;
  readonly args: readonly (number | bigint)[];
}

/** The extern sites of a program compiled with tracing: what each calls and its P4 source line. */
export interface TracedSite {
  /** The site's number, which is also its resume number (`d.resumeSite`). */
  readonly id: number;
  readonly what: string;
  readonly source: string;
}

export class Tracer {
  private readonly sink: TraceSink;
  private sites: ReadonlyMap<number, TracedSite> = new Map();

  constructor(sink: TraceSink) {
    this.sink = sink;
  }

  /** The extern sites of the program being traced (numbered as `resumeSite`). */
  useSites(sites: readonly TracedSite[] | undefined): void {
    this.sites = new Map((sites ?? []).map((s) => [s.id, s]));
  }

  // reported by the switch -------------------------------------------------------------------

  receive(packet: number, port: number, length: number): void {
    this.sink({ kind: 'receive', packet, port, length });
  }

  stage(packet: number, stage: string, block: string): void {
    this.sink({ kind: 'stage', packet, stage, block });
  }

  /** `site`: the IR number of the extern site (`task.site`). */
  park(packet: number, site: number): void {
    const s = this.site(site);
    this.sink({ kind: 'park', packet, site, what: s.what, source: s.source });
  }

  resume(packet: number, site: number): void {
    const s = this.site(site);
    this.sink({ kind: 'resume', packet, site, what: s.what, source: s.source });
  }

  log(packet: number, message: string): void {
    this.sink({ kind: 'log', packet, message });
  }

  egress(packet: number, port: number): void {
    this.sink({ kind: 'egress', packet, port });
  }

  multicast(packet: number, group: number, copy: number, port: number, rid: number): void {
    this.sink({ kind: 'multicast', packet, group, copy, port, rid });
  }

  clone(packet: number, clone: number, session: number, from: 'ingress' | 'egress'): void {
    this.sink({ kind: 'clone', packet, clone, session, from });
  }

  resubmit(packet: number): void {
    this.sink({ kind: 'resubmit', packet });
  }

  recirculate(packet: number, length: number): void {
    this.sink({ kind: 'recirculate', packet, length });
  }

  transmit(packet: number, port: number, length: number): void {
    this.sink({ kind: 'transmit', packet, port, length });
  }

  drop(packet: number, reason: string): void {
    this.sink({ kind: 'drop', packet, reason });
  }

  // reported by a program compiled with tracing ----------------------------------------------

  parserState(packet: number, state: string, source: string): void {
    this.sink({ kind: 'parser-state', packet, state, source });
  }

  /** `layout`: the header's fields as [P4 name, width (0: a boolean), property of `h`]. */
  extract(packet: number, header: string, h: object, layout: readonly (readonly [string, number, string])[]): void {
    const values = h as Record<string, TraceValue>;
    this.sink({ kind: 'extract', packet, header, fields: layout.map(([name, width, property]) => ({ name, width, value: values[property]! })) });
  }

  parserError(packet: number, error: string): void {
    this.sink({ kind: 'parser-error', packet, error });
  }

  table(packet: number, table: TracedTable, source: string, key: readonly TraceValue[], hit: boolean, r: TracedLookup): void {
    const action = table.description.actions.find((a) => a.id === r.actionId);
    const keyFields: TracedField[] = table.keys.map((k, i) => ({ name: k.name, width: k.width, value: key[i]! }));
    const args: TracedField[] = (action?.params ?? []).map((p, i) => ({ name: p.name, width: p.width, value: r.args[i]! }));
    this.sink({ kind: 'table', packet, table: table.name, source, key: keyFields, hit, action: action?.name ?? `action ${r.actionId}`, args });
  }

  private site(site: number): TracedSite {
    return this.sites.get(site) ?? { id: site, what: `extern site ${site}`, source: '?' };
  }
}

/** The extern site a task comes from (tasks of generated code carry `site`), or -1: what a switch reports when a packet parks or resumes. */
export function siteOf(task: object): number {
  const site = (task as { site?: unknown }).site;
  return typeof site === 'number' ? site : -1;
}
