import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import { readSourceText } from '../../../compiler/source/index.ts';
import { OP_SITE_SHAPES, syntheticProgram } from '../../../bench/calibrate/programs.ts';
import { streamVariant } from '../../../bench/calibrate/variants.ts';

function code(shape: (typeof OP_SITE_SHAPES)['esp']): string {
  const path = `/calibrate/${shape.name}.p4`;
  const text = syntheticProgram(shape);
  const r = compileFile(path, { mode: 'sync', readFile: (p) => (p === path ? text : readSourceText(p)) });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.code!;
}

describe('the calibration’s streaming variants', () => {
  it('the ESP and AES site programs run every extern frame through their operation in sync-inline (none dropped), with the SA and key configured', async () => {
    for (const shape of [OP_SITE_SHAPES.esp, OP_SITE_SHAPES.aes]) {
      const v = await streamVariant({ code: code(shape), name: shape.name, share: 1, burst: 32, variant: 'sync-inline', ipv4: true });
      try {
        let out = 0;
        for (let i = 0; i < 4; i++) out += v.batch();
        expect(out).toBe(4 * 256);
        // one thread: no task went to a worker
        expect(v.counters!()).toMatchObject({ helped: 0, offloaded: 0 });
      } finally {
        v.close();
      }
    }
  });

  it('the ESP site drops frames without an IPv4 packet after the header: the operation does run on the extern frames', async () => {
    const v = await streamVariant({ code: code(OP_SITE_SHAPES.esp), name: 'esp', share: 1, burst: 32, variant: 'sync-inline' });
    try {
      expect(() => v.batch()).toThrow(/dropped/);
    } finally {
      v.close();
    }
  });
});
