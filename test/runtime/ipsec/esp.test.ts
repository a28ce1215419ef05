import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ESP_SUITES,
  EspDrop,
  EspTaskContext,
  SecurityAssociation,
  claimEspTask,
  espDecapsulate,
  espDecapsulateAt,
  espDecapsulatePacket,
  espDecapsulateTask,
  espDropReason,
  espEncapsulate,
  espEncapsulateAt,
  espEncapsulatePacket,
  espEncapsulateTask,
  espEncapsulatedLength,
  setEspWasm,
} from '../../../runtime/ipsec/index.ts';
import type { EspSuite, SaConfig } from '../../../runtime/ipsec/index.ts';
import { FIXTURE_SAS, fixtureFrames } from './fixtures.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const inner = fixtureFrames('inner-visible.pcap');

function configFor(suite: EspSuite, extra: Partial<SaConfig> = {}): SaConfig {
  const base = FIXTURE_SAS.find((s) => s.config.suite === suite)!.config;
  return { ...base, ...extra };
}

/** A frame: Ethernet + IPv4/UDP with `payload` bytes of data. */
function makeFrame(payload: Uint8Array, ethPad = 0): Uint8Array {
  const ipLen = 28 + payload.length;
  const f = new Uint8Array(14 + ipLen + ethPad);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  f.set([0x45, 0, ipLen >>> 8, ipLen & 255, 0, 1, 0, 0, 64, 17, 0, 0, 192, 168, 1, 10, 192, 168, 2, 20], 14);
  f.set([0x27, 0x10, 0x13, 0x89, (8 + payload.length) >>> 8, (8 + payload.length) & 255, 0, 0], 34);
  f.set(payload, 42);
  return f;
}

describe('ESP acceptance: byte-identical to the reference packets', () => {
  for (const { file, config } of FIXTURE_SAS) {
    it(`${config.suite}: encapsulating inner-visible.pcap gives ${file}`, () => {
      const expected = fixtureFrames(file);
      expect(expected).toHaveLength(inner.length);
      const sa = new SecurityAssociation(config);
      const out = new Uint8Array(2048);
      inner.forEach((frame, i) => {
        const n = espEncapsulate(frame, sa, out);
        expect(n, `packet ${i}: ${espDropReason(n)}`).toBe(expected[i]!.length);
        expect(hex(out.subarray(0, n)), `packet ${i}`).toBe(hex(expected[i]!));
        expect(n).toBe(espEncapsulatedLength(sa, frame.length - 14));
      });
      expect(sa.nextSeq).toBe(inner.length + 1);
    });

    it(`${config.suite}: decapsulating ${file} gives inner-visible.pcap back`, () => {
      const sas = new Map([[config.spi, new SecurityAssociation(config)]]);
      const out = new Uint8Array(2048);
      fixtureFrames(file).forEach((frame, i) => {
        const n = espDecapsulate(frame, sas, out);
        expect(n, `packet ${i}: ${espDropReason(n)}`).toBe(inner[i]!.length);
        expect(hex(out.subarray(0, n)), `packet ${i}`).toBe(hex(inner[i]!));
      });
    });
  }

  it('covers every CBC pad length 0..15 in the first 16 packets', () => {
    const pads = new Set(inner.slice(0, 16).map((f) => (16 - ((f.length - 14 + 2) % 16)) % 16));
    expect(pads.size).toBe(16);
  });
});

