import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listCorpus } from '../../../cli/testing/corpus.ts';

describe('listCorpus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the programs of the architectures p4ts runs (v1model, PSA by either include name) and skips the others', () => {
    const program = (name: string, include: string) => {
      writeFileSync(join(dir, `${name}.p4`), `#include <core.p4>\n#include ${include}\n`);
      writeFileSync(join(dir, `${name}.stf`), 'packet 0 00\n');
    };
    mkdirSync(join(dir, 'sub'), { recursive: true });
    program('v1', '<v1model.p4>');
    program('psa-plain', '<psa.p4>');
    program('sub/psa-bmv2', '"bmv2/psa.p4"');
    program('ebpf', '<ebpf_model.p4>');
    program('pna', '<pna.p4>');
    writeFileSync(join(dir, 'no-stf.p4'), '#include <psa.p4>\n');
    const listing = listCorpus(dir);
    expect(listing.tests.map((t) => t.name)).toEqual(['psa-plain', 'sub/psa-bmv2', 'v1']);
    expect(listing.skipped).toEqual(['ebpf', 'pna']);
  });
});
