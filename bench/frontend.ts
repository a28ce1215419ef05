/**
 * Front-end timing (not a test): warm time to check a program, for the largest example we
 * have and for a generated 2,000-line program. Pass more files as arguments to time them too
 * (e.g. the reference compiler's largest sample).
 *
 *     npx tsx bench/frontend.ts [FILE.p4 ...]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runFrontEnd } from '../compiler/frontend.ts';

/** A valid v1model program of about `lines` lines: many headers, actions and tables. */
export function syntheticProgram(lines: number): string {
  const parts: string[] = ['#include <core.p4>', '#include <v1model.p4>'];
  // About 27 lines per header (declaration, state, action, table, apply and emit lines).
  const n = Math.max(1, Math.round(lines / 27.4));
  for (let i = 0; i < n; i++) {
    parts.push(`header h${i}_t {`, '    bit<8> a;', '    bit<16> b;', '    bit<32> c;', '    bit<48> d;', '}');
  }
  parts.push('struct headers_t {', ...Array.from({ length: n }, (_, i) => `    h${i}_t h${i};`), '}');
  parts.push('struct meta_t { bit<32> x; bit<16> y; }');
  parts.push('parser P(packet_in pkt, out headers_t hdr, inout meta_t m, inout standard_metadata_t sm) {');
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? `s${i + 1}` : 'accept';
    parts.push(`    state ${i === 0 ? 'start' : `s${i}`} {`, `        pkt.extract(hdr.h${i});`,
      `        transition select(hdr.h${i}.a) {`, `            8w${i % 256}: ${next};`, '            default: accept;', '        }', '    }');
  }
  parts.push('}', 'control VC(inout headers_t hdr, inout meta_t m) { apply { } }');
  parts.push('control I(inout headers_t hdr, inout meta_t m, inout standard_metadata_t sm) {');
  for (let i = 0; i < n; i++) {
    parts.push(`    action a${i}(bit<9> port, bit<32> v) {`, '        sm.egress_spec = port;', `        hdr.h${i}.c = v + hdr.h${i}.c;`,
      `        m.x = m.x ^ (bit<32>) hdr.h${i}.b;`, '    }',
      `    table t${i} {`, `        key = { hdr.h${i}.d : exact; m.x : ternary; }`, `        actions = { a${i}; NoAction; }`,
      '        default_action = NoAction();', '        size = 1024;', '    }');
  }
  parts.push('    apply {');
  for (let i = 0; i < n; i++) parts.push(`        if (hdr.h${i}.isValid()) { t${i}.apply(); }`);
  parts.push('    }', '}');
  parts.push('control E(inout headers_t hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }');
  parts.push('control CC(inout headers_t hdr, inout meta_t m) { apply { } }');
  parts.push('control D(packet_out pkt, in headers_t hdr) {', '    apply {', ...Array.from({ length: n }, (_, i) => `        pkt.emit(hdr.h${i});`), '    }', '}');
  parts.push('V1Switch(P(), VC(), I(), E(), CC(), D()) main;');
  return parts.join('\n');
}

function timeCheck(label: string, path: string, text: string): void {
  const readFile = (p: string): string | undefined => {
    if (p === path) return text;
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  const first = runFrontEnd(path, { readFile });
  if (!first.ok) {
    console.log(`${label}: not accepted (${first.diagnostics[0]?.message ?? '?'})`);
    return;
  }
  for (let i = 0; i < 5; i++) runFrontEnd(path, { readFile }); // warm up
  const runs = 20;
  const start = performance.now();
  for (let i = 0; i < runs; i++) runFrontEnd(path, { readFile });
  const ms = (performance.now() - start) / runs;
  const lines = text.split('\n').length;
  console.log(`${label.padEnd(40)} ${String(lines).padStart(6)} lines  ${ms.toFixed(2).padStart(8)} ms/check (warm, mean of ${runs})`);
}

const synthetic = syntheticProgram(2000);
timeCheck('synthetic 2,000-line program', '/synthetic/big.p4', synthetic);
for (const file of ['examples/l3-router/l3-router.p4', ...process.argv.slice(2)]) {
  timeCheck(file, file, readFileSync(file, 'utf8'));
}
