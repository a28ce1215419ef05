import { describe, expect, it } from 'vitest';
import type * as A from '../../../../compiler/ast/nodes.ts';
import { only, show } from './helpers.ts';

function table(body: string): A.TableDeclaration {
  const control = only(`control C(inout H h) { table t { ${body} } apply { } }`, 'ControlDeclaration');
  const t = control.locals[0];
  if (t?.kind !== 'TableDeclaration') throw new Error('no table');
  return t;
}

function action(ref: A.ActionReference): string {
  const name = (ref.name.global ? '.' : '') + ref.name.name.name;
  return ref.args === undefined ? name : `${name}(${ref.args.map((a) => show(a.value)).join(', ')})`;
}

describe('tables', () => {
  it('parses keys with match kinds and trailing annotations', () => {
    const [key] = table('key = { h.a: exact; h.b & 0xff: ternary @name("b"); }').properties;
    expect(key?.kind).toBe('KeyProperty');
    if (key?.kind === 'KeyProperty') {
      expect(key.elements.map((e) => `${show(e.expression)}:${e.matchKind.name}`)).toEqual([
        'h.a:exact',
        '(h.b & 0xff):ternary',
      ]);
      expect(key.elements[1]!.annotations[0]!.name.name).toBe('name');
    }
  });

  it('parses action lists with annotations and bound arguments', () => {
    const [actions] = table('actions = { a; @defaultonly b(1, h.x); .c; }').properties;
    expect(actions?.kind).toBe('ActionsProperty');
    if (actions?.kind === 'ActionsProperty') {
      expect(actions.actions.map(action)).toEqual(['a', 'b(1, h.x)', '.c']);
      expect(actions.actions[1]!.annotations[0]!.name.name).toBe('defaultonly');
    }
  });

  it('parses default_action (const or not), size and other properties as value properties', () => {
    const props = table(
      'const default_action = a(1); size = 1024; @name("impl") implementation = ap; support_timeout = true;',
    ).properties;
    expect(props.map((p) => p.kind === 'ValueProperty' && [p.isConst, p.name.name, show(p.value)])).toEqual([
      [true, 'default_action', 'a(1)'],
      [false, 'size', '1024'],
      [false, 'implementation', 'ap'],
      [false, 'support_timeout', 'true'],
    ]);
    expect(props[2]!.annotations[0]!.name.name).toBe('name');
  });

  it('parses const entries with priorities, masks, ranges, per-entry annotations', () => {
    const [entries] = table(`
      const entries = {
        (0x01, 1 .. 5): a(1);
        priority = 10: (0x02 &&& 0x0f, _): b();
        @name("e3") 3: c @tag;
        const priority = (2 + 1): (_, default): a(2);
      }`).properties;
    expect(entries?.kind).toBe('EntriesProperty');
    if (entries?.kind !== 'EntriesProperty') return;
    expect(entries.isConst).toBe(true);
    expect(
      entries.entries.map((e) => [
        e.priority && show(e.priority),
        e.keyset.kind === 'TupleKeyset' ? e.keyset.elements.map(show) : show(e.keyset.expression),
        action(e.action),
        e.annotations.map((a) => a.name.name),
        e.isConst,
      ]),
    ).toEqual([
      [undefined, ['0x01', '(1 .. 5)'], 'a(1)', [], false],
      ['10', ['(0x02 &&& 0x0f)', '_'], 'b()', [], false],
      [undefined, '3', 'c', ['name', 'tag'], false],
      ['(2 + 1)', ['_', 'default'], 'a(2)', [], true],
    ]);
  });

  it('parses non-const entries', () => {
    const [entries] = table('entries = { 1: a; }').properties;
    expect(entries).toMatchObject({ kind: 'EntriesProperty', isConst: false });
  });

  it('keeps annotations on the table', () => {
    const c = only('control C() { @name("tbl") @hidden table t { actions = { } } apply { } }', 'ControlDeclaration');
    expect(c.locals[0]!.annotations.map((a) => a.name.name)).toEqual(['name', 'hidden']);
  });
});
