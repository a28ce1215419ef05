/** Packet traces: events, the tracer that builds them, and their text and JSON forms. */
export type { TraceEvent, TraceEventKind, TracedField, TraceValue } from './events.ts';
export { formatTraceEvent, formatTraceValue, traceEventJson } from './format.ts';
export { siteOf, Tracer, type TracedLookup, type TracedSite, type TracedTable, type TraceSink } from './tracer.ts';
