/**
 * End to end through the kernel: hosts h1 and h2 in network namespaces of their own, each with a
 * VXLAN device wired (`p4ts net up`) to a port of a p4ts switch running in the switch's namespace
 * (`p4ts run --live`), exchange UDP datagrams and a TCP stream of a few MB — through
 * examples/l2fwd, examples/l3-router (the TTL decremented on the way) and a pair of IPsec
 * gateways (examples/ipsec-esp: the tunnel between them carries nothing but ESP) — in sync and
 * longjump modes. Needs root; elsewhere the tests are skipped with the reason printed. Every
 * test removes its namespaces, also when it fails; traffic stays inside them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { existingNamespaces, hostNamespace, netUp, parseTopology, portSpecs, switchNamespace, type Topology } from '../../../cli/net/index.ts';
import { readPcapFile } from '../../../runtime/io/pcap.ts';
import { invoke } from '../invoke.ts';
import { namespaceSupport, runSender, startReceiver, startSwitch, uniqueName, withNet, type SwitchRun } from './net-harness.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const MODES = ['sync', 'longjump'] as const;
const TCP_BYTES = 4_000_000;
const UDP_COUNT = 200;
const UDP_SIZE = 1000;
const TEST_MS = 240_000;

const skip = namespaceSupport();
if (skip !== undefined) console.warn(`p4ts net end-to-end tests skipped: ${skip}`);

const dir = mkdtempSync(join(tmpdir(), 'p4ts-net-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An example's topology.json under a name of this process, or an edited copy. */
function topology(file: string, name: string, edit: (t: Record<string, unknown>) => void = () => undefined): Topology {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  json['name'] = uniqueName(name);
  edit(json);
  const r = parseTopology(JSON.stringify(json), file);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.topology;
}

/** A TCP stream from h1 to `to` (an address of h2) arrives byte-identical; UDP datagrams from h1 are echoed back by h2 byte-identical. */
async function exchange(t: Topology, to: string): Promise<void> {
  const [h1, h2] = t.hosts.map((h) => hostNamespace(t, h));
  const tcp = await startReceiver(h2!, ['tcp-recv', to, '9000', '60000']);
  const sent = await runSender(h1!, ['tcp-send', to, '9000', String(TCP_BYTES), '60000']);
  const got = await tcp.result;
  expect(sent.bytes).toBe(TCP_BYTES);
  expect(got).toEqual({ bytes: TCP_BYTES, sha256: sent.sha256 });
  const echo = await startReceiver(h2!, ['udp-echo', to, '9001', '60000']);
  const ping = await runSender(h1!, ['udp-ping', to, '9001', String(UDP_COUNT), String(UDP_SIZE)]);
  echo.stop();
  const echoed = (await echo.result)['echoed'] as number;
  // every datagram echoed back byte-identical; a few may be resent (UDP on a loaded machine)
  expect(ping).toMatchObject({ count: UDP_COUNT, corrupt: 0 });
  expect(echoed).toBeGreaterThanOrEqual(UDP_COUNT);
  expect(echoed).toBeLessThanOrEqual(UDP_COUNT + (ping['resent'] as number));
  expect(ping['resent']).toBeLessThan(UDP_COUNT / 10);
}

/** Lines `port N (…): rx A (…), tx B (…)` of a switch's output → [rx, tx] by port. */
function portCounts(run: SwitchRun): Map<number, [number, number]> {
  const m = new Map<number, [number, number]>();
  for (const [, port, rx, tx] of run.stdout.matchAll(/^port (\d+) \(.*\): rx (\d+) .*, tx (\d+) /gm)) m.set(Number(port), [Number(rx), Number(tx)]);
  return m;
}

const ipv4Frames = (file: string): Uint8Array[] => readPcapFile(file).records.map((r) => r.data).filter((d) => d[12] === 0x08 && d[13] === 0x00);

