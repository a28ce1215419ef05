/** `net up` and `net down` of a parsed topology: the plan run, undone when a step fails. */
import { existingNamespaces, runCommands } from './apply.ts';
import { downCommands, namespaces, upCommands } from './plan.ts';
import type { Topology } from './topology.ts';

export type NetResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Creates the namespaces and devices of `t`. Refuses when one of its namespaces exists already;
 * when a command fails, removes what it made and says which command failed and why.
 */
export function netUp(t: Topology, log?: (line: string) => void): NetResult {
  const existing = existingNamespaces();
  const taken = namespaces(t).filter((n) => existing.has(n));
  if (taken.length > 0) return { ok: false, message: `${taken.length > 1 ? 'namespaces' : 'namespace'} ${taken.join(', ')} ${taken.length > 1 ? 'exist' : 'exists'} already (p4ts net down first)` };
  const failure = runCommands(upCommands(t), log);
  if (failure === undefined) return { ok: true };
  netDown(t);
  return { ok: false, message: `'${failure.command.join(' ')}' failed: ${failure.message} (everything made was removed)` };
}

/** Removes the namespaces of `t` that exist (with every device in them). */
export function netDown(t: Topology, log?: (line: string) => void): NetResult {
  const existing = existingNamespaces();
  const failure = runCommands(
    downCommands(t).filter((c) => existing.has(c[c.length - 1]!)),
    log,
  );
  return failure === undefined ? { ok: true } : { ok: false, message: `'${failure.command.join(' ')}' failed: ${failure.message}` };
}
