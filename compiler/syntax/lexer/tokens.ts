/**
 * The P4-16 token vocabulary, as Chevrotain token types.
 *
 * Keywords are matched before identifiers and fall back to `Identifier` through `longer_alt`
 * (so `inout_port` is an identifier). Every token's `label` is the name p4c's Bison grammar gives
 * it, so syntax errors read like p4c's (`unexpected IDENTIFIER "x", expecting ";"`).
 *
 * Token categories (never produced by the lexer themselves):
 * - `NameToken`: what the grammar calls `name`: identifiers and the contextual keywords that may be
 *   used as names (`apply`, `key`, `actions`, `state`, `entries`, `type`, `priority`, `list`).
 * - `WordToken`: any identifier or keyword (annotation names).
 * - `AnnotationBodyToken`: every token but the parentheses (raw annotation bodies).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const NameToken = createToken({ name: 'NameToken', pattern: Lexer.NA, label: 'IDENTIFIER' });
export const WordToken = createToken({ name: 'WordToken', pattern: Lexer.NA, label: 'IDENTIFIER' });
export const AnnotationBodyToken = createToken({ name: 'AnnotationBodyToken', pattern: Lexer.NA });
/** Single-token binary operators (`>` and `>>` are told apart by the parser). */
export const BinaryOperatorToken = createToken({ name: 'BinaryOperatorToken', pattern: Lexer.NA, label: 'operator' });
/** `=`, `+=`, ... (`>>=` is `>` followed by `>=`). */
export const AssignmentOperatorToken = createToken({
  name: 'AssignmentOperatorToken',
  pattern: Lexer.NA,
  label: '"="',
});
/** `!`, `~`, `-`, `+` before an operand. */
export const PrefixOperatorToken = createToken({ name: 'PrefixOperatorToken', pattern: Lexer.NA, label: 'operator' });

// ---------------------------------------------------------------------------------------------
// Skipped text
// ---------------------------------------------------------------------------------------------

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });

export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** A leftover preprocessor line (`#line`, `#pragma`...): a `#` that starts a line, to its end. */
function matchDirectiveLine(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 35 /* # */) return null;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) break;
    if (c !== 32 && c !== 9 && c !== 13) return null;
  }
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return [text.slice(offset, end)] as unknown as RegExpExecArray;
}

export const DirectiveLine = createToken({
  name: 'DirectiveLine',
  pattern: { exec: matchDirectiveLine },
  start_chars_hint: ['#'],
  line_breaks: false,
  group: Lexer.SKIPPED,
});

// ---------------------------------------------------------------------------------------------
// Malformed input the lexer reports (removed from the token stream before parsing)
// ---------------------------------------------------------------------------------------------

export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
});

export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\]|\\[\s\S])*/,
  line_breaks: true,
});

/**
 * `@pragma name rest of line` (p4c's P4-14 style annotation): the whole line is one token whose
 * text the parser splits into the annotation name and its unparsed body.
 */
