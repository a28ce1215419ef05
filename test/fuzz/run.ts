/**
 * The fuzzing harness at length: `npm run fuzz -- [COUNT] [FIRST_SEED]` (default 10,000 from
 * seed 1). Mutants of our own programs (mutate.ts) go through `check` in a child process, each
 * under a time limit (30 s of wall clock, generous on a loaded machine): a mutant that throws,
 * ends with an internal error or does not finish in time is a failure, printed with its seed
 * (`FUZZ_SEED=N npx vitest run test/fuzz` or this script with FIRST_SEED=N replays it). Exits 1
 * on any failure.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkMutant } from './check-mutant.ts';
import { corpusPrograms, mutantOf } from './mutate.ts';

const LIMIT_MS = 30_000;

interface Done {
  readonly seed: number;
  readonly failure: string | undefined;
  readonly ms: number;
}

if (process.argv[2] === '--child') {
  // The child: checks the seeds it is sent, one at a time.
  const programs = corpusPrograms();
  process.on('message', (seed: number) => {
    const t0 = performance.now();
    const failure = checkMutant(mutantOf(programs, seed));
    process.send!({ seed, failure, ms: performance.now() - t0 } satisfies Done);
  });
} else {
  const count = Number(process.argv[2] ?? 10_000);
  const first = Number(process.argv[3] ?? 1);
  const programs = corpusPrograms();
  const failures: string[] = [];
  let slowest = { seed: 0, ms: 0 };
  let checked = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let child: ChildProcess | undefined;
  const spawn = (): ChildProcess => fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const one = (seed: number): Promise<Done | 'hang' | 'died'> =>
    new Promise((resolve) => {
      child ??= spawn();
      const c = child;
      const timer = setTimeout(() => {
        cleanup();
        c.kill('SIGKILL');
        child = undefined;
        resolve('hang');
      }, LIMIT_MS);
      const onMessage = (m: Done) => {
        cleanup();
        resolve(m);
      };
      const onExit = () => {
        cleanup();
        child = undefined;
        resolve('died');
      };
      const cleanup = () => {
        clearTimeout(timer);
        c.off('message', onMessage);
        c.off('exit', onExit);
      };
      c.on('message', onMessage);
      c.on('exit', onExit);
      c.send(seed);
    });
  for (let seed = first; seed < first + count; seed++) {
    const r = await one(seed);
    checked++;
    if (r === 'hang' || r === 'died') {
      const m = mutantOf(programs, seed);
      failures.push(`seed ${seed} (${m.source}; ${m.edits.join(', ')}): ${r === 'hang' ? `no result within ${LIMIT_MS / 1000} s` : 'the checking process died (out of memory?)'}`);
    } else {
      if (r.failure !== undefined) failures.push(`seed ${seed} (${mutantOf(programs, seed).source}): ${r.failure}`);
      if (r.ms > slowest.ms) slowest = { seed, ms: r.ms };
    }
    if (checked % 500 === 0) process.stderr.write(`fuzz: ${checked}/${count} checked, ${failures.length} failure(s)\n`);
  }
  child?.kill();
  const cpu = process.cpuUsage(cpu0);
  for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
  process.stdout.write(
    `fuzz: ${checked} mutants of ${programs.length} programs (seeds ${first}..${first + count - 1}): ${failures.length} failure(s); ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s wall, slowest seed ${slowest.seed} ${slowest.ms.toFixed(0)} ms (parent CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)\n`,
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}
