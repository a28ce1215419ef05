/**
 * The fuzzing harness, briefly: mutants of our own programs (test/fuzz/mutate.ts) through `check`
 * must end with diagnostics — no exception, no internal error (exit code 2). `npm run fuzz`
 * (test/fuzz/run.ts) runs thousands, each under a time limit.
 */
import { describe, expect, it } from 'vitest';
import { checkMutant } from './check-mutant.ts';
import { corpusPrograms, mutantOf, prng, mutate } from './mutate.ts';

const BRIEF = 60;

describe('fuzzing check with mutants of our programs', () => {
  it('makes the same mutant from the same seed, and a different one from another', () => {
    const text = 'control C(inout bit<8> x) { apply { x = x + 1; } }';
    expect(mutate(text, prng(7))).toEqual(mutate(text, prng(7)));
    const many = new Set(Array.from({ length: 20 }, (_, i) => mutate(text, prng(i)).text));
    expect(many.size).toBeGreaterThan(10);
  });

  it(`finds no exception and no internal error in ${BRIEF} mutants`, () => {
    const programs = corpusPrograms();
    expect(programs.length).toBeGreaterThan(20);
    const start = Number(process.env['FUZZ_SEED'] ?? 1);
    const failures: string[] = [];
    for (let seed = start; seed < start + BRIEF; seed++) {
      const mutant = mutantOf(programs, seed);
      const failure = checkMutant(mutant);
      if (failure !== undefined) failures.push(`seed ${seed} (${mutant.source}; ${mutant.edits.join(', ')}): ${failure}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
