import type { V1SwitchStats } from '../runtime/v1model/switch-stats.ts';

/**
 * What `p4ts run` prints: packets in (per input port), out per port, dropped by reason, and the
 * balance `in + created = out + dropped` (created: clones and multicast copies).
 */
export function formatRunSummary(stats: V1SwitchStats, inByPort: ReadonlyMap<number, number>, written: readonly string[]): string {
  const lines: string[] = [];
  const perPort = (entries: [number, number][]): string => entries.map(([p, n]) => `port ${p}: ${n}`).join(', ');
  const ins = [...inByPort].sort((a, b) => a[0] - b[0]);
  lines.push(`in: ${stats.received}${ins.length > 0 ? ` (${perPort(ins)})` : ''}`);
  const outs: [number, number][] = [];
  stats.txByPort.forEach((n, port) => {
    if (n > 0) outs.push([port, n]);
  });
  lines.push(`out: ${stats.transmitted}${outs.length > 0 ? ` (${perPort(outs)})` : ''}`);
  const drops = [...stats.dropsByReason].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  lines.push(`dropped: ${stats.dropped}${drops.length > 0 ? ` (${drops.map(([r, n]) => `${r}: ${n}`).join(', ')})` : ''}`);
  if (stats.created > 0) lines.push(`created: ${stats.created} (clones and multicast copies)`);
  lines.push(`${stats.received} in + ${stats.created} created = ${stats.transmitted} out + ${stats.dropped} dropped`);
  for (const w of written) lines.push(`wrote ${w}`);
  return `${lines.join('\n')}\n`;
}