export const PragmaLine = createToken({
  name: 'PragmaLine',
  pattern: /@pragma\b(?:[^\n\\"]|\\[\s\S]|"(?:[^"\\]|\\[\s\S])*")*/,
  line_breaks: true,
  label: 'PRAGMA',
});

/**
 * A character that starts no token (`'`, `$`, a `#` inside a line...). Only annotation bodies may
 * contain one (free-form text); anywhere else it is a syntax error.
 */
export const UnexpectedCharacter = createToken({
  name: 'UnexpectedCharacter',
  pattern: /['`$\\#\u0080-\u00ff]/,
  label: 'UNEXPECTED_TOKEN',
  categories: [AnnotationBodyToken],
});

// ---------------------------------------------------------------------------------------------
// Literals and identifiers
// ---------------------------------------------------------------------------------------------

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'IDENTIFIER',
  categories: [NameToken, WordToken, AnnotationBodyToken],
});

/** `_` alone; `_x` is an identifier. */
export const DontCare = createToken({
  name: 'DontCare',
  pattern: /_/,
  longer_alt: Identifier,
  label: '"_"',
  categories: [AnnotationBodyToken],
});

/** `8w0xFF`, `4s3`, `0x1F`, `0b1010`, `0o17`, `0d99`, `1_000`. */
export const IntLiteral = createToken({
  name: 'IntLiteral',
  pattern: /(?:[0-9]+[ws])?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[dD][0-9_]+|[0-9][0-9_]*)/,
  label: 'INTEGER',
  categories: [AnnotationBodyToken],
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  line_breaks: true,
  label: 'STRING_LITERAL',
  categories: [AnnotationBodyToken],
});

// ---------------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------------

/** Keywords that the grammar also accepts where a name is expected. */
const CONTEXTUAL_KEYWORDS = new Set(['apply', 'key', 'actions', 'state', 'entries', 'type', 'priority', 'list']);

const keywordTokens: TokenType[] = [];

function keyword(word: string, label = word.toUpperCase()): TokenType {
  const categories = [WordToken, AnnotationBodyToken];
  if (CONTEXTUAL_KEYWORDS.has(word)) categories.push(NameToken);
  const token = createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label,
    categories,
  });
  keywordTokens.push(token);
  return token;
}

export const Abstract = keyword('abstract');
export const Action = keyword('action');
export const Actions = keyword('actions');
export const Apply = keyword('apply');
export const Bool = keyword('bool');
export const Bit = keyword('bit');
export const Break = keyword('break');
export const Const = keyword('const');
export const Continue = keyword('continue');
export const Control = keyword('control');
export const Default = keyword('default');
export const Else = keyword('else');
export const Entries = keyword('entries');
export const Enum = keyword('enum');
export const ErrorKw = keyword('error');
export const Exit = keyword('exit');
export const Extern = keyword('extern');
export const False = keyword('false');
export const For = keyword('for');
export const Header = keyword('header');
export const HeaderUnion = keyword('header_union');
export const If = keyword('if');
export const In = keyword('in');
export const InOut = keyword('inout');
export const Int = keyword('int');
export const Key = keyword('key');
export const List = keyword('list');
export const MatchKind = keyword('match_kind');
export const Out = keyword('out');
export const Package = keyword('package');
export const Parser = keyword('parser');
export const Priority = keyword('priority');
export const Return = keyword('return');
export const Select = keyword('select');
export const State = keyword('state');
export const StringKw = keyword('string');
export const Struct = keyword('struct');
export const Switch = keyword('switch');
export const Table = keyword('table');
export const This = keyword('this');
export const Transition = keyword('transition');
export const True = keyword('true');
export const Tuple = keyword('tuple');
export const Type = keyword('type');
export const Typedef = keyword('typedef');
export const ValueSet = keyword('value_set', 'VALUESET');
export const Varbit = keyword('varbit');
export const Void = keyword('void');

// ---------------------------------------------------------------------------------------------
// Punctuation and operators (longest first where one is a prefix of another)
// ---------------------------------------------------------------------------------------------

const punctuationTokens: TokenType[] = [];

type OperatorRole = 'binary' | 'assignment' | 'prefix' | 'binary+prefix';

function punctuation(name: string, image: string, role?: OperatorRole): TokenType {
  const escaped = image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const categories = image === '(' || image === ')' ? [] : [AnnotationBodyToken];
  if (role === 'binary' || role === 'binary+prefix') categories.push(BinaryOperatorToken);
  if (role === 'prefix' || role === 'binary+prefix') categories.push(PrefixOperatorToken);
  if (role === 'assignment') categories.push(AssignmentOperatorToken);
  const token = createToken({ name, pattern: new RegExp(escaped), label: `"${image}"`, categories });
  punctuationTokens.push(token);
  return token;
}

