import { describe, expect, it } from 'vitest';
import { DescriptorPool } from '../../../runtime/v1model/descriptor-pool.ts';
import type { SwitchServices } from '../../../runtime/v1model/descriptor.ts';
import type { V1ProgramBase } from '../../../runtime/v1model/program.ts';

// Only what the pool reads of a program: its state and the sizes of the live locals.
const program = { createState: () => ({}), liveNumbers: 1, liveBigints: 0, liveRefs: 0 } as unknown as V1ProgramBase<object>;
const services = {} as SwitchServices;
const poolOf = (initial: number, max: number) => new DescriptorPool(program, services, { bufferSize: 64, headroom: 16, initial, max });

describe('DescriptorPool: the spare descriptor', () => {
  it('a spare that stays with its packet (parked, or left the straight path) is replaced at once by a free descriptor', () => {
    const pool = poolOf(4, 8);
    const first = pool.takeSpare()!;
    expect(pool.spare).toBe(first);
    expect(pool.live).toBe(1);
    pool.detachSpare(first);
    const next = pool.spare!;
    // a free descriptor, not the detached one, not live yet: the next packet `receive` takes finds it free
    expect(next).not.toBe(first);
    expect(next.free).toBe(true);
    expect(first.free).toBe(false);
    expect(pool.live).toBe(1);
    // the replacement is the spare: taking it makes it live, and releasing it keeps it aside
    expect(pool.takeSpare()).toBe(next);
    expect(pool.live).toBe(2);
    pool.releaseStraight(next);
    expect(pool.spare).toBe(next);
    expect(pool.live).toBe(1);
    // the detached one goes back to the free list, not in place of the spare
    pool.releaseStraight(first);
    expect(pool.spare).toBe(next);
    expect(pool.live).toBe(0);
    const again = new Set<unknown>();
    for (let i = 0; i < 7; i++) again.add(pool.allocStraight());
    expect(again.has(first)).toBe(true);
    expect(again.has(next)).toBe(false);
    expect(pool.size).toBe(8);
  });

  it('detaching another descriptor than the spare changes nothing; with every descriptor in use there is no spare until one comes back', () => {
    const pool = poolOf(2, 2);
    const spare = pool.takeSpare()!;
    const other = pool.allocStraight()!;
    pool.detachSpare(other);
    expect(pool.spare).toBe(spare);
    pool.detachSpare(spare);
    expect(pool.spare).toBeNull();
    expect(pool.takeSpare()).toBeNull();
    pool.releaseStraight(other);
    const taken = pool.takeSpare();
    expect(taken).toBe(other);
    expect(pool.spare).toBe(other);
  });
});
