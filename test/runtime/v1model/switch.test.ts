import { describe, expect, it } from 'vitest';
import { PORT_COUNT, Stage, StraightStatus } from '../../../runtime/v1model/constants.ts';
import { CLOCK_REFRESH, V1Switch } from '../../../runtime/v1model/switch.ts';
import { loadP4 } from '../../examples/harness.ts';

// The receive path (`receive`, `receiveBuffer`, `runNow`) and `DescriptorPool.beginPacket` write
// these constants as literals (a module constant costs a cell load per packet); each literal's
// comment names its constant. If a constant changes, these fail: change the literals with it.
describe('the constants the receive path writes as literals', () => {
  it('PORT_COUNT is 512, so `(port & 511) === port` is the check 0 <= port < PORT_COUNT', () => {
    expect(PORT_COUNT).toBe(512);
    for (const port of [0, 1, 510, 511]) expect((port & (PORT_COUNT - 1)) === port).toBe(true);
    for (const port of [512, 513, 1024, -1, 0.5]) expect((port & (PORT_COUNT - 1)) === port).toBe(false);
  });

  it('CLOCK_REFRESH is 256, a power of two, so `(packetId & 255) === 1` holds once every CLOCK_REFRESH ids', () => {
    expect(CLOCK_REFRESH).toBe(256);
    let reads = 0;
    for (let id = 1; id <= 4 * CLOCK_REFRESH; id++) if ((id & 255) === 1) reads++;
    expect(reads).toBe(4);
  });

  it('a new packet starts at stage 0, the parser', () => {
    expect(Stage.PARSER).toBe(0);
  });

  it('the straight path is done at status 0 or 1 and every other status is greater than 1 (`status > 1`)', () => {
    expect(StraightStatus.DONE).toBe(0);
    expect(StraightStatus.DONE_FUSED).toBe(1);
    const others = Object.entries(StraightStatus).filter(([name]) => name !== 'DONE' && name !== 'DONE_FUSED');
    expect(others.length).toBeGreaterThan(0);
    for (const [, status] of others) expect(status).toBeGreaterThan(1);
  });
});

// ─── A packet run from a callback of another (the straight path on) ──────────────────────────
// log-forward.p4: a frame [port, tag]; a tag ≠ 0 calls log_msg (the packet takes its descriptor),
// port 0 drops the packet at the end of ingress (it leaves the straight path), else it goes out
// on that port.

const LOG_FORWARD = new URL('../../fixtures/straight-path/log-forward/log-forward.p4', import.meta.url).pathname;
const INPUTS = ['receive', 'receiveBuffer', 'inject'] as const;
type Input = (typeof INPUTS)[number];

function send(sw: V1Switch<unknown>, input: Input, port: number, tag: number, origin: number): void {
  const bytes = Uint8Array.from([port, tag, ...new Array<number>(58).fill(0)]);
  if (input === 'receive') sw.receive(0, bytes, bytes.length, origin);
  else if (input === 'inject') sw.inject(0, bytes, bytes.length, origin);
  else {
    const lent = sw.createFrameBuffer();
    lent.set(bytes, sw.frameOffset);
    sw.receiveBuffer(0, lent, bytes.length, origin);
  }
}

