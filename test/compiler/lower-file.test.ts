import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { lowerFile } from '../../compiler/lower-file.ts';

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}/${name}.p4`, import.meta.url));

describe('lowerFile', () => {
  it('lowers a program to IR with the six v1model stages and locates spans in the source', () => {
    const r = lowerFile(example('l2fwd'));
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity !== 'warning')).toEqual([]);
    expect(Object.keys(r.ir!.stages)).toEqual(['parser', 'verifyChecksum', 'ingress', 'egress', 'computeChecksum', 'deparser']);
    expect(r.locate(r.ir!.stages.ingress.span)).toMatch(/l2fwd\.p4:\d+$/);
  });

  it('makes every extern call a site with asyncAll', () => {
    const plain = lowerFile(example('l3-router'));
    const all = lowerFile(example('l3-router'), { asyncAll: true });
    expect(plain.ir!.sites.length).toBe(0);
    expect(all.ir!.sites.length).toBeGreaterThan(0);
  });

  it('gives diagnostics and no IR for a missing file or a program that does not check', () => {
    const missing = lowerFile('/nonexistent/missing.p4');
    expect(missing.ok).toBe(false);
    expect(missing.ir).toBeUndefined();
    expect(missing.diagnostics.map((d) => d.code)).toEqual([9002]);
    const bad = lowerFile('bad.p4', { readFile: (p) => (p === 'bad.p4' ? 'control C() { apply { x = 1; } }' : undefined) });
    expect(bad.ok).toBe(false);
    expect(bad.ir).toBeUndefined();
    expect(bad.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});
