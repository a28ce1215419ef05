import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgramModule } from '../../../runtime/loader/index.ts';

const RUNTIME = new URL('../../../runtime/', import.meta.url).pathname;

/** A minimal generated module (sync mode, every packet to `port`). */
function moduleText(port: number): string {
  return `import { NamedObjectRegistry, type SyncProgram } from '${RUNTIME}v1model/index.ts';
export const p4info = { tables: [], port: ${port} };
export function createProgram(): SyncProgram<{ n: number }> {
  return {
    name: 'fixed', mode: 'sync', liveNumbers: 0, liveBigints: 0, liveRefs: 0,
    objects: new NamedObjectRegistry(),
    createState: () => ({ n: 0 }), resetState: () => {}, resetMetadata: () => {}, copyState: () => {},
    fieldLists: [],
    parser: () => {}, verifyChecksum: () => {},
    ingress: (d) => { d.std.egress_spec = ${port}; },
    egress: () => {}, computeChecksum: () => {}, deparser: () => {},
  };
}
`;
}

describe('loadProgramModule', () => {
  it('loads generated TypeScript and gives a fresh module for each load', async () => {
    const a = await loadProgramModule(moduleText(3));
    const b = await loadProgramModule(moduleText(4));
    expect(a.p4info).toEqual({ tables: [], port: 3 });
    expect(b.p4info).toEqual({ tables: [], port: 4 });
    expect(a.createProgram().name).toBe('fixed');
  });

  it('keeps the file in a given directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p4ts-load-test-'));
    try {
      await loadProgramModule(moduleText(1), dir, { name: 'l2' });
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^l2\..*\.mts$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects a module without createProgram', async () => {
    await expect(loadProgramModule('export const p4info = {};')).rejects.toThrow(/does not export createProgram/);
  });
});
