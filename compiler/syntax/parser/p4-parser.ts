/**
 * The P4-16 grammar (specification v1.2.x, appendix "P4 grammar"), as a Chevrotain
 * embedded-actions parser that builds the AST (`ast-builder.ts`) as it goes.
 *
 * P4's grammar needs to know which identifiers name types; p4c tracks that in its lexer. This
 * parser instead looks ahead where it matters (`lookahead.ts`): local declarations vs statements,
 * casts vs parenthesised expressions, `f<T>(...)` vs `a < b`, tuple keysets, for-in loops.
 *
 * Construct it once (`p4Parser()`): the grammar analysis is expensive, parsing is not.
 */
import { EmbeddedActionsParser, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import type * as A from '../../ast/nodes.ts';
import type { Span } from '../../source/span.ts';
import * as T from '../lexer/tokens.ts';
import * as B from './ast-builder.ts';
import { p4ErrorMessages } from './error-messages.ts';
import * as L from './lookahead.ts';

type StructLike = A.HeaderDeclaration | A.HeaderUnionDeclaration | A.StructDeclaration;

/** What a declaration starting with a type may be in a given context. */
interface TypedDeclarationContext {
  readonly functions: boolean;
  readonly variables: boolean;
}

const TOP_LEVEL: TypedDeclarationContext = { functions: true, variables: true };
const LOCAL: TypedDeclarationContext = { functions: false, variables: true };
const OBJECT_INITIALIZER: TypedDeclarationContext = { functions: true, variables: false };

const ASSIGNMENT_OPERATORS: readonly (readonly [TokenType, A.CompoundAssignmentOperator])[] = [
  [T.Assign, '='],
  [T.PlusAssign, '+='],
  [T.MinusAssign, '-='],
  [T.StarAssign, '*='],
  [T.SlashAssign, '/='],
  [T.PercentAssign, '%='],
  [T.ShlAssign, '<<='],
  [T.AmpAssign, '&='],
  [T.PipeAssign, '|='],
  [T.CaretAssign, '^='],
  [T.PlusSatAssign, '|+|='],
  [T.MinusSatAssign, '|-|='],
];

/** Binary operators that are single tokens (`>` and `>>` are handled apart). */
const BINARY_OPERATORS: readonly (readonly [TokenType, A.BinaryOperator])[] = [
  [T.OrOr, '||'],
  [T.AndAnd, '&&'],
  [T.EqualEqual, '=='],
  [T.NotEqual, '!='],
  [T.LAngle, '<'],
  [T.LessEqual, '<='],
  [T.GreaterEqual, '>='],
  [T.Pipe, '|'],
  [T.Caret, '^'],
  [T.Amp, '&'],
  [T.Shl, '<<'],
  [T.PlusPlus, '++'],
  [T.Plus, '+'],
  [T.Minus, '-'],
  [T.PlusSat, '|+|'],
  [T.MinusSat, '|-|'],
  [T.Star, '*'],
  [T.Slash, '/'],
  [T.Percent, '%'],
];

function is(token: IToken, type: TokenType): boolean {
  return tokenMatcher(token, type);
}

function adjacent(a: IToken, b: IToken): boolean {
  return a.startOffset + a.image.length === b.startOffset;
}

export class P4Parser extends EmbeddedActionsParser {
  /** The unit text being parsed (for raw annotation bodies). */
  private text = '';
  /** Declarations completed so far: the partial program when a syntax error stops the parse. */
  private completed: A.Declaration[] = [];

  constructor() {
    super(T.parserTokens, {
      maxLookahead: 3,
      recoveryEnabled: false,
      errorMessageProvider: p4ErrorMessages,
    });
    this.performSelfAnalysis();
  }

  /** Parses a whole unit; returns the declarations read before the first syntax error, if any. */
  parseUnit(text: string, tokens: IToken[]): A.Declaration[] {
    this.text = text;
    this.completed = [];
    this.input = tokens;
    this.program();
    const declarations = this.completed;
    this.completed = [];
    this.text = '';
    return declarations;
  }

  /** Parses one expression (with nothing after it). */
  parseExpression(text: string, tokens: IToken[]): A.Expression | undefined {
    this.text = text;
    this.input = tokens;
    const expression = this.standaloneExpression();
    this.text = '';
    return this.errors.length > 0 ? undefined : expression;
  }

  // -------------------------------------------------------------------------------------------
  // Helpers (called only inside ACTION or GATE: they read real tokens)
  // -------------------------------------------------------------------------------------------

  private readonly la = (k: number): IToken => this.LA(k);

  /** From `start` to the end of the last consumed token. */
  private spanFrom(start: number): Span {
    const last = this.LA(0);
    return { start, end: last.startOffset + last.image.length };
  }

  private startOf(annotations: readonly A.Annotation[] | undefined, token: IToken): number {
    return annotations !== undefined && annotations.length > 0 ? annotations[0]!.span.start : token.startOffset;
  }

  private atNameFollowedBy(type: TokenType): boolean {
    return is(this.LA(1), T.NameToken) && is(this.LA(2), type);
  }

  /** `>` `>` with nothing between them: a right shift. */
  private atShiftRight(): boolean {
    return is(this.LA(1), T.RAngle) && is(this.LA(2), T.RAngle) && adjacent(this.LA(1), this.LA(2));
  }

  /** `>` `>=` with nothing between them: the `>>=` assignment. */
  private atShiftRightAssign(): boolean {
    return is(this.LA(1), T.RAngle) && is(this.LA(2), T.GreaterEqual) && adjacent(this.LA(1), this.LA(2));
  }

  private atBinaryOperator(): boolean {
    const next = this.LA(1);
    if (is(next, T.RAngle)) return !this.atShiftRightAssign();
    if (is(next, T.Plus)) return !is(this.LA(2), T.Colon); // `[lo +: w]`
    return BINARY_OPERATORS.some(([type]) => is(next, type));
  }

  // -------------------------------------------------------------------------------------------
  // Program and declarations
  // -------------------------------------------------------------------------------------------

  private readonly program = this.RULE('program', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Semicolon) },
        {
          ALT: () => {
            const declaration = this.SUBRULE(this.declaration);
            this.ACTION(() => this.completed.push(declaration));
          },
        },
      ]);
    });
  });

  private readonly standaloneExpression = this.RULE('standaloneExpression', () => this.SUBRULE(this.expression));

  private readonly declaration = this.RULE('declaration', (): A.Declaration => {
    const annotations = this.SUBRULE(this.annotations);
    const args = { ARGS: [annotations] as [A.Annotation[]] };
    return this.OR<A.Declaration>([
      { ALT: () => this.SUBRULE(this.constantDeclaration, args) },
      { ALT: () => this.SUBRULE(this.externDeclaration, args) },
      { ALT: () => this.SUBRULE(this.actionDeclaration, args) },
      { ALT: () => this.SUBRULE(this.parserDeclaration, args) },
      { ALT: () => this.SUBRULE(this.controlDeclaration, args) },
      { ALT: () => this.SUBRULE(this.packageTypeDeclaration, args) },
      { ALT: () => this.SUBRULE(this.structLikeDeclaration, args) },
      { ALT: () => this.SUBRULE(this.enumDeclaration, args) },
      { ALT: () => this.SUBRULE(this.typedefDeclaration, args) },
      { ALT: () => this.SUBRULE(this.errorDeclaration) },
      { ALT: () => this.SUBRULE(this.matchKindDeclaration) },
      {
        ALT: () =>
          this.SUBRULE(this.typedDeclaration, { ARGS: [annotations, TOP_LEVEL] as [A.Annotation[], TypedDeclarationContext] }),
      },
    ]);
  });

  /**
   * What starts with a type: `T(args) name [= {...}];` (instantiation), `T name(...) {...}`
   * (function) or `T name [= e];` (variable).
   */
  private readonly typedDeclaration = this.RULE(
    'typedDeclaration',
    (
      annotations: A.Annotation[] = [],
      context: TypedDeclarationContext = TOP_LEVEL,
    ): A.Instantiation | A.FunctionDeclaration | A.VariableDeclaration => {
      const first = this.LA(1);
      const type = this.SUBRULE(this.typeRef);
      return this.OR<A.Instantiation | A.FunctionDeclaration | A.VariableDeclaration>([
        {
          ALT: () => {
            const args = this.SUBRULE(this.argumentList);
            const name = this.SUBRULE(this.name);
            const initializer = this.OPTION(() => {
              this.CONSUME(T.Assign);
              return this.SUBRULE(this.objectInitializer);
            });
            this.CONSUME(T.Semicolon);
            return this.ACTION(() =>
              B.node('Instantiation', {
                annotations,
                type,
                args,
                name,
                initializer,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
        {
          GATE: () => context.functions,
          ALT: () => {
            const name = this.SUBRULE2(this.name);
            const typeParameters = this.SUBRULE(this.optTypeParameters);
            const parameters = this.SUBRULE(this.parameterList);
            const prototypeSpan = this.ACTION(() => this.spanFrom(this.startOf(annotations, first)));
            const body = this.SUBRULE(this.blockStatement);
            return this.ACTION(() =>
              B.node('FunctionDeclaration', {
                annotations,
                prototype: B.node('MethodPrototype', {
                  annotations,
                  returnType: type,
                  name,
                  typeParameters,
                  parameters,
                  isConstructor: false,
                  isAbstract: false,
                  span: prototypeSpan,
                }),
                body,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
        {
          GATE: () => context.variables,
          ALT: () => {
            const name = this.SUBRULE3(this.name);
            const initializer = this.OPTION2(() => {
              this.CONSUME2(T.Assign);
              return this.SUBRULE(this.expression);
            });
            this.CONSUME2(T.Semicolon);
            return this.ACTION(() =>
              B.node('VariableDeclaration', {
                annotations,
                type,
                name,
                initializer,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
      ]);
    },
  );

  /** `= { function and instantiation declarations }` after an instantiation. */
  private readonly objectInitializer = this.RULE('objectInitializer', (): (A.FunctionDeclaration | A.Instantiation)[] => {
    const members: (A.FunctionDeclaration | A.Instantiation)[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const annotations = this.SUBRULE(this.annotations);
      const member = this.SUBRULE(this.typedDeclaration, {
        ARGS: [annotations, OBJECT_INITIALIZER] as [A.Annotation[], TypedDeclarationContext],
      });
      this.ACTION(() => members.push(member as A.FunctionDeclaration | A.Instantiation));
    });
    this.CONSUME(T.RBrace);
    return members;
  });

  private readonly constantDeclaration = this.RULE(
    'constantDeclaration',
    (annotations: A.Annotation[] = []): A.ConstantDeclaration => {
      const first = this.CONSUME(T.Const);
      const type = this.SUBRULE(this.typeRef);
      const name = this.SUBRULE(this.name);
      this.CONSUME(T.Assign);
      const value = this.SUBRULE(this.expression);
      this.CONSUME(T.Semicolon);
      return this.ACTION(() =>
        B.node('ConstantDeclaration', {
          annotations,
          type,
          name,
          value,
          span: this.spanFrom(this.startOf(annotations, first)),
        }),
      );
    },
  );

  private readonly externDeclaration = this.RULE(
    'externDeclaration',
    (annotations: A.Annotation[] = []): A.ExternObjectDeclaration | A.ExternFunctionDeclaration => {
      const first = this.CONSUME(T.Extern);
      return this.OR<A.ExternObjectDeclaration | A.ExternFunctionDeclaration>({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            GATE: () => L.startsExternObject(this.la),
            ALT: () => {
              const name = this.SUBRULE(this.name);
              const typeParameters = this.SUBRULE(this.optTypeParameters);
              const methods: A.MethodPrototype[] = [];
              this.OR2([
                {
                  ALT: () => {
                    this.CONSUME(T.LBrace);
                    this.MANY(() => {
                      const method = this.SUBRULE(this.methodPrototype);
                      this.ACTION(() => methods.push(method));
                    });
                    this.CONSUME(T.RBrace);
                  },
                },
                { ALT: () => this.CONSUME(T.Semicolon) },
              ]);
              return this.ACTION(() =>
                B.node('ExternObjectDeclaration', {
                  annotations,
                  name,
                  typeParameters,
                  methods,
                  span: this.spanFrom(this.startOf(annotations, first)),
                }),
              );
            },
          },
          {
            ALT: () => {
              const prototype = this.SUBRULE(this.functionPrototype, { ARGS: [annotations, false] as [A.Annotation[], boolean] });
              this.CONSUME2(T.Semicolon);
              return this.ACTION(() =>
                B.node('ExternFunctionDeclaration', {
                  annotations,
                  prototype,
                  span: this.spanFrom(this.startOf(annotations, first)),
                }),
              );
            },
          },
        ],
      });
    },
  );

  /** `T name<U>(params)` (the `;` or body is the caller's). */
  private readonly functionPrototype = this.RULE(
    'functionPrototype',
    (annotations: A.Annotation[] = [], isAbstract = false): A.MethodPrototype => {
      const first = this.LA(1);
      const returnType = this.SUBRULE(this.typeRef);
      const name = this.SUBRULE(this.name);
      const typeParameters = this.SUBRULE(this.optTypeParameters);
      const parameters = this.SUBRULE(this.parameterList);
      return this.ACTION(() =>
        B.node('MethodPrototype', {
          annotations,
          returnType,
          name,
          typeParameters,
          parameters,
          isConstructor: false,
          isAbstract,
          span: this.spanFrom(this.startOf(annotations, first)),
        }),
      );
    },
  );

  /** An extern object member: constructor, method or abstract method, with its `;`. */
  private readonly methodPrototype = this.RULE('methodPrototype', (): A.MethodPrototype => {
    const annotations = this.SUBRULE(this.annotations);
    const prototype = this.OR<A.MethodPrototype>([
      {
        ALT: () => {
          const nameToken = this.CONSUME(T.Identifier);
          const parameters = this.SUBRULE(this.parameterList);
          return this.ACTION(() =>
            B.node('MethodPrototype', {
              annotations,
              returnType: undefined,
              name: B.ident(nameToken),
              typeParameters: [],
              parameters,
              isConstructor: true,
              isAbstract: false,
              span: this.spanFrom(this.startOf(annotations, nameToken)),
            }),
          );
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Abstract);
          return this.SUBRULE(this.functionPrototype, { ARGS: [annotations, true] as [A.Annotation[], boolean] });
        },
      },
      {
        ALT: () => this.SUBRULE2(this.functionPrototype, { ARGS: [annotations, false] as [A.Annotation[], boolean] }),
      },
    ]);
    this.CONSUME(T.Semicolon);
    return prototype;
  });

  private readonly actionDeclaration = this.RULE('actionDeclaration', (annotations: A.Annotation[] = []): A.ActionDeclaration => {
    const first = this.CONSUME(T.Action);
    const name = this.SUBRULE(this.name);
    const parameters = this.SUBRULE(this.parameterList);
    const body = this.SUBRULE(this.blockStatement);
    return this.ACTION(() =>
      B.node('ActionDeclaration', {
        annotations,
        name,
        parameters,
        body,
        span: this.spanFrom(this.startOf(annotations, first)),
      }),
    );
  });

  private readonly packageTypeDeclaration = this.RULE(
    'packageTypeDeclaration',
    (annotations: A.Annotation[] = []): A.PackageTypeDeclaration => {
      const first = this.CONSUME(T.Package);
      const name = this.SUBRULE(this.name);
      const typeParameters = this.SUBRULE(this.optTypeParameters);
      const parameters = this.SUBRULE(this.parameterList);
      this.CONSUME(T.Semicolon);
      return this.ACTION(() =>
        B.node('PackageTypeDeclaration', {
          annotations,
          name,
          typeParameters,
          parameters,
          span: this.spanFrom(this.startOf(annotations, first)),
        }),
      );
    },
  );

  // -------------------------------------------------------------------------------------------
  // Parsers
  // -------------------------------------------------------------------------------------------

  private readonly parserDeclaration = this.RULE(
    'parserDeclaration',
    (annotations: A.Annotation[] = []): A.ParserTypeDeclaration | A.ParserDeclaration => {
      const first = this.CONSUME(T.Parser);
      const name = this.SUBRULE(this.name);
      const typeParameters = this.SUBRULE(this.optTypeParameters);
      const parameters = this.SUBRULE(this.parameterList);
      return this.OR<A.ParserTypeDeclaration | A.ParserDeclaration>([
        {
          ALT: () => {
            this.CONSUME(T.Semicolon);
            return this.ACTION(() =>
              B.node('ParserTypeDeclaration', {
                annotations,
                name,
                typeParameters,
                parameters,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
        {
          ALT: () => {
            const constructorParameters = this.OPTION(() => this.SUBRULE2(this.parameterList)) ?? [];
            const locals: A.ParserLocalElement[] = [];
            const states: A.ParserState[] = [];
            this.CONSUME(T.LBrace);
            this.MANY(() => {
              const elementAnnotations = this.SUBRULE(this.annotations);
              const args = { ARGS: [elementAnnotations] as [A.Annotation[]] };
              this.OR2([
                {
                  ALT: () => {
                    const state = this.SUBRULE(this.parserState, args);
                    this.ACTION(() => states.push(state));
                  },
                },
                {
                  ALT: () => {
                    const constant = this.SUBRULE(this.constantDeclaration, args);
                    this.ACTION(() => locals.push(constant));
                  },
                },
                {
                  ALT: () => {
                    const valueSet = this.SUBRULE(this.valueSetDeclaration, args);
                    this.ACTION(() => locals.push(valueSet));
                  },
                },
                {
                  ALT: () => {
                    const local = this.SUBRULE(this.typedDeclaration, {
                      ARGS: [elementAnnotations, LOCAL] as [A.Annotation[], TypedDeclarationContext],
                    });
                    this.ACTION(() => locals.push(local as A.VariableDeclaration | A.Instantiation));
                  },
                },
              ]);
            });
            this.CONSUME(T.RBrace);
            return this.ACTION(() =>
              B.node('ParserDeclaration', {
                annotations,
                name,
                typeParameters,
                parameters,
                constructorParameters,
                locals,
                states,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
      ]);
    },
  );

  private readonly valueSetDeclaration = this.RULE(
    'valueSetDeclaration',
    (annotations: A.Annotation[] = []): A.ValueSetDeclaration => {
      const first = this.CONSUME(T.ValueSet);
      this.CONSUME(T.LAngle);
      const elementType = this.SUBRULE(this.typeArgument);
      this.CONSUME(T.RAngle);
      this.CONSUME(T.LParen);
      const size = this.SUBRULE(this.expression);
      this.CONSUME(T.RParen);
      const name = this.SUBRULE(this.name);
      this.CONSUME(T.Semicolon);
      return this.ACTION(() =>
        B.node('ValueSetDeclaration', {
          annotations,
          elementType,
          size,
          name,
          span: this.spanFrom(this.startOf(annotations, first)),
        }),
      );
    },
  );

  private readonly parserState = this.RULE('parserState', (annotations: A.Annotation[] = []): A.ParserState => {
    const first = this.CONSUME(T.State);
    const name = this.SUBRULE(this.name);
    const statements: A.Statement[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      this.ACTION(() => statements.push(statement));
    });
    const transition = this.OPTION(() => this.SUBRULE(this.transition));
    this.MANY2(() => this.CONSUME(T.Semicolon));
    this.CONSUME(T.RBrace);
    return this.ACTION(() =>
      B.node('ParserState', {
        annotations,
        name,
        statements,
        transition,
        span: this.spanFrom(this.startOf(annotations, first)),
      }),
    );
  });

  private readonly transition = this.RULE('transition', (): A.Transition => {
    const first = this.CONSUME(T.Transition);
    return this.OR<A.Transition>([
      {
        ALT: () => {
          this.CONSUME(T.Select);
          this.CONSUME(T.LParen);
          const selectors = this.SUBRULE(this.expressionList);
          this.CONSUME(T.RParen);
          this.CONSUME(T.LBrace);
          const cases: A.SelectCase[] = [];
          this.MANY(() => {
            const selectCase = this.SUBRULE(this.selectCase);
            this.ACTION(() => cases.push(selectCase));
          });
          this.CONSUME(T.RBrace);
          return this.ACTION(() =>
            B.node('SelectTransition', { selectors, cases, span: this.spanFrom(first.startOffset) }),
          );
        },
      },
      {
        ALT: () => {
          const target = this.SUBRULE(this.name);
          this.CONSUME(T.Semicolon);
          return this.ACTION(() => B.node('DirectTransition', { target, span: this.spanFrom(first.startOffset) }));
        },
      },
    ]);
  });

  private readonly selectCase = this.RULE('selectCase', (): A.SelectCase => {
    const keyset = this.SUBRULE(this.keyset);
    this.CONSUME(T.Colon);
    const target = this.SUBRULE(this.name);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => B.node('SelectCase', { keyset, target, span: this.spanFrom(keyset.span.start) }));
  });

  /** `(k1, k2)` or a single keyset expression. */
  private readonly keyset = this.RULE('keyset', (): A.Keyset => {
    return this.OR<A.Keyset>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => L.startsTupleKeyset(this.la),
          ALT: () => {
            const open = this.CONSUME(T.LParen);
            const elements: A.Expression[] = [];
            this.AT_LEAST_ONE_SEP({
              SEP: T.Comma,
              DEF: () => {
                const element = this.SUBRULE(this.simpleKeyset);
                this.ACTION(() => elements.push(element));
              },
            });
            this.CONSUME(T.RParen);
            return this.ACTION(() => B.node('TupleKeyset', { elements, span: this.spanFrom(open.startOffset) }));
          },
        },
        {
          ALT: () => {
            const expression = this.SUBRULE2(this.simpleKeyset);
            return this.ACTION(() => B.node('SimpleKeyset', { expression, span: expression.span }));
          },
        },
      ],
    });
  });

  /** `default`, `_`, `e`, `e &&& m`, `lo .. hi`. */
  private readonly simpleKeyset = this.RULE('simpleKeyset', (): A.Expression => {
    return this.OR<A.Expression>([
      {
        ALT: () => {
          const token = this.CONSUME(T.Default);
          return this.ACTION(() => B.node('DefaultExpression', { span: B.tokenSpan(token) }));
        },
      },
      {
        ALT: () => {
          const value = this.SUBRULE(this.expression);
          const combined = this.OPTION(() =>
            this.OR2<A.Expression>([
              {
                ALT: () => {
                  this.CONSUME(T.Mask);
                  const maskValue = this.SUBRULE2(this.expression);
                  return this.ACTION(() => B.mask(value, maskValue));
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Range);
                  const hi = this.SUBRULE3(this.expression);
                  return this.ACTION(() => B.range(value, hi));
                },
              },
            ]),
          );
          return combined ?? value;
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Controls and tables
  // -------------------------------------------------------------------------------------------

  private readonly controlDeclaration = this.RULE(
    'controlDeclaration',
    (annotations: A.Annotation[] = []): A.ControlTypeDeclaration | A.ControlDeclaration => {
      const first = this.CONSUME(T.Control);
      const name = this.SUBRULE(this.name);
      const typeParameters = this.SUBRULE(this.optTypeParameters);
      const parameters = this.SUBRULE(this.parameterList);
      return this.OR<A.ControlTypeDeclaration | A.ControlDeclaration>([
        {
          ALT: () => {
            this.CONSUME(T.Semicolon);
            return this.ACTION(() =>
              B.node('ControlTypeDeclaration', {
                annotations,
                name,
                typeParameters,
                parameters,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
        {
          ALT: () => {
            const constructorParameters = this.OPTION(() => this.SUBRULE2(this.parameterList)) ?? [];
            const locals: A.ControlLocalDeclaration[] = [];
            this.CONSUME(T.LBrace);
            this.MANY(() => {
              const local = this.SUBRULE(this.controlLocalDeclaration);
              this.ACTION(() => locals.push(local));
            });
            this.CONSUME(T.Apply);
            const apply = this.SUBRULE(this.blockStatement);
            this.CONSUME(T.RBrace);
            return this.ACTION(() =>
              B.node('ControlDeclaration', {
                annotations,
                name,
                typeParameters,
                parameters,
                constructorParameters,
                locals,
                apply,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        },
      ]);
    },
  );

  private readonly controlLocalDeclaration = this.RULE('controlLocalDeclaration', (): A.ControlLocalDeclaration => {
    const annotations = this.SUBRULE(this.annotations);
    const args = { ARGS: [annotations] as [A.Annotation[]] };
    return this.OR<A.ControlLocalDeclaration>([
      { ALT: () => this.SUBRULE(this.constantDeclaration, args) },
      { ALT: () => this.SUBRULE(this.actionDeclaration, args) },
      { ALT: () => this.SUBRULE(this.tableDeclaration, args) },
      {
        ALT: () =>
          this.SUBRULE(this.typedDeclaration, {
            ARGS: [annotations, LOCAL] as [A.Annotation[], TypedDeclarationContext],
          }) as A.VariableDeclaration | A.Instantiation,
      },
    ]);
  });

  private readonly tableDeclaration = this.RULE('tableDeclaration', (annotations: A.Annotation[] = []): A.TableDeclaration => {
    const first = this.CONSUME(T.Table);
    const name = this.SUBRULE(this.name);
    const properties: A.TableProperty[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      const property = this.SUBRULE(this.tableProperty);
      this.ACTION(() => properties.push(property));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() =>
      B.node('TableDeclaration', {
        annotations,
        name,
        properties,
        span: this.spanFrom(this.startOf(annotations, first)),
      }),
    );
  });

  private readonly tableProperty = this.RULE('tableProperty', (): A.TableProperty => {
    const annotations = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const isConst = this.OPTION(() => this.CONSUME(T.Const)) !== undefined;
    const start = (): number => this.startOf(annotations, first);
    return this.OR<A.TableProperty>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => is(this.LA(2), T.Assign) && is(this.LA(3), T.LBrace),
          ALT: () => {
            this.CONSUME(T.Key);
            this.CONSUME(T.Assign);
            this.CONSUME(T.LBrace);
            const elements: A.KeyElement[] = [];
            this.MANY(() => {
              const element = this.SUBRULE(this.keyElement);
              this.ACTION(() => elements.push(element));
            });
            this.CONSUME(T.RBrace);
            return this.ACTION(() => B.node('KeyProperty', { annotations, elements, span: this.spanFrom(start()) }));
          },
        },
        {
          GATE: () => is(this.LA(2), T.Assign) && is(this.LA(3), T.LBrace),
          ALT: () => {
            this.CONSUME(T.Actions);
            this.CONSUME2(T.Assign);
            this.CONSUME2(T.LBrace);
            const actions: A.ActionReference[] = [];
            this.MANY2(() => {
              const elementAnnotations = this.SUBRULE2(this.annotations);
              const action = this.SUBRULE(this.actionReference, { ARGS: [elementAnnotations] as [A.Annotation[]] });
              this.CONSUME(T.Semicolon);
              this.ACTION(() => actions.push(action));
            });
            this.CONSUME2(T.RBrace);
            return this.ACTION(() => B.node('ActionsProperty', { annotations, actions, span: this.spanFrom(start()) }));
          },
        },
        {
          GATE: () => is(this.LA(2), T.Assign) && is(this.LA(3), T.LBrace),
          ALT: () => {
            this.CONSUME(T.Entries);
            this.CONSUME3(T.Assign);
            this.CONSUME3(T.LBrace);
            const entries: A.TableEntry[] = [];
            this.MANY3(() => {
              const entry = this.SUBRULE(this.tableEntry);
              this.ACTION(() => entries.push(entry));
            });
            this.CONSUME3(T.RBrace);
            return this.ACTION(() =>
              B.node('EntriesProperty', { annotations, isConst, entries, span: this.spanFrom(start()) }),
            );
          },
        },
        {
          ALT: () => {
            const name = this.SUBRULE(this.name);
            this.CONSUME4(T.Assign);
            const value = this.SUBRULE(this.expression);
            this.CONSUME2(T.Semicolon);
            return this.ACTION(() =>
              B.node('ValueProperty', { annotations, isConst, name, value, span: this.spanFrom(start()) }),
            );
          },
        },
      ],
    });
  });

  private readonly keyElement = this.RULE('keyElement', (): A.KeyElement => {
    const expression = this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    const matchKind = this.SUBRULE(this.name);
    const annotations = this.SUBRULE(this.annotations);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() =>
      B.node('KeyElement', { annotations, expression, matchKind, span: this.spanFrom(expression.span.start) }),
    );
  });

  /** `a`, `.a`, `a(1, x)` in an actions list, an entry or `default_action`-like places. */
  private readonly actionReference = this.RULE('actionReference', (annotations: A.Annotation[] = []): A.ActionReference => {
    const first = this.LA(1);
    const dot = this.OPTION(() => this.CONSUME(T.Dot));
    const nameIdent = this.SUBRULE(this.name);
    const args = this.OPTION2(() => this.SUBRULE(this.argumentList));
    return this.ACTION(() =>
      B.node('ActionReference', {
        annotations,
        name: B.pathName(nameIdent, dot),
        args,
        span: this.spanFrom(this.startOf(annotations, first)),
      }),
    );
  });

  /** `[@annotations] [const] [priority = p :] keyset : action(args) [@annotations];` */
  private readonly tableEntry = this.RULE('tableEntry', (): A.TableEntry => {
    const leading = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const isConst = this.OPTION(() => this.CONSUME(T.Const)) !== undefined;
    const priority = this.OPTION2({
      GATE: () => is(this.LA(1), T.Priority) && is(this.LA(2), T.Assign),
      DEF: () => {
        this.CONSUME(T.Priority);
        this.CONSUME(T.Assign);
        const value = this.SUBRULE(this.expression);
        this.CONSUME(T.Colon);
        return value;
      },
    });
    const keyset = this.SUBRULE(this.keyset);
    this.CONSUME2(T.Colon);
    const action = this.SUBRULE(this.actionReference);
    const trailing = this.SUBRULE2(this.annotations);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() =>
      B.node('TableEntry', {
        annotations: [...leading, ...trailing],
        isConst,
        priority,
        keyset,
        action,
        span: this.spanFrom(this.startOf(leading, first)),
      }),
    );
  });

  // -------------------------------------------------------------------------------------------
  // Types and type declarations
  // -------------------------------------------------------------------------------------------

  private readonly structLikeDeclaration = this.RULE(
    'structLikeDeclaration',
    (annotations: A.Annotation[] = []): StructLike => {
      const first = this.LA(1);
      const kind = this.OR<StructLike['kind']>([
        { ALT: () => (this.CONSUME(T.Header), 'HeaderDeclaration') },
        { ALT: () => (this.CONSUME(T.HeaderUnion), 'HeaderUnionDeclaration') },
        { ALT: () => (this.CONSUME(T.Struct), 'StructDeclaration') },
      ]);
      const name = this.SUBRULE(this.name);
      const typeParameters = this.SUBRULE(this.optTypeParameters);
      const fields: A.StructField[] = [];
      this.CONSUME(T.LBrace);
      this.MANY(() => {
        const fieldAnnotations = this.SUBRULE(this.annotations);
        const fieldFirst = this.LA(1);
        const type = this.SUBRULE(this.typeRef);
        const fieldName = this.SUBRULE2(this.name);
        this.CONSUME(T.Semicolon);
        this.ACTION(() =>
          fields.push(
            B.node('StructField', {
              annotations: fieldAnnotations,
              type,
              name: fieldName,
              span: this.spanFrom(this.startOf(fieldAnnotations, fieldFirst)),
            }),
          ),
        );
      });
      this.CONSUME(T.RBrace);
      return this.ACTION(
        () =>
          ({
            kind,
            annotations,
            name,
            typeParameters,
            fields,
            span: this.spanFrom(this.startOf(annotations, first)),
          }) as StructLike,
      );
    },
  );

  private readonly enumDeclaration = this.RULE('enumDeclaration', (annotations: A.Annotation[] = []): A.EnumDeclaration => {
    const first = this.CONSUME(T.Enum);
    const underlyingType = this.OPTION({
      GATE: () => !is(this.LA(2), T.LBrace),
      DEF: () => this.SUBRULE(this.typeRef),
    });
    const name = this.SUBRULE(this.name);
    const members: A.EnumMember[] = [];
    this.CONSUME(T.LBrace);
    this.OPTION2(() => {
      const member = this.SUBRULE(this.enumMember);
      this.ACTION(() => members.push(member));
      this.MANY({
        GATE: () => !is(this.LA(2), T.RBrace),
        DEF: () => {
          this.CONSUME(T.Comma);
          const next = this.SUBRULE2(this.enumMember);
          this.ACTION(() => members.push(next));
        },
      });
      this.OPTION3(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() =>
      B.node('EnumDeclaration', {
        annotations,
        underlyingType,
        name,
        members,
        span: this.spanFrom(this.startOf(annotations, first)),
      }),
    );
  });

  private readonly enumMember = this.RULE('enumMember', (): A.EnumMember => {
    const annotations = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const name = this.SUBRULE(this.name);
    const value = this.OPTION(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE(this.expression);
    });
    return this.ACTION(() =>
      B.node('EnumMember', { annotations, name, value, span: this.spanFrom(this.startOf(annotations, first)) }),
    );
  });

  private readonly typedefDeclaration = this.RULE(
    'typedefDeclaration',
    (annotations: A.Annotation[] = []): A.TypedefDeclaration => {
      const first = this.LA(1);
      const isNewType = this.OR([
        { ALT: () => (this.CONSUME(T.Typedef), false) },
        { ALT: () => (this.CONSUME(T.Type), true) },
      ]);
      const type = this.OR2<A.TypedefDeclaration['type']>([
        { ALT: () => this.SUBRULE(this.structLikeDeclaration) },
        { ALT: () => this.SUBRULE(this.enumDeclaration) },
        { ALT: () => this.SUBRULE(this.typeRef) },
      ]);
      const name = this.SUBRULE(this.name);
      this.CONSUME(T.Semicolon);
      return this.ACTION(() =>
        B.node('TypedefDeclaration', {
          annotations,
          isNewType,
          type,
          name,
          span: this.spanFrom(this.startOf(annotations, first)),
        }),
      );
    },
  );

  private readonly errorDeclaration = this.RULE('errorDeclaration', (): A.ErrorDeclaration => {
    const first = this.CONSUME(T.ErrorKw);
    const members = this.SUBRULE(this.identifierList);
    return this.ACTION(() => B.node('ErrorDeclaration', { members, span: this.spanFrom(first.startOffset) }));
  });

  private readonly matchKindDeclaration = this.RULE('matchKindDeclaration', (): A.MatchKindDeclaration => {
    const first = this.CONSUME(T.MatchKind);
    const members = this.SUBRULE(this.identifierList);
    return this.ACTION(() => B.node('MatchKindDeclaration', { members, span: this.spanFrom(first.startOffset) }));
  });

  /** `{ a, b, c [,] }` */
  private readonly identifierList = this.RULE('identifierList', (): A.Ident[] => {
    const names: A.Ident[] = [];
    this.CONSUME(T.LBrace);
    this.OPTION(() => {
      const name = this.SUBRULE(this.name);
      this.ACTION(() => names.push(name));
      this.MANY({
        GATE: () => !is(this.LA(2), T.RBrace),
        DEF: () => {
          this.CONSUME(T.Comma);
          const next = this.SUBRULE2(this.name);
          this.ACTION(() => names.push(next));
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
    return names;
  });

  private readonly typeRef = this.RULE('typeRef', (): A.TypeRef => {
    const first = this.LA(1);
    const span = (): Span => this.spanFrom(first.startOffset);
    let type = this.OR<A.TypeRef>([
      {
        ALT: () => {
          this.CONSUME(T.Bit);
          const width = this.OPTION(() => this.SUBRULE(this.widthArgument));
          return this.ACTION(() => B.node('BitTypeRef', { width, span: span() }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Int);
          const width = this.OPTION2(() => this.SUBRULE2(this.widthArgument));
          return this.ACTION(() => B.node('IntTypeRef', { width, span: span() }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Varbit);
          const maxWidth = this.SUBRULE3(this.widthArgument);
          return this.ACTION(() => B.node('VarbitTypeRef', { maxWidth, span: span() }));
        },
      },
      { ALT: () => (this.CONSUME(T.Bool), this.ACTION(() => B.node('BoolTypeRef', { span: span() }))) },
      { ALT: () => (this.CONSUME(T.StringKw), this.ACTION(() => B.node('StringTypeRef', { span: span() }))) },
      { ALT: () => (this.CONSUME(T.ErrorKw), this.ACTION(() => B.node('ErrorTypeRef', { span: span() }))) },
      { ALT: () => (this.CONSUME(T.MatchKind), this.ACTION(() => B.node('MatchKindTypeRef', { span: span() }))) },
      { ALT: () => (this.CONSUME(T.Void), this.ACTION(() => B.node('VoidTypeRef', { span: span() }))) },
      {
        ALT: () => {
          this.CONSUME(T.Tuple);
          const elements = this.SUBRULE(this.typeArguments);
          return this.ACTION(() => B.node('TupleTypeRef', { elements, span: span() }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.List);
          this.CONSUME(T.LAngle);
          const element = this.SUBRULE(this.typeArgument);
          this.CONSUME(T.RAngle);
          return this.ACTION(() => B.node('ListTypeRef', { element, span: span() }));
        },
      },
      {
        ALT: () => {
          const dot = this.OPTION3(() => this.CONSUME(T.Dot));
          const nameToken = this.CONSUME(T.Identifier);
          const args = this.OPTION4(() => this.SUBRULE2(this.typeArguments));
          return this.ACTION((): A.TypeRef => {
            const base = B.pathName(B.ident(nameToken), dot);
            return args === undefined
              ? B.node('NamedTypeRef', { name: base, span: span() })
              : B.node('SpecializedTypeRef', { base, args, span: span() });
          });
        },
      },
    ]);
    this.MANY(() => {
      this.CONSUME(T.LBracket);
      const size = this.SUBRULE(this.expression);
      this.CONSUME(T.RBracket);
      const element = type;
      type = this.ACTION(() => B.node('HeaderStackTypeRef', { element, size, span: span() }));
    });
    return type;
  });

  /** `<8>`, `<(W + 1)>` or `<W>` after `bit`, `int`, `varbit`. */
  private readonly widthArgument = this.RULE('widthArgument', (): A.Expression => {
    this.CONSUME(T.LAngle);
    const width = this.OR<A.Expression>([
      {
        ALT: () => {
          const token = this.CONSUME(T.IntLiteral);
          return this.ACTION(() => B.intLiteral(token));
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
          return this.ACTION(() => B.parenthesized(inner, this.spanFrom(open.startOffset)));
        },
      },
      {
        ALT: () => {
          const name = this.SUBRULE(this.name);
          return this.ACTION(() => B.pathExpression(B.pathName(name, undefined)));
        },
      },
    ]);
    this.CONSUME(T.RAngle);
    return width;
  });

  /** `<T1, T2, ...>` */
  private readonly typeArguments = this.RULE('typeArguments', (): A.TypeRef[] => {
    const args: A.TypeRef[] = [];
    this.CONSUME(T.LAngle);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const arg = this.SUBRULE(this.typeArgument);
        this.ACTION(() => args.push(arg));
      },
    });
    this.CONSUME(T.RAngle);
    return args;
  });

  private readonly typeArgument = this.RULE('typeArgument', (): A.TypeRef => {
    return this.OR<A.TypeRef>([
      {
        ALT: () => {
          const token = this.CONSUME(T.DontCare);
          return this.ACTION(() => B.node('DontCareTypeRef', { span: B.tokenSpan(token) }));
        },
      },
      { ALT: () => this.SUBRULE(this.typeRef) },
    ]);
  });

  /** `<T, U>` after a declared name, or nothing. */
  private readonly optTypeParameters = this.RULE('optTypeParameters', (): A.Ident[] => {
    const names: A.Ident[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LAngle);
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => {
          const name = this.SUBRULE(this.name);
          this.ACTION(() => names.push(name));
        },
      });
      this.CONSUME(T.RAngle);
    });
    return names;
  });

  private readonly parameterList = this.RULE('parameterList', (): A.Parameter[] => {
    const parameters: A.Parameter[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const parameter = this.SUBRULE(this.parameter);
        this.ACTION(() => parameters.push(parameter));
      },
    });
    this.CONSUME(T.RParen);
    return parameters;
  });

  private readonly parameter = this.RULE('parameter', (): A.Parameter => {
    const annotations = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const direction =
      this.OPTION(() =>
        this.OR<A.Direction>([
          { ALT: () => (this.CONSUME(T.In), 'in') },
          { ALT: () => (this.CONSUME(T.Out), 'out') },
          { ALT: () => (this.CONSUME(T.InOut), 'inout') },
        ]),
      ) ?? 'none';
    const type = this.SUBRULE(this.typeRef);
    const name = this.SUBRULE(this.name);
    const defaultValue = this.OPTION2(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE(this.expression);
    });
    return this.ACTION(() =>
      B.node('Parameter', {
        annotations,
        direction,
        type,
        name,
        defaultValue,
        span: this.spanFrom(this.startOf(annotations, first)),
      }),
    );
  });

  // -------------------------------------------------------------------------------------------
  // Annotations
  // -------------------------------------------------------------------------------------------

  private readonly annotations = this.RULE('annotations', (): A.Annotation[] => {
    const list: A.Annotation[] = [];
    this.MANY(() => {
      const annotation = this.SUBRULE(this.annotation);
      this.ACTION(() => list.push(annotation));
    });
    return list;
  });

  /** `@name`, `@name(expressions or raw tokens)`, `@name[expressions or key=value pairs]`. */
  private readonly annotation = this.RULE('annotation', (): A.Annotation => {
    const at = this.CONSUME(T.At);
    const nameToken = this.CONSUME(T.WordToken);
    const body = this.OPTION(() =>
      this.OR<A.AnnotationBody>({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            GATE: this.BACKTRACK(this.parenthesizedExpressions),
            ALT: () => {
              const items = this.SUBRULE(this.parenthesizedExpressions);
              return { kind: 'Expressions', items };
            },
          },
          {
            ALT: () => {
              const open = this.CONSUME(T.LParen);
              this.SUBRULE(this.rawAnnotationTokens);
              const close = this.CONSUME(T.RParen);
              return this.ACTION(() =>
                B.unparsedAnnotationBody(this.text.slice(open.startOffset + 1, close.startOffset)),
              );
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              const structured = this.OR2<A.AnnotationBody>([
                {
                  GATE: () => this.atNameFollowedBy(T.Assign),
                  ALT: () => {
                    const items = this.SUBRULE(this.keyValueList);
                    return { kind: 'KeyValues', items };
                  },
                },
                {
                  ALT: () => {
                    const items = this.SUBRULE(this.expressionList);
                    this.OPTION2(() => this.CONSUME(T.Comma));
                    return { kind: 'Expressions', items };
                  },
                },
              ]);
              this.CONSUME(T.RBracket);
              return structured;
            },
          },
        ],
      }),
    );
    return this.ACTION(() => ({
      kind: 'Annotation' as const,
      name: B.ident(nameToken),
      body: body ?? { kind: 'Empty' as const },
      span: this.spanFrom(at.startOffset),
    }));
  });

  private readonly parenthesizedExpressions = this.RULE('parenthesizedExpressions', (): A.Expression[] => {
    this.CONSUME(T.LParen);
    const items = this.SUBRULE(this.expressionList);
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.RParen);
    return items;
  });

  private readonly rawAnnotationTokens = this.RULE('rawAnnotationTokens', () => {
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.rawAnnotationTokens);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.CONSUME(T.AnnotationBodyToken) },
      ]);
    });
  });

  /** `k1 = e1, k2 = e2 [,]` */
  private readonly keyValueList = this.RULE('keyValueList', (): { key: A.Ident; value: A.Expression }[] => {
    const items: { key: A.Ident; value: A.Expression }[] = [];
    const pair = (): void => {
      const key = this.SUBRULE(this.name);
      this.CONSUME(T.Assign);
      const value = this.SUBRULE(this.expression);
      this.ACTION(() => items.push({ key, value }));
    };
    pair();
    this.MANY({
      GATE: () => is(this.LA(2), T.NameToken) && is(this.LA(3), T.Assign),
      DEF: () => {
        this.CONSUME(T.Comma);
        const key = this.SUBRULE2(this.name);
        this.CONSUME2(T.Assign);
        const value = this.SUBRULE2(this.expression);
        this.ACTION(() => items.push({ key, value }));
      },
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
    return items;
  });

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private readonly statement = this.RULE('statement', (): A.Statement => {
    const annotations = this.SUBRULE(this.annotations);
    const args = { ARGS: [annotations] as [A.Annotation[]] };
    return this.OR<A.Statement>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.blockStatement, args) },
        { ALT: () => this.SUBRULE(this.ifStatement) },
        { ALT: () => this.SUBRULE(this.switchStatement) },
        { ALT: () => this.SUBRULE(this.forStatement, args) },
        {
          ALT: () => {
            const token = this.CONSUME(T.Exit);
            this.CONSUME(T.Semicolon);
            return this.ACTION(() => B.node('ExitStatement', { span: this.spanFrom(token.startOffset) }));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(T.Return);
            const value = this.OPTION(() => this.SUBRULE(this.expression));
            this.CONSUME2(T.Semicolon);
            return this.ACTION(() => B.node('ReturnStatement', { value, span: this.spanFrom(token.startOffset) }));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(T.Break);
            this.CONSUME3(T.Semicolon);
            return this.ACTION(() => B.node('BreakStatement', { span: this.spanFrom(token.startOffset) }));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME(T.Continue);
            this.CONSUME4(T.Semicolon);
            return this.ACTION(() => B.node('ContinueStatement', { span: this.spanFrom(token.startOffset) }));
          },
        },
        {
          ALT: () => {
            const token = this.CONSUME5(T.Semicolon);
            return this.ACTION(() => B.node('EmptyStatement', { span: B.tokenSpan(token) }));
          },
        },
        { ALT: () => this.SUBRULE(this.constantDeclaration, args) },
        {
          GATE: () => L.startsLocalDeclaration(this.la),
          ALT: () =>
            this.SUBRULE(this.typedDeclaration, {
              ARGS: [annotations, LOCAL] as [A.Annotation[], TypedDeclarationContext],
            }) as A.VariableDeclaration | A.Instantiation,
        },
        {
          ALT: () => {
            const statement = this.SUBRULE(this.simpleStatement);
            this.CONSUME6(T.Semicolon);
            return this.ACTION(() => ({ ...statement, span: this.spanFrom(statement.span.start) }));
          },
        },
      ],
    });
  });

  private readonly blockStatement = this.RULE('blockStatement', (annotations: A.Annotation[] = []): A.BlockStatement => {
    const open = this.CONSUME(T.LBrace);
    const statements: A.Statement[] = [];
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      this.ACTION(() => statements.push(statement));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() =>
      B.node('BlockStatement', {
        annotations,
        statements,
        span: this.spanFrom(this.startOf(annotations, open)),
      }),
    );
  });

  private readonly ifStatement = this.RULE('ifStatement', (): A.IfStatement => {
    const first = this.CONSUME(T.If);
    this.CONSUME(T.LParen);
    const condition = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    const then = this.SUBRULE(this.statement);
    const otherwise = this.OPTION(() => {
      this.CONSUME(T.Else);
      return this.SUBRULE2(this.statement);
    });
    return this.ACTION(() =>
      B.node('IfStatement', { condition, then, otherwise, span: this.spanFrom(first.startOffset) }),
    );
  });

  private readonly switchStatement = this.RULE('switchStatement', (): A.SwitchStatement => {
    const first = this.CONSUME(T.Switch);
    this.CONSUME(T.LParen);
    const subject = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.CONSUME(T.LBrace);
    const cases: A.SwitchCase[] = [];
    this.MANY(() => {
      const label = this.OR<A.Expression>([
        {
          ALT: () => {
            const token = this.CONSUME(T.Default);
            return this.ACTION(() => B.node('DefaultExpression', { span: B.tokenSpan(token) }));
          },
        },
        { ALT: () => this.SUBRULE2(this.expression) },
      ]);
      this.CONSUME(T.Colon);
      const body = this.OPTION(() => {
        const annotations = this.SUBRULE(this.annotations);
        return this.SUBRULE(this.blockStatement, { ARGS: [annotations] as [A.Annotation[]] });
      });
      this.ACTION(() => cases.push(B.node('SwitchCase', { label, body, span: this.spanFrom(label.span.start) })));
    });
    this.CONSUME(T.RBrace);
    return this.ACTION(() => B.node('SwitchStatement', { subject, cases, span: this.spanFrom(first.startOffset) }));
  });

  private readonly forStatement = this.RULE(
    'forStatement',
    (annotations: A.Annotation[] = []): A.ForStatement | A.ForInStatement => {
      const first = this.CONSUME(T.For);
      const start = (): number => this.startOf(annotations, first);
      this.CONSUME(T.LParen);
      return this.OR<A.ForStatement | A.ForInStatement>({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          {
            GATE: () => L.startsForIn(this.la),
            ALT: () => {
              const innerAnnotations = this.SUBRULE(this.annotations);
              const type = this.OPTION({
                GATE: () => !this.atNameFollowedBy(T.In),
                DEF: () => this.SUBRULE(this.typeRef),
              });
              const name = this.SUBRULE(this.name);
              this.CONSUME(T.In);
              const collection = this.SUBRULE(this.expression);
              const range = this.OPTION2(() => {
                this.CONSUME(T.Range);
                const hi = this.SUBRULE2(this.expression);
                return this.ACTION(() => B.range(collection, hi));
              });
              this.CONSUME(T.RParen);
              const body = this.SUBRULE(this.statement);
              return this.ACTION(() =>
                B.node('ForInStatement', {
                  annotations: [...annotations, ...innerAnnotations],
                  type,
                  name,
                  collection: range ?? collection,
                  body,
                  span: this.spanFrom(start()),
                }),
              );
            },
          },
          {
            ALT: () => {
              const init = this.SUBRULE(this.forClauseStatements, { ARGS: [true] as [boolean] });
              this.CONSUME(T.Semicolon);
              const condition = this.OPTION3(() => this.SUBRULE3(this.expression));
              this.CONSUME2(T.Semicolon);
              const update = this.SUBRULE2(this.forClauseStatements, { ARGS: [false] as [boolean] });
              this.CONSUME2(T.RParen);
              const body = this.SUBRULE2(this.statement);
              return this.ACTION(() =>
                B.node('ForStatement', { init, condition, update, body, span: this.spanFrom(start()) }),
              );
            },
          },
        ],
      });
    },
  );

  /** The comma-separated initialisation or update statements of a three-part `for`. */
  private readonly forClauseStatements = this.RULE('forClauseStatements', (allowDeclarations = false): A.Statement[] => {
    const statements: A.Statement[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const statement = this.OR<A.Statement>({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              GATE: () => allowDeclarations && L.startsLocalDeclaration(this.la),
              ALT: () => {
                const first = this.LA(1);
                const type = this.SUBRULE(this.typeRef);
                const name = this.SUBRULE(this.name);
                const initializer = this.OPTION(() => {
                  this.CONSUME(T.Assign);
                  return this.SUBRULE(this.expression);
                });
                return this.ACTION(() =>
                  B.node('VariableDeclaration', {
                    annotations: [],
                    type,
                    name,
                    initializer,
                    span: this.spanFrom(first.startOffset),
                  }),
                );
              },
            },
            { ALT: () => this.SUBRULE(this.simpleStatement) },
          ],
        });
        this.ACTION(() => statements.push(statement));
      },
    });
    return statements;
  });

  /** An assignment (`=`, `+=`, ... `>>=`) or a call, without its `;`. */
  private readonly simpleStatement = this.RULE('simpleStatement', (): A.AssignmentStatement | A.CallStatement => {
    const target = this.SUBRULE(this.expression);
    return this.OR<A.AssignmentStatement | A.CallStatement>([
      {
        ALT: () => {
          const op = this.SUBRULE(this.assignmentOperator);
          const value = this.SUBRULE2(this.expression);
          return this.ACTION(() =>
            B.node('AssignmentStatement', { op, target, value, span: this.spanFrom(target.span.start) }),
          );
        },
      },
      {
        GATE: () => B.isCall(target),
        ALT: () => this.ACTION(() => B.node('CallStatement', { call: target as A.CallExpression, span: target.span })),
      },
    ]);
  });

  private readonly assignmentOperator = this.RULE('assignmentOperator', (): A.CompoundAssignmentOperator => {
    return this.OR<A.CompoundAssignmentOperator>([
      ...ASSIGNMENT_OPERATORS.map(([type, op]) => ({
        ALT: () => {
          this.CONSUME(type);
          return op;
        },
      })),
      {
        GATE: () => this.atShiftRightAssign(),
        ALT: () => {
          this.CONSUME(T.RAngle);
          this.CONSUME(T.GreaterEqual);
          return '>>=' as const;
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  private readonly expression = this.RULE('expression', (): A.Expression => {
    const condition = this.SUBRULE(this.binaryExpression);
    const conditional = this.OPTION(() => {
      this.CONSUME(T.Question);
      const then = this.SUBRULE(this.expression);
      this.CONSUME(T.Colon);
      const otherwise = this.SUBRULE2(this.expression);
      return this.ACTION(() => B.ternary(condition, then, otherwise));
    });
    return conditional ?? condition;
  });

  /** `e0 op e1 op e2 ...`, folded by precedence in the builder. */
  private readonly binaryExpression = this.RULE('binaryExpression', (): A.Expression => {
    const operands: A.Expression[] = [this.SUBRULE(this.unaryExpression)];
    const operators: A.BinaryOperator[] = [];
    this.MANY({
      GATE: () => this.atBinaryOperator(),
      DEF: () => {
        const op = this.SUBRULE(this.binaryOperator);
        const right = this.SUBRULE2(this.unaryExpression);
        this.ACTION(() => {
          operators.push(op);
          operands.push(right);
        });
      },
    });
    return this.ACTION(() => (operators.length === 0 ? operands[0]! : B.foldBinary(operands, operators)));
  });

  private readonly binaryOperator = this.RULE('binaryOperator', (): A.BinaryOperator => {
    return this.OR<A.BinaryOperator>([
      {
        GATE: () => this.atShiftRight(),
        ALT: () => {
          this.CONSUME(T.RAngle);
          this.CONSUME2(T.RAngle);
          return '>>' as const;
        },
      },
      { ALT: () => (this.CONSUME3(T.RAngle), '>' as const) },
      ...BINARY_OPERATORS.map(([type, op]) => ({
        ALT: () => {
          this.CONSUME(type);
          return op;
        },
      })),
    ]);
  });

  private readonly unaryExpression = this.RULE('unaryExpression', (): A.Expression => {
    return this.OR<A.Expression>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        ...(
          [
            [T.Not, '!'],
            [T.Tilde, '~'],
            [T.Minus, '-'],
            [T.Plus, '+'],
          ] as const
        ).map(([type, op], i) => ({
          ALT: () => {
            const token = this.CONSUME(type);
            const operand = this.subrule(5 + i, this.unaryExpression);
            return this.ACTION(() => B.unary(op, operand, token));
          },
        })),
        {
          GATE: () => L.startsCast(this.la),
          ALT: () => {
            const open = this.CONSUME(T.LParen);
            const type = this.SUBRULE(this.typeRef);
            this.CONSUME(T.RParen);
            const operand = this.SUBRULE2(this.unaryExpression);
            return this.ACTION(() => B.cast(type, operand, this.spanFrom(open.startOffset)));
          },
        },
        { ALT: () => this.SUBRULE(this.postfixExpression) },
      ],
    });
  });

  private readonly postfixExpression = this.RULE('postfixExpression', (): A.Expression => {
    let result = this.SUBRULE(this.primaryExpression);
    this.MANY({
      GATE: () => !is(this.LA(1), T.LAngle) || L.startsTypeArgumentsOfCall(this.la),
      DEF: () => {
        const object = result;
        result = this.OR<A.Expression>([
          {
            ALT: () => {
              this.CONSUME(T.Dot);
              const name = this.SUBRULE(this.name);
              return this.ACTION(() => B.member(object, name));
            },
          },
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              const first = this.SUBRULE(this.expression);
              const access = this.OR2<(end: number) => A.Expression>([
                {
                  ALT: () => {
                    this.CONSUME(T.Colon);
                    const lo = this.SUBRULE2(this.expression);
                    return (end: number) => B.slice(object, first, lo, end);
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(T.Plus);
                    this.CONSUME2(T.Colon);
                    const width = this.SUBRULE3(this.expression);
                    return (end: number) => B.indexedSlice(object, first, width, end);
                  },
                },
                { ALT: () => (end: number) => B.index(object, first, end) },
              ]);
              const close = this.CONSUME(T.RBracket);
              return this.ACTION(() => access(close.startOffset + 1));
            },
          },
          {
            ALT: () => {
              const args = this.SUBRULE(this.argumentList);
              return this.ACTION(() => B.call(object, [], args, this.LA(0).startOffset + 1));
            },
          },
          {
            ALT: () => {
              const typeArgs = this.SUBRULE(this.typeArguments);
              const args = this.SUBRULE2(this.argumentList);
              return this.ACTION(() => B.call(object, typeArgs, args, this.LA(0).startOffset + 1));
            },
          },
        ]);
      },
    });
    return result;
  });

  private readonly primaryExpression = this.RULE('primaryExpression', (): A.Expression => {
    return this.OR<A.Expression>([
      {
        ALT: () => {
          const token = this.CONSUME(T.IntLiteral);
          return this.ACTION(() => B.intLiteral(token));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => B.stringLiteral(token));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.True);
          return this.ACTION(() => B.boolLiteral(token, true));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.False);
          return this.ACTION(() => B.boolLiteral(token, false));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.This);
          return this.ACTION(() => B.node('ThisExpression', { span: B.tokenSpan(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.DontCare);
          return this.ACTION(() => B.node('DontCareExpression', { span: B.tokenSpan(token) }));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.InvalidHeader);
          return this.ACTION(() => B.node('InvalidHeaderExpression', { span: B.tokenSpan(token) }));
        },
      },
      { ALT: () => this.SUBRULE(this.braceExpression) },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
          return this.ACTION(() => B.parenthesized(inner, this.spanFrom(open.startOffset)));
        },
      },
      {
        ALT: () => {
          const dot = this.OPTION(() => this.CONSUME(T.Dot));
          const name = this.SUBRULE(this.name);
          return this.ACTION(() => B.pathExpression(B.pathName(name, dot)));
        },
      },
      {
        ALT: () => {
          const token = this.CONSUME(T.ErrorKw);
          this.CONSUME2(T.Dot);
          const name = this.SUBRULE2(this.name);
          return this.ACTION(() => B.typeMember(B.node('ErrorTypeRef', { span: B.tokenSpan(token) }), name));
        },
      },
    ]);
  });

  /** `{ a, b }`, `{ f = a, g = b }` (either possibly ending in `...`), `{}`. */
  private readonly braceExpression = this.RULE('braceExpression', (): A.ListExpression | A.StructExpression => {
    const open = this.CONSUME(T.LBrace);
    let hasDots = false;
    const result = this.OR<(span: Span) => A.ListExpression | A.StructExpression>([
      {
        GATE: () => this.atNameFollowedBy(T.Assign),
        ALT: () => {
          const fields: A.NamedExpression[] = [];
          const field = (): void => {
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(T.Dots);
                  hasDots = true;
                },
              },
              {
                ALT: () => {
                  const name = this.SUBRULE(this.name);
                  this.CONSUME(T.Assign);
                  const value = this.SUBRULE(this.expression);
                  this.ACTION(() => fields.push(B.namedExpression(name, value)));
                },
              },
            ]);
          };
          field();
          this.MANY({
            GATE: () => !is(this.LA(2), T.RBrace),
            DEF: () => {
              this.CONSUME(T.Comma);
              this.OR3([
                {
                  ALT: () => {
                    this.CONSUME2(T.Dots);
                    hasDots = true;
                  },
                },
                {
                  ALT: () => {
                    const name = this.SUBRULE2(this.name);
                    this.CONSUME2(T.Assign);
                    const value = this.SUBRULE2(this.expression);
                    this.ACTION(() => fields.push(B.namedExpression(name, value)));
                  },
                },
              ]);
            },
          });
          this.OPTION(() => this.CONSUME2(T.Comma));
          return (span: Span) => B.structExpression(fields, hasDots, span);
        },
      },
      {
        ALT: () => {
          const items: A.Expression[] = [];
          this.OPTION2(() => {
            this.OR4([
              {
                ALT: () => {
                  this.CONSUME3(T.Dots);
                  hasDots = true;
                },
              },
              {
                ALT: () => {
                  const item = this.SUBRULE3(this.expression);
                  this.ACTION(() => items.push(item));
                },
              },
            ]);
            this.MANY2({
              GATE: () => !is(this.LA(2), T.RBrace),
              DEF: () => {
                this.CONSUME3(T.Comma);
                this.OR5([
                  {
                    ALT: () => {
                      this.CONSUME4(T.Dots);
                      hasDots = true;
                    },
                  },
                  {
                    ALT: () => {
                      const item = this.SUBRULE4(this.expression);
                      this.ACTION(() => items.push(item));
                    },
                  },
                ]);
              },
            });
            this.OPTION3(() => this.CONSUME4(T.Comma));
          });
          return (span: Span) => B.listExpression(items, hasDots, span);
        },
      },
    ]);
    this.CONSUME(T.RBrace);
    return this.ACTION(() => result(this.spanFrom(open.startOffset)));
  });

  /** `e1, e2, ...` (possibly empty), as in `select(...)` and annotation bodies. */
  private readonly expressionList = this.RULE('expressionList', (): A.Expression[] => {
    const items: A.Expression[] = [];
    this.OPTION(() => {
      const item = this.SUBRULE(this.expression);
      this.ACTION(() => items.push(item));
      this.MANY({
        GATE: () => !is(this.LA(2), T.RParen) && !is(this.LA(2), T.RBracket),
        DEF: () => {
          this.CONSUME(T.Comma);
          const next = this.SUBRULE2(this.expression);
          this.ACTION(() => items.push(next));
        },
      });
    });
    return items;
  });

  /** `(a, name = b, _)` */
  private readonly argumentList = this.RULE('argumentList', (): A.Argument[] => {
    const args: A.Argument[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const arg = this.SUBRULE(this.argument);
        this.ACTION(() => args.push(arg));
      },
    });
    this.CONSUME(T.RParen);
    return args;
  });

  private readonly argument = this.RULE('argument', (): A.Argument => {
    const name = this.OPTION({
      GATE: () => this.atNameFollowedBy(T.Assign),
      DEF: () => {
        const argName = this.SUBRULE(this.name);
        this.CONSUME(T.Assign);
        return argName;
      },
    });
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => B.argument(name, value));
  });

  private readonly name = this.RULE('name', (): A.Ident => {
    const token = this.CONSUME(T.NameToken);
    return this.ACTION(() => B.ident(token));
  });
}

let parserInstance: P4Parser | undefined;

/** The parser, built (and its grammar analysed) on first use. */
export function p4Parser(): P4Parser {
  parserInstance ??= new P4Parser();
  return parserInstance;
}
