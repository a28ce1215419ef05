// Traffic for the namespace tests, run with plain `node` inside a host namespace (no tsx, no
// tools a fresh machine lacks). Every command prints one JSON line with what it did; receivers
// print `{"ready":true}` first, once they listen. Each gives up after its time limit.
//
//   udp-echo ADDR PORT MS         send every datagram back to where it came from (SIGTERM: echoed)
//   udp-ping ADDR PORT COUNT SIZE COUNT datagrams of SIZE bytes to an echo, 8 in flight, each
//                                 resent after 200 ms without its echo: count, bytes, resent,
//                                 corrupt (echoes not byte-identical)
//   tcp-recv ADDR PORT MS         accept one connection, read to its end: bytes, sha256
//   tcp-send ADDR PORT BYTES MS   connect, send BYTES pseudo-random bytes, close: bytes, sha256
import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';

const [cmd, addr, portText, a, b] = process.argv.slice(2);
const port = Number(portText);
const print = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const limit = (ms, what) =>
  setTimeout(() => {
    print({ error: `${what}: gave up after ${ms} ms` });
    process.exit(1);
  }, ms).unref();

/** Deterministic pseudo-random bytes (xorshift32), so both ends can be checked by a hash. */
function fill(buf, state) {
  let x = state;
  for (let i = 0; i < buf.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return x;
}

if (cmd === 'udp-echo') {
  const s = dgram.createSocket(addr.includes(':') ? 'udp6' : 'udp4');
  let echoed = 0;
  s.on('message', (m, from) => {
    echoed++;
    s.send(m, from.port, from.address);
  });
  s.bind(port, addr, () => print({ ready: true }));
  process.on('SIGTERM', () => {
    print({ echoed });
    process.exit(0);
  });
  limit(Number(a), 'udp-echo');
} else if (cmd === 'udp-ping') {
  // COUNT datagrams of SIZE bytes, WINDOW in flight, each resent after 200 ms without its echo;
  // every echo must be the datagram sent, byte for byte.
  const count = Number(a);
  const size = Number(b);
  const WINDOW = 8;
  const s = dgram.createSocket(addr.includes(':') ? 'udp6' : 'udp4');
  const pending = new Map();
  let next = 0;
  let done = 0;
  let resent = 0;
  let corrupt = 0;
  const datagram = (i) => {
    const m = Buffer.alloc(size);
    fill(m, i + 1);
    m.writeUInt32BE(i, 0);
    return m;
  };
  const send = (i) => {
    const m = datagram(i);
    pending.set(i, setTimeout(() => {
      resent++;
      send(i);
    }, 200));
    s.send(m, port, addr);
  };
  s.on('message', (m) => {
    const i = m.readUInt32BE(0);
    const timer = pending.get(i);
    if (timer === undefined) return; // a duplicate echo after a resend
    if (!m.equals(datagram(i))) corrupt++;
    clearTimeout(timer);
    pending.delete(i);
    done++;
    if (done === count) {
      print({ count, bytes: count * size, resent, corrupt });
      process.exit(0);
    }
    if (next < count) send(next++);
  });
  s.bind(0, () => {
    while (next < Math.min(WINDOW, count)) send(next++);
  });
  limit(30_000, 'udp-ping');
} else if (cmd === 'tcp-recv') {
  const hash = createHash('sha256');
  let bytes = 0;
  const server = net.createServer((c) => {
    c.on('data', (d) => {
      bytes += d.length;
      hash.update(d);
    });
    c.on('end', () => {
      print({ bytes, sha256: hash.digest('hex') });
      process.exit(0);
    });
  });
  server.listen(port, addr, () => print({ ready: true }));
  limit(Number(a), 'tcp-recv');
} else if (cmd === 'tcp-send') {
  const total = Number(a);
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(64 * 1024);
  let sent = 0;
  let state = 12345;
  const c = net.connect(port, addr, () => {
    const write = () => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        state = fill(chunk, state);
        const piece = Buffer.from(chunk.subarray(0, n));
        hash.update(piece);
        sent += n;
        if (!c.write(piece)) {
          c.once('drain', write);
          return;
        }
      }
      c.end(() => print({ bytes: sent, sha256: hash.digest('hex') }));
    };
    write();
  });
  c.on('error', (e) => {
    print({ error: `tcp-send: ${e.message}` });
    process.exit(1);
  });
  limit(Number(b), 'tcp-send');
} else {
  print({ error: `unknown command ${cmd}` });
  process.exit(2);
}
