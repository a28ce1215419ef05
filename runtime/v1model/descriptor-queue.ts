/**
 * The switch's queues of packet descriptors.
 */
import type { PacketDescriptor } from './descriptor.ts';

/** An intrusive FIFO of descriptors (through `d.next`): no allocation per operation. */
export class DescriptorQueue<S> {
  head: PacketDescriptor<S> | null = null;
  tail: PacketDescriptor<S> | null = null;
  size = 0;
  push(d: PacketDescriptor<S>): void {
    d.next = null;
    if (this.tail === null) this.head = d;
    else this.tail.next = d;
    this.tail = d;
    this.size++;
  }
  shift(): PacketDescriptor<S> | null {
    const d = this.head;
    if (d === null) return null;
    this.head = d.next;
    if (this.head === null) this.tail = null;
    d.next = null;
    this.size--;
    return d;
  }
}

