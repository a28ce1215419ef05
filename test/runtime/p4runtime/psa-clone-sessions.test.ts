/**
 * PSA clone sessions over P4Runtime (test/fixtures/p4runtime/psa-clone.p4 served on 127.0.0.1):
 * a CloneSessionEntry's replicas each get an ingress-to-egress or egress-to-egress clone, with
 * their instance and the session's class_of_service in the egress metadata; packet_length_bytes
 * cuts the clones (not the original) before egress; the session reads back as written.
 */
import { describe, expect, it } from 'vitest';
import { bytes, failure, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

type CloneSessionRead = { packet_replication_engine_entry: { clone_session_entry: { session_id: number; replicas: { port: Uint8Array; instance?: number }[]; class_of_service?: number; packet_length_bytes?: number } } };

describe('P4Runtime server: PSA clone sessions (I2E and E2E)', () => {
  const served = useServedSession(`${root}test/fixtures/p4runtime/psa-clone.p4`);
  const cloneSession = (type: string, entry: object) => served.write([{ type, entity: { packet_replication_engine_entry: { clone_session_entry: entry } } }]);
  const send = (hex: string): [number, string][] => {
    served.s.out.length = 0;
    served.s.device.switch!.inject(2, bytes(hex));
    served.s.device.switch!.runUntilIdle();
    return [...served.s.out].sort((a, b) => a[0] - b[0]);
  };
  const readSession = async (id: number) => {
    const [read] = await served.c.read({ device_id: 1, entities: [{ packet_replication_engine_entry: { clone_session_entry: { session_id: id } } }] });
    const e = (read as CloneSessionRead).packet_replication_engine_entry.clone_session_entry;
    return { ...e, replicas: e.replicas.map((r) => [[...r.port].reduce((a, b) => a * 256 + b, 0), r.instance ?? 0]) };
  };

  it('an ingress-to-egress clone goes to each replica with its instance and the class of service', async () => {
    await cloneSession('INSERT', { session_id: 5, replicas: [{ egress_port: 3, instance: 7 }, { port: Uint8Array.of(4), instance: 8 }], class_of_service: 2 });
    expect(send('000000000001' + '000000000000' + '0800' + '01020304')).toEqual([
      [1, '000000000001' + '0000000000aa' + '0800' + '01020304'],
      // the packet as it arrived (source MAC not 0xaa), marked I2E, class 2, instance 7 / 8
      [3, '000000001101' + '000000000000' + '0207' + '01020304'],
      [4, '000000001101' + '000000000000' + '0208' + '01020304'],
    ]);
    expect(await readSession(5)).toEqual({ session_id: 5, replicas: [[3, 7], [4, 8]], class_of_service: 2 });
    // A packet that asks for no clone makes none.
    expect(send('000000000003' + '000000000000' + '0800')).toEqual([[1, '000000000003' + '0000000000aa' + '0800']]);
  });

  it('packet_length_bytes cuts the clones before egress, not the original', async () => {
    await cloneSession('MODIFY', { session_id: 5, replicas: [{ egress_port: 3, instance: 7 }], packet_length_bytes: 16 });
    expect(send('000000000001' + '000000000000' + '0800' + '01020304')).toEqual([
      [1, '000000000001' + '0000000000aa' + '0800' + '01020304'],
      [3, '000000001101' + '000000000000' + '0007' + '0102'],
    ]);
    expect(await readSession(5)).toEqual({ session_id: 5, replicas: [[3, 7]], packet_length_bytes: 16 });
  });

  it('an egress-to-egress clone is the packet as egress sent it, to each replica', async () => {
    await cloneSession('INSERT', { session_id: 6, replicas: [{ egress_port: 5, instance: 1 }, { egress_port: 6, instance: 2 }] });
    expect(send('000000000002' + '000000000000' + '0800' + '0506')).toEqual([
      [1, '000000000002' + '0000000000aa' + '0800' + '0506'],
      [5, '000000002202' + '0000000000aa' + '0001' + '0506'],
      [6, '000000002202' + '0000000000aa' + '0002' + '0506'],
    ]);
    // Deleted, the session clones no more.
    await cloneSession('DELETE', { session_id: 6 });
    expect(send('000000000002' + '000000000000' + '0800')).toEqual([[1, '000000000002' + '0000000000aa' + '0800']]);
  });

  it('a class of service beyond ClassOfService_t (bit<8>) is INVALID_ARGUMENT (as the specification asks) and changes nothing', async () => {
    const r = await cloneSession('MODIFY', { session_id: 5, replicas: [{ egress_port: 9 }], class_of_service: 256 }).catch(failure);
    expect(r).toMatchObject({ errors: [{ canonical_code: 3 }] });
    expect(served.s.device.switch!.mirroring.get(5)?.replicas).toEqual([{ rid: 7, port: 3 }]);
  });
});