describe('p4ts net', () => {
  it('ports prints the --port options of the switch', async () => {
    const r = await invoke(['net', 'ports', `${EXAMPLES}l2fwd/topology.json`]);
    expect(r).toEqual({ code: 0, stdout: '--port 1:vxlan:192.168.250.1:4789=192.168.250.2:4789\n--port 2:vxlan:192.168.250.5:4789=192.168.250.6:4789\n', stderr: '' });
  });

  it('up and down say that they need root, and exit 1', async () => {
    const uid = vi.spyOn(process, 'getuid').mockReturnValue(1000);
    try {
      for (const what of ['up', 'down']) {
        const r = await invoke(['net', what, `${EXAMPLES}l2fwd/topology.json`]);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(`p4ts: net ${what}: needs root (it creates network namespaces and devices): run it as root, e.g. with sudo\n`);
      }
    } finally {
      uid.mockRestore();
    }
  });

  it('a bad or missing topology file is an error with its location', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"name": "x",\n "hosts": 3}');
    expect(await invoke(['net', 'ports', bad])).toEqual({ code: 1, stdout: '', stderr: `${bad}:1: error: hosts: expected a non-empty array of hosts\n` });
    const r = await invoke(['net', 'up', join(dir, 'absent.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/absent\.json: error: cannot read/);
  });
});

describe.skipIf(skip !== undefined)('hosts in namespaces through a p4ts switch', () => {
  it('net up undoes what it made when a step fails, and refuses namespaces that exist', async () => {
    const t = topology(`${EXAMPLES}l2fwd/topology.json`, 'd', (json) => {
      (json['hosts'] as Record<string, unknown>[])[1]!['routes'] = [{ to: '10.7.0.0/16', via: '10.9.9.9' }];
    });
    const file = join(dir, 'failing.json');
    writeFileSync(file, JSON.stringify({ ...t, hosts: t.hosts.map(({ mtu: _, ...h }) => h) }));
    const r = await invoke(['net', 'up', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`net up: 'ip -n ${t.name}-h2 route add 10.7.0.0/16 via 10.9.9.9 dev vx0' failed: .*\\(everything made was removed\\)`));
    expect(existingNamespaces().has(`${t.name}-sw`)).toBe(false);
    expect(existingNamespaces().has(`${t.name}-h1`)).toBe(false);
    const good = topology(`${EXAMPLES}l2fwd/topology.json`, 'd');
    await withNet(good, async () => {
      expect(netUp(good)).toEqual({ ok: false, message: `namespaces ${good.name}-sw, ${good.name}-h1, ${good.name}-h2 exist already (p4ts net down first)` });
    });
    expect(existingNamespaces().has(`${t.name}-sw`)).toBe(false);
  });

  for (const mode of MODES) {
    it(`l2fwd, ${mode}: a ${TCP_BYTES / 1e6} MB TCP stream arrives byte-identical, ${UDP_COUNT} UDP datagrams echoed back`, { timeout: TEST_MS }, async () => {
      const t = topology(`${EXAMPLES}l2fwd/topology.json`, 'a');
      await withNet(t, async () => {
        const ports = portSpecs(t).flatMap((p) => ['--port', p]);
        const sw = await startSwitch(switchNamespace(t), [`${EXAMPLES}l2fwd/l2fwd.p4`, '--mode', mode, '--entries', `${EXAMPLES}l2fwd/entries.json`, ...ports]);
        let run: SwitchRun | undefined;
        try {
          await exchange(t, '10.0.0.2');
        } finally {
          run = await sw.stop();
        }
        expect(run.stderr).not.toMatch(/error/);
        const counts = portCounts(run);
        expect(counts.get(1)![0]).toBeGreaterThan(TCP_BYTES / 1500);
        expect(counts.get(2)![1]).toBeGreaterThan(TCP_BYTES / 1500);
      });
    });

    it(`l3-router, ${mode}: TCP and UDP between two subnets, the TTL decremented by one`, { timeout: TEST_MS }, async () => {
      const t = topology(`${EXAMPLES}l3-router/topology.json`, 'b');
      const capture = join(dir, `l3-${mode}`);
      await withNet(t, async () => {
        const ports = portSpecs(t).flatMap((p) => ['--port', p]);
        const sw = await startSwitch(switchNamespace(t), [`${EXAMPLES}l3-router/l3-router.p4`, '--mode', mode, '--entries', `${EXAMPLES}l3-router/entries.json`, '--pcap', capture, ...ports]);
        let run: SwitchRun | undefined;
        try {
          await exchange(t, '10.0.1.1');
        } finally {
          run = await sw.stop();
        }
        expect(run.stderr).not.toMatch(/error/);
      });
      const fromH1 = ipv4Frames(join(capture, 'port1_in.pcap'));
      const toH2 = ipv4Frames(join(capture, 'port2_out.pcap'));
      expect(fromH1.length).toBeGreaterThan(TCP_BYTES / 1500);
      expect(toH2).toHaveLength(fromH1.length);
      expect(new Set(fromH1.map((f) => f[22]))).toEqual(new Set([64]));
      expect(new Set(toH2.map((f) => f[22]))).toEqual(new Set([63]));
      // and the router's MAC addresses on the way out
      expect(new Set(toH2.map((f) => Buffer.from(f.subarray(0, 12)).toString('hex')))).toEqual(new Set(['000000000101' + '000000000a02']));
    });

    it(`IPsec gateway pair, ${mode}: h1 → p4ts (encap) → p4ts (decap) → h2, the tunnel carries only ESP`, { timeout: TEST_MS }, async () => {
      const t = topology(`${EXAMPLES}l2fwd/topology.json`, 'c', (json) => {
        const hosts = json['hosts'] as Record<string, unknown>[];
        hosts[0]!['neighbors'] = [{ address: '10.0.0.2', mac: '00:00:00:00:00:02' }];
        hosts[1]!['neighbors'] = [{ address: '10.0.0.1', mac: '00:00:00:00:00:01' }];
      });
      const capture = join(dir, `esp-${mode}`);
      const sa = (index: number, src: string, dst: string): object => ({ index, spi: `0x100${index + 1}`, suite: 'aes128-cbc-hmac-md5-96', enc_key: '2b7e151628aed2a6abf7158809cf4f3c', auth_key: '000102030405060708090a0b0c0d0e0f', src, dst, iv: 'random' });
      const gateway = (encapSa: number): string => {
        const file = join(dir, `esp-${mode}-${encapSa}.json`);
        const policy = (match: object, action: string, params: object): object => ({ table: 'GatewayIngress.esp_policy', match, action_name: `GatewayIngress.${action}`, action_params: params, priority: 10 });
        writeFileSync(
          file,
          JSON.stringify({
            p4ts_security_associations: [sa(0, '10.99.0.1', '10.99.0.2'), sa(1, '10.99.0.2', '10.99.0.1')],
            table_entries: [policy({ 'std_meta.ingress_port': [1, '0x1ff'] }, 'encapsulate', { sa: encapSa, port: 2 }), policy({ 'std_meta.ingress_port': [2, '0x1ff'], 'meta.protocol': [50, '0xff'] }, 'decapsulate', { port: 1 })],
          }),
        );
        return file;
      };
      await withNet(t, async () => {
        const [toH1, toH2] = portSpecs(t).map((p) => p.replace(/^\d+:/, '1:'));
        const program = [`${EXAMPLES}ipsec-esp/ipsec-esp.p4`, '--mode', mode];
        const ns = switchNamespace(t);
        // both gateways start at once (each is a process of its own); a stop for each, whatever happens
        const started = await Promise.allSettled([
          startSwitch(ns, [...program, '--entries', gateway(0), '--port', toH1!, '--port', '2:udp:127.0.0.1:7001=127.0.0.1:7002', '--pcap', capture]),
          startSwitch(ns, [...program, '--entries', gateway(1), '--port', toH2!, '--port', '2:udp:127.0.0.1:7002=127.0.0.1:7001']),
        ]);
        const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        let runs: SwitchRun[] = [];
        try {
          for (const s of started) if (s.status === 'rejected') throw s.reason;
          await exchange(t, '10.0.0.2');
        } finally {
          runs = await Promise.all(running.map((r) => r.stop()));
        }
        for (const r of runs) expect(r.stderr).not.toMatch(/error/);
      });
      for (const side of ['in', 'out']) {
        const frames = readPcapFile(join(capture, `port2_${side}.pcap`)).records.map((r) => r.data);
        expect(frames.length, side).toBeGreaterThan(side === 'out' ? TCP_BYTES / 1500 : 100);
        const protocols = new Set(frames.map((f) => `${f[12]!.toString(16)}${f[13]!.toString(16).padStart(2, '0')}/${f[23]}`));
        expect(protocols, `tunnel ${side}`).toEqual(new Set(['800/50']));
      }
    });
  }
});

if (skip !== undefined) {
  it.skip(`p4ts net end-to-end tests (skipped: ${skip})`, () => undefined);
}
