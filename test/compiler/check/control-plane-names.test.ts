import { describe, expect, it } from 'vitest';
import { checkSource } from './helpers.ts';

const program = (tableActions: string): string => `#include <core.p4>
control c(inout bit<8> x) {
    @name(".NoAction") action local_noop() { }
    action set() { x = 1; }
    table t {
        key = { x: exact; }
        actions = { ${tableActions} }
    }
    apply { t.apply(); }
}
`;

describe('action control-plane names', () => {
  it('ignores an unused action without @name (core.p4 NoAction) when another takes its name', () => {
    expect(checkSource(program('local_noop; set;')).errors).toEqual([]);
  });

  it('reports the clash once both actions are in the program', () => {
    const errors = checkSource(program('local_noop; set; NoAction;')).errors;
    expect(errors.map((d) => d.code)).toEqual([3905]);
  });

  it('qualifies relative names with the control, so the same short name in two controls is fine', () => {
    const text = `control a(inout bit<8> x) { @name("set") action s() { x = 1; } apply { s(); } }
control b(inout bit<8> x) { @name("set") action s() { x = 2; } apply { s(); } }
control d(inout bit<8> x) { @name(".a.set") action s() { x = 3; } apply { s(); } }
`;
    const errors = checkSource(text).errors;
    expect(errors.map((d) => [d.code, d.location?.file.position(d.location.start).line])).toEqual([[3905, 3]]);
  });
});
