/** A small v1model program for compiler tests, with the parts a test varies filled in. */
import { readFileSync } from 'node:fs';

export interface SkeletonParts {
  /** Fields of the header `h_t` (default: `bit<8> a;`). */
  readonly fields?: string;
  /** Declarations before the controls (actions at top level, constants, ...). */
  readonly top?: string;
  /** Declarations inside the ingress control. */
  readonly ingress?: string;
  /** The ingress `apply` body. */
  readonly apply?: string;
  /** The parser's states (default: extract `h` and accept). */
  readonly states?: string;
}

export function v1modelProgram(parts: SkeletonParts = {}): string {
  return [
    '#include <core.p4>',
    '#include <v1model.p4>',
    `header h_t { ${parts.fields ?? 'bit<8> a;'} }`,
    'struct H { h_t h; }',
    'struct M { }',
    parts.top ?? '',
    'parser P(packet_in p, out H h, inout M m, inout standard_metadata_t s) {',
    parts.states ?? '  state start { p.extract(h.h); transition accept; }',
    '}',
    'control V(inout H h, inout M m) { apply { } }',
    'control I(inout H h, inout M m, inout standard_metadata_t s) {',
    parts.ingress ?? '',
    `  apply { ${parts.apply ?? ''} }`,
    '}',
    'control E(inout H h, inout M m, inout standard_metadata_t s) { apply { } }',
    'control C(inout H h, inout M m) { apply { } }',
    'control D(packet_out p, in H h) { apply { p.emit(h.h); } }',
    'V1Switch(P(), V(), I(), E(), C(), D()) main;',
    '',
  ].join('\n');
}

/** A `readFile` for the front end: `path` reads as `text`, everything else from the disk. */
export function sourceAt(path: string, text: string): (p: string) => string | undefined {
  return (p) => {
    if (p === path) return text;
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
}
