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

function punctuation(name: string, image: string): TokenType {
  const escaped = image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const categories = image === '(' || image === ')' ? [] : [AnnotationBodyToken];
  const token = createToken({ name, pattern: new RegExp(escaped), label: `"${image}"`, categories });
  punctuationTokens.push(token);
  return token;
}

export const InvalidHeader = punctuation('InvalidHeader', '{#}');
export const Mask = punctuation('Mask', '&&&');
export const AndAnd = punctuation('AndAnd', '&&');
export const AmpAssign = punctuation('AmpAssign', '&=');
export const Amp = punctuation('Amp', '&');
export const OrOr = punctuation('OrOr', '||');
export const PlusSatAssign = punctuation('PlusSatAssign', '|+|=');
export const MinusSatAssign = punctuation('MinusSatAssign', '|-|=');
export const PlusSat = punctuation('PlusSat', '|+|');
export const MinusSat = punctuation('MinusSat', '|-|');
export const PipeAssign = punctuation('PipeAssign', '|=');
export const Pipe = punctuation('Pipe', '|');
export const Dots = punctuation('Dots', '...');
export const Range = punctuation('Range', '..');
export const Dot = punctuation('Dot', '.');
export const ShlAssign = punctuation('ShlAssign', '<<=');
export const Shl = punctuation('Shl', '<<');
export const LessEqual = punctuation('LessEqual', '<=');
export const LAngle = punctuation('LAngle', '<');
/** `>=`; `>>=` is lexed as `>` immediately followed by `>=`. */
export const GreaterEqual = punctuation('GreaterEqual', '>=');
/** Always a single `>`: `>>` is two adjacent `>` tokens (so `register<bit<8>>` closes twice). */
export const RAngle = punctuation('RAngle', '>');
export const EqualEqual = punctuation('EqualEqual', '==');
export const Assign = punctuation('Assign', '=');
export const NotEqual = punctuation('NotEqual', '!=');
export const Not = punctuation('Not', '!');
export const PlusPlus = punctuation('PlusPlus', '++');
export const PlusAssign = punctuation('PlusAssign', '+=');
export const Plus = punctuation('Plus', '+');
export const MinusAssign = punctuation('MinusAssign', '-=');
export const Minus = punctuation('Minus', '-');
export const StarAssign = punctuation('StarAssign', '*=');
export const Star = punctuation('Star', '*');
export const SlashAssign = punctuation('SlashAssign', '/=');
export const Slash = punctuation('Slash', '/');
export const PercentAssign = punctuation('PercentAssign', '%=');
export const Percent = punctuation('Percent', '%');
export const CaretAssign = punctuation('CaretAssign', '^=');
export const Caret = punctuation('Caret', '^');
export const Tilde = punctuation('Tilde', '~');
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
  ...punctuationTokens,
];

/** Every token type the parser sees (categories included). */
export const parserTokens: TokenType[] = [NameToken, WordToken, AnnotationBodyToken, ...allTokens];

export const keywords: readonly TokenType[] = keywordTokens;
