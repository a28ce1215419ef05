/** Digest data as P4Data, typed by the digest's P4Info type_spec (signed int<W> members). */
import { describe, expect, it } from 'vitest';
import type { DataTypeSpec, TypeInfo } from '../../../runtime/p4runtime/p4info.ts';
import { p4DataOf } from '../../../runtime/p4runtime/server/digest-data.ts';
import { bytes, id, useServedSession } from './served.ts';

const hex = (d: { bitstring?: Uint8Array }) => Buffer.from(d.bitstring!).toString('hex');

describe('digest data', () => {
  // struct learn_t { int<16> delta; bit<8> port; tuple<int<8>, bit<8>> pair; bool flag; }, as the P4Info describes it
  const types: TypeInfo = {
    structs: {
      learn_t: {
        members: [
          { name: 'delta', type_spec: { bitstring: { int: { bitwidth: 16 } } } },
          { name: 'port', type_spec: { bitstring: { bit: { bitwidth: 8 } } } },
          { name: 'pair', type_spec: { tuple: { members: [{ bitstring: { int: { bitwidth: 8 } } }, { bitstring: { bit: { bitwidth: 8 } } }] } } },
          { name: 'flag', type_spec: { bool: {} } },
        ],
      },
    },
  };
  const spec: DataTypeSpec = { struct: { name: 'learn_t' } };
  const members = (v: object) => p4DataOf(v, spec, types).struct!.members!;

  it('an int<W> member is signed whatever its sign: 200 in an int<16> is 00c8, -5 is fb', () => {
    expect(hex(members({ delta: 200, port: 200, pair: [1, 1], flag: false })[0]!)).toBe('00c8');
    expect(hex(members({ delta: -5, port: 1, pair: [1, 1], flag: false })[0]!)).toBe('fb');
    expect(hex(members({ delta: 127, port: 1, pair: [1, 1], flag: false })[0]!)).toBe('7f');
    expect(hex(members({ delta: 128n, port: 1, pair: [1, 1], flag: false })[0]!)).toBe('0080');
  });

  it('bit<W> members stay unsigned; tuple members and booleans follow their types', () => {
    const m = members({ delta: 0, port: 200, pair: [-1, 255], flag: true });
    expect(hex(m[1]!)).toBe('c8');
    expect(m[2]!.tuple!.members!.map(hex)).toEqual(['ff', 'ff']);
    expect(m[3]).toEqual({ bool: true });
  });

  it('without a type, only a negative value is taken as signed', () => {
    expect(hex(p4DataOf(-5, undefined, undefined))).toBe('fb');
    expect(hex(p4DataOf(200, undefined, undefined))).toBe('c8');
  });
});

describe('digest data end to end (digest-int.p4)', () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const session = useServedSession(`${root}test/fixtures/p4runtime/digest-int.p4`, 1);

  it('an int<16> member of a DigestList: 200 is 00c8, -5 is fb; the bit<9> port unsigned', async () => {
    const digestId = id(session.s.program.p4info, 'digests', 'learn_t');
    await session.write([{ type: 'INSERT', entity: { digest_entry: { digest_id: digestId, config: { max_list_size: 2, max_timeout_ns: 1_000_000_000 } } } }]);
    const sw = session.s.device.switch!;
    sw.inject(3, bytes('000000000001' + '000000000002' + '00c8'));
    sw.inject(3, bytes('000000000001' + '000000000002' + 'fffb'));
    sw.runUntilIdle();
    const m = (await session.stream.next()) as { digest: { data: { struct: { members: { bitstring: Uint8Array }[] } }[] } };
    expect(m.digest.data.map((d) => d.struct.members.map((x) => Buffer.from(x.bitstring).toString('hex')))).toEqual([
      ['00c8', '03'],
      ['fb', '03'],
    ]);
  });
});