describe('in-place and task-shaped encapsulation', () => {
  for (const { file, config } of FIXTURE_SAS) {
    it(`${config.suite}: in place in a SharedArrayBuffer, main thread`, () => {
      const expected = fixtureFrames(file);
      const main = new SecurityAssociation(config);
      const ctx = new EspTaskContext([JSON.parse(JSON.stringify(config)) as SaConfig]);
      const slot = 2048;
      const buf = new Uint8Array(new SharedArrayBuffer(slot * inner.length));
      const claims = new Float64Array(2);
      inner.forEach((f, i) => buf.set(f, i * slot + 3));
      inner.forEach((f, i) => {
        expect(claimEspTask(main, claims, 0)).toBe(i + 1);
        const n = espEncapsulateTask(ctx, buf, i * slot + 3, f.length, slot - 3, 0, claims[0]!, claims[1]!);
        expect(hex(buf.subarray(i * slot + 3, i * slot + 3 + n))).toBe(hex(expected[i]!));
        // And back, in place.
        const m = espDecapsulateTask(ctx, buf, i * slot + 3, n, slot - 3);
        expect(hex(buf.subarray(i * slot + 3, i * slot + 3 + m))).toBe(hex(f));
      });
    });
  }

  it('same array at other offsets (overlapping moves both ways), with inner or explicit MACs', () => {
    for (const { file, config } of FIXTURE_SAS) {
      const expected = fixtureFrames(file);
      for (const outerMacs of [undefined, { src: '0a:00:00:00:00:01', dst: '0a:00:00:00:00:fe' }]) {
        for (const shift of [-30, -7, 5, 40]) {
          const sa = new SecurityAssociation({ ...config, outerMacs });
          const rx = new Map([[config.spi, new SecurityAssociation({ ...config, outerMacs })]]);
          inner.forEach((f, i) => {
            const buf = new Uint8Array(2200);
            const srcOff = 100;
            buf.set(f, srcOff);
            const n = espEncapsulateAt(sa, i + 1, i, buf, srcOff, f.length, buf, srcOff + shift, 2000);
            const got = buf.slice(srcOff + shift, srcOff + shift + n);
            const want = expected[i]!.slice();
            if (outerMacs !== undefined) want.set([10, 0, 0, 0, 0, 0xfe, 10, 0, 0, 0, 0, 1], 0);
            expect(hex(got), `${config.suite} shift ${shift} packet ${i}`).toBe(hex(want));
            const m = espDecapsulateAt(buf, srcOff + shift, n, rx, buf, srcOff, 2000);
            // Decapsulated frames carry the outer MACs; the rest is the inner frame.
            expect(hex(buf.subarray(srcOff, srcOff + m)).slice(24), `decap ${i}`).toBe(hex(f).slice(24));
          });
        }
      }
    }
  });

  it('packet level: the reference packets without their Ethernet header, in place from any offset (no room in front needed), and back', () => {
    for (const { file, config } of FIXTURE_SAS) {
      const expected = fixtureFrames(file);
      const sa = new SecurityAssociation(config);
      const rx = new Map([[config.spi, new SecurityAssociation(config)]]);
      inner.forEach((f, i) => {
        const at = i % 7; // IPv4 packet at the very start of the buffer, or a few bytes in
        const buf = new Uint8Array(2100);
        buf.set(f.subarray(14), at);
        const n = espEncapsulatePacket(sa, i + 1, i, buf, at, f.length - 14, buf, at, buf.length - at);
        expect(hex(buf.subarray(at, at + n)), `${config.suite} packet ${i}`).toBe(hex(expected[i]!.subarray(14)));
        const m = espDecapsulatePacket(buf, at, n, rx, buf, at, buf.length - at);
        expect(hex(buf.subarray(at, at + m)), `${config.suite} decap ${i}`).toBe(hex(f.subarray(14)));
      });
    }
  });

  it('a worker thread encapsulating tasks claimed on the main thread gives the same bytes', async () => {
    const configs = FIXTURE_SAS.map((s) => s.config);
    const slot = 2048;
    const count = inner.length * configs.length;
    const data = new SharedArrayBuffer(slot * count);
    const tasks = new SharedArrayBuffer(8 * 7 * count);
    const buf = new Uint8Array(data);
    const t = new Float64Array(tasks);
    const sas = configs.map((c) => new SecurityAssociation(c));
    // Claim counters in an interleaved order, as a main loop would.
    let k = 0;
    for (let i = 0; i < inner.length; i++) {
      for (let s = 0; s < sas.length; s++, k++) {
        const f = inner[i]!;
        buf.set(f, k * slot);
        t.set([k * slot, f.length, slot, s], k * 7);
        claimEspTask(sas[s]!, t, k * 7 + 4);
      }
    }
    const worker = new Worker(new URL('./esp-worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./esp-worker.ts', import.meta.url).href, configs, data, tasks, count },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    await worker.terminate();
    const expected = FIXTURE_SAS.map((s) => fixtureFrames(s.file));
    k = 0;
    for (let i = 0; i < inner.length; i++) {
      for (let s = 0; s < sas.length; s++, k++) {
        const n = t[k * 7 + 6]!;
        expect(hex(buf.subarray(k * slot, k * slot + n))).toBe(hex(expected[s]![i]!));
      }
    }
  });
});

