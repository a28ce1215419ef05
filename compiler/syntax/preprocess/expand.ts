/**
 * Macro expansion over preprocessing tokens, after the C standard's algorithm: arguments are
 * fully expanded before substitution (except next to `#` and `##`), the result is rescanned
 * together with the text that follows, and each token remembers (its "hide set") which macros
 * produced it so that a macro never expands inside its own expansion.
 */
import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import type { Location } from '../../source/source-map.ts';
import { PreprocessDiagnostics } from '../../diagnostics/codes/preprocess.ts';
import type { MacroDefinition } from './macro.ts';
import { PPLexer, tokenize, type PPToken } from './pp-token.ts';
import { MAX_NESTING } from '../../ast/nesting.ts';

export interface ExpansionContext {
  readonly macros: ReadonlyMap<string, MacroDefinition>;
  /** Where the expanded text was written: diagnostics and `__LINE__` use it. */
  readonly useSite: Location;
  readonly diagnostics: DiagnosticBag;
  /** What is left of the translation unit's expansion budget (shared by every expansion). */
  readonly budget: ExpansionBudget;
  /** In `#if`/`#elif`: `defined X` and `__has_include(...)` are operators. */
  readonly condition?: {
    readonly hasInclude: (name: string, angled: boolean) => boolean;
    /** Called with a message when an operator is malformed. */
    readonly onError: (message: string) => void;
  };
}

/**
 * How many tokens macro substitution may still produce in one translation unit (every level of
 * a nested expansion counts). Against runaway definitions (`#define M2 M1 M1`, `#define M3 M2
 * M2`, …, which double with each line) and deep chains (each level copies the set of macros
 * being expanded): without it a few lines of source would take minutes
 * and gigabytes. The preprocessor grants `EXPANSION_TOKENS_BASE` plus
 * `EXPANSION_TOKENS_PER_CHARACTER` for each character of source it reads, so the unit stays
 * linear in the size of the source.
 */
export interface ExpansionBudget {
  remaining: number;
  reported: boolean;
}

export const EXPANSION_TOKENS_BASE = 250_000;
export const EXPANSION_TOKENS_PER_CHARACTER = 4;

/** Tokens still to be examined: a pushback stack in front of an optional lexer. */
class TokenStream {
  /** Top of the stack is the last element. */
  private readonly pending: PPToken[] = [];

  constructor(private readonly lexer: PPLexer | undefined, initial: readonly PPToken[] = []) {
    this.pushFront(initial);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  next(): PPToken | undefined {
    return this.pending.pop() ?? this.lexer?.next();
  }

  peek(): PPToken | undefined {
    const top = this.pending[this.pending.length - 1];
    return top ?? this.lexer?.peek();
  }

  pushFront(tokens: readonly PPToken[]): void {
    for (let i = tokens.length - 1; i >= 0; i--) this.pending.push(tokens[i]!);
  }
}

/**
 * `token` with `hide` added to its hide set. Tokens of one expansion share their hide set, so
 * `unions` (per expansion) computes each distinct union once.
 */
function withHide(token: PPToken, hide: ReadonlySet<string>, unions: Map<ReadonlySet<string>, ReadonlySet<string>>): PPToken {
  let merged = hide;
  if (token.hide !== undefined && token.hide.size > 0) {
    let union = unions.get(token.hide);
    if (union === undefined) {
      const set = new Set(hide);
      for (const name of token.hide) set.add(name);
      union = set;
      unions.set(token.hide, union);
    }
    merged = union;
  }
  return { kind: token.kind, text: token.text, spaceBefore: token.spaceBefore, hide: merged };
}

function withSpace(token: PPToken, spaceBefore: boolean): PPToken {
  return token.spaceBefore === spaceBefore ? token : { ...token, spaceBefore };
}

function numberToken(value: number, spaceBefore: boolean): PPToken {
  return { kind: 'number', text: String(value), spaceBefore };
}

export function quoteString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `#param`: the argument's spelling as a string literal. */
function stringify(tokens: readonly PPToken[], spaceBefore: boolean): PPToken {
  let text = '';
  for (const token of tokens) {
    if (token.kind === 'placemarker') continue;
    if (text !== '' && token.spaceBefore) text += ' ';
    text += token.kind === 'string' ? token.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : token.text;
  }
  return { kind: 'string', text: `"${text}"`, spaceBefore };
}

/** `left ## right`: one token spelled as both together. */
function paste(left: PPToken, right: PPToken): PPToken {
  if (left.kind === 'placemarker') return withSpace(right, left.spaceBefore);
  if (right.kind === 'placemarker') return left;
  const text = left.text + right.text;
  const relexed = tokenize(text);
  const kind = relexed.length === 1 ? relexed[0]!.kind : /^[A-Za-z_]/.test(text) ? 'ident' : 'punct';
  return { kind, text, spaceBefore: left.spaceBefore };
}

interface CollectedArguments {
  readonly args: PPToken[][];
  readonly closing: PPToken;
}

class Expander {
  /** Macro arguments being expanded, one inside the other (`F(F(F(x)))`). */
  private argumentDepth = 0;

