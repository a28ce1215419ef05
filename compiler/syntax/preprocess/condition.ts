/**
 * Evaluation of `#if`/`#elif` expressions once macros are expanded and `defined` is replaced:
 * C integer arithmetic on 64-bit signed values, identifiers that are left are 0.
 */
import { MAX_NESTING } from '../../ast/nesting.ts';

export type ConditionResult = { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly message: string };

type Expr =
  | { readonly kind: 'number'; readonly value: bigint }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: Expr; readonly depth: number }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly depth: number }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly whenTrue: Expr; readonly whenFalse: Expr; readonly depth: number };

class ConditionError {
  constructor(readonly message: string) {}
}

const TOKEN_PATTERN =
  /\s*(?:(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)(?![\w])|([A-Za-z_]\w*)|('(?:[^'\\]|\\.)')|(\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%<>&|^!~?:(),]))/y;

type Token = { readonly kind: 'number'; readonly value: bigint } | { readonly kind: 'op'; readonly text: string };

function charValue(literal: string): bigint {
  const body = literal.slice(1, -1);
  if (!body.startsWith('\\')) return BigInt(body.codePointAt(0) ?? 0);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  return BigInt(escapes[body[1]!] ?? body.codePointAt(1) ?? 0);
}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
    if (pos >= text.length) return tokens;
    TOKEN_PATTERN.lastIndex = pos;
    const match = TOKEN_PATTERN.exec(text);
    if (match === null) throw new ConditionError(`unexpected '${text.slice(pos).trim().split(/\s/)[0]}'`);
    pos = TOKEN_PATTERN.lastIndex;
    if (match[1] !== undefined) {
      let digits = match[1];
      if (/^0[bB]/.test(digits)) digits = '0b' + digits.slice(2);
      else if (/^0[0-7]+$/.test(digits)) digits = '0o' + digits.slice(1);
      else if (/^0[0-9]+$/.test(digits)) throw new ConditionError(`invalid octal number ${digits}`);
      tokens.push({ kind: 'number', value: BigInt.asIntN(64, BigInt(digits)) });
    } else if (match[3] !== undefined) {
      const word = match[3];
      tokens.push({ kind: 'number', value: word === 'true' ? 1n : 0n });
    } else if (match[4] !== undefined) {
      tokens.push({ kind: 'number', value: charValue(match[4]) });
    } else {
      tokens.push({ kind: 'op', text: match[5]! });
    }
  }
}

const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

/**
 * The parser recurses once per nesting level, and so does `evaluate` on the tree (one level per
 * operator of a chain such as `1 + 1 + …`): both are bounded like the P4 grammar's nesting.
 */
function depthOf(...children: Expr[]): number {
  let depth = 0;
  for (const child of children) depth = Math.max(depth, child.kind === 'number' ? 0 : child.depth);
  if (depth >= MAX_NESTING) throw new ConditionError(`nested more than ${MAX_NESTING} levels deep`);
  return depth + 1;
}

class Parser {
  private pos = 0;
  /** Open `conditional` and `unary` calls. */
  private open = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private enter(): void {
    if (++this.open > MAX_NESTING) throw new ConditionError(`nested more than ${MAX_NESTING} levels deep`);
  }

  parse(): Expr {
    if (this.tokens.length === 0) throw new ConditionError('expression expected');
    const expr = this.conditional();
    const extra = this.tokens[this.pos];
    if (extra !== undefined) throw new ConditionError(`unexpected '${extra.kind === 'op' ? extra.text : String(extra.value)}'`);
    return expr;
  }

  private peekOp(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === 'op' ? t.text : undefined;
  }

  private expect(op: string): void {
    if (this.peekOp() !== op) throw new ConditionError(`'${op}' expected`);
    this.pos++;
  }

  private conditional(): Expr {
    this.enter();
    const test = this.binary(1);
    if (this.peekOp() !== '?') {
      this.open--;
      return test;
    }
    this.pos++;
    const whenTrue = this.conditional();
    this.expect(':');
    const whenFalse = this.conditional();
    this.open--;
    return { kind: 'conditional', test, whenTrue, whenFalse, depth: depthOf(test, whenTrue, whenFalse) };
  }

  private binary(minPrecedence: number): Expr {
    let left = this.unary();
    for (;;) {
      const op = this.peekOp();
      const precedence = op === undefined ? undefined : BINARY_PRECEDENCE[op];
      if (op === undefined || precedence === undefined || precedence < minPrecedence) return left;
      this.pos++;
      const right = this.binary(precedence + 1);
      left = { kind: 'binary', op, left, right, depth: depthOf(left, right) };
    }
  }

  private unary(): Expr {
    const t = this.tokens[this.pos];
    if (t === undefined) throw new ConditionError('expression expected');
    this.pos++;
    if (t.kind === 'number') return t;
    this.enter();
    let result: Expr;
    if (t.text === '(') {
      result = this.conditional();
      this.expect(')');
    } else if (t.text === '!' || t.text === '~' || t.text === '-' || t.text === '+') {
      const operand = this.unary();
      result = { kind: 'unary', op: t.text, operand, depth: depthOf(operand) };
    } else {
      throw new ConditionError(`unexpected '${t.text}'`);
    }
    this.open--;
    return result;
  }
}

const wrap = (value: bigint): bigint => BigInt.asIntN(64, value);
const truth = (value: boolean): bigint => (value ? 1n : 0n);

function evaluate(expr: Expr): bigint {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'conditional':
      return evaluate(expr.test) !== 0n ? evaluate(expr.whenTrue) : evaluate(expr.whenFalse);
    case 'unary': {
      const v = evaluate(expr.operand);
      if (expr.op === '!') return truth(v === 0n);
      if (expr.op === '~') return wrap(~v);
      if (expr.op === '-') return wrap(-v);
      return v;
    }
    case 'binary': {
      if (expr.op === '&&') return truth(evaluate(expr.left) !== 0n && evaluate(expr.right) !== 0n);
      if (expr.op === '||') return truth(evaluate(expr.left) !== 0n || evaluate(expr.right) !== 0n);
      const a = evaluate(expr.left);
      const b = evaluate(expr.right);
      switch (expr.op) {
        case '|': return a | b;
        case '^': return a ^ b;
        case '&': return a & b;
        case '==': return truth(a === b);
        case '!=': return truth(a !== b);
        case '<': return truth(a < b);
        case '>': return truth(a > b);
        case '<=': return truth(a <= b);
        case '>=': return truth(a >= b);
        case '<<': return b < 0n || b >= 64n ? 0n : wrap(a << b);
        case '>>': return b < 0n ? 0n : b >= 64n ? (a < 0n ? -1n : 0n) : a >> b;
        case '+': return wrap(a + b);
        case '-': return wrap(a - b);
        case '*': return wrap(a * b);
        case '/':
        case '%':
          if (b === 0n) throw new ConditionError('division by zero');
          return wrap(expr.op === '/' ? a / b : a % b);
        default:
          throw new ConditionError(`unknown operator '${expr.op}'`);
      }
    }
  }
}

/** Evaluates the macro-expanded text of a `#if` condition. */
export function evaluateCondition(text: string): ConditionResult {
  try {
    return { ok: true, value: evaluate(new Parser(lex(text)).parse()) };
  } catch (error) {
    if (error instanceof ConditionError) return { ok: false, message: error.message };
    throw error;
  }
}
