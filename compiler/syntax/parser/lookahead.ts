/**
 * Token scanners that settle the places where P4's grammar needs to know whether a name is a
 * type (p4c keeps a symbol table in its lexer for that; we look ahead instead). Each takes the
 * parser's `LA` function and answers without consuming anything.
 */
import { EOF, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.ts';

export type LookAhead = (k: number) => IToken;

function is(token: IToken, type: TokenType): boolean {
  return tokenMatcher(token, type);
}

/** Keywords that start a base type (or `void`). */
const BASE_TYPE_STARTS: readonly TokenType[] = [
  T.Bit,
  T.Int,
  T.Varbit,
  T.Bool,
  T.StringKw,
  T.MatchKind,
  T.Tuple,
  T.List,
  T.Void,
];

export function isBaseTypeStart(token: IToken): boolean {
  return BASE_TYPE_STARTS.some((type) => is(token, type));
}

/** Tokens that may appear inside a type argument list `<...>`. */
const TYPE_ARGUMENT_TOKENS: readonly TokenType[] = [
  T.Identifier,
  T.NameToken,
  T.IntLiteral,
  T.Comma,
  T.DontCare,
  T.Dot,
  T.LBracket,
  T.RBracket,
  T.ErrorKw,
  ...BASE_TYPE_STARTS,
  // Width expressions: `bit<W + 1>`, `bit<b ^ 3>`.
  T.Plus,
  T.Minus,
  T.Star,
  T.Slash,
  T.Percent,
  T.Caret,
  T.Amp,
  T.Pipe,
  T.Shl,
];

/**
 * Index just past the `>` that closes the `<` at `la(k)`, or -1 if the bracketed tokens cannot be
 * a type argument list. `(...)` groups are skipped (for `bit<(W + 1)>`).
 */
export function skipTypeArguments(la: LookAhead, k: number): number {
  let depth = 0;
  for (let i = k; ; i++) {
    const t = la(i);
    if (is(t, T.LAngle)) depth++;
    else if (is(t, T.RAngle)) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (is(t, T.LParen)) {
      const end = skipBalanced(la, i, T.LParen, T.RParen);
      if (end < 0) return -1;
      i = end - 1;
    } else if (!TYPE_ARGUMENT_TOKENS.some((type) => is(t, type))) return -1;
  }
}

/** Index just past the token closing the `open` at `la(k)`, or -1 at end of input. */
export function skipBalanced(la: LookAhead, k: number, open: TokenType, close: TokenType): number {
  let depth = 0;
  for (let i = k; ; i++) {
    const t = la(i);
    if (isEnd(t)) return -1;
    if (is(t, open)) depth++;
    else if (is(t, close)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
}

function isEnd(t: IToken): boolean {
  return t.tokenType === EOF;
}

/**
 * Index just past a type that starts at `la(k)` when the tokens there have the shape of a type
 * (`T`, `.T`, `T<...>`, `T[N]`, `bit<8>`, `tuple<...>`...), else -1. Only the shape is checked.
 */
export function skipType(la: LookAhead, k: number): number {
  let i = k;
  const first = la(i);
  if (isBaseTypeStart(first) || is(first, T.ErrorKw)) {
    i++;
  } else {
    if (is(first, T.Dot)) i++;
    if (!is(la(i), T.Identifier)) return -1;
    i++;
  }
  if (is(la(i), T.LAngle)) {
    i = skipTypeArguments(la, i);
    if (i < 0) return -1;
  }
  while (is(la(i), T.LBracket)) {
    i = skipBalanced(la, i, T.LBracket, T.RBracket);
    if (i < 0) return -1;
  }
  return i;
}

/**
 * At the start of a statement: is this a local variable declaration (`T x;`, `bit<8> x = 1;`,
 * `H[2] stack;`) or instantiation (`T(args) x;`) rather than an assignment or a call?
 */
export function startsLocalDeclaration(la: LookAhead): boolean {
  const first = la(1);
  if (isBaseTypeStart(first)) return true;
  if (is(first, T.ErrorKw)) return !is(la(2), T.Dot);
  const afterType = skipType(la, 1);
  if (afterType < 0) return false;
  const next = la(afterType);
  if (is(next, T.NameToken)) return true;
  if (is(next, T.LParen)) {
    const afterArgs = skipBalanced(la, afterType, T.LParen, T.RParen);
    return afterArgs > 0 && is(la(afterArgs), T.NameToken);
  }
  return false;
}

/** Tokens after `(T)` that make it a cast: they start an operand but cannot follow an operand. */
const CAST_OPERAND_STARTS: readonly TokenType[] = [
  T.NameToken,
  T.IntLiteral,
  T.StringLiteral,
  T.True,
  T.False,
  T.This,
  T.LParen,
  T.LBrace,
  T.InvalidHeader,
  T.Not,
  T.Tilde,
  T.ErrorKw,
];

/**
 * At `(`: is this a cast `(T) e` rather than a parenthesised expression? A base type in the
 * parentheses always makes a cast; a type name does when what follows the `)` can only start an
 * operand (so `(x) - 1` stays a subtraction and `(T) -1` needs a base type).
 */
export function startsCast(la: LookAhead): boolean {
  const inside = la(2);
  if (isBaseTypeStart(inside)) return true;
  if (is(inside, T.ErrorKw)) return is(la(3), T.RParen);
  const afterType = skipType(la, 2);
  if (afterType < 0 || !is(la(afterType), T.RParen)) return false;
  const next = la(afterType + 1);
  // `(T<U>)` is unmistakably a type.
  if (is(la(3), T.LAngle) || (is(la(2), T.Dot) && is(la(4), T.LAngle))) return true;
  return CAST_OPERAND_STARTS.some((type) => is(next, type));
}

/**
 * At `<` after an expression: is this a type argument list, of a call `f<T>(...)` or of a generic
 * type's member `P<T>.apply`?
 */
export function startsTypeArgumentsOfCall(la: LookAhead): boolean {
  const end = skipTypeArguments(la, 1);
  return end > 0 && (is(la(end), T.LParen) || is(la(end), T.Dot));
}

/**
 * At `(` of a select case or table entry: a tuple keyset `(a, b)` / `(a &&& m)` rather than a
 * parenthesised expression `(a + b)`? Decided by a comma, mask, range, `default` or `_` directly
 * inside the parentheses.
 */
export function startsTupleKeyset(la: LookAhead): boolean {
  let depth = 0;
  for (let i = 1; ; i++) {
    const t = la(i);
    if (isEnd(t)) return false;
    if (is(t, T.LParen) || is(t, T.LBracket) || is(t, T.LBrace)) depth++;
    else if (is(t, T.RParen) || is(t, T.RBracket) || is(t, T.RBrace)) {
      depth--;
      if (depth === 0) return false;
    } else if (depth === 1) {
      if (is(t, T.Comma) || is(t, T.Mask) || is(t, T.Range)) return true;
      if (i === 2 && (is(t, T.Default) || is(t, T.DontCare))) return true;
    }
  }
}

/** After `for (`: a for-in loop (`T x in e`) rather than a three-part `for`? */
export function startsForIn(la: LookAhead): boolean {
  let depth = 0;
  for (let i = 1; ; i++) {
    const t = la(i);
    if (isEnd(t) || is(t, T.Semicolon) || is(t, T.LBrace)) return false;
    if (is(t, T.LParen)) depth++;
    else if (is(t, T.RParen)) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && is(t, T.In)) return true;
  }
}

/**
 * After `extern`: an extern object (`extern E<T> {`, `extern E;`) rather than an extern function
 * (`extern T f(...);`)?
 */
export function startsExternObject(la: LookAhead): boolean {
  if (!is(la(1), T.NameToken)) return false;
  const second = la(2);
  if (is(second, T.LBrace) || is(second, T.Semicolon)) return true;
  if (is(second, T.LAngle)) {
    const end = skipTypeArguments(la, 2);
    return end > 0 && is(la(end), T.LBrace);
  }
  return false;
}