  constructor(private readonly context: ExpansionContext) {}

  /**
   * Fully expands a token list that stands alone (a macro argument). Each level of arguments
   * nested in arguments recurses, so their depth is bounded like the grammar's nesting.
   */
  expandList(tokens: readonly PPToken[], macro: string): PPToken[] {
    if (this.argumentDepth >= MAX_NESTING) {
      // An error: expansion stops here for the whole unit, as when the budget runs out.
      const budget = this.context.budget;
      if (!budget.reported) {
        budget.reported = true;
        this.context.diagnostics.report(PreprocessDiagnostics.ArgumentsTooDeep, this.context.useSite, [macro, MAX_NESTING]);
      }
      budget.remaining = 0;
      return [...tokens];
    }
    // Expanding an argument rescans it: that is work the budget pays for too.
    this.context.budget.remaining -= tokens.length;
    this.argumentDepth++;
    try {
      const stream = new TokenStream(undefined, tokens);
      const out: PPToken[] = [];
      for (let t = stream.next(); t !== undefined; t = stream.next()) this.step(t, stream, out);
      return out;
    } finally {
      this.argumentDepth--;
    }
  }

  /** Expands everything the lexer yields. */
  expandAll(lexer: PPLexer): PPToken[] {
    const stream = new TokenStream(lexer);
    const out: PPToken[] = [];
    for (let t = stream.next(); t !== undefined; t = stream.next()) this.step(t, stream, out);
    return out;
  }

  /**
   * Expands the macro use whose name is the lexer's next token, reading from the lexer only as
   * far as the use (and any invocation its expansion completes) reaches.
   */
  expandUse(lexer: PPLexer): PPToken[] {
    const stream = new TokenStream(lexer);
    const out: PPToken[] = [];
    const first = stream.next();
    if (first === undefined) return out;
    this.step(first, stream, out);
    while (stream.hasPending) this.step(stream.next()!, stream, out);
    return out;
  }

  private step(token: PPToken, stream: TokenStream, out: PPToken[]): void {
    if (token.kind !== 'ident') {
      out.push(token);
      return;
    }
    const condition = this.context.condition;
    if (condition !== undefined && token.text === 'defined') {
      out.push(this.definedOperator(token, stream, condition.onError));
      return;
    }
    if (condition !== undefined && token.text === '__has_include') {
      out.push(this.hasIncludeOperator(token, stream, condition));
      return;
    }
    const macro = this.context.macros.get(token.text);
    if (macro === undefined || token.hide?.has(macro.name) === true) {
      out.push(token);
      return;
    }
    const budget = this.context.budget;
    if (budget.remaining <= 0) {
      if (!budget.reported) {
        budget.reported = true;
        this.context.diagnostics.report(PreprocessDiagnostics.ExpansionTooLarge, this.context.useSite, [macro.name]);
      }
      out.push(token);
      return;
    }
    if (macro.builtin === 'line') {
      const { file, start } = this.context.useSite;
      out.push(numberToken(file.position(start).line, token.spaceBefore));
      return;
    }
    if (macro.builtin === 'file') {
      out.push({ kind: 'string', text: quoteString(this.context.useSite.file.path), spaceBefore: token.spaceBefore });
      return;
    }
    const hide = new Set(token.hide ?? []);
    if (macro.params === undefined) {
      hide.add(macro.name);
      stream.pushFront(this.substitute(macro, [], hide, token.spaceBefore));
      return;
    }
    if (stream.peek()?.text !== '(') {
      out.push(token);
      return;
    }
    stream.next();
    const collected = this.collectArguments(stream);
    if (collected === undefined) {
      this.context.diagnostics.report(PreprocessDiagnostics.UnterminatedMacroCall, this.context.useSite, [macro.name]);
      out.push(token);
      return;
    }
    const args = this.matchArguments(macro, collected.args);
    if (args === undefined) {
      out.push(token);
      return;
    }
    const closingHide = collected.closing.hide;
    for (const name of hide) if (closingHide?.has(name) !== true) hide.delete(name);
    hide.add(macro.name);
    stream.pushFront(this.substitute(macro, args, hide, token.spaceBefore));
  }

  private definedOperator(token: PPToken, stream: TokenStream, onError: (message: string) => void): PPToken {
    let name = stream.next();
    const parenthesized = name?.text === '(';
    if (parenthesized) name = stream.next();
    if (name === undefined || name.kind !== 'ident') {
      onError("operator 'defined' requires an identifier");
      return numberToken(0, token.spaceBefore);
    }
    if (parenthesized && stream.next()?.text !== ')') onError("missing ')' after 'defined'");
    const isDefined = this.context.macros.has(name.text) || name.text === '__has_include';
    return numberToken(isDefined ? 1 : 0, token.spaceBefore);
  }

