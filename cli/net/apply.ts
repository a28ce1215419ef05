/** Runs the commands of a `net` plan, stopping at the first that fails. */
import { spawnSync } from 'node:child_process';
import type { Command } from './plan.ts';

export interface CommandFailure {
  readonly command: Command;
  readonly message: string;
}

/** Runs `commands` in order; returns the first failure (nothing after it is run), or undefined. */
export function runCommands(commands: readonly Command[], log?: (line: string) => void): CommandFailure | undefined {
  for (const command of commands) {
    log?.(command.join(' '));
    const r = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 10_000 });
    if (r.error !== undefined) return { command, message: r.error.message };
    if (r.status !== 0) return { command, message: (r.stderr || r.stdout || `exit code ${r.status}`).trim() };
  }
  return undefined;
}

/** The network namespaces that exist now (`ip netns list`). */
export function existingNamespaces(): Set<string> {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 });
  const names = new Set<string>();
  if (r.status !== 0) return names;
  for (const line of r.stdout.split('\n')) {
    const name = line.split(' ')[0];
    if (name) names.add(name);
  }
  return names;
}

/** Debian packages of the programs a plan runs, for those not installed. */
export function missingTools(): string[] {
  const packages: Record<string, string> = { ip: 'iproute2', bridge: 'iproute2', ethtool: 'ethtool' };
  const missing = new Set<string>();
  for (const [tool, pkg] of Object.entries(packages)) {
    const r = spawnSync(tool, ['-V'], { encoding: 'utf8', timeout: 10_000 });
    if (r.error !== undefined) missing.add(`${tool} (Debian package ${pkg})`);
  }
  return [...missing];
}
