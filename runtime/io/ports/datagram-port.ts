/**
 * Live ports over UDP (node:dgram, no native code):
 * - `N:vxlan:BIND=PEER[,vni=V]`: each datagram is a VXLAN header and an Ethernet frame (RFC 7348),
 *   as a Linux `vxlan` device sends them. Datagrams are accepted from the peer's address, from
 *   any source UDP port (the kernel picks one per flow), and only with the port's VNI; frames
 *   are sent to the peer's address and UDP port.
 * - `N:udp:BIND=PEER`: each datagram is one Ethernet frame, as QEMU's `-netdev dgram` and
 *   `-netdev socket,udp=` send them. The socket is connected to the peer: only its datagrams are
 *   received.
 *
 * Receiving: every datagram is handed to the receiver as it is read; the receiver (the port
 * driver) injects it and runs the switch once per event-loop turn, over all frames read in that
 * turn. Node allocates a Buffer per datagram; the port adds a view for a VXLAN frame and nothing
 * else. Sending: frames are copied into a send slab (a new slab when one is used up, so Node may
 * keep referring to earlier frames until they are sent) behind their VXLAN header; there is no
 * allocation per frame beyond Node's own send request. `txPackets` counts frames the system
 * took, `txDropped` those it refused.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { PortCounters } from './counters.ts';
import type { Port, PortReceiver } from './port.ts';
import { formatEndpoint, type PortSpec } from './spec.ts';
import { readVxlanVni, VXLAN_HEADER_LEN, writeVxlanHeader } from './vxlan.ts';

/** Bytes of a send slab. */
const SLAB_BYTES = 256 * 1024;
/** Socket buffer sizes asked for (the kernel caps them at net.core.rmem_max / wmem_max). */
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
/** Shortest frame accepted: an Ethernet header. */
const MIN_FRAME = 14;

export class DatagramPort implements Port {
  readonly spec: Extract<PortSpec, { kind: 'vxlan' | 'udp' }>;
  readonly number: number;
  readonly counters = new PortCounters();
  readonly inputDone = undefined;
  private readonly headerLen: number;
  private readonly vni: number;
  private readonly peerAddress: string;
  private readonly peerPort: number;
  private socket: Socket | null = null;
  private receiver: PortReceiver | null = null;
  private slab = new Uint8Array(0);
  private slabUsed = 0;
  private readonly onMessage = (msg: Buffer, rinfo: RemoteInfo): void => this.message(msg, rinfo);
  private readonly onSent = (err: Error | null, bytes: number): void => {
    const c = this.counters;
    if (err !== null) c.txDropped++;
    else {
      c.txPackets++;
      c.txBytes += bytes - this.headerLen;
    }
  };
  private readonly onError = (err: Error): void => this.error(err);

  constructor(spec: Extract<PortSpec, { kind: 'vxlan' | 'udp' }>) {
    this.spec = spec;
    this.number = spec.port;
    this.headerLen = spec.kind === 'vxlan' ? VXLAN_HEADER_LEN : 0;
    this.vni = spec.kind === 'vxlan' ? spec.vni : -1;
    this.peerAddress = spec.peer.address;
    this.peerPort = spec.peer.port;
  }

  /** Binds (and for `udp` connects) the socket; rejects with the system's reason (e.g. EADDRINUSE). */
  open(receiver: PortReceiver): Promise<void> {
    this.receiver = receiver;
    const socket = createSocket({ type: isIP(this.spec.bind.address) === 6 ? 'udp6' : 'udp4' });
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      const failOpen = (err: Error): void => {
        this.socket = null;
        socket.close();
        reject(new Error(`${this.describe()}: cannot open: ${err.message}`));
      };
      socket.once('error', failOpen);
      socket.bind(this.spec.bind.port, this.spec.bind.address, () => {
        const ready = (): void => {
          socket.off('error', failOpen);
          socket.on('error', this.onError);
          try {
            socket.setRecvBufferSize(SOCKET_BUFFER_BYTES);
            socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
          } catch {
            // the kernel keeps its default sizes
          }
          socket.on('message', this.onMessage);
          resolve();
        };
        if (this.spec.kind === 'udp') socket.connect(this.peerPort, this.peerAddress, ready);
        else ready();
      });
    });
  }

  /** The UDP address and port the socket is bound to (the port chosen by the system when the spec said 0). */
  boundAddress(): { address: string; port: number } | undefined {
    const s = this.socket;
    if (s === null) return undefined;
    const a = s.address();
    return { address: a.address, port: a.port };
  }

  private message(msg: Buffer, rinfo: RemoteInfo): void {
    const c = this.counters;
    const h = this.headerLen;
    if (h !== 0) {
      if (rinfo.address !== this.peerAddress || readVxlanVni(msg) !== this.vni || msg.length < h + MIN_FRAME) {
        c.rxErrors++;
        return;
      }
    } else if (msg.length < MIN_FRAME) {
      c.rxErrors++;
      return;
    }
    const frame = h === 0 ? msg : msg.subarray(h);
    c.rxPackets++;
    c.rxBytes += frame.length;
    if (!this.receiver!.receive(this.number, frame)) c.rxDropped++;
  }

  private error(err: Error): void {
    // A connected socket reports an ICMP port unreachable from the peer (nobody listening yet) as
    // ECONNREFUSED on a later call: that frame was lost on the way, the port stays up.
    if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') return;
    this.receiver?.fail(this.number, `${this.describe()}: ${err.message}`);
  }

  send(buffer: Uint8Array, offset: number, length: number): void {
    const socket = this.socket;
    if (socket === null) {
      this.counters.txDropped++;
      return;
    }
    const h = this.headerLen;
    const need = h + length;
    if (this.slabUsed + need > this.slab.length) {
      this.slab = new Uint8Array(Math.max(SLAB_BYTES, need));
      this.slabUsed = 0;
    }
    const slab = this.slab;
    const at = this.slabUsed;
    if (h !== 0) writeVxlanHeader(slab, at, this.vni);
    slab.set(length === buffer.length && offset === 0 ? buffer : buffer.subarray(offset, offset + length), at + h);
    this.slabUsed = at + need;
    if (h === 0) socket.send(slab, at, need, this.onSent);
    else socket.send(slab, at, need, this.peerPort, this.peerAddress, this.onSent);
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket === null) return Promise.resolve();
    socket.off('message', this.onMessage);
    return new Promise((resolve) => socket.close(() => resolve()));
  }

  describe(): string {
    const s = this.spec;
    return `port ${this.number} (${s.kind} ${formatEndpoint(s.bind)}=${formatEndpoint(s.peer)}${s.kind === 'vxlan' ? `, vni ${s.vni}` : ''})`;
  }
}
