/**
 * PSA `Digest<T>`: `pack(data)` sends one message to the control plane. The message is a
 * snapshot the generated code builds at the call (an object of the field values). The switch
 * connects `sink` when it starts; until then (or with no control plane listening) messages are
 * kept in `messages`.
 */
export interface DigestMessage {
  readonly data: object;
  readonly packetId: number;
}

/** What the digest needs of the packet calling `pack` (a packet descriptor has it). */
export interface DigestSource {
  readonly packetId: number;
}

export class Digest {
  /** Messages packed so far. */
  packed = 0;
  /** Messages kept when no sink is connected. */
  readonly messages: DigestMessage[] = [];
  /** Where messages go once the switch is running. */
  sink: ((digest: Digest, data: object, packetId: number) => void) | null = null;

  constructor(readonly name: string) {}

  pack(d: DigestSource, data: object): void {
    this.packed++;
    const sink = this.sink;
    if (sink !== null) sink(this, data, d.packetId);
    else this.messages.push({ data, packetId: d.packetId });
  }
}
