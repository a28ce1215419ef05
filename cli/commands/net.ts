/**
 * `p4ts net up|down|ports TOPOLOGY.json`: host network namespaces, each with a kernel VXLAN
 * device wired to a port of a p4ts switch that runs in a namespace of its own (`cli/net/`).
 * `up` and `down` need root; `ports` prints the `--port` options of the switch.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from './catalogue.ts';
import { missingTools, netDown, netUp, parseTopology, portSpecs, switchNamespace, hostNamespace, type Topology } from '../net/index.ts';

export function registerNetCommand(program: Command): void {
  const net = program.command('net').description(COMMAND_DESCRIPTIONS.net);
  net
    .command('up')
    .description('create the namespaces and devices of a topology file')
    .argument('<topology.json>', 'the topology')
    .option('-v, --verbose', 'print each command run', false)
    .action((file: string, flags: { verbose: boolean }) => {
      const t = readTopology(file);
      if (t === undefined || !canManage('up')) return;
      const r = netUp(t, flags.verbose ? (l) => process.stderr.write(`+ ${l}\n`) : undefined);
      if (!r.ok) return fail(`net up: ${r.message}`);
      const ports = portSpecs(t)
        .map((p) => `--port ${p}`)
        .join(' ');
      process.stdout.write(
        [
          `created ${t.hosts.length} hosts: ${t.hosts.map((h) => `${hostNamespace(t, h)} (port ${h.port}, ${h.mac}${h.addresses.length > 0 ? `, ${h.addresses.join(' ')}` : ''})`).join(', ')}; the switch's namespace ${switchNamespace(t)}`,
          'run the switch there:',
          `  ip netns exec ${switchNamespace(t)} npx p4ts run PROGRAM.p4 --live ${ports} [--entries ENTRIES.json]`,
          `and commands on a host: ip netns exec ${hostNamespace(t, t.hosts[0]!)} COMMAND; remove it all: p4ts net down ${file}`,
          '',
        ].join('\n'),
      );
    });
  net
    .command('down')
    .description('remove the namespaces of a topology file (and every device in them)')
    .argument('<topology.json>', 'the topology')
    .option('-v, --verbose', 'print each command run', false)
    .action((file: string, flags: { verbose: boolean }) => {
      const t = readTopology(file);
      if (t === undefined || !canManage('down')) return;
      const r = netDown(t, flags.verbose ? (l) => process.stderr.write(`+ ${l}\n`) : undefined);
      if (!r.ok) fail(`net down: ${r.message}`);
    });
  net
    .command('ports')
    .description("print the switch's --port options for a topology file, one per line")
    .argument('<topology.json>', 'the topology')
    .action((file: string) => {
      const t = readTopology(file);
      if (t !== undefined) process.stdout.write(portSpecs(t).map((p) => `--port ${p}\n`).join(''));
    });
}

function readTopology(file: string): Topology | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`${file}: error: cannot read (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  const r = parseTopology(text, file);
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`${e}\n`);
    process.exitCode = 1;
    return undefined;
  }
  return r.topology;
}

/** Root and the tools are there; else says what is missing and sets exit code 1. */
function canManage(what: string): boolean {
  if (process.getuid?.() !== 0) {
    fail(`net ${what}: needs root (it creates network namespaces and devices): run it as root, e.g. with sudo`);
    return false;
  }
  const missing = missingTools();
  if (missing.length > 0) {
    fail(`net ${what}: missing ${missing.join(', ')}`);
    return false;
  }
  return true;
}

function fail(message: string): void {
  process.stderr.write(`p4ts: ${message}\n`);
  process.exitCode = 1;
}
