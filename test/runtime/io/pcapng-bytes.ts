/**
 * Hand-built pcapng and Linux cooked capture bytes for the reader's tests (written here from the
 * pcapng block layouts, independently of the reader): sections in either byte order, interface
 * descriptions with `if_tsresol`/`if_tsoffset`, enhanced, simple and obsolete packet blocks, and
 * blocks a reader must skip.
 */

export interface Interface {
  readonly linkType: number;
  readonly snaplen?: number;
  /** `if_tsresol` byte (bit 7: power of two); absent: microseconds. */
  readonly tsresol?: number;
  /** `if_tsoffset` in seconds. */
  readonly tsoffset?: bigint;
}

export type Block =
  | { readonly kind: 'shb'; readonly major?: number }
  | ({ readonly kind: 'idb' } & Interface)
  | { readonly kind: 'epb'; readonly iface: number; readonly ts: bigint; readonly data: Uint8Array; readonly origLen?: number }
  | { readonly kind: 'pb'; readonly iface: number; readonly ts: bigint; readonly data: Uint8Array }
  | { readonly kind: 'spb'; readonly origLen: number; readonly data: Uint8Array }
  | { readonly kind: 'other'; readonly type: number; readonly body: Uint8Array };

class Bytes {
  private readonly parts: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff];
    this.parts.push(...(this.le ? b : b.reverse()));
    return this;
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.parts.push(...(this.le ? b : b.reverse()));
    return this;
  }
  u64(v: bigint): this {
    const lo = Number(BigInt.asUintN(64, v) & 0xffffffffn);
    const hi = Number(BigInt.asUintN(64, v) >> 32n);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  raw(b: Uint8Array | readonly number[]): this {
    this.parts.push(...b);
    return this;
  }
  pad(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): number[] {
    return this.parts;
  }
}

/** One block: type, total length, body (padded), total length again. */
function block(le: boolean, type: number, body: Bytes): number[] {
  body.pad();
  const total = body.length + 12;
  return new Bytes(le).u32(type).u32(total).raw(body.bytes()).u32(total).bytes();
}

/** The bytes of a pcapng file: `blocks` in order, each section in the byte order given. */
export function pcapng(blocks: readonly Block[], littleEndian = true): Uint8Array {
  const out: number[] = [];
  const le = littleEndian;
  for (const b of blocks) {
    const body = new Bytes(le);
    switch (b.kind) {
      case 'shb':
        body.u32(0x1a2b3c4d).u16(b.major ?? 1).u16(0).u64(-1n);
        out.push(...block(le, 0x0a0d0d0a, body));
        break;
      case 'idb':
        body.u16(b.linkType).u16(0).u32(b.snaplen ?? 0);
        if (b.tsresol !== undefined) body.u16(9).u16(1).u8(b.tsresol).pad();
        if (b.tsoffset !== undefined) body.u16(14).u16(8).u64(b.tsoffset);
        if (b.tsresol !== undefined || b.tsoffset !== undefined) body.u16(0).u16(0);
        out.push(...block(le, 1, body));
        break;
      case 'epb':
        body.u32(b.iface).u32(Number(b.ts >> 32n)).u32(Number(b.ts & 0xffffffffn)).u32(b.data.length).u32(b.origLen ?? b.data.length).raw(b.data).pad();
        body.u16(1).u16(3).raw([0x61, 0x62, 0x63]).pad().u16(0).u16(0); // an opt_comment "abc", then opt_endofopt
        out.push(...block(le, 6, body));
        break;
      case 'pb':
        body.u16(b.iface).u16(0).u32(Number(b.ts >> 32n)).u32(Number(b.ts & 0xffffffffn)).u32(b.data.length).u32(b.data.length).raw(b.data);
        out.push(...block(le, 2, body));
        break;
      case 'spb':
        body.u32(b.origLen).raw(b.data);
        out.push(...block(le, 3, body));
        break;
      case 'other':
        body.raw(b.body);
        out.push(...block(le, b.type, body));
        break;
    }
  }
  return Uint8Array.from(out);
}

/** A Linux cooked (SLL, 16-byte header) record: packet type, ARPHRD type, address, protocol, payload. */
export function sll(packetType: number, arphrd: number, addr: readonly number[], protocol: number, payload: Uint8Array): Uint8Array {
  const a = [...addr, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8);
  return Uint8Array.from([packetType >> 8, packetType & 0xff, arphrd >> 8, arphrd & 0xff, 0, addr.length, ...a, protocol >> 8, protocol & 0xff, ...payload]);
}

/** A Linux cooked v2 (SLL2, 20-byte header) record. */
export function sll2(packetType: number, arphrd: number, ifindex: number, addr: readonly number[], protocol: number, payload: Uint8Array): Uint8Array {
  const a = [...addr, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, 8);
  return Uint8Array.from([
    protocol >> 8,
    protocol & 0xff,
    0,
    0,
    (ifindex >>> 24) & 0xff,
    (ifindex >>> 16) & 0xff,
    (ifindex >>> 8) & 0xff,
    ifindex & 0xff,
    arphrd >> 8,
    arphrd & 0xff,
    packetType,
    addr.length,
    ...a,
    ...payload,
  ]);
}
