import { describe, expect, it } from 'vitest';
import { checkSource, errorSummary, lineContaining, v1model } from './helpers.ts';

describe('parsers', () => {
  it('requires a start state', () => {
    const src = '#include <core.p4>\nparser p(packet_in pkt) {\n  state s { transition accept; }\n}';
    expect(errorSummary(checkSource(src))).toEqual(['3701@2']);
  });

  it('rejects declaring accept', () => {
    const src = '#include <core.p4>\nparser p(packet_in pkt) {\n  state start { transition accept; }\n  state accept { transition reject; }\n}';
    expect(errorSummary(checkSource(src))).toEqual(['3702@4']);
  });

  it('rejects transitions to unknown states', () => {
    const src = '#include <core.p4>\nparser p(packet_in pkt) {\n  state start { transition nowhere; }\n}';
    expect(errorSummary(checkSource(src))).toEqual(['3703@3']);
  });

  it('checks select keysets', () => {
    const ok = v1model({
      parserStates: `  state start {
    pkt.extract(hdr.h);
    transition select(hdr.h.a, hdr.h.b) {
      (1, 0x0800): accept;
      (2 &&& 3, 0x10 .. 0x20): accept;
      (_, _): reject;
      default: accept;
    }
  }`,
    });
    expect(checkSource(ok).errors).toEqual([]);
    const arity = v1model({ parserStates: '  state start {\n    transition select(hdr.h.a, hdr.h.b) { 1: accept; }\n  }' });
    expect(errorSummary(checkSource(arity))).toEqual([`3704@${lineContaining(arity, 'select(')}`]);
    const type = v1model({ parserStates: '  state start {\n    transition select(hdr.h.a) { true: accept; }\n  }' });
    expect(errorSummary(checkSource(type))).toEqual([`3705@${lineContaining(type, 'select(')}`]);
  });

  it('accepts value sets in select', () => {
    const src = v1model({
      parserStates: '  value_set<bit<8>>(4) vs;\n  state start { transition select(hdr.h.a) { vs: accept; default: reject; } }',
    });
    expect(checkSource(src).errors).toEqual([]);
  });
  it('wants accept or reject reachable from start', () => {
    const loop = (last: string) => `#include <core.p4>\nparser p(packet_in pkt) {\n  state start { transition a; }\n  state a { transition select(pkt.lookahead<bit<1>>()) { 0: start; ${last} } }\n}`;
    expect(errorSummary(checkSource(loop('default: a;')))).toEqual(['3708@2']);
    // A select without a default may fail to match, which rejects; so may a state without a transition.
    expect(errorSummary(checkSource(loop('1: a;')))).toEqual([]);
    const noTransition = '#include <core.p4>\nparser p(packet_in pkt) {\n  state start { transition a; }\n  state a { transition b; }\n  state b { }\n}';
    expect(errorSummary(checkSource(noTransition))).toEqual([]);
    expect(errorSummary(checkSource(loop('default: accept;')))).toEqual([]);
  });
});

describe('controls', () => {
  it('allows direct application of controls', () => {
    const src = `control inner(inout bit<8> x) { apply { x = x + 1; } }
control outer(inout bit<8> y) { apply { inner.apply(y); } }`;
    expect(checkSource(src).errors).toEqual([]);
  });

  it('lets locals shadow parameters', () => {
    expect(checkSource('control c(in bit<8> t) { bit<8> t = 1; apply { } }').errors).toEqual([]);
  });
});
