/** Mirroring sessions' class of service: only as many classes as the switch has (v1model: none). */
import { describe, expect, it } from 'vitest';
import { MirroringSessions } from '../../../runtime/v1model/pre.ts';

describe('MirroringSessions: class of service', () => {
  it('v1model sessions take no class of service but 0', () => {
    const sessions = new MirroringSessions();
    sessions.add(1, { egressPort: 3, classOfService: 0 });
    expect(() => sessions.add(2, { egressPort: 3, classOfService: 1 })).toThrow(/has no classes of service/);
    expect(sessions.sessionIds()).toEqual([1]);
  });

  it('a switch with classes 0..255 takes those, and refuses others', () => {
    const sessions = new MirroringSessions(undefined, 255);
    sessions.add(1, { replicas: [{ port: 3, rid: 7 }], classOfService: 255 });
    expect(sessions.get(1)).toMatchObject({ classOfService: 255, replicaPorts: [3], replicaRids: [7] });
    for (const cos of [256, -1, 1.5]) expect(() => sessions.add(2, { egressPort: 3, classOfService: cos })).toThrow(/out of range \[0, 255\]/);
    expect(sessions.get(2)).toBeUndefined();
  });
});
