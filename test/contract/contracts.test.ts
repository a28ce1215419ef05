/**
 * The compiler↔runtime contracts agree with the P4 include files both sides are built from, and
 * with what each side does with them.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXECUTION_MODES, isExecutionMode } from '../../contract/execution-mode.ts';
import { PAYLOAD_OP_FAMILIES, PAYLOAD_OP_NAMES, PayloadOp, payloadOpOf } from '../../contract/p4ts-operations.ts';
import { NUMBER_KEY_MAX_WIDTH, usesSplitKey } from '../../contract/table-keys.ts';
import { V1MODEL, V1MODEL_DROP_PORT, V1MODEL_PORT_COUNT, V1MODEL_STAGES, V1Stage } from '../../contract/v1model.ts';
import { NUMBER_MAX_WIDTH, bitsRepresentation, isNumberWidth } from '../../contract/value-representation.ts';
import { valueForWidth } from '../../runtime/control/values.ts';
import { ExactTable } from '../../runtime/tables/exact.ts';

const include = (name: string) => readFileSync(new URL(`../../compiler/p4include/${name}`, import.meta.url), 'utf8');

describe('p4ts operations', () => {
  it('name exactly the @async externs of p4ts.p4, one operation each', () => {
    const declared = [...include('p4ts.p4').matchAll(/@async\s+extern\s+void\s+(\w+)\s*\(/g)].map((m) => m[1]);
    expect(Object.values(PAYLOAD_OP_NAMES).sort()).toEqual([...declared].sort());
    for (const op of Object.values(PayloadOp)) expect(payloadOpOf(PAYLOAD_OP_NAMES[op])).toBe(op);
    expect(payloadOpOf('mark_to_drop')).toBeUndefined();
    expect(Object.keys(PAYLOAD_OP_FAMILIES).map(Number).sort()).toEqual(Object.values(PayloadOp).sort());
  });
});

describe('v1model', () => {
  it('stages are the V1Switch package parameters of v1model.p4, in order', () => {
    const m = /package\s+V1Switch\s*<[^>]*>\s*\(([^;]*)\);/.exec(include('v1model.p4'));
    expect(m).not.toBeNull();
    const types = m![1]!.replace(/<[^>]*>/g, '').split(',').map((p) => p.trim().split(/\s/)[0]!);
    expect(types.map((t) => t[0]!.toLowerCase() + t.slice(1))).toEqual([...V1MODEL_STAGES]);
    expect(V1MODEL.packageType).toBe('V1Switch');
    expect(V1MODEL.stages).toBe(V1MODEL_STAGES);
  });

  it('numbers the stages by their position', () => {
    expect(Object.values(V1Stage)).toEqual(V1MODEL_STAGES.map((_, i) => i));
  });

  it('drop port is the last bit<9> port', () => {
    expect(V1MODEL_PORT_COUNT).toBe(2 ** 9);
    expect(V1MODEL_DROP_PORT).toBe(V1MODEL_PORT_COUNT - 1);
  });
});

describe('value representation', () => {
  it('narrow up to 32 bits, number53 for unsigned up to 53, wide beyond and for signed > 32', () => {
    expect([1, 32, 33, 48, 53, 54, 128].map((w) => bitsRepresentation(w, false))).toEqual(['narrow', 'narrow', 'number53', 'number53', 'number53', 'wide', 'wide']);
    expect([8, 32, 33, 53].map((w) => bitsRepresentation(w, true))).toEqual(['narrow', 'narrow', 'wide', 'wide']);
  });

  it('an unsigned value is a number exactly when its width holds every value exactly in a double', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256 }), (w) => {
        expect(isNumberWidth(w)).toBe(2n ** BigInt(w) - 1n <= BigInt(Number.MAX_SAFE_INTEGER));
        expect(isNumberWidth(w)).toBe(bitsRepresentation(w, false) !== 'wide');
        expect(typeof valueForWidth(2n ** BigInt(w) - 1n, w)).toBe(isNumberWidth(w) ? 'number' : 'bigint');
      }),
    );
    expect(NUMBER_MAX_WIDTH).toBe(53);
  });
});

describe('table keys', () => {
  it('a single unsigned key of 32..52 bits goes split, and such a table offers the split lookup', () => {
    for (let w = 1; w <= 64; w++) {
      const table = new ExactTable([{ name: 'k', width: w, kind: 'exact' }]);
      expect(table.splitKeys).toBe(w <= NUMBER_KEY_MAX_WIDTH);
      if (usesSplitKey(w, false)) expect(table.splitKeys).toBe(true);
    }
    expect(usesSplitKey(31, false)).toBe(false);
    expect(usesSplitKey(32, false)).toBe(true);
    expect(usesSplitKey(52, false)).toBe(true);
    expect(usesSplitKey(53, false)).toBe(false);
    expect(usesSplitKey(40, true)).toBe(false);
  });
});

describe('execution modes', () => {
  it('are sync, context and longjump', () => {
    expect(EXECUTION_MODES).toEqual(['sync', 'context', 'longjump']);
    expect(EXECUTION_MODES.every(isExecutionMode)).toBe(true);
    expect(isExecutionMode('async')).toBe(false);
  });
});
