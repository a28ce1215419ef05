/**
 * ESP encapsulation rate of 60-byte frames (the paper's 64-byte frames without FCS), one thread:
 * p4ts' allocation-free crypto (runtime/ipsec) against the same ESP built on node:crypto
 * (OpenSSL, createCipheriv/createHmac per packet, as a straightforward implementation would).
 *
 *   npx tsx bench/crypto.ts [--seconds 1.5] [--size 60]
 */
import { createCipheriv, createHmac } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { ESP_SUITES, SecurityAssociation, espEncapsulateAt, espEncapsulatedLength } from '../runtime/ipsec/index.ts';
import type { EspSuite, SaConfig } from '../runtime/ipsec/index.ts';
import { arg } from './harness/args.ts';

const seconds = Number(arg('--seconds', '1.5'));
const frameLen = Number(arg('--size', '60'));

const KEYS: Record<EspSuite, SaConfig> = {
  'aes128-cbc-hmac-md5-96': {
    spi: 0x1001,
    suite: 'aes128-cbc-hmac-md5-96',
    encKey: '2b7e151628aed2a6abf7158809cf4f3c',
    authKey: '000102030405060708090a0b0c0d0e0f',
    tunnelSrc: '10.0.0.1',
    tunnelDst: '10.0.0.2',
    ivMode: { kind: 'deterministic', baseIv: '000102030405060708090a0b0c0d0e0f' },
  },
  'aes256-cbc-hmac-sha256-128': {
    spi: 0x1002,
    suite: 'aes256-cbc-hmac-sha256-128',
    encKey: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
    authKey: '101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f',
    tunnelSrc: '10.0.0.1',
    tunnelDst: '10.0.0.2',
    ivMode: { kind: 'deterministic', baseIv: 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff' },
  },
  'aes128-gcm': {
    spi: 0x1003,
    suite: 'aes128-gcm',
    encKey: 'feffe9928665731c6d6a8f9467308308',
    salt: 'cafebabe',
    tunnelSrc: '10.0.0.1',
    tunnelDst: '10.0.0.2',
    ivMode: { kind: 'deterministic', baseIv: 'cafebabefacedbad' },
  },
};

function makeFrame(len: number): Uint8Array {
  const f = new Uint8Array(len);
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], 0);
  const ipLen = len - 14;
  f.set([0x45, 0, ipLen >>> 8, ipLen & 255, 0, 1, 0, 0, 64, 17, 0, 0, 192, 168, 1, 10, 192, 168, 2, 20], 14);
  for (let i = 34; i < len; i++) f[i] = (i * 7) & 255;
  return f;
}

