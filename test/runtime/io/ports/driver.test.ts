/**
 * Ports driven into a running switch (examples/l2fwd): pcap file pairs replayed and recorded, and
 * VXLAN and raw-UDP ports over loopback, with a test socket as the peer on the other end.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ethernet, toHex } from '../../../../examples/frames.ts';
import { loadEntriesJson } from '../../../../runtime/control/entries-json.ts';
import type { RuntimeTable } from '../../../../runtime/control/runtime-table.ts';
import { PcapError, readPcapFile } from '../../../../runtime/io/pcap.ts';
import { createPort, DatagramPort, PortDriver, readVxlanVni, pcapCodec, writeVxlanHeader, type FrameFileCodec, type Port, type PortSpec } from '../../../../runtime/io/ports/index.ts';
import type { V1Program } from '../../../../runtime/v1model/program.ts';
import { V1Switch } from '../../../../runtime/v1model/switch.ts';
import { loadP4 } from '../../../examples/harness.ts';

const L2FWD = new URL('../../../../examples/l2fwd/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'p4ts-ports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let createL2fwd: () => V1Program<unknown>;
beforeAll(async () => {
  createL2fwd = await loadP4(`${L2FWD}l2fwd.p4`, 'sync');
});

function l2fwdSwitch(ports: Port[]): { sw: V1Switch<unknown>; driver: PortDriver; errors: string[] } {
  const p4 = createL2fwd();
  const errors: string[] = [];
  const driver = new PortDriver(ports, { onError: (m) => errors.push(m) });
  const sw = new V1Switch(p4, driver.switchOptions);
  driver.attach(sw);
  const tables: RuntimeTable[] = [];
  for (const e of p4.objects.entries()) if (e.kind === 'table') tables.push(e.object as RuntimeTable);
  const loaded = loadEntriesJson(readFileSync(`${L2FWD}entries.json`, 'utf8'), 'entries.json', { tables, multicast: sw.multicast, mirroring: sw.mirroring });
  expect(loaded.diagnostics).toEqual([]);
  return { sw, driver, errors };
}

const framesOf = (file: string): string[] => readPcapFile(file).records.map((r) => toHex(r.data)).sort();

describe('pcap ports', () => {
  it('replay the inputs and record what each port sends, as p4ts run does', async () => {
    const spec = (port: number, input: boolean): PortSpec => ({ kind: 'pcap', port, ...(input ? { in: `${L2FWD}in-port${port}.pcap` } : {}), out: join(dir, `out${port}.pcap`) });
    const ports = [spec(1, true), spec(2, false), spec(3, true), spec(4, false)].map((s) => createPort(s));
    const { sw, driver, errors } = l2fwdSwitch(ports);
    await driver.open();
    await driver.inputsDone();
    await driver.close();
    expect(errors).toEqual([]);
    for (const port of [1, 2, 3, 4]) expect(framesOf(join(dir, `out${port}.pcap`)), `port ${port}`).toEqual(framesOf(`${L2FWD}expected/port${port}.pcap`));
    expect(ports.map((p) => [p.counters.rxPackets, p.counters.txPackets])).toEqual([[3, 2], [0, 4], [3, 1], [0, 2]]);
    expect(sw.stats.transmitted).toBe(9);
  });

  it('a malformed input is refused with its byte offset: a bad header at open, a cut-off record when the reader reaches it', async () => {
    const good = readFileSync(`${L2FWD}in-port1.pcap`);
    const header = join(dir, 'bad-header.pcap');
    writeFileSync(header, good.subarray(0, 10));
    await expect(l2fwdSwitch([createPort({ kind: 'pcap', port: 1, in: header })]).driver.open()).rejects.toThrow(/bad-header\.pcap\(byte 10\): error: truncated global header/);
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, good.subarray(0, good.length - 3));
    const { sw, driver, errors } = l2fwdSwitch([createPort({ kind: 'pcap', port: 1, in: cut })]);
    await driver.open();
    await driver.inputsDone();
    await driver.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/cut\.pcap\(byte \d+\): error: truncated packet 3/);
    expect(sw.stats.received).toBe(2);
  });

  it('a reader that fails part way (a streaming codec) is reported, and the frames before it are switched', async () => {
    const frames = readPcapFile(`${L2FWD}in-port1.pcap`).records;
    const failing: FrameFileCodec = {
      openReader: (path) => {
        let i = 0;
        return {
          linkType: 1,
          next: () => {
            if (i === 2) throw new PcapError(path, 'truncated packet 3', 123);
            return { tsSec: 0, tsNanos: 0, data: frames[i++]!.data };
          },
          close: () => undefined,
        };
      },
      openWriter: pcapCodec.openWriter,
    };
    const port = createPort({ kind: 'pcap', port: 1, in: 'stream.pcap' }, { codec: failing });
    const { sw, driver, errors } = l2fwdSwitch([port]);
    await driver.open();
    await driver.inputsDone();
    await driver.close();
    expect(errors).toEqual(['stream.pcap(byte 123): error: truncated packet 3']);
    expect(port.counters.rxPackets).toBe(2);
    expect(sw.stats.received).toBe(2);
  });

  it('an unreadable input makes open fail', async () => {
    const { driver } = l2fwdSwitch([createPort({ kind: 'pcap', port: 1, in: join(dir, 'absent.pcap') })]);
    await expect(driver.open()).rejects.toThrow(/absent\.pcap\(byte 0\): error: cannot read file/);
  });
});

/** A test socket on 127.0.0.1 that collects the datagrams it receives. */
async function peerSocket(): Promise<{ socket: Socket; port: number; received: Buffer[]; next(count: number): Promise<Buffer[]> }> {
  const socket = createSocket('udp4');
  const received: Buffer[] = [];
  let waiter: (() => void) | null = null;
  socket.on('message', (m) => {
    received.push(m);
    waiter?.();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const next = (count: number): Promise<Buffer[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out with ${received.length} of ${count} datagrams`)), 5000);
      const check = (): void => {
        if (received.length >= count) {
          clearTimeout(timer);
          waiter = null;
          resolve(received.splice(0, count));
        }
      };
      waiter = check;
      check();
    });
  return { socket, port: socket.address().port, received, next };
}

describe('live ports over loopback', () => {
  it('VXLAN and raw UDP: frames go in, are switched, and come out encapsulated for each port', async () => {
    const a = await peerSocket(); // a kernel vxlan device, in real use
    const b = await peerSocket(); // a QEMU -netdev dgram, in real use
    const vx = new DatagramPort({ kind: 'vxlan', port: 1, bind: { address: '127.0.0.1', port: 0 }, peer: { address: '127.0.0.1', port: a.port }, vni: 77 });
    const udp = new DatagramPort({ kind: 'udp', port: 2, bind: { address: '127.0.0.1', port: 0 }, peer: { address: '127.0.0.1', port: b.port } });
    const { sw, driver, errors } = l2fwdSwitch([vx, udp]);
    try {
      await driver.open();
      const vxPort = vx.boundAddress()!.port;
      const udpPort = udp.boundAddress()!.port;
      const payload = new Uint8Array(100).map((_, i) => i);
      const toB = ethernet('00:00:00:00:00:02', '00:00:00:00:00:01', 0x88b5, payload);
      const toA = ethernet('00:00:00:00:00:01', '00:00:00:00:00:02', 0x88b5, payload);
      const encap = (frame: Uint8Array, vni: number): Uint8Array => {
        const d = new Uint8Array(8 + frame.length);
        writeVxlanHeader(d, 0, vni);
        d.set(frame, 8);
        return d;
      };
      // from the vxlan side: one good datagram, one of another VNI, one runt
      a.socket.send(encap(toB, 77), vxPort, '127.0.0.1');
      a.socket.send(encap(toB, 78), vxPort, '127.0.0.1');
      a.socket.send(encap(toB.subarray(0, 10), 77), vxPort, '127.0.0.1');
      const [atB] = await b.next(1);
      expect(toHex(atB!)).toBe(toHex(toB));
      // from the raw UDP side, back to the vxlan side
      b.socket.send(toA, udpPort, '127.0.0.1');
      const [atA] = await a.next(1);
      expect(readVxlanVni(atA!)).toBe(77);
      expect(toHex(atA!.subarray(8))).toBe(toHex(toA));
      await driver.idle();
      expect(vx.counters.snapshot()).toMatchObject({ rxPackets: 1, rxErrors: 2, txPackets: 1, txBytes: toA.length });
      expect(udp.counters.snapshot()).toMatchObject({ rxPackets: 1, rxErrors: 0, txPackets: 1, txBytes: toB.length });
      expect(sw.stats.transmitted).toBe(2);
      // a broadcast floods to ports 1-4: 3 and 4 are not connected, port 2 is the source (dropped in egress)
      b.socket.send(ethernet('ff:ff:ff:ff:ff:ff', '00:00:00:00:00:02', 0x88b5, payload), udpPort, '127.0.0.1');
      await a.next(1);
      await driver.idle();
      expect(driver.unconnected).toBe(2);
    } finally {
      await driver.close();
      a.socket.close();
      b.socket.close();
    }
    expect(errors).toEqual([]);
  });

  it('a busy UDP address makes open fail with the system reason, and nothing stays open', async () => {
    const a = await peerSocket();
    try {
      const port = new DatagramPort({ kind: 'udp', port: 1, bind: { address: '127.0.0.1', port: a.port }, peer: { address: '127.0.0.1', port: 9 } });
      const { driver } = l2fwdSwitch([port]);
      await expect(driver.open()).rejects.toThrow(/port 1 \(udp 127\.0\.0\.1:\d+=127\.0\.0\.1:9\): cannot open: bind EADDRINUSE/);
      expect(port.boundAddress()).toBeUndefined();
    } finally {
      a.socket.close();
    }
  });
});
