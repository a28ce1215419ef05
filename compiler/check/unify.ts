/**
 * Type argument inference for generic calls and constructors: binds the callee's type variables
 * by matching parameter types against argument types. Inference is best effort; whether each
 * argument then fits its (substituted) parameter is checked separately with the implicit-cast
 * rules, which produces the diagnostics.
 */
import type { Type } from './types.ts';

export class TypeBindings {
  readonly map = new Map<number, Type>();

  constructor(readonly variables: ReadonlySet<number>) {}

  bind(id: number, type: Type): void {
    const existing = this.map.get(id);
    if (existing === undefined) {
      this.map.set(id, type);
      return;
    }
    // A width-less `int` gives way to a fixed-width type inferred elsewhere.
    if (existing.kind === 'int' && type.kind === 'bits') this.map.set(id, type);
    if ((existing.kind === 'tuple' || existing.kind === 'anonymous_struct') && (type.kind === 'struct' || type.kind === 'header')) {
      this.map.set(id, type);
    }
  }
}

/** Matches `param` (mentioning the variables) against `arg`, recording bindings. */
export function unify(param: Type, arg: Type, bindings: TypeBindings): void {
  if (arg.kind === 'unknown' || arg.kind === 'dontcare') return;
  switch (param.kind) {
    case 'typevar':
      if (bindings.variables.has(param.id)) {
        if (arg.kind === 'typevar' && arg.id === param.id) return;
        if (arg.kind === 'invalid_header') return;
        bindings.bind(param.id, arg);
      }
      return;
    case 'header':
    case 'struct':
    case 'header_union':
      if (arg.kind === param.kind && arg.decl === param.decl) {
        param.typeArgs.forEach((t, i) => {
          const a = arg.typeArgs[i];
          if (a !== undefined) unify(t, a, bindings);
        });
      } else if (arg.kind === 'anonymous_struct') {
        for (const f of arg.fields) {
          const pf = param.fields.find((x) => x.name === f.name);
          if (pf !== undefined) unify(pf.type, f.type, bindings);
        }
      } else if (arg.kind === 'tuple') {
        arg.elements.forEach((e, i) => {
          const pf = param.fields[i];
          if (pf !== undefined) unify(pf.type, e, bindings);
        });
      }
      return;
    case 'stack':
      if (arg.kind === 'stack') unify(param.element, arg.element, bindings);
      return;
    case 'tuple':
      if (arg.kind === 'tuple') {
        param.elements.forEach((t, i) => {
          const a = arg.elements[i];
          if (a !== undefined) unify(t, a, bindings);
        });
      }
      return;
    case 'list':
      if (arg.kind === 'list') unify(param.element, arg.element, bindings);
      else if (arg.kind === 'tuple') for (const e of arg.elements) unify(param.element, e, bindings);
      return;
    case 'set':
      if (arg.kind === 'set') unify(param.element, arg.element, bindings);
      return;
    case 'extern':
      if (arg.kind === 'extern' && arg.decl === param.decl) {
        param.typeArgs.forEach((t, i) => {
          const a = arg.typeArgs[i];
          if (a !== undefined) unify(t, a, bindings);
        });
      }
      return;
    case 'parser':
    case 'control':
      if (arg.kind === param.kind) {
        param.parameters.forEach((p, i) => {
          const a = arg.parameters[i];
          if (a !== undefined) unify(p.type, a.type, bindings);
        });
      }
      return;
    case 'package':
      if (arg.kind === 'package') {
        param.parameters.forEach((p, i) => {
          const a = arg.parameters[i];
          if (a !== undefined) unify(p.type, a.type, bindings);
        });
      }
      return;
    default:
      return;
  }
}
