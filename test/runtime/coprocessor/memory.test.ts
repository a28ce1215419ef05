import { describe, expect, test } from 'vitest';
import { lineAlignedSab } from '../../../runtime/coprocessor/memory.ts';
import { PacketPool } from '../../../runtime/coprocessor/pool.ts';
import { SpscRing } from '../../../runtime/coprocessor/ring.ts';

describe('line-aligned shared memory', () => {
  test('at least the bytes asked, whole 64 KiB pages, shared, zeroed', () => {
    for (const bytes of [1, 4096, 65536, 65537, 8 * 2048 * 1024]) {
      const sab = lineAlignedSab(bytes);
      expect(sab).toBeInstanceOf(SharedArrayBuffer);
      expect(sab.byteLength).toBeGreaterThanOrEqual(bytes);
      expect(sab.byteLength % 65536).toBe(0);
      expect(new Uint8Array(sab).every((b) => b === 0)).toBe(true);
    }
  });

  test('a pool has exactly the buffers asked for, though its memory is whole pages', () => {
    const pool = PacketPool.create(8, 2048);
    expect(pool.sab.byteLength).toBe(65536);
    expect(pool.count).toBe(8);
    expect(pool.available).toBe(8);
    // the worker's view of the same memory, told the count
    expect(new PacketPool(pool.sab, 2048, 8).count).toBe(8);
    expect(pool.data.length).toBe(8 * 2048);
    expect(() => new PacketPool(pool.sab, 2048, 33)).toThrow(RangeError);
  });

  test("a ring's capacity and slots come from its control words, not the memory's size", () => {
    const ring = SpscRing.create(64, 8);
    const other = new SpscRing(ring.sab);
    expect(other.capacity).toBe(64);
    expect(other.words.length).toBe(64 * 8);
  });
});