describe('a packet received from a callback of a packet that runs in the straight path', () => {
  it.each(INPUTS.flatMap((input) => [1, 0].map((port) => [input, port] as const)))(
    '%s, the outer packet to port %i: onLog (log_msg) receives another; both run to the end with their own ids and origins',
    async (input, outerPort) => {
      const program = (await loadP4(LOG_FORWARD, 'sync'))();
      const logs: string[] = [];
      const out: string[] = [];
      const drops: string[] = [];
      let inner = true;
      const sw: V1Switch<unknown> = new V1Switch(program, {
        onLog: (message, d) => {
          logs.push(`${d.packetId}:${d.origin}:${message}`);
          if (inner) {
            inner = false;
            send(sw, 'receive', 2, 7, 200);
          }
        },
        onOutputRaw: (port, buffer, offset, length, origin) => out.push(`${port}:${origin}:${buffer[offset + 1]}:${length}`),
        onDrop: (reason, d) => drops.push(`${d?.packetId}:${reason}`),
      });
      inner = false;
      send(sw, input, 3, 0, 1); // makes the pool's spare (id 1)
      sw.runUntilIdle();
      inner = true;
      send(sw, input, outerPort, 5, 100); // id 2; its log_msg receives id 3
      sw.runUntilIdle();
      expect(sw.inFlight).toBe(0);
      expect(logs).toEqual(['2:100:tag 5', '3:200:tag 7']);
      expect(out).toEqual(['3:1:0:60', '2:200:7:60', ...(outerPort === 0 ? [] : ['1:100:5:60'])]);
      expect(drops).toEqual(outerPort === 0 ? ['2:ingress-drop'] : []);
      expect(sw.stats.received).toBe(3);
      expect(sw.stats.transmitted + sw.stats.dropped).toBe(3);
      // and the switch goes on as before: a packet forwarded straight through takes the fast way again
      send(sw, input, 4, 0, 300);
      sw.runUntilIdle();
      expect(out.at(-1)).toBe('4:300:0:60');
      expect(sw.inFlight).toBe(0);
    },
  );

  it.each(INPUTS)('%s: an output callback of a packet with a descriptor receives another', async (input) => {
    const program = (await loadP4(LOG_FORWARD, 'sync'))();
    const out: string[] = [];
    let inner = false;
    const sw: V1Switch<unknown> = new V1Switch(program, {
      onOutputRaw: (port, buffer, offset, length, origin) => {
        out.push(`${port}:${origin}:${buffer[offset + 1]}`);
        if (inner) {
          inner = false;
          send(sw, 'receive', 2, 7, 200);
        }
      },
    });
    send(sw, input, 3, 0, 1);
    sw.runUntilIdle();
    inner = true;
    send(sw, input, 1, 5, 100);
    send(sw, input, 1, 6, 101);
    sw.runUntilIdle();
    // (injected packets wait in the input queue: the one received meanwhile goes behind them)
    expect(out).toEqual(input === 'inject' ? ['3:1:0', '1:100:5', '1:101:6', '2:200:7'] : ['3:1:0', '1:100:5', '2:200:7', '1:101:6']);
    expect(sw.stats.transmitted).toBe(4);
    expect(sw.inFlight).toBe(0);
  });
});

describe('an output callback that throws, for a packet in the straight path', () => {
  it.each(INPUTS.flatMap((input) => [0, 5].map((tag) => [input, tag] as const)))(
    '%s, tag %i: the packet is counted once (transmitted), its descriptor comes back, the error comes out of the run',
    async (input, tag) => {
      const program = (await loadP4(LOG_FORWARD, 'sync'))();
      const out: number[] = [];
      const boom = new Error('output callback failed');
      let fail = false;
      const sw = new V1Switch(program, {
        onOutputRaw: (port, buffer, offset) => {
          out.push(buffer[offset + 1]!);
          if (fail) {
            fail = false;
            throw boom;
          }
        },
      });
      send(sw, input, 3, 0, 1); // makes the pool's spare
      sw.runUntilIdle();
      fail = true;
      // the error comes out of the call that ran the packet, or of the next run
      expect(() => {
        send(sw, input, 1, tag, 2);
        sw.runUntilIdle();
      }).toThrow(boom);
      sw.runUntilIdle();
      expect(sw.inFlight).toBe(0);
      expect(sw.stats.transmitted).toBe(2);
      expect(sw.stats.dropped).toBe(0);
      expect(sw.stats.errors).toEqual([]);
      // the switch goes on: more packets, with and without a descriptor
      send(sw, input, 2, 0, 3);
      send(sw, input, 2, 6, 4);
      sw.runUntilIdle();
      expect(out).toEqual([0, tag, 0, 6]);
      expect(sw.inFlight).toBe(0);
      expect(sw.stats.received).toBe(sw.stats.transmitted);
    },
  );
});

describe('an output callback that throws, for a packet on the general path (stage functions)', () => {
  it.each(INPUTS)('%s: the packet is counted once, its descriptor comes back, the error comes out of the run', async (input) => {
    const program = (await loadP4(LOG_FORWARD, 'sync'))();
    const out: number[] = [];
    const boom = new Error('output callback failed');
    let fail = false;
    const sw = new V1Switch(program, {
      straightPath: false,
      onOutputRaw: (port, buffer, offset) => {
        out.push(buffer[offset + 1]!);
        if (fail) {
          fail = false;
          throw boom;
        }
      },
    });
    fail = true;
    expect(() => {
      send(sw, input, 1, 5, 1);
      sw.runUntilIdle();
    }).toThrow(boom);
    sw.runUntilIdle();
    expect(sw.inFlight).toBe(0);
    expect(sw.stats.transmitted).toBe(1);
    expect(sw.stats.dropped).toBe(0);
    expect(sw.stats.errors).toEqual([]);
    send(sw, input, 2, 6, 2);
    sw.runUntilIdle();
    expect(out).toEqual([5, 6]);
    expect(sw.inFlight).toBe(0);
    expect(sw.stats.received).toBe(sw.stats.transmitted);
  });
});
