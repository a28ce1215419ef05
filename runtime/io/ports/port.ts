/**
 * A switch port: something frames arrive from and leave to (a pcap file pair, a UDP socket
 * carrying VXLAN or raw Ethernet). Ports know nothing of the switch: received frames go to a
 * `PortReceiver` (the `PortDriver`, which injects them), transmitted frames come in through
 * `send`.
 */
import type { PortCounters } from './counters.ts';
import type { PortSpec } from './spec.ts';

export interface PortReceiver {
  /**
   * A frame arrived on switch port `port`; `frame` is valid only during the call. Returns false
   * when the switch did not take it (the port counts it in `rxDropped`).
   */
  receive(port: number, frame: Uint8Array): boolean;
  /** Frames the switch can take now; a port that can wait (a replayed file) waits while this is 0. */
  room(): number;
  /** The port failed (socket error, malformed file) and receives nothing more. */
  fail(port: number, message: string): void;
}

export interface Port {
  readonly spec: PortSpec;
  /** The switch port number. */
  readonly number: number;
  readonly counters: PortCounters;
  /**
   * Resolves once the port will deliver no more frames (a replayed file reached its end);
   * `undefined` for ports without a finite input (live sockets, record-only files).
   */
  readonly inputDone: Promise<void> | undefined;
  /** Opens the port (binds its socket, opens its files) and starts delivering frames to `receiver`. */
  open(receiver: PortReceiver): Promise<void>;
  /** Transmits `buffer[offset, offset + length)`; the bytes are copied or written before it returns. */
  send(buffer: Uint8Array, offset: number, length: number): void;
  /** Stops receiving, flushes what was sent and releases the socket or files. */
  close(): Promise<void>;
  /** For messages: `port 1 (vxlan 10.0.0.1:4789=10.0.0.2:4789, vni 1)`. */
  describe(): string;
}
