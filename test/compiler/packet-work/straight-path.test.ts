/**
 * The headers a straight path writes (`headersRewritten`), as the packet-work walk derives them
 * from the IR, against what the compiler's own straight path does with each emitted header: the
 * generated deparser marks a header it writes only if it moved (`unchanged since the parser`).
 */
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../../compiler/compile.ts';
import { derivePacketWork } from '../../../compiler/packet-work/index.ts';
import { lowerFile } from '../../../compiler/lower-file.ts';
import { EXECUTION_MODES } from '../../../contract/execution-mode.ts';
import { hasStraightPath, hasStraightResume, straightPathModes } from '../../../cli/model/program-work.ts';
import { asRun, straightPathUse } from '../../../runtime/model/index.ts';

const example = (name: string): string => new URL(`../../../examples/${name}/${name}.p4`, import.meta.url).pathname;

/**
 * Headers the generated straight path emits, and of them those it leaves in place unless they moved:
 * written from locals only if they moved (`unchanged since the parser`), or kept in the packet and
 * copied only if they moved (the held header: `if (h$at !== $out) $data.copyWithin(…)`).
 */
function straightDeparser(code: string): { emitted: number; inPlace: number } {
  const body = code.slice(code.indexOf('function straightPath('));
  const deparser = body.slice(body.indexOf('// the emitted headers'), body.indexOf('sw.transmit('));
  return { emitted: (deparser.match(/\$valid\) \{/g) ?? []).length, inPlace: (deparser.match(/unchanged since the parser|\$at !== \$out\) \$data\.copyWithin/g) ?? []).length };
}

describe('the straight path as the model counts it', () => {
  for (const name of ['l2fwd', 'ipsec-esp', 'encrypt', 'custom-extern', 'l3-router']) {
    it(`${name}: the headers the walk says a straight path rewrites are those the generated one writes`, () => {
      const r = compileFile(example(name), { mode: 'sync' });
      expect(r.ok).toBe(true);
      expect(hasStraightPath(r.code!)).toBe(true);
      const generated = straightDeparser(r.code!);
      const work = derivePacketWork(lowerFile(example(name)).ir!).work.plain;
      // every header the program emits is valid on the plain path of these examples
      expect(work.headersEmitted).toBe(generated.emitted);
      expect(work.headersRewritten).toBe(generated.emitted - generated.inPlace);
    });
  }

  it('l2fwd and ipsec-esp leave every header in place (nothing changes them); encrypt rewrites its EtherType, l3-router its MACs and TTL', () => {
    const rewritten = (name: string): [number, number] => {
      const w = derivePacketWork(lowerFile(example(name)).ir!).work.plain;
      return [w.headersRewritten, w.bytesRewritten];
    };
    expect(rewritten('l2fwd')).toEqual([0, 0]);
    expect(rewritten('ipsec-esp')).toEqual([0, 0]);
    expect(rewritten('encrypt')).toEqual([1, 14]);
    expect(rewritten('l3-router')).toEqual([2, 34]);
  });

  it('a program says whether it has a straight path in each mode, as the generated code does', () => {
    for (const mode of EXECUTION_MODES) {
      const r = compileFile(example('ipsec-esp'), { mode });
      expect(hasStraightPath(r.code!)).toBe(!r.code!.includes('// no straight path:'));
    }
  });

  it('asRun: a straight path writes only the rewritten headers; an extern packet that leaves at its site (longjump) writes them all on the stage functions', () => {
    const work = derivePacketWork(lowerFile(example('encrypt')).ir!).work;
    const sync = asRun(work, straightPathUse('sync', true));
    expect([sync.plain.headersEmitted, sync.extern.headersEmitted, sync.extern.afterLastCall.headersEmitted]).toEqual([1, 1, 1]);
    const l3 = asRun(derivePacketWork(lowerFile(example('ipsec-esp')).ir!).work, straightPathUse('longjump', true));
    expect([l3.plain.headersEmitted, l3.plain.bytesEmitted]).toEqual([0, 0]);
    expect([l3.extern.headersEmitted, l3.extern.bytesEmitted]).toEqual([1, 14]);
    const general = asRun(work, straightPathUse('context', false));
    expect(general).toBe(work);
  });

  it('longjump with resume functions (straightResume): a resumed packet finishes in the straight path, writing only the rewritten headers', () => {
    const r = compileFile(example('ipsec-esp'), { mode: 'longjump' });
    expect(hasStraightResume(r.code!)).toBe(true);
    expect(hasStraightResume(compileFile(example('ipsec-esp'), { mode: 'sync' }).code!)).toBe(false);
    const use = straightPathUse('longjump', hasStraightPath(r.code!), hasStraightResume(r.code!));
    expect(use).toEqual({ straight: true, leavesAtSite: false });
    const l3 = asRun(derivePacketWork(lowerFile(example('ipsec-esp')).ir!).work, use);
    expect([l3.extern.headersEmitted, l3.extern.bytesEmitted]).toEqual([0, 0]);
    expect(straightPathModes(example('ipsec-esp')).longjump).toEqual(use);
  });
});
