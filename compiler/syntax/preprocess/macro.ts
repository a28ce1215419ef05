import type { Location } from '../../source/source-map.ts';
import type { PPToken } from './pp-token.ts';

/** A `#define`d macro. `params` is undefined for object-like macros. */
export interface MacroDefinition {
  readonly name: string;
  readonly params: readonly string[] | undefined;
  /** Whether the last parameter is `...` (its arguments are `__VA_ARGS__`). */
  readonly variadic: boolean;
  /** Replacement list; tokens naming a parameter carry its index in `param`. */
  readonly body: readonly PPToken[];
  readonly location: Location | undefined;
  /** `__LINE__` and `__FILE__`, computed at each use. */
  readonly builtin?: 'line' | 'file';
}

export type MacroDefinitionResult =
  | { readonly ok: true; readonly macro: MacroDefinition }
  | { readonly ok: false; readonly problem: 'missing-name' | 'bad-name' | 'bad-params' | 'stringify' | 'paste-edge'; readonly detail: string };

/** Parses the tokens after `#define`. A `(` right after the name (no space) starts a parameter list. */
export function parseMacroDefinition(tokens: readonly PPToken[], location: Location | undefined): MacroDefinitionResult {
  const nameToken = tokens[0];
  if (nameToken === undefined) return { ok: false, problem: 'missing-name', detail: '' };
  if (nameToken.kind !== 'ident') return { ok: false, problem: 'bad-name', detail: nameToken.text };
  if (nameToken.text === 'defined') return { ok: false, problem: 'bad-name', detail: 'defined' };
  const name = nameToken.text;
  let index = 1;
  let params: string[] | undefined;
  let variadic = false;
  const open = tokens[1];
  if (open !== undefined && open.text === '(' && !open.spaceBefore) {
    params = [];
    index = 2;
    let expectParam = true;
    let closed = false;
    while (index < tokens.length) {
      const token = tokens[index++]!;
      if (token.text === ')' && (!expectParam || params.length === 0)) {
        closed = true;
        break;
      }
      if (expectParam) {
        if (token.kind === 'ident' && !variadic) {
          if (params.includes(token.text)) return { ok: false, problem: 'bad-params', detail: `duplicate parameter ${token.text}` };
          params.push(token.text);
        } else if (token.text === '.' && tokens[index]?.text === '.' && tokens[index + 1]?.text === '.') {
          index += 2;
          params.push('__VA_ARGS__');
          variadic = true;
        } else if (token.text === '..' && tokens[index]?.text === '.') {
          index += 1;
          params.push('__VA_ARGS__');
          variadic = true;
        } else {
          return { ok: false, problem: 'bad-params', detail: `unexpected '${token.text}'` };
        }
        expectParam = false;
      } else if (token.text === ',' && !variadic) {
        expectParam = true;
      } else {
        return { ok: false, problem: 'bad-params', detail: `unexpected '${token.text}'` };
      }
    }
    if (!closed) return { ok: false, problem: 'bad-params', detail: 'missing )' };
  }
  const body: PPToken[] = [];
  for (let i = index; i < tokens.length; i++) {
    const token = tokens[i]!;
    const spaceBefore = body.length === 0 ? false : token.spaceBefore;
    const param = params !== undefined && token.kind === 'ident' ? params.indexOf(token.text) : -1;
    body.push(param >= 0 ? { kind: token.kind, text: token.text, spaceBefore, param } : { kind: token.kind, text: token.text, spaceBefore });
  }
  if (body.length > 0 && (body[0]!.text === '##' || body[body.length - 1]!.text === '##')) {
    return { ok: false, problem: 'paste-edge', detail: name };
  }
  if (params !== undefined) {
    for (let i = 0; i < body.length; i++) {
      if (body[i]!.text === '#' && body[i + 1]?.param === undefined) return { ok: false, problem: 'stringify', detail: name };
    }
  }
  return { ok: true, macro: { name, params, variadic, body, location } };
}

/** Whether two definitions are the same (so redefining is harmless). */
export function sameDefinition(a: MacroDefinition, b: MacroDefinition): boolean {
  if ((a.params === undefined) !== (b.params === undefined)) return false;
  if (a.params !== undefined && b.params !== undefined) {
    if (a.params.length !== b.params.length || a.params.some((p, i) => p !== b.params![i])) return false;
  }
  if (a.body.length !== b.body.length) return false;
  return a.body.every((t, i) => t.text === b.body[i]!.text && (i === 0 || t.spaceBefore === b.body[i]!.spaceBefore));
}
