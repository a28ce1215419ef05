/**
 * Syntax error wording in p4c's style (Bison's verbose errors with p4c's token names):
 * `unexpected IDENTIFIER "x", expecting ";"`.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/** How p4c names a token kind: `IDENTIFIER`, `";"`, `TABLE`... */
export function tokenTypeLabel(type: TokenType): string {
  if (type === EOF) return 'end of file';
  return type.LABEL ?? type.name;
}

/** How p4c shows an unexpected token: `IDENTIFIER "x"`, `INTEGER "5"`, `";"`, `TABLE`. */
export function describeToken(token: IToken): string {
  const type = token.tokenType;
  if (type === EOF) return 'end of file';
  const label = tokenTypeLabel(type);
  if (label === 'UNEXPECTED_TOKEN') return `character ${JSON.stringify(token.image)}`;
  if (label === 'IDENTIFIER' || label === 'INTEGER' || label === 'STRING_LITERAL') {
    return `${label} ${JSON.stringify(token.image)}`;
  }
  return label;
}

/** At most this many alternatives are listed after "expecting" (as Bison does). */
const MAX_EXPECTED = 4;

function expecting(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map(tokenTypeLabel))];
  if (labels.length === 0 || labels.length > MAX_EXPECTED) return '';
  return `, expecting ${labels.join(' or ')}`;
}

function firstTokens(paths: readonly (readonly TokenType[])[]): TokenType[] {
  return paths.flatMap((path) => (path.length > 0 ? [path[0]!] : []));
}

export const p4ErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `unexpected ${describeToken(actual)}${expecting([expected])}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const expected = firstTokens(expectedPathsPerAlt.flat());
    return `unexpected ${describeToken(actual[0]!)}${expecting(expected)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return `unexpected ${describeToken(actual[0]!)}${expecting(firstTokens(expectedIterationPaths))}`;
  },
};