interface Rate {
  /** Operations per second of wall-clock time. */
  wall: number;
  /** Operations per second of this thread's CPU time (robust when the machine is shared). */
  cpu: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Runs `body(n)` in batches until `seconds` have passed; best of three rounds. */
function rate(body: (n: number) => void): Rate {
  const batch = 10_000;
  for (let i = 0; i < 20; i++) body(batch); // warm-up: let the JIT settle
  let best: Rate = { wall: 0, cpu: 0 };
  for (let round = 0; round < 3; round++) {
    let ops = 0;
    const t0 = performance.now();
    const c0 = cpuNow();
    let dt = 0;
    while (dt < (seconds * 1000) / 3) {
      body(batch);
      ops += batch;
      dt = performance.now() - t0;
    }
    const dc = cpuNow() - c0;
    const r = { wall: ops / (dt / 1000), cpu: ops / dc };
    if (r.wall > best.wall) best = r;
  }
  return best;
}

function p4tsRate(suite: EspSuite, frame: Uint8Array): Rate {
  const sa = new SecurityAssociation(KEYS[suite]);
  const out = new Uint8Array(espEncapsulatedLength(sa, frame.length - 14));
  let seq = 1;
  let sink = 0;
  const r = rate((n) => {
    for (let i = 0; i < n; i++) {
      sink ^= espEncapsulateAt(sa, seq, seq - 1, frame, 0, frame.length, out, 0, out.length);
      seq = seq === 0x7fffffff ? 1 : seq + 1;
    }
  });
  if (sink === 0x12345678) console.log('');
  return r;
}

/** The same ESP packet built with node:crypto objects per packet. */
function nodeRate(suite: EspSuite, frame: Uint8Array): Rate {
  const c = KEYS[suite];
  const enc = Buffer.from(c.encKey, 'hex');
  const auth = Buffer.from(c.authKey ?? '', 'hex');
  const salt = Buffer.from(c.salt ?? '', 'hex');
  const gcm = suite === 'aes128-gcm';
  const cipherName = suite.startsWith('aes128') ? 'aes-128-cbc' : 'aes-256-cbc';
  const hmacName = suite === 'aes128-cbc-hmac-md5-96' ? 'md5' : 'sha256';
  const icvLen = suite === 'aes128-cbc-hmac-md5-96' ? 12 : 16;
  const ivLen = gcm ? 8 : 16;
  const align = gcm ? 4 : 16;
  const ipLen = frame.length - 14;
  const ctLen = Math.ceil((ipLen + 2) / align) * align;
  const out = Buffer.alloc(14 + 20 + 8 + ivLen + ctLen + icvLen);
  const plain = Buffer.alloc(ctLen);
  const iv = Buffer.alloc(ivLen, 7);
  const nonce = Buffer.alloc(12);
  salt.copy(nonce, 0);
  let seq = 1;
  return rate((n) => {
    for (let i = 0; i < n; i++) {
      plain.set(frame.subarray(14), 0);
      for (let k = ipLen, v = 1; k < ctLen - 2; k++) plain[k] = v++;
      plain[ctLen - 2] = ctLen - 2 - ipLen;
      plain[ctLen - 1] = 4;
      out.set(frame.subarray(0, 14), 0);
      out.writeUInt32BE(c.spi, 34);
      out.writeUInt32BE(seq, 38);
      iv.writeUInt32BE(seq, ivLen - 4);
      iv.copy(out, 42);
      const ct = 42 + ivLen;
      if (gcm) {
        iv.copy(nonce, 4);
        const ci = createCipheriv('aes-128-gcm', enc, nonce);
        ci.setAAD(out.subarray(34, 42));
        ci.update(plain).copy(out, ct);
        ci.final();
        ci.getAuthTag().copy(out, ct + ctLen);
      } else {
        const ci = createCipheriv(cipherName, enc, iv);
        ci.setAutoPadding(false);
        ci.update(plain).copy(out, ct);
        ci.final();
        const h = createHmac(hmacName, auth);
        h.update(out.subarray(34, ct + ctLen));
        h.digest().copy(out, ct + ctLen, 0, icvLen);
      }
      seq++;
    }
  });
}

function fmt(r: number): string {
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : `${(r / 1e3).toFixed(0)} k`;
}

const frame = makeFrame(frameLen);
const load = loadavg()[0]!;
console.log(
  `ESP tunnel-mode encapsulation, ${frameLen}-byte frames, one thread, ~${seconds}s per measurement ` +
    `(${cpus().length} CPUs, load average ${load.toFixed(2)})`,
);
console.log(
  'suite'.padEnd(28) +
    'p4ts wall'.padStart(11) +
    'p4ts cpu'.padStart(11) +
    'node wall'.padStart(11) +
    'node cpu'.padStart(11) +
    'ratio'.padStart(8) +
    '   (packets/s)',
);
for (const suite of ESP_SUITES) {
  const a = p4tsRate(suite, frame);
  const b = nodeRate(suite, frame);
  console.log(
    suite.padEnd(28) +
      fmt(a.wall).padStart(11) +
      fmt(a.cpu).padStart(11) +
      fmt(b.wall).padStart(11) +
      fmt(b.cpu).padStart(11) +
      `${(a.cpu / b.cpu).toFixed(2)}x`.padStart(8),
  );
}
console.log('house target: ~1.3 M packets/s for aes128-cbc-hmac-md5-96 on 60-byte frames, one thread');
if (load > cpus().length * 0.75) {
  console.log('note: the machine is busy; the cpu columns (packets per second of this thread\'s CPU time) are the fairer figure');
}
