/**
 * Clone sessions over P4Runtime (test/fixtures/stf/clone.p4 served on 127.0.0.1): a session with
 * several replicas sends a clone to each (port, instance), and `packet_length_bytes` truncates
 * the clones, not the original; the session reads back as written; a class of service is refused.
 */
import { describe, expect, it } from 'vitest';
import { bytes, failure, useServedSession } from './served.ts';

const root = new URL('../../../', import.meta.url).pathname;

describe('P4Runtime server: clone sessions with several replicas and truncation', () => {
  const served = useServedSession(`${root}test/fixtures/stf/clone.p4`);
  const write = (updates: object[]) => served.write(updates);

  it('each replica gets a clone, truncated to packet_length_bytes; the original is whole', async () => {
    const clone = { session_id: 5, replicas: [{ egress_port: 3, instance: 7 }, { port: Uint8Array.of(4), instance: 8 }], packet_length_bytes: 3 };
    await write([{ type: 'INSERT', entity: { packet_replication_engine_entry: { clone_session_entry: clone } } }]);
    served.s.out.length = 0;
    served.s.device.switch!.inject(0, bytes('010000000000'));
    served.s.device.switch!.runUntilIdle();
    expect(served.s.out.sort((a, b) => a[0] - b[0])).toEqual([
      [1, '013100000000'],
      [3, '012000'],
      [4, '012000'],
    ]);
    const [read] = await served.c.read({ device_id: 1, entities: [{ packet_replication_engine_entry: { clone_session_entry: { session_id: 5 } } }] });
    const entry = (read as { packet_replication_engine_entry: { clone_session_entry: { replicas: { port: Uint8Array; instance?: number }[]; packet_length_bytes: number } } }).packet_replication_engine_entry.clone_session_entry;
    expect(entry.replicas.map((r) => [[...r.port][0], r.instance])).toEqual([
      [3, 7],
      [4, 8],
    ]);
    expect(entry.packet_length_bytes).toBe(3);
    // No replica, or a replica twice: INVALID_ARGUMENT, and the session stays as it was.
    for (const replicas of [[], [{ egress_port: 3 }, { egress_port: 3 }]]) {
      const r = await write([{ type: 'MODIFY', entity: { packet_replication_engine_entry: { clone_session_entry: { session_id: 5, replicas } } } }]).catch(failure);
      expect(r).toMatchObject({ errors: [{ canonical_code: 3 }] });
    }
    expect(served.s.device.switch!.mirroring.get(5)?.replicas).toHaveLength(2);
    // v1model has no classes of service: a class_of_service other than 0 is UNIMPLEMENTED.
    const r = await write([{ type: 'MODIFY', entity: { packet_replication_engine_entry: { clone_session_entry: { session_id: 5, replicas: [{ egress_port: 3 }], class_of_service: 1 } } } }]).catch(failure);
    expect(r).toMatchObject({ errors: [{ canonical_code: 12 }] });
    expect(served.s.device.switch!.mirroring.get(5)?.replicas).toHaveLength(2);
  });
});
