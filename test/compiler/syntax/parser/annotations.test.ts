import { describe, expect, it } from 'vitest';
import type * as A from '../../../../compiler/ast/nodes.ts';
import { only, show } from './helpers.ts';

function annotationsOf(text: string): readonly A.Annotation[] {
  return only(`${text} const int x = 1;`, 'ConstantDeclaration').annotations;
}

function body(a: A.Annotation): unknown {
  switch (a.body.kind) {
    case 'Empty':
      return null;
    case 'Expressions':
      return a.body.items.map(show);
    case 'KeyValues':
      return Object.fromEntries(a.body.items.map((kv) => [kv.key.name, show(kv.value)]));
    case 'Unparsed':
      return { raw: a.body.text };
  }
}

describe('annotations', () => {
  it('parses empty and expression-list bodies', () => {
    const list = annotationsOf('@hidden @name(".x") @size(1 + 2, k) @empty()');
    expect(list.map((a) => [a.name.name, body(a)])).toEqual([
      ['hidden', null],
      ['name', ['".x"']],
      ['size', ['(1 + 2)', 'k']],
      ['empty', []],
    ]);
  });

  it('keeps bodies that are not expressions as raw text', () => {
    const [a, b] = annotationsOf('@pkginfo(name = "x", 1 2) @text(free form: it\'s (nested) text)');
    expect(body(a!)).toEqual({ raw: 'name = "x", 1 2' });
    expect(body(b!)).toEqual({ raw: "free form: it's (nested) text" });
  });

  it('parses structured bodies of expressions and key-value pairs', () => {
    const [a, b] = annotationsOf('@list[1, "two", 3,] @kv[key = 1, other = "v"]');
    expect(body(a!)).toEqual(['1', '"two"', '3']);
    expect(body(b!)).toEqual({ key: '1', other: '"v"' });
  });

  it('accepts keywords as annotation names', () => {
    expect(annotationsOf('@priority(1) @switch @type').map((a) => a.name.name)).toEqual(['priority', 'switch', 'type']);
  });

  it('turns `@pragma name body` lines into annotations with unparsed bodies', () => {
    const list = annotationsOf('@pragma pkginfo name="x", value=0\n@pragma dont_trim\n');
    expect(list.map((a) => [a.name.name, body(a)])).toEqual([
      ['pkginfo', { raw: 'name="x", value=0' }],
      ['dont_trim', null],
    ]);
  });

  it('keeps annotations on parameters, fields, enum members and states', () => {
    const [e, c] = [
      only('enum E { @a X, @b Y }', 'EnumDeclaration'),
      only('control C(@optional in bit<8> x) { apply { } }', 'ControlDeclaration'),
    ];
    expect(e.members.map((m) => m.annotations[0]!.name.name)).toEqual(['a', 'b']);
    expect(c.parameters[0]!.annotations[0]!.name.name).toBe('optional');
  });

  it('spans an annotation from `@` to its end', () => {
    const text = '@name("n") const int x = 1;';
    const [a] = only(text, 'ConstantDeclaration').annotations;
    expect(text.slice(a!.span.start, a!.span.end)).toBe('@name("n")');
  });
});