export const InvalidHeader = punctuation('InvalidHeader', '{#}');
export const Mask = punctuation('Mask', '&&&');
export const AndAnd = punctuation('AndAnd', '&&', 'binary');
export const AmpAssign = punctuation('AmpAssign', '&=', 'assignment');
export const Amp = punctuation('Amp', '&', 'binary');
export const OrOr = punctuation('OrOr', '||', 'binary');
export const PlusSatAssign = punctuation('PlusSatAssign', '|+|=', 'assignment');
export const MinusSatAssign = punctuation('MinusSatAssign', '|-|=', 'assignment');
export const PlusSat = punctuation('PlusSat', '|+|', 'binary');
export const MinusSat = punctuation('MinusSat', '|-|', 'binary');
export const PipeAssign = punctuation('PipeAssign', '|=', 'assignment');
export const Pipe = punctuation('Pipe', '|', 'binary');
export const Dots = punctuation('Dots', '...');
export const Range = punctuation('Range', '..');
export const Dot = punctuation('Dot', '.');
export const ShlAssign = punctuation('ShlAssign', '<<=', 'assignment');
export const Shl = punctuation('Shl', '<<', 'binary');
export const LessEqual = punctuation('LessEqual', '<=', 'binary');
export const LAngle = punctuation('LAngle', '<', 'binary');
/** `>=`; `>>=` is lexed as `>` immediately followed by `>=`. */
export const GreaterEqual = punctuation('GreaterEqual', '>=', 'binary');
/** Always a single `>`: `>>` is two adjacent `>` tokens (so `register<bit<8>>` closes twice). */
export const RAngle = punctuation('RAngle', '>');
export const EqualEqual = punctuation('EqualEqual', '==', 'binary');
export const Assign = punctuation('Assign', '=', 'assignment');
export const NotEqual = punctuation('NotEqual', '!=', 'binary');
export const Not = punctuation('Not', '!', 'prefix');
export const PlusPlus = punctuation('PlusPlus', '++', 'binary');
export const PlusAssign = punctuation('PlusAssign', '+=', 'assignment');
export const Plus = punctuation('Plus', '+', 'binary+prefix');
export const MinusAssign = punctuation('MinusAssign', '-=', 'assignment');
export const Minus = punctuation('Minus', '-', 'binary+prefix');
export const StarAssign = punctuation('StarAssign', '*=', 'assignment');
export const Star = punctuation('Star', '*', 'binary');
export const SlashAssign = punctuation('SlashAssign', '/=', 'assignment');
export const Slash = punctuation('Slash', '/', 'binary');
export const PercentAssign = punctuation('PercentAssign', '%=', 'assignment');
export const Percent = punctuation('Percent', '%', 'binary');
export const CaretAssign = punctuation('CaretAssign', '^=', 'assignment');
export const Caret = punctuation('Caret', '^', 'binary');
export const Tilde = punctuation('Tilde', '~', 'prefix');
export const Question = punctuation('Question', '?');
export const Colon = punctuation('Colon', ':');
export const Semicolon = punctuation('Semicolon', ';');
export const Comma = punctuation('Comma', ',');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LBracket = punctuation('LBracket', '[');
export const RBracket = punctuation('RBracket', ']');
export const LBrace = punctuation('LBrace', '{');
export const RBrace = punctuation('RBrace', '}');
export const At = punctuation('At', '@');

/** Longer keywords first, so that `longer_alt` only ever has to choose against identifiers. */
const keywordsLongestFirst = [...keywordTokens].sort(
  (a, b) => (b.PATTERN as RegExp).source.length - (a.PATTERN as RegExp).source.length,
);

/** Lexer modes: the order matters (first match wins among equal lengths). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  DirectiveLine,
  StringLiteral,
  UnterminatedString,
  IntLiteral,
  ...keywordsLongestFirst,
  DontCare,
  Identifier,
  PragmaLine,
  ...punctuationTokens,
  UnexpectedCharacter,
];

/** Every token type the parser sees (categories included). */
export const parserTokens: TokenType[] = [
  NameToken,
  WordToken,
  AnnotationBodyToken,
  BinaryOperatorToken,
  AssignmentOperatorToken,
  PrefixOperatorToken,
  ...allTokens,
];

export const keywords: readonly TokenType[] = keywordTokens;
