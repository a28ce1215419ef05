/** Per-port counters, kept by each port (plain number fields: counting allocates nothing). */
export class PortCounters {
  /** Frames received from the wire or file and handed to the switch. */
  rxPackets = 0;
  rxBytes = 0;
  /** Frames received but not taken by the switch: no free descriptor (overrun) or larger than its frame limit. */
  rxDropped = 0;
  /** Datagrams that did not carry a frame for this port (bad VXLAN header, other VNI, runt frame). */
  rxErrors = 0;
  /** Frames the switch transmitted on this port and the port sent or wrote. */
  txPackets = 0;
  txBytes = 0;
  /** Frames the port could not send (socket error, port closed). */
  txDropped = 0;

  /** The counters as a plain object (for JSON and P4Runtime-style reads). */
  snapshot(): PortCounterValues {
    return {
      rxPackets: this.rxPackets,
      rxBytes: this.rxBytes,
      rxDropped: this.rxDropped,
      rxErrors: this.rxErrors,
      txPackets: this.txPackets,
      txBytes: this.txBytes,
      txDropped: this.txDropped,
    };
  }
}

export type PortCounterValues = { readonly [K in keyof PortCounters as PortCounters[K] extends number ? K : never]: number };

/** One line per port: `port 1 (vxlan 10.0.0.1:4789=10.0.0.2:4789): rx 10 (0 dropped, 0 errors), tx 9 (0 dropped)`. */
export function formatPortCounters(name: string, c: PortCounters): string {
  return `${name}: rx ${c.rxPackets} (${c.rxBytes} bytes, ${c.rxDropped} dropped, ${c.rxErrors} errors), tx ${c.txPackets} (${c.txBytes} bytes, ${c.txDropped} dropped)`;
}
