/**
 * For the namespace tests: whether this machine lets us make network namespaces (root, iproute2,
 * ethtool), topologies made and always removed, a p4ts switch started in the switch namespace
 * (`p4ts run --live`, a child process) and traffic run on the hosts with plain `node`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { missingTools, netDown, netUp, type Topology } from '../../../cli/net/index.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TRAFFIC = fileURLToPath(new URL('./net-traffic.mjs', import.meta.url));

/** Why the namespace tests cannot run here, or undefined when they can. */
export function namespaceSupport(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root (network namespaces need it; CI runs as root)';
  const missing = missingTools();
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const probe = `p4tsprobe${process.pid}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `cannot create a network namespace: ${(r.stderr || String(r.error)).trim()}`;
  spawnSync('ip', ['netns', 'delete', probe]);
  return undefined;
}

/** A topology name unique to this process: `K` and the process id (at most 8 characters). */
export function uniqueName(k: string): string {
  return `${k}${(process.pid % 36 ** 6).toString(36)}`.slice(0, 8);
}

/** Makes the topology's namespaces, runs `body`, and removes them again whatever happens. */
export async function withNet<T>(t: Topology, body: () => Promise<T>): Promise<T> {
  const up = netUp(t);
  if (!up.ok) {
    netDown(t);
    throw new Error(`net up: ${up.message}`);
  }
  try {
    return await body();
  } finally {
    const down = netDown(t);
    if (!down.ok) throw new Error(`net down: ${down.message}`);
  }
}

export interface SwitchRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningSwitch {
  /** SIGTERM, then the output once it has exited (SIGKILL after 20 s). */
  stop(): Promise<SwitchRun>;
}

/** Starts `p4ts run ARGS --live` in namespace `ns`; resolves once it listens on its ports. */
export function startSwitch(ns: string, args: readonly string[], readyTimeoutMs = 90_000): Promise<RunningSwitch> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, 'bin/p4ts.js', 'run', '--live', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<SwitchRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const stop = async (): Promise<SwitchRun> => {
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const r = await exited;
    clearTimeout(kill);
    return r;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then((r) => reject(new Error(`the switch did not start in ${readyTimeoutMs} ms:\n${r.stderr}${r.stdout}`)));
    }, readyTimeoutMs);
    const check = (): void => {
      if (stderr.includes('Ctrl-C stops')) {
        clearTimeout(timer);
        resolve({ stop });
      }
    };
    child.stderr!.on('data', check);
    void exited.then((r) => {
      clearTimeout(timer);
      reject(new Error(`the switch exited (code ${r.code}):\n${r.stderr}${r.stdout}`));
    });
  });
}

/** The JSON line a traffic command ends with (see net-traffic.mjs). */
export type TrafficResult = Readonly<Record<string, number | string>>;

export interface Receiver {
  readonly result: Promise<TrafficResult>;
  /** Asks it to stop (SIGTERM) and print its result. */
  stop(): void;
}

/** A receiver (`tcp-recv`, `udp-echo`) on a host: resolves once it listens. */
export function startReceiver(ns: string, args: readonly string[]): Promise<Receiver> {
  const child = traffic(ns, args);
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  return new Promise((resolve, reject) => {
    let ready = false;
    const result = linesOf(child, (o) => {
      if (!ready && o['ready'] === true) {
        ready = true;
        resolve({ result, stop });
        return false;
      }
      return true;
    });
    result.catch((e: unknown) => {
      if (!ready) reject(e as Error);
    });
  });
}

/** A sender (`tcp-send`, `udp-ping`) on a host: its result. */
export function runSender(ns: string, args: readonly string[]): Promise<TrafficResult> {
  return linesOf(traffic(ns, args), () => true);
}

function traffic(ns: string, args: readonly string[]): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, process.execPath, TRAFFIC, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The first JSON line `accept` takes as the result; rejects on an `error` line or an exit without a result. */
function linesOf(child: ChildProcess, accept: (o: Record<string, unknown>) => boolean): Promise<TrafficResult> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    let settled = false;
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const o = JSON.parse(line) as Record<string, unknown>;
        if (typeof o['error'] === 'string') {
          settled = true;
          reject(new Error(o['error']));
        } else if (!settled && accept(o)) {
          settled = true;
          resolve(o as TrafficResult);
        }
      }
    });
    child.on('close', (code) => {
      if (!settled) reject(new Error(`traffic ${child.spawnargs.slice(5).join(' ')} exited with ${code} without a result: ${stderr}`));
    });
  });
}