  private hasIncludeOperator(
    token: PPToken,
    stream: TokenStream,
    condition: NonNullable<ExpansionContext['condition']>,
  ): PPToken {
    if (stream.next()?.text !== '(') {
      condition.onError("missing '(' after '__has_include'");
      return numberToken(0, token.spaceBefore);
    }
    const first = stream.next();
    let name: string | undefined;
    let angled = false;
    if (first?.kind === 'string') {
      name = first.text.slice(1, -1);
    } else if (first?.text === '<') {
      angled = true;
      name = '';
      for (let t = stream.next(); t !== undefined && t.text !== '>'; t = stream.next()) name += t.text;
    }
    if (name === undefined || stream.next()?.text !== ')') {
      condition.onError("'__has_include' requires a file name in quotes or angle brackets");
      return numberToken(0, token.spaceBefore);
    }
    return numberToken(condition.hasInclude(name, angled) ? 1 : 0, token.spaceBefore);
  }

  /** Reads arguments up to the `)` matching an already consumed `(`. */
  private collectArguments(stream: TokenStream): CollectedArguments | undefined {
    const args: PPToken[][] = [];
    let current: PPToken[] = [];
    let depth = 0;
    for (let t = stream.next(); t !== undefined; t = stream.next()) {
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) {
          args.push(current);
          return { args, closing: t };
        }
        depth--;
      } else if (t.text === ',' && depth === 0) {
        args.push(current);
        current = [];
        continue;
      }
      current.push(t);
    }
    return undefined;
  }

  /** Checks the argument count; folds the extra arguments of a variadic macro into one. */
  private matchArguments(macro: MacroDefinition, given: PPToken[][]): PPToken[][] | undefined {
    const params = macro.params ?? [];
    let args = given;
    if (params.length === 0 && args.length === 1 && args[0]!.length === 0) args = [];
    if (macro.variadic) {
      const fixed = params.length - 1;
      if (args.length === fixed) args = [...args, []];
      else if (args.length > params.length) {
        const rest: PPToken[] = [];
        for (let i = fixed; i < args.length; i++) {
          if (i > fixed) rest.push({ kind: 'punct', text: ',', spaceBefore: false });
          rest.push(...args[i]!);
        }
        args = [...args.slice(0, fixed), rest];
      }
    }
    if (args.length !== params.length) {
      const expected = macro.variadic ? `at least ${params.length - 1}` : String(params.length);
      this.context.diagnostics.report(PreprocessDiagnostics.MacroArgumentCount, this.context.useSite, [
        macro.name,
        expected,
        given.length === 1 && given[0]!.length === 0 ? 0 : given.length,
      ]);
      return undefined;
    }
    return args;
  }

  /** The replacement list with parameters substituted, `#` and `##` applied, hide sets added. */
  private substitute(macro: MacroDefinition, args: readonly PPToken[][], hide: ReadonlySet<string>, spaceBefore: boolean): PPToken[] {
    const body = macro.body;
    const expandedArgs = new Map<number, PPToken[]>();
    const result: PPToken[] = [];
    for (let i = 0; i < body.length; i++) {
      const token = body[i]!;
      const next = body[i + 1];
      if (macro.params !== undefined && token.text === '#' && next?.param !== undefined) {
        result.push(stringify(args[next.param] ?? [], token.spaceBefore));
        i++;
        continue;
      }
      if (token.text === '##' && next !== undefined) {
        i++;
        const right = next.param !== undefined ? (args[next.param] ?? []) : [next];
        const left = result.pop() ?? { kind: 'placemarker', text: '', spaceBefore: token.spaceBefore };
        if (right.length === 0) result.push(left);
        else result.push(paste(left, right[0]!), ...right.slice(1));
        continue;
      }
      if (token.param !== undefined) {
        let replacement: readonly PPToken[];
        if (next?.text === '##') {
          replacement = args[token.param] ?? [];
          if (replacement.length === 0) replacement = [{ kind: 'placemarker', text: '', spaceBefore: token.spaceBefore }];
        } else {
          let expanded = expandedArgs.get(token.param);
          if (expanded === undefined) {
            expanded = this.expandList(args[token.param] ?? [], macro.name);
            expandedArgs.set(token.param, expanded);
          }
          replacement = expanded;
        }
        replacement.forEach((t, k) => result.push(k === 0 ? withSpace(t, token.spaceBefore) : t));
        continue;
      }
      result.push({ kind: token.kind, text: token.text, spaceBefore: token.spaceBefore, hide: token.hide });
    }
    const finished: PPToken[] = [];
    const unions = new Map<ReadonlySet<string>, ReadonlySet<string>>();
    for (const token of result) {
      if (token.kind === 'placemarker') continue;
      finished.push(withHide(finished.length === 0 ? withSpace(token, spaceBefore) : token, hide, unions));
    }
    // Copying the hide set costs as much as producing its tokens: deep chains pay for it too.
    this.context.budget.remaining -= finished.length + 1 + hide.size;
    return finished;
  }
}

export function expandMacroUse(lexer: PPLexer, context: ExpansionContext): PPToken[] {
  return new Expander(context).expandUse(lexer);
}

export function expandAllTokens(lexer: PPLexer, context: ExpansionContext): PPToken[] {
  return new Expander(context).expandAll(lexer);
}