describe('ESP round trips and options', () => {
  it('random IVs: pooled, different per packet, and decapsulate correctly', () => {
    for (const suite of ESP_SUITES) {
      const cfg = configFor(suite, { ivMode: { kind: 'random' } });
      const tx = new SecurityAssociation(cfg);
      const rx = new Map([[cfg.spi, new SecurityAssociation(cfg)]]);
      const a = new Uint8Array(2048);
      const b = new Uint8Array(2048);
      const back = new Uint8Array(2048);
      const na = espEncapsulate(inner[0]!, tx, a);
      const nb = espEncapsulate(inner[0]!, tx, b);
      const ivLen = suite === 'aes128-gcm' ? 8 : 16;
      expect(hex(a.subarray(42, 42 + ivLen))).not.toBe(hex(b.subarray(42, 42 + ivLen)));
      for (const [buf, n] of [
        [a, na],
        [b, nb],
      ] as const) {
        const m = espDecapsulate(buf.subarray(0, n), rx, back);
        expect(hex(back.subarray(0, m))).toBe(hex(inner[0]!));
      }
    }
  });

  it('fast-check: any IPv4 frame survives encapsulation and decapsulation, for every suite', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ESP_SUITES),
        fc.uint8Array({ maxLength: 1400 }),
        fc.nat(1000),
        fc.nat(20),
        (suite, payload, ivIndex, ethPad) => {
          const cfg = configFor(suite);
          const tx = new SecurityAssociation(cfg);
          const rx = new Map([[cfg.spi, new SecurityAssociation(cfg)]]);
          const frame = makeFrame(payload, ethPad);
          const out = new Uint8Array(2048);
          const n = espEncapsulateAt(tx, ivIndex + 1, ivIndex, frame, 0, frame.length, out, 0, out.length);
          expect(n).toBe(espEncapsulatedLength(tx, frame.length - ethPad - 14));
          const back = new Uint8Array(2048);
          const m = espDecapsulate(out.subarray(0, n), rx, back);
          // Ethernet padding of the inner frame is not part of the IPv4 packet, so it is not carried.
          expect(hex(back.subarray(0, m))).toBe(hex(frame.subarray(0, frame.length - ethPad)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('fast-check: the WebAssembly kernel (AES-128-CBC + HMAC-MD5-96) gives the TypeScript kernel\'s bytes, in place at any offset', () => {
    const cfg = configFor('aes128-cbc-hmac-md5-96');
    try {
      expect(setEspWasm(true)).toBe(true);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 1400 }), fc.nat(1000), fc.nat(40), (payload, ivIndex, at) => {
          const frame = makeFrame(payload);
          const run = (wasm: boolean): string => {
            setEspWasm(wasm);
            const buf = new Uint8Array(at + 1600);
            buf.set(frame, at);
            const n = espEncapsulateAt(new SecurityAssociation(cfg), ivIndex + 1, ivIndex, buf, at, frame.length, buf, at, buf.length - at);
            expect(n).toBeGreaterThan(0);
            return hex(buf.subarray(at, at + n));
          };
          expect(run(true)).toBe(run(false));
        }),
        { numRuns: 150 },
      );
    } finally {
      setEspWasm(true);
    }
  });

  it('fast-check: the WebAssembly kernel matches the TypeScript kernel for random keys, IVs and lengths, in place or into another array', () => {
    const hexOf = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('hex'));
    try {
      fc.assert(
        fc.property(
          hexOf(16),
          hexOf(16),
          hexOf(16),
          fc.uint8Array({ maxLength: 600 }),
          fc.integer({ min: 1, max: 0xffffffff }),
          fc.nat(0xffffffff),
          fc.nat(37),
          fc.option(fc.nat(37), { nil: undefined }),
          (encKey, authKey, baseIv, payload, seq, ivIndex, at, dstAt) => {
            const cfg = configFor('aes128-cbc-hmac-md5-96', { encKey, authKey, ivMode: { kind: 'deterministic', baseIv } });
            const frame = makeFrame(payload);
            const run = (wasm: boolean): string => {
              expect(setEspWasm(wasm)).toBe(wasm);
              const src = new Uint8Array(at + 800).fill(0xee);
              src.set(frame, at);
              const dst = dstAt === undefined ? src : new Uint8Array(dstAt + 800).fill(0x11);
              const off = dstAt ?? at;
              const n = espEncapsulateAt(new SecurityAssociation(cfg), seq, ivIndex, src, at, frame.length, dst, off, dst.length - off);
              expect(n).toBe(espEncapsulatedLength(new SecurityAssociation(cfg), frame.length - 14));
              return hex(dst.subarray(off, off + n));
            };
            const wasm = run(true);
            expect(wasm).toBe(run(false));
            const rx = new Map([[cfg.spi, new SecurityAssociation({ ...cfg, antiReplay: false })]]);
            const back = new Uint8Array(2048);
            const m = espDecapsulate(Buffer.from(wasm, 'hex'), rx, back);
            expect(hex(back.subarray(14, m))).toBe(hex(frame.subarray(14)));
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      setEspWasm(true);
    }
  });

  it('the WebAssembly kernel matches the TypeScript kernel on the largest packets (up to the 65535-byte outer limit)', () => {
    const cfg = configFor('aes128-cbc-hmac-md5-96');
    try {
      for (const payload of [1400, 30000, 65535 - 20 - 8 - 16 - 12 - 28 - 16]) {
        const frame = makeFrame(new Uint8Array(payload).map((_, i) => (i * 131 + 7) & 255));
        const run = (wasm: boolean): string => {
          setEspWasm(wasm);
          const out = new Uint8Array(70000);
          const n = espEncapsulateAt(new SecurityAssociation(cfg), 9, 9, frame, 0, frame.length, out, 5, out.length - 5);
          expect(n).toBe(espEncapsulatedLength(new SecurityAssociation(cfg), frame.length - 14));
          return hex(out.subarray(5, 5 + n));
        };
        expect(run(true)).toBe(run(false));
      }
    } finally {
      setEspWasm(true);
    }
  });

  it('outer header fields and checksum', () => {
    const sa = new SecurityAssociation(configFor('aes128-cbc-hmac-md5-96', { tunnelSrc: '192.0.2.1', tunnelDst: '198.51.100.7' }));
    const out = new Uint8Array(2048);
    const n = espEncapsulate(inner[3]!, sa, out);
    const ip = out.subarray(14, 34);
    expect(ip[0]).toBe(0x45);
    expect(ip[1]).toBe(0);
    expect((ip[2]! << 8) | ip[3]!).toBe(n - 14);
    expect(Array.from(ip.subarray(4, 10))).toEqual([0, 0, 0, 0, 64, 50]);
    expect(Array.from(ip.subarray(12, 20))).toEqual([192, 0, 2, 1, 198, 51, 100, 7]);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += (ip[i]! << 8) | ip[i + 1]!;
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
  });

  it('outer MAC policy: explicit MACs replace the inner ones', () => {
    const cfg = configFor('aes128-gcm', { outerMacs: { src: '0a:00:00:00:00:01', dst: '0a:00:00:00:00:fe' } });
    const out = new Uint8Array(2048);
    espEncapsulate(inner[0]!, new SecurityAssociation(cfg), out);
    expect(hex(out.subarray(0, 14))).toBe('0a00000000fe0a00000000010800');
  });

  it('refuses bad configurations', () => {
    expect(() => new SecurityAssociation(configFor('aes128-gcm', { salt: 'cafe' }))).toThrow(/salt/);
    expect(() => new SecurityAssociation(configFor('aes128-cbc-hmac-md5-96', { authKey: '00' }))).toThrow(/integrity key/);
    expect(() => new SecurityAssociation(configFor('aes128-cbc-hmac-md5-96', { tunnelSrc: '10.0.0.256' }))).toThrow(/IPv4/);
    expect(() => new SecurityAssociation(configFor('aes128-gcm', { ivMode: { kind: 'deterministic', baseIv: '00' } }))).toThrow(
      /base IV/,
    );
  });
});

describe('ESP drops', () => {
  const cfg = FIXTURE_SAS[0]!.config;
  const esp = fixtureFrames(FIXTURE_SAS[0]!.file);
  const fresh = (): Map<number, SecurityAssociation> => new Map([[cfg.spi, new SecurityAssociation(cfg)]]);
  const out = new Uint8Array(2048);

  it('unknown SPI', () => {
    expect(espDecapsulate(esp[0]!, new Map(), out)).toBe(EspDrop.UnknownSpi);
    expect(espDropReason(EspDrop.UnknownSpi)).toBe('unknown-spi');
  });

  it('ICV mismatch on any flipped bit after the IP header, and nothing is written', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(7), (pos, bit) => {
        const f = esp[5]!.slice();
        const at = 34 + 8 + (pos % (f.length - 42)); // anywhere in IV, ciphertext or ICV
        f[at]! ^= 1 << bit;
        const o = new Uint8Array(2048);
        expect(espDecapsulate(f, fresh(), o)).toBe(EspDrop.IcvMismatch);
        expect(o.every((x) => x === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
    const gcmCfg = FIXTURE_SAS[2]!.config;
    const g = fixtureFrames(FIXTURE_SAS[2]!.file)[0]!.slice();
    g[40]! ^= 1; // the sequence number is AAD
    expect(espDecapsulate(g, new Map([[gcmCfg.spi, new SecurityAssociation(gcmCfg)]]), out)).toBe(EspDrop.IcvMismatch);
  });

  it('replay: a packet seen twice, or older than the 64-packet window', () => {
    const sas = fresh();
    expect(espDecapsulate(esp[3]!, sas, out)).toBeGreaterThan(0);
    expect(espDecapsulate(esp[3]!, sas, out)).toBe(EspDrop.Replay);
    // Out of order inside the window is fine.
    expect(espDecapsulate(esp[1]!, sas, out)).toBeGreaterThan(0);
    expect(espDecapsulate(esp[1]!, sas, out)).toBe(EspDrop.Replay);
    const sa = sas.get(cfg.spi)!;
    for (const [seq, ok] of [
      [100, true],
      [37, true],
      [36, false],
      [100, false],
      [70, true],
      [70, false],
      [200, true],
      [137, true],
      [136, false],
    ] as const) {
      expect(sa.replayOk(seq), `seq ${seq}`).toBe(ok);
      if (ok) sa.replayAccept(seq);
    }
    expect(sa.replayOk(0)).toBe(false);
    const noWindow = new SecurityAssociation({ ...cfg, antiReplay: false });
    const m = new Map([[cfg.spi, noWindow]]);
    expect(espDecapsulate(esp[3]!, m, out)).toBeGreaterThan(0);
    expect(espDecapsulate(esp[3]!, m, out)).toBeGreaterThan(0);
  });

  it('malformed, not ESP, too small an output', () => {
    const f = esp[0]!;
    expect(espDecapsulate(f.subarray(0, 30), fresh(), out)).toBe(EspDrop.Malformed);
    expect(espDecapsulate(f.subarray(0, f.length - 1), fresh(), out)).toBe(EspDrop.Malformed);
    const udp = inner[0]!;
    expect(espDecapsulate(udp, fresh(), out)).toBe(EspDrop.NotEsp);
    expect(espDecapsulateAt(f, 0, f.length, fresh(), out, 0, 20)).toBe(EspDrop.OutputTooSmall);
    const sa = new SecurityAssociation(cfg);
    expect(espEncapsulate(udp, sa, new Uint8Array(50))).toBe(EspDrop.OutputTooSmall);
    const arp = udp.slice();
    arp[13] = 0x06;
    expect(espEncapsulate(arp, sa, out)).toBe(EspDrop.NotIpv4);
    expect(espEncapsulate(udp.subarray(0, 40), sa, out)).toBe(EspDrop.Malformed);
    expect(espDropReason(EspDrop.Malformed)).toBe('malformed');
  });

  it('sequence numbers stop at 2^32 - 1 (no ESN)', () => {
    const sa = new SecurityAssociation({ ...cfg, firstSeq: 0xffffffff });
    expect(espEncapsulate(inner[0]!, sa, out)).toBeGreaterThan(0);
    expect(out[38]).toBe(0xff);
    expect(espEncapsulate(inner[0]!, sa, out)).toBe(EspDrop.SeqOverflow);
  });

  it('fast-check: arbitrary bytes after an ESP header never crash decapsulation', () => {
    const sas = fresh();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (junk, cut) => {
        const f = esp[cut % esp.length]!.slice(0, 42);
        const g = new Uint8Array(f.length + junk.length);
        g.set(f);
        g.set(junk, f.length);
        const ipLen = Math.min(g.length - 14, (cut % 400) + 20);
        g[16] = ipLen >>> 8;
        g[17] = ipLen & 255;
        const n = espDecapsulate(g, sas, out);
        expect(n < 0 || n <= g.length).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
