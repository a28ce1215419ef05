/** Test helpers: parse snippets and print expressions compactly. */
import type * as A from '../../../../compiler/ast/nodes.ts';
import { DiagnosticBag, type Diagnostic } from '../../../../compiler/diagnostics/diagnostic.ts';
import { SourceFile } from '../../../../compiler/source/source-file.ts';
import { SourceMap } from '../../../../compiler/source/source-map.ts';
import { parseProgram } from '../../../../compiler/syntax/parse.ts';

export interface Parsed {
  readonly program: A.Program;
  readonly diagnostics: readonly Diagnostic[];
}

export function parse(text: string): Parsed {
  const file = new SourceFile('test.p4', text);
  const bag = new DiagnosticBag(new SourceMap([{ unitStart: 0, length: text.length, file, fileStart: 0 }], file));
  const program = parseProgram(text, bag);
  return { program, diagnostics: bag.all };
}

/** Parses and fails on any diagnostic. */
export function parseOk(text: string): A.Program {
  const { program, diagnostics } = parse(text);
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return program;
}

export function declarations(text: string): readonly A.Declaration[] {
  return parseOk(text).declarations;
}

export function only<K extends A.Declaration['kind']>(text: string, kind: K): Extract<A.Declaration, { kind: K }> {
  const decls = declarations(text);
  if (decls.length !== 1 || decls[0]!.kind !== kind)
    throw new Error(`expected one ${kind}, got ${decls.map((d) => d.kind).join(', ')}`);
  return decls[0] as Extract<A.Declaration, { kind: K }>;
}

/** The initializer of `const int x = <text>;`. */
export function expression(text: string): A.Expression {
  return only(`const int x = ${text};`, 'ConstantDeclaration').value;
}

/** The statements of `control C() { apply { <text> } }`. */
export function statements(text: string): readonly A.Statement[] {
  return only(`control C() { apply { ${text} } }`, 'ControlDeclaration').apply.statements;
}

export function showType(t: A.TypeRef): string {
  switch (t.kind) {
    case 'BitTypeRef':
      return t.width ? `bit<${show(t.width)}>` : 'bit';
    case 'IntTypeRef':
      return t.width ? `int<${show(t.width)}>` : 'int';
    case 'VarbitTypeRef':
      return `varbit<${show(t.maxWidth)}>`;
    case 'BoolTypeRef':
      return 'bool';
    case 'ErrorTypeRef':
      return 'error';
    case 'MatchKindTypeRef':
      return 'match_kind';
    case 'StringTypeRef':
      return 'string';
    case 'VoidTypeRef':
      return 'void';
    case 'DontCareTypeRef':
      return '_';
    case 'NamedTypeRef':
      return showPath(t.name);
    case 'SpecializedTypeRef':
      return `${showPath(t.base)}<${t.args.map(showType).join(', ')}>`;
    case 'HeaderStackTypeRef':
      return `${showType(t.element)}[${show(t.size)}]`;
    case 'TupleTypeRef':
      return `tuple<${t.elements.map(showType).join(', ')}>`;
    case 'ListTypeRef':
      return `list<${showType(t.element)}>`;
  }
}

function showPath(p: A.PathName): string {
  return (p.global ? '.' : '') + p.name.name;
}

/** A fully parenthesised rendering of an expression, to check tree shapes. */
export function show(e: A.Expression): string {
  switch (e.kind) {
    case 'IntLiteral':
      return e.text;
    case 'BoolLiteral':
      return String(e.value);
    case 'StringLiteral':
      return JSON.stringify(e.value);
    case 'PathExpression':
      return showPath(e.path);
    case 'MemberExpression':
      return `${show(e.object)}.${e.member.name}`;
    case 'IndexExpression':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'SliceExpression':
      return e.width
        ? `${show(e.object)}[${show(e.lo)} +: ${show(e.width)}]`
        : `${show(e.object)}[${show(e.hi)}:${show(e.lo)}]`;
    case 'CallExpression': {
      const typeArgs = e.typeArgs.length > 0 ? `<${e.typeArgs.map(showType).join(', ')}>` : '';
      const args = e.args.map((a) => (a.name ? `${a.name.name}=` : '') + show(a.value)).join(', ');
      return `${show(e.callee)}${typeArgs}(${args})`;
    }
    case 'UnaryExpression':
      return `(${e.op}${show(e.operand)})`;
    case 'BinaryExpression':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'TernaryExpression':
      return `(${show(e.condition)} ? ${show(e.then)} : ${show(e.otherwise)})`;
    case 'CastExpression':
      return `((${showType(e.type)}) ${show(e.operand)})`;
    case 'TypeMemberExpression':
      return `${showType(e.type)}.${e.member.name}`;
    case 'ListExpression':
      return `{${[...e.items.map(show), ...(e.hasDots ? ['...'] : [])].join(', ')}}`;
    case 'StructExpression':
      return `{${[...e.fields.map((f) => `${f.name.name} = ${show(f.value)}`), ...(e.hasDots ? ['...'] : [])].join(', ')}}`;
    case 'InvalidHeaderExpression':
      return '{#}';
    case 'MaskExpression':
      return `(${show(e.value)} &&& ${show(e.mask)})`;
    case 'RangeExpression':
      return `(${show(e.lo)} .. ${show(e.hi)})`;
    case 'DefaultExpression':
      return 'default';
    case 'DontCareExpression':
      return '_';
    case 'ThisExpression':
      return 'this';
  }
}

/** The text a span covers. */
export function textOf(text: string, node: { readonly span: A.Span }): string {
  return text.slice(node.span.start, node.span.end);
}
