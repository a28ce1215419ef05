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
import {
  EmbeddedActionsParser,
  NoViableAltException,
  tokenMatcher,
  type IOrAlt,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type { DiagnosticMessage, MessageArgument } from '../../diagnostics/diagnostic.ts';
import { SyntaxDiagnostics } from '../../diagnostics/codes/syntax.ts';
import type * as A from '../../ast/nodes.ts';
import type { Span } from '../../source/span.ts';
import * as T from '../lexer/tokens.ts';
import * as B from './ast-builder.ts';
import { p4ErrorMessages } from './error-messages.ts';
import * as L from './lookahead.ts';
import { MAX_NESTING } from '../../ast/nesting.ts';

type StructLike = A.HeaderDeclaration | A.HeaderUnionDeclaration | A.StructDeclaration;

/** A syntax error found by the grammar's own checks (not by Chevrotain). */
export interface CustomSyntaxError {
  readonly message: DiagnosticMessage;
  readonly args: MessageArgument[];
  readonly span: Span | undefined;
}

/** What a declaration starting with a type may be in a given context. */
interface TypedDeclarationContext {
  readonly functions: boolean;
  readonly variables: boolean;
}

const TOP_LEVEL: TypedDeclarationContext = { functions: true, variables: true };
const LOCAL: TypedDeclarationContext = { functions: false, variables: true };
const OBJECT_INITIALIZER: TypedDeclarationContext = { functions: true, variables: false };

function is(token: IToken, type: TokenType): boolean {
  return tokenMatcher(token, type);
}

function adjacent(a: IToken, b: IToken): boolean {
  return a.startOffset + a.image.length === b.startOffset;
}

/*
 * Chevrotain alternatives and options are built through these functions rather than written as
 * object literals: tsx (esbuild with keepNames) would otherwise name every arrow function stored
 * in an object property on every rule invocation, which dominates parse time.
 */
function alt<R>(ALT: () => R, GATE?: () => boolean): IOrAlt<R> {
  return GATE === undefined ? { ALT } : { ALT, GATE };
}

/** A gated alternative (for `OR`) or gated `OPTION`/`MANY` body. */
function gated<R>(GATE: () => boolean, DEF: () => R): { GATE: () => boolean; DEF: () => R; ALT: () => R } {
  return { GATE, DEF, ALT: DEF };
}

function separated(SEP: TokenType, DEF: () => void): { SEP: TokenType; DEF: () => void } {
  return { SEP, DEF };
}

export class P4Parser extends EmbeddedActionsParser {
  /** The unit text being parsed (for raw annotation bodies). */
  private text = '';
  /** Declarations completed so far: the partial program when a syntax error stops the parse. */
  private completed: A.Declaration[] = [];
  /** Inside `bit<...>`: a `>` closes the width rather than compares (parentheses lift this). */
  private greaterThanEndsExpression = false;
  /** How many statement, expression and type rules are open (see `nested`). */
  private depth = 0;

  constructor() {
    super(T.parserTokens, {
      maxLookahead: 3,
      recoveryEnabled: false,
      errorMessageProvider: p4ErrorMessages,
    });
    this.performSelfAnalysis();
  }

  /** Errors raised by the grammar's own checks rather than by Chevrotain, with their catalogue entry. */
  private readonly customErrors = new WeakMap<IRecognitionException, CustomSyntaxError>();

  /** The catalogue entry of a syntax error raised by `raise`, if it was one. */
  customError(error: IRecognitionException): CustomSyntaxError | undefined {
    return this.customErrors.get(error);
  }

  /** Stops the parse with a specific diagnostic (at `span`, else at the next token). */
  private raise(message: DiagnosticMessage, args: MessageArgument[], span?: Span): never {
    const error = new NoViableAltException(message.template, this.LA(1), this.LA(0));
    this.customErrors.set(error, { message, args, span });
    // Chevrotain records an error only through SAVE_ERROR, which its typings do not expose.
    throw (this as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }).SAVE_ERROR(error);
  }

  /**
   * Runs the body of a rule that nests (statements, expressions, types), stopping the parse with
   * a diagnostic at the next token once `MAX_NESTING` are open: a recursive-descent parser
   * would otherwise overflow the JavaScript stack on deeply nested input.
   */
  private nested<R>(body: () => R): R {
    if (this.RECORDING_PHASE) return body();
    if (this.depth >= MAX_NESTING) this.raise(SyntaxDiagnostics.NestingTooDeep, [MAX_NESTING]);
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  /** Parses a whole unit; returns the declarations read before the first syntax error, if any. */
  parseUnit(text: string, tokens: IToken[]): A.Declaration[] {
    this.text = text;
    this.completed = [];
    this.greaterThanEndsExpression = false;
    this.depth = 0;
    this.input = tokens;
    this.program();
    const declarations = this.completed;
    this.completed = [];
    this.text = '';
    return declarations;
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

  /** After a `>`: another `>` right after it, making a right shift `>>`. */
  private atAdjacentRAngle(): boolean {
    return is(this.LA(1), T.RAngle) && adjacent(this.LA(0), this.LA(1));
  }

  /** `>` `>=` with nothing between them: the `>>=` assignment. */
  private atShiftRightAssign(): boolean {
    return is(this.LA(1), T.RAngle) && is(this.LA(2), T.GreaterEqual) && adjacent(this.LA(1), this.LA(2));
  }

  private atBinaryOperator(): boolean {
    const next = this.LA(1);
    if (is(next, T.RAngle) || is(next, T.GreaterEqual)) {
      return !this.greaterThanEndsExpression && !this.atShiftRightAssign();
    }
    if (is(next, T.Plus)) return !is(this.LA(2), T.Colon); // `[lo +: w]`
    return is(next, T.BinaryOperatorToken);
  }

  // -------------------------------------------------------------------------------------------
  // Program and declarations
  // -------------------------------------------------------------------------------------------

  private readonly program = this.RULE('program', () => {
    this.MANY(() => {
      this.OR([
        alt(() => this.CONSUME(T.Semicolon)),
        alt(() => {
          const declaration = this.SUBRULE(this.declaration);
          this.ACTION(() => this.completed.push(declaration));
        }),
      ]);
    });
  });

  private readonly declaration = this.RULE('declaration', (): A.Declaration => {
    const annotations = this.SUBRULE(this.annotations);
    const args = { ARGS: [annotations] as [A.Annotation[]] };
    return this.OR<A.Declaration>([
      alt(() => this.SUBRULE(this.constantDeclaration, args)),
      alt(() => this.SUBRULE(this.externDeclaration, args)),
      alt(() => this.SUBRULE(this.actionDeclaration, args)),
      alt(() => this.SUBRULE(this.parserDeclaration, args)),
      alt(() => this.SUBRULE(this.controlDeclaration, args)),
      alt(() => this.SUBRULE(this.packageTypeDeclaration, args)),
      alt(() => this.SUBRULE(this.structLikeDeclaration, args)),
      alt(() => this.SUBRULE(this.enumDeclaration, args)),
      alt(() => this.SUBRULE(this.typedefDeclaration, args)),
      alt(() => this.SUBRULE(this.errorDeclaration)),
      alt(() => this.SUBRULE(this.matchKindDeclaration)),
      alt(() =>
        this.SUBRULE(this.typedDeclaration, {
          ARGS: [annotations, TOP_LEVEL] as [A.Annotation[], TypedDeclarationContext],
        }),
      ),
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
        alt(() => {
          const args = this.SUBRULE(this.argumentList);
          const name = this.SUBRULE(this.name);
          const sizes = this.SUBRULE(this.arrayDimensions);
          const initializer = this.OPTION(() => {
            this.CONSUME(T.Assign);
            return this.SUBRULE(this.objectInitializer);
          });
          this.CONSUME(T.Semicolon);
          return this.ACTION(() =>
            B.node('Instantiation', {
              annotations,
              type: B.arrayType(type, sizes, this.startOf([], first)),
              args,
              name,
              initializer,
              span: this.spanFrom(this.startOf(annotations, first)),
            }),
          );
        }),
        gated(
          () => context.functions,
          () => {
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
        ),
        gated(
          () => context.variables,
          () => {
            const name = this.SUBRULE3(this.name);
            const sizes = this.SUBRULE2(this.arrayDimensions);
            const initializer = this.OPTION2(() => {
              this.CONSUME2(T.Assign);
              return this.SUBRULE(this.expression);
            });
            this.CONSUME2(T.Semicolon);
            return this.ACTION(() =>
              B.node('VariableDeclaration', {
                annotations,
                type: B.arrayType(type, sizes, first.startOffset),
                name,
                initializer,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        ),
      ]);
    },
  );

  /** `= { function and instantiation declarations }` after an instantiation. */
  private readonly objectInitializer = this.RULE(
    'objectInitializer',
    (): (A.FunctionDeclaration | A.Instantiation)[] => {
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
    },
  );

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
          gated(
            () => L.startsExternObject(this.la),
            () => {
              const name = this.SUBRULE(this.name);
              const typeParameters = this.SUBRULE(this.optTypeParameters);
              const methods: A.MethodPrototype[] = [];
              this.OR2([
                alt(() => {
                  this.CONSUME(T.LBrace);
                  this.MANY(() => {
                    const method = this.SUBRULE(this.methodPrototype);
                    this.ACTION(() => methods.push(method));
                  });
                  this.CONSUME(T.RBrace);
                }),
                alt(() => this.CONSUME(T.Semicolon)),
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
          ),
          alt(() => {
            const prototype = this.SUBRULE(this.functionPrototype, {
              ARGS: [annotations, false] as [A.Annotation[], boolean],
            });
            this.CONSUME2(T.Semicolon);
            return this.ACTION(() =>
              B.node('ExternFunctionDeclaration', {
                annotations,
                prototype,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          }),
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
      alt(() => {
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
      }),
      alt(() => {
        this.CONSUME(T.Abstract);
        return this.SUBRULE(this.functionPrototype, { ARGS: [annotations, true] as [A.Annotation[], boolean] });
      }),
      alt(() => this.SUBRULE2(this.functionPrototype, { ARGS: [annotations, false] as [A.Annotation[], boolean] })),
    ]);
    this.CONSUME(T.Semicolon);
    return prototype;
  });

  private readonly actionDeclaration = this.RULE(
    'actionDeclaration',
    (annotations: A.Annotation[] = []): A.ActionDeclaration => {
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
    },
  );

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
        alt(() => {
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
        }),
        alt(() => {
          const constructorParameters = this.OPTION(() => this.SUBRULE2(this.parameterList)) ?? [];
          const locals: A.ParserLocalElement[] = [];
          const states: A.ParserState[] = [];
          this.CONSUME(T.LBrace);
          this.MANY(() => {
            const elementAnnotations = this.SUBRULE(this.annotations);
            const args = { ARGS: [elementAnnotations] as [A.Annotation[]] };
            this.OR2([
              alt(() => {
                const state = this.SUBRULE(this.parserState, args);
                this.ACTION(() => states.push(state));
              }),
              alt(() => {
                const constant = this.SUBRULE(this.constantDeclaration, args);
                this.ACTION(() => locals.push(constant));
              }),
              alt(() => {
                const valueSet = this.SUBRULE(this.valueSetDeclaration, args);
                this.ACTION(() => locals.push(valueSet));
              }),
              alt(() => {
                const local = this.SUBRULE(this.typedDeclaration, {
                  ARGS: [elementAnnotations, LOCAL] as [A.Annotation[], TypedDeclarationContext],
                });
                this.ACTION(() => locals.push(local as A.VariableDeclaration | A.Instantiation));
              }),
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
        }),
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
      alt(() => {
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
      }),
      alt(() => {
        const target = this.SUBRULE(this.name);
        this.CONSUME(T.Semicolon);
        return this.ACTION(() => B.node('DirectTransition', { target, span: this.spanFrom(first.startOffset) }));
      }),
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
        gated(
          () => L.startsTupleKeyset(this.la),
          () => {
            const open = this.CONSUME(T.LParen);
            const elements: A.Expression[] = [];
            this.AT_LEAST_ONE_SEP(
              separated(T.Comma, () => {
                const element = this.SUBRULE(this.simpleKeyset);
                this.ACTION(() => elements.push(element));
              }),
            );
            this.CONSUME(T.RParen);
            return this.ACTION(() => B.node('TupleKeyset', { elements, span: this.spanFrom(open.startOffset) }));
          },
        ),
        alt(() => {
          const expression = this.SUBRULE2(this.simpleKeyset);
          return this.ACTION(() => B.node('SimpleKeyset', { expression, span: expression.span }));
        }),
      ],
    });
  });

  /** `default`, `_`, `e`, `e &&& m`, `lo .. hi`. */
  private readonly simpleKeyset = this.RULE('simpleKeyset', (): A.Expression => {
    return this.OR<A.Expression>([
      alt(() => {
        const token = this.CONSUME(T.Default);
        return this.ACTION(() => B.node('DefaultExpression', { span: B.tokenSpan(token) }));
      }),
      alt(() => {
        const value = this.SUBRULE(this.expression);
        const combined = this.OPTION(() =>
          this.OR2<A.Expression>([
            alt(() => {
              this.CONSUME(T.Mask);
              const maskValue = this.SUBRULE2(this.expression);
              return this.ACTION(() => B.mask(value, maskValue));
            }),
            alt(() => {
              this.CONSUME(T.Range);
              const hi = this.SUBRULE3(this.expression);
              return this.ACTION(() => B.range(value, hi));
            }),
          ]),
        );
        return combined ?? value;
      }),
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
        alt(() => {
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
        }),
        alt(() => {
          const constructorParameters = this.OPTION(() => this.SUBRULE2(this.parameterList)) ?? [];
          const locals: A.ControlLocalDeclaration[] = [];
          this.CONSUME(T.LBrace);
          this.MANY(() => {
            const local = this.SUBRULE(this.controlLocalDeclaration);
            this.ACTION(() => locals.push(local));
          });
          this.CONSUME(T.Apply);
          const applyAnnotations = this.SUBRULE(this.annotations);
          const apply = this.SUBRULE(this.blockStatement, { ARGS: [applyAnnotations] as [A.Annotation[]] });
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
        }),
      ]);
    },
  );

  private readonly controlLocalDeclaration = this.RULE('controlLocalDeclaration', (): A.ControlLocalDeclaration => {
    const annotations = this.SUBRULE(this.annotations);
    const args = { ARGS: [annotations] as [A.Annotation[]] };
    return this.OR<A.ControlLocalDeclaration>([
      alt(() => this.SUBRULE(this.constantDeclaration, args)),
      alt(() => this.SUBRULE(this.actionDeclaration, args)),
      alt(() => this.SUBRULE(this.tableDeclaration, args)),
      alt(
        () =>
          this.SUBRULE(this.typedDeclaration, {
            ARGS: [annotations, LOCAL] as [A.Annotation[], TypedDeclarationContext],
          }) as A.VariableDeclaration | A.Instantiation,
      ),
    ]);
  });

  private readonly tableDeclaration = this.RULE(
    'tableDeclaration',
    (annotations: A.Annotation[] = []): A.TableDeclaration => {
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
    },
  );

  private readonly tableProperty = this.RULE('tableProperty', (): A.TableProperty => {
    const annotations = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const isConst = this.OPTION(() => this.CONSUME(T.Const)) !== undefined;
    return this.OR<A.TableProperty>({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        gated(
          () => is(this.LA(2), T.Assign) && is(this.LA(3), T.LBrace),
          () => {
            this.CONSUME(T.Key);
            this.CONSUME(T.Assign);
            this.CONSUME(T.LBrace);
            const elements: A.KeyElement[] = [];
            this.MANY(() => {
              const element = this.SUBRULE(this.keyElement);
              this.ACTION(() => elements.push(element));
            });
            this.CONSUME(T.RBrace);
            return this.ACTION(() =>
              B.node('KeyProperty', { annotations, elements, span: this.spanFrom(this.startOf(annotations, first)) }),
            );
          },
        ),
        gated(
          () => is(this.LA(2), T.Assign) && is(this.LA(3), T.LBrace),
          () => {
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
            return this.ACTION(() =>
              B.node('ActionsProperty', {
                annotations,
                actions,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        ),
        gated(
          () => is(this.LA(2), T.Assign) && is(this.LA(3), T.LBrace),
          () => {
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
              B.node('EntriesProperty', {
                annotations,
                isConst,
                entries,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          },
        ),
        alt(() => {
          const name = this.SUBRULE(this.name);
          this.CONSUME4(T.Assign);
          const value = this.SUBRULE(this.expression);
          this.CONSUME2(T.Semicolon);
          return this.ACTION(() =>
            B.node('ValueProperty', {
              annotations,
              isConst,
              name,
              value,
              span: this.spanFrom(this.startOf(annotations, first)),
            }),
          );
        }),
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
  private readonly actionReference = this.RULE(
    'actionReference',
    (annotations: A.Annotation[] = []): A.ActionReference => {
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
    },
  );

  /** `[@annotations] [const] [priority = p :] keyset : action(args) [@annotations];` */
  private readonly tableEntry = this.RULE('tableEntry', (): A.TableEntry => {
    const leading = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const isConst = this.OPTION(() => this.CONSUME(T.Const)) !== undefined;
    const priority = this.OPTION2(
      gated(
        () => is(this.LA(1), T.Priority) && is(this.LA(2), T.Assign),
        () => {
          this.CONSUME(T.Priority);
          this.CONSUME(T.Assign);
          const value = this.SUBRULE(this.expression);
          this.CONSUME(T.Colon);
          return value;
        },
      ),
    );
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
        alt(() => (this.CONSUME(T.Header), 'HeaderDeclaration')),
        alt(() => (this.CONSUME(T.HeaderUnion), 'HeaderUnionDeclaration')),
        alt(() => (this.CONSUME(T.Struct), 'StructDeclaration')),
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
        const sizes = this.SUBRULE(this.arrayDimensions);
        this.CONSUME(T.Semicolon);
        this.ACTION(() =>
          fields.push(
            B.node('StructField', {
              annotations: fieldAnnotations,
              type: B.arrayType(type, sizes, fieldFirst.startOffset),
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

  private readonly enumDeclaration = this.RULE(
    'enumDeclaration',
    (annotations: A.Annotation[] = []): A.EnumDeclaration => {
      const first = this.CONSUME(T.Enum);
      const underlyingType = this.OPTION(
        gated(
          () => !is(this.LA(2), T.LBrace),
          () => this.SUBRULE(this.typeRef),
        ),
      );
      const name = this.SUBRULE(this.name);
      const members: A.EnumMember[] = [];
      this.CONSUME(T.LBrace);
      this.OPTION2(() => {
        const member = this.SUBRULE(this.enumMember);
        this.ACTION(() => members.push(member));
        this.MANY(
          gated(
            () => !is(this.LA(2), T.RBrace),
            () => {
              this.CONSUME(T.Comma);
              const next = this.SUBRULE2(this.enumMember);
              this.ACTION(() => members.push(next));
            },
          ),
        );
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
    },
  );

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
      const isNewType = this.OR([alt(() => (this.CONSUME(T.Typedef), false)), alt(() => (this.CONSUME(T.Type), true))]);
      const type = this.OR2<A.TypedefDeclaration['type']>([
        alt(() => this.SUBRULE(this.structLikeDeclaration)),
        alt(() => this.SUBRULE(this.enumDeclaration)),
        alt(() => this.SUBRULE(this.typeRef)),
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
      this.MANY(
        gated(
          () => !is(this.LA(2), T.RBrace),
          () => {
            this.CONSUME(T.Comma);
            const next = this.SUBRULE2(this.name);
            this.ACTION(() => names.push(next));
          },
        ),
      );
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBrace);
    return names;
  });

  private readonly typeRef = this.RULE('typeRef', (): A.TypeRef =>
    this.nested(() => {
      const first = this.LA(1);
      let type = this.OR<A.TypeRef>([
        alt(() => {
          this.CONSUME(T.Bit);
          const width = this.OPTION(() => this.SUBRULE(this.widthArgument));
          return this.ACTION(() => B.node('BitTypeRef', { width, span: this.spanFrom(first.startOffset) }));
        }),
        alt(() => {
          this.CONSUME(T.Int);
          const width = this.OPTION2(() => this.SUBRULE2(this.widthArgument));
          return this.ACTION(() => B.node('IntTypeRef', { width, span: this.spanFrom(first.startOffset) }));
        }),
        alt(() => {
          this.CONSUME(T.Varbit);
          const maxWidth = this.SUBRULE3(this.widthArgument);
          return this.ACTION(() => B.node('VarbitTypeRef', { maxWidth, span: this.spanFrom(first.startOffset) }));
        }),
        alt(
          () => (
            this.CONSUME(T.Bool),
            this.ACTION(() => B.node('BoolTypeRef', { span: this.spanFrom(first.startOffset) }))
          ),
        ),
        alt(
          () => (
            this.CONSUME(T.StringKw),
            this.ACTION(() => B.node('StringTypeRef', { span: this.spanFrom(first.startOffset) }))
          ),
        ),
        alt(
          () => (
            this.CONSUME(T.ErrorKw),
            this.ACTION(() => B.node('ErrorTypeRef', { span: this.spanFrom(first.startOffset) }))
          ),
        ),
        alt(
          () => (
            this.CONSUME(T.MatchKind),
            this.ACTION(() => B.node('MatchKindTypeRef', { span: this.spanFrom(first.startOffset) }))
          ),
        ),
        alt(
          () => (
            this.CONSUME(T.Void),
            this.ACTION(() => B.node('VoidTypeRef', { span: this.spanFrom(first.startOffset) }))
          ),
        ),
        alt(() => {
          this.CONSUME(T.Tuple);
          const elements = this.SUBRULE(this.typeArguments);
          return this.ACTION(() => B.node('TupleTypeRef', { elements, span: this.spanFrom(first.startOffset) }));
        }),
        alt(() => {
          this.CONSUME(T.List);
          this.CONSUME(T.LAngle);
          const element = this.SUBRULE(this.typeArgument);
          this.CONSUME(T.RAngle);
          return this.ACTION(() => B.node('ListTypeRef', { element, span: this.spanFrom(first.startOffset) }));
        }),
        alt(() => {
          const dot = this.OPTION3(() => this.CONSUME(T.Dot));
          const nameToken = this.CONSUME(T.Identifier);
          const args = this.OPTION4(() => this.SUBRULE2(this.typeArguments));
          return this.ACTION((): A.TypeRef => {
            const base = B.pathName(B.ident(nameToken), dot);
            return args === undefined
              ? B.node('NamedTypeRef', { name: base, span: this.spanFrom(first.startOffset) })
              : B.node('SpecializedTypeRef', { base, args, span: this.spanFrom(first.startOffset) });
          });
        }),
      ]);
      this.MANY(() => {
        this.CONSUME(T.LBracket);
        const size = this.SUBRULE(this.expression);
        this.CONSUME(T.RBracket);
        const element = type;
        type = this.ACTION(() => B.node('HeaderStackTypeRef', { element, size, span: this.spanFrom(first.startOffset) }));
      });
      return type;
    }),
  );

  /** `[N]...` after a declared name (`bit<8> arr[16];`): the declared type is an array. */
  private readonly arrayDimensions = this.RULE('arrayDimensions', (): A.Expression[] => {
    const sizes: A.Expression[] = [];
    this.MANY(() => {
      this.CONSUME(T.LBracket);
      const size = this.SUBRULE(this.expression);
      this.CONSUME(T.RBracket);
      this.ACTION(() => sizes.push(size));
    });
    return sizes;
  });

  /** `<8>`, `<(W + 1)>` or `<W>` after `bit`, `int`, `varbit`. */
  private readonly widthArgument = this.RULE('widthArgument', (): A.Expression => {
    this.CONSUME(T.LAngle);
    const outer = this.greaterThanEndsExpression;
    this.greaterThanEndsExpression = true;
    const width = this.SUBRULE(this.expression);
    this.greaterThanEndsExpression = outer;
    this.CONSUME(T.RAngle);
    return width;
  });

  /** `<T1, T2, ...>` */
  private readonly typeArguments = this.RULE('typeArguments', (): A.TypeRef[] => {
    const args: A.TypeRef[] = [];
    this.CONSUME(T.LAngle);
    this.MANY_SEP(
      separated(T.Comma, () => {
        const arg = this.SUBRULE(this.typeArgument);
        this.ACTION(() => args.push(arg));
      }),
    );
    this.CONSUME(T.RAngle);
    return args;
  });

  private readonly typeArgument = this.RULE('typeArgument', (): A.TypeRef => {
    return this.OR<A.TypeRef>([
      alt(() => {
        const token = this.CONSUME(T.DontCare);
        return this.ACTION(() => B.node('DontCareTypeRef', { span: B.tokenSpan(token) }));
      }),
      alt(() => this.SUBRULE(this.typeRef)),
    ]);
  });

  /** `<T, U>` after a declared name, or nothing. */
  private readonly optTypeParameters = this.RULE('optTypeParameters', (): A.Ident[] => {
    const names: A.Ident[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LAngle);
      this.AT_LEAST_ONE_SEP(
        separated(T.Comma, () => {
          const name = this.SUBRULE(this.name);
          this.ACTION(() => names.push(name));
        }),
      );
      this.CONSUME(T.RAngle);
    });
    return names;
  });

  private readonly parameterList = this.RULE('parameterList', (): A.Parameter[] => {
    const parameters: A.Parameter[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP(
      separated(T.Comma, () => {
        const parameter = this.SUBRULE(this.parameter);
        this.ACTION(() => parameters.push(parameter));
      }),
    );
    this.CONSUME(T.RParen);
    return parameters;
  });

  private readonly parameter = this.RULE('parameter', (): A.Parameter => {
    const annotations = this.SUBRULE(this.annotations);
    const first = this.LA(1);
    const direction =
      this.OPTION(() =>
        this.OR<A.Direction>([
          alt(() => (this.CONSUME(T.In), 'in')),
          alt(() => (this.CONSUME(T.Out), 'out')),
          alt(() => (this.CONSUME(T.InOut), 'inout')),
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

  /**
   * `@name`, `@name(expressions or raw tokens)`, `@name[expressions or key=value pairs]`, or a
   * `@pragma name body` line.
   */
  private readonly annotation = this.RULE('annotation', (): A.Annotation => {
    return this.OR<A.Annotation>([
      alt(() => this.SUBRULE(this.atAnnotation)),
      alt(() => {
        const token = this.CONSUME(T.PragmaLine);
        return this.ACTION(() => B.pragmaAnnotation(token));
      }),
    ]);
  });

  private readonly atAnnotation = this.RULE('atAnnotation', (): A.Annotation => {
    const at = this.CONSUME(T.At);
    const nameToken = this.CONSUME(T.WordToken);
    let bracketed = false;
    const body = this.OPTION(() =>
      this.OR<A.AnnotationBody>({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          gated(this.BACKTRACK(this.parenthesizedExpressions), () => {
            const items = this.SUBRULE(this.parenthesizedExpressions);
            return { kind: 'Expressions', items };
          }),
          alt(() => {
            const open = this.CONSUME(T.LParen);
            this.SUBRULE(this.rawAnnotationTokens);
            const close = this.CONSUME(T.RParen);
            return this.ACTION(() =>
              B.unparsedAnnotationBody(this.text.slice(open.startOffset + 1, close.startOffset)),
            );
          }),
          alt(() => {
            this.CONSUME(T.LBracket);
            this.ACTION(() => {
              bracketed = true;
            });
            const structured = this.OR2<A.AnnotationBody>([
              gated(
                () => this.atNameFollowedBy(T.Assign),
                () => {
                  const items = this.SUBRULE(this.keyValueList);
                  return { kind: 'KeyValues', items };
                },
              ),
              alt(() => {
                const items = this.SUBRULE(this.expressionList);
                this.OPTION2(() => this.CONSUME(T.Comma));
                return { kind: 'Expressions', items };
              }),
            ]);
            this.CONSUME(T.RBracket);
            return structured;
          }),
        ],
      }),
    );
    return this.ACTION(() => ({
      kind: 'Annotation' as const,
      name: B.ident(nameToken),
      body: body ?? { kind: 'Empty' as const },
      ...(bracketed ? { structured: true } : {}),
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
        alt(() => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.rawAnnotationTokens);
          this.CONSUME(T.RParen);
        }),
        alt(() => this.CONSUME(T.AnnotationBodyToken)),
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
    this.MANY(
      gated(
        () => is(this.LA(2), T.NameToken) && is(this.LA(3), T.Assign),
        () => {
          this.CONSUME(T.Comma);
          const key = this.SUBRULE2(this.name);
          this.CONSUME2(T.Assign);
          const value = this.SUBRULE2(this.expression);
          this.ACTION(() => items.push({ key, value }));
        },
      ),
    );
    this.OPTION(() => this.CONSUME2(T.Comma));
    return items;
  });

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private readonly statement = this.RULE('statement', (): A.Statement =>
    this.nested(() => {
      const annotations = this.SUBRULE(this.annotations);
      const args = { ARGS: [annotations] as [A.Annotation[]] };
      return this.OR<A.Statement>({
        IGNORE_AMBIGUITIES: true,
        MAX_LOOKAHEAD: 1,
        DEF: [
          alt(() => this.SUBRULE(this.blockStatement, args)),
          alt(() => this.SUBRULE(this.ifStatement)),
          alt(() => this.SUBRULE(this.switchStatement)),
          alt(() => this.SUBRULE(this.forStatement, args)),
          alt(() => {
            const token = this.CONSUME(T.Exit);
            this.CONSUME(T.Semicolon);
            return this.ACTION(() => B.node('ExitStatement', { span: this.spanFrom(token.startOffset) }));
          }),
          alt(() => {
            const token = this.CONSUME(T.Return);
            const value = this.OPTION(() => this.SUBRULE(this.expression));
            this.CONSUME2(T.Semicolon);
            return this.ACTION(() => B.node('ReturnStatement', { value, span: this.spanFrom(token.startOffset) }));
          }),
          alt(() => {
            const token = this.CONSUME(T.Break);
            this.CONSUME3(T.Semicolon);
            return this.ACTION(() => B.node('BreakStatement', { span: this.spanFrom(token.startOffset) }));
          }),
          alt(() => {
            const token = this.CONSUME(T.Continue);
            this.CONSUME4(T.Semicolon);
            return this.ACTION(() => B.node('ContinueStatement', { span: this.spanFrom(token.startOffset) }));
          }),
          alt(() => {
            const token = this.CONSUME5(T.Semicolon);
            return this.ACTION(() => B.node('EmptyStatement', { span: B.tokenSpan(token) }));
          }),
          alt(() => this.SUBRULE(this.constantDeclaration, args)),
          gated(
            () => L.startsLocalDeclaration(this.la),
            () =>
              this.SUBRULE(this.typedDeclaration, {
                ARGS: [annotations, LOCAL] as [A.Annotation[], TypedDeclarationContext],
              }) as A.VariableDeclaration | A.Instantiation,
          ),
          alt(() => {
            const statement = this.SUBRULE(this.simpleStatement);
            this.CONSUME6(T.Semicolon);
            return this.ACTION(() => ({ ...statement, span: this.spanFrom(statement.span.start) }));
          }),
        ],
      });
    }),
  );

  private readonly blockStatement = this.RULE(
    'blockStatement',
    (annotations: A.Annotation[] = []): A.BlockStatement => {
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
    },
  );

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
        alt(() => {
          const token = this.CONSUME(T.Default);
          return this.ACTION(() => B.node('DefaultExpression', { span: B.tokenSpan(token) }));
        }),
        alt(() => this.SUBRULE2(this.expression)),
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
      this.CONSUME(T.LParen);
      return this.OR<A.ForStatement | A.ForInStatement>({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          gated(
            () => L.startsForIn(this.la),
            () => {
              const innerAnnotations = this.SUBRULE(this.annotations);
              const type = this.OPTION(
                gated(
                  () => !this.atNameFollowedBy(T.In),
                  () => this.SUBRULE(this.typeRef),
                ),
              );
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
                  span: this.spanFrom(this.startOf(annotations, first)),
                }),
              );
            },
          ),
          alt(() => {
            const init = this.SUBRULE(this.forClauseStatements, { ARGS: [true] as [boolean] });
            this.CONSUME(T.Semicolon);
            const condition = this.OPTION3(() => this.SUBRULE3(this.expression));
            this.CONSUME2(T.Semicolon);
            const update = this.SUBRULE2(this.forClauseStatements, { ARGS: [false] as [boolean] });
            this.CONSUME2(T.RParen);
            const body = this.SUBRULE2(this.statement);
            return this.ACTION(() =>
              B.node('ForStatement', {
                init,
                condition,
                update,
                body,
                span: this.spanFrom(this.startOf(annotations, first)),
              }),
            );
          }),
        ],
      });
    },
  );

  /** The comma-separated initialisation or update statements of a three-part `for`. */
  private readonly forClauseStatements = this.RULE(
    'forClauseStatements',
    (allowDeclarations = false): A.Statement[] => {
      const statements: A.Statement[] = [];
      this.MANY_SEP(
        separated(T.Comma, () => {
          const statement = this.OR<A.Statement>({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              gated(
                () => allowDeclarations && L.startsLocalDeclaration(this.la),
                () => {
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
              ),
              alt(() => this.SUBRULE(this.simpleStatement)),
            ],
          });
          this.ACTION(() => statements.push(statement));
        }),
      );
      return statements;
    },
  );

  /** An assignment (`=`, `+=`, ... `>>=`) or a call, without its `;`. */
  private readonly simpleStatement = this.RULE('simpleStatement', (): A.AssignmentStatement | A.CallStatement => {
    const target = this.SUBRULE(this.expression);
    return this.OR<A.AssignmentStatement | A.CallStatement>([
      alt(() => {
        const op = this.SUBRULE(this.assignmentOperator);
        const value = this.SUBRULE2(this.expression);
        return this.ACTION(() =>
          B.node('AssignmentStatement', { op, target, value, span: this.spanFrom(target.span.start) }),
        );
      }),
      alt(() =>
        this.ACTION(() => {
          if (!B.isCall(target)) this.raise(SyntaxDiagnostics.NotAStatement, [], target.span);
          return B.node('CallStatement', { call: target as A.CallExpression, span: target.span });
        }),
      ),
    ]);
  });

  private readonly assignmentOperator = this.RULE('assignmentOperator', (): A.CompoundAssignmentOperator => {
    return this.OR<A.CompoundAssignmentOperator>([
      alt(() => {
        const token = this.CONSUME(T.AssignmentOperatorToken);
        return token.image as A.CompoundAssignmentOperator;
      }),
      alt(() => {
        // `>>=` is lexed as `>` `>=` (so that `>` can close type arguments).
        this.CONSUME(T.RAngle);
        this.CONSUME(T.GreaterEqual);
        return '>>=' as const;
      }),
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------

  private readonly expression = this.RULE('expression', (): A.Expression =>
    this.nested(() => {
      const condition = this.SUBRULE(this.binaryExpression);
      const conditional = this.OPTION(() => {
        this.CONSUME(T.Question);
        const then = this.SUBRULE(this.expression);
        this.CONSUME(T.Colon);
        const otherwise = this.SUBRULE2(this.expression);
        return this.ACTION(() => B.ternary(condition, then, otherwise));
      });
      return conditional ?? condition;
    }),
  );

  /** `e0 op e1 op e2 ...`, folded by precedence in the builder. */
  private readonly binaryExpression = this.RULE('binaryExpression', (): A.Expression => {
    const operands: A.Expression[] = [this.SUBRULE(this.unaryExpression)];
    const operators: A.BinaryOperator[] = [];
    this.MANY(
      gated(
        () => this.atBinaryOperator(),
        () => {
          const op = this.SUBRULE(this.binaryOperator);
          const right = this.SUBRULE2(this.unaryExpression);
          this.ACTION(() => {
            operators.push(op);
            operands.push(right);
          });
        },
      ),
    );
    return this.ACTION(() => (operators.length === 0 ? operands[0]! : B.foldBinary(operands, operators)));
  });

  private readonly binaryOperator = this.RULE('binaryOperator', (): A.BinaryOperator => {
    return this.OR<A.BinaryOperator>([
      alt(() => {
        this.CONSUME(T.RAngle);
        const shift = this.OPTION(
          gated(
            () => this.atAdjacentRAngle(),
            () => this.CONSUME2(T.RAngle),
          ),
        );
        return shift === undefined ? '>' : '>>';
      }),
      alt(() => {
        const token = this.CONSUME(T.BinaryOperatorToken);
        return token.image as A.BinaryOperator;
      }),
    ]);
  });

  private readonly unaryExpression = this.RULE('unaryExpression', (): A.Expression =>
    this.nested(() => {
      return this.OR<A.Expression>([
        alt(() => {
          const token = this.CONSUME(T.PrefixOperatorToken);
          const operand = this.SUBRULE(this.unaryExpression);
          return this.ACTION(() => B.unary(token.image as A.UnaryOperator, operand, token));
        }),
        alt(() => this.SUBRULE(this.postfixExpression)),
      ]);
    }),
  );

  private readonly postfixExpression = this.RULE('postfixExpression', (): A.Expression => {
    let result = this.SUBRULE(this.primaryExpression);
    this.MANY(
      gated(
        () => !is(this.LA(1), T.LAngle) || L.startsTypeArgumentsOfCall(this.la),
        () => {
          const object = result;
          result = this.OR<A.Expression>([
            alt(() => {
              this.CONSUME(T.Dot);
              const name = this.SUBRULE(this.name);
              return this.ACTION(() => B.member(object, name));
            }),
            alt(() => {
              this.CONSUME(T.LBracket);
              const outer = this.greaterThanEndsExpression;
              this.greaterThanEndsExpression = false;
              const first = this.SUBRULE(this.expression);
              const access = this.OR2<(end: number) => A.Expression>([
                alt(() => {
                  this.CONSUME(T.Colon);
                  const lo = this.SUBRULE2(this.expression);
                  return (end: number) => B.slice(object, first, lo, end);
                }),
                alt(() => {
                  this.CONSUME(T.Plus);
                  this.CONSUME2(T.Colon);
                  const width = this.SUBRULE3(this.expression);
                  return (end: number) => B.indexedSlice(object, first, width, end);
                }),
                alt(() => (end: number) => B.index(object, first, end)),
              ]);
              const close = this.CONSUME(T.RBracket);
              this.greaterThanEndsExpression = outer;
              return this.ACTION(() => access(close.startOffset + 1));
            }),
            alt(() => {
              const args = this.SUBRULE(this.argumentList);
              return this.ACTION(() => B.call(object, [], args, this.LA(0).startOffset + 1));
            }),
            alt(() => {
              const typeArgs = this.SUBRULE(this.typeArguments);
              return this.OR3<A.Expression>([
                alt(() => {
                  const args = this.SUBRULE2(this.argumentList);
                  return this.ACTION(() => B.call(object, typeArgs, args, this.LA(0).startOffset + 1));
                }),
                alt(() => {
                  this.CONSUME2(T.Dot);
                  const name = this.SUBRULE2(this.name);
                  return this.ACTION(() => B.specializedTypeMember(object, typeArgs, name));
                }),
              ]);
            }),
          ]);
        },
      ),
    );
    return result;
  });

  private readonly primaryExpression = this.RULE('primaryExpression', (): A.Expression => {
    return this.OR<A.Expression>([
      alt(() => {
        const token = this.CONSUME(T.IntLiteral);
        return this.ACTION(() => B.intLiteral(token));
      }),
      alt(() => {
        const token = this.CONSUME(T.StringLiteral);
        return this.ACTION(() => B.stringLiteral(token));
      }),
      alt(() => {
        const token = this.CONSUME(T.True);
        return this.ACTION(() => B.boolLiteral(token, true));
      }),
      alt(() => {
        const token = this.CONSUME(T.False);
        return this.ACTION(() => B.boolLiteral(token, false));
      }),
      alt(() => {
        const token = this.CONSUME(T.This);
        return this.ACTION(() => B.node('ThisExpression', { span: B.tokenSpan(token) }));
      }),
      alt(() => {
        const token = this.CONSUME(T.DontCare);
        return this.ACTION(() => B.node('DontCareExpression', { span: B.tokenSpan(token) }));
      }),
      alt(() => {
        const token = this.CONSUME(T.Dots);
        return this.ACTION(() => B.dotsExpression(token));
      }),
      alt(() => {
        const token = this.CONSUME(T.InvalidHeader);
        return this.ACTION(() => B.node('InvalidHeaderExpression', { span: B.tokenSpan(token) }));
      }),
      alt(() => this.SUBRULE(this.braceExpression)),
      alt(() => this.SUBRULE(this.castOrParenthesized)),
      alt(() => {
        const dot = this.OPTION(() => this.CONSUME(T.Dot));
        const name = this.SUBRULE(this.name);
        return this.ACTION(() => B.pathExpression(B.pathName(name, dot)));
      }),
      alt(() => {
        const token = this.CONSUME(T.ErrorKw);
        this.CONSUME2(T.Dot);
        const name = this.SUBRULE2(this.name);
        return this.ACTION(() => B.typeMember(B.node('ErrorTypeRef', { span: B.tokenSpan(token) }), name));
      }),
    ]);
  });

  /**
   * `(T) e` or `(e)`. A cast's operand is a whole unary expression (postfix operators included),
   * so parsing it here, where a primary expression starts, gives the same tree.
   */
  private readonly castOrParenthesized = this.RULE('castOrParenthesized', (): A.Expression => {
    const isCast = this.ACTION(() => L.startsCast(this.la));
    const open = this.CONSUME(T.LParen);
    return this.OR<A.Expression>({
      IGNORE_AMBIGUITIES: true,
      MAX_LOOKAHEAD: 1,
      DEF: [
        gated(
          () => isCast,
          () => {
            const type = this.SUBRULE(this.typeRef);
            this.CONSUME(T.RParen);
            const operand = this.SUBRULE(this.unaryExpression);
            return this.ACTION(() => B.cast(type, operand, this.spanFrom(open.startOffset)));
          },
        ),
        alt(() => {
          const outer = this.greaterThanEndsExpression;
          this.greaterThanEndsExpression = false;
          const inner = this.SUBRULE(this.expression);
          this.greaterThanEndsExpression = outer;
          this.CONSUME2(T.RParen);
          return this.ACTION(() => B.parenthesized(inner, this.spanFrom(open.startOffset)));
        }),
      ],
    });
  });

  /** `{ a, b }`, `{ f = a, g = b }` (either possibly ending in `...`), `{}`. */
  private readonly braceExpression = this.RULE('braceExpression', (): A.ListExpression | A.StructExpression => {
    const open = this.CONSUME(T.LBrace);
    let hasDots = false;
    const result = this.OR<(span: Span) => A.ListExpression | A.StructExpression>([
      gated(
        () => this.atNameFollowedBy(T.Assign),
        () => {
          const fields: A.NamedExpression[] = [];
          const field = (): void => {
            this.OR2([
              alt(() => {
                this.CONSUME(T.Dots);
                hasDots = true;
              }),
              alt(() => {
                const name = this.SUBRULE(this.name);
                this.CONSUME(T.Assign);
                const value = this.SUBRULE(this.expression);
                this.ACTION(() => fields.push(B.namedExpression(name, value)));
              }),
            ]);
          };
          field();
          this.MANY(
            gated(
              () => !is(this.LA(2), T.RBrace),
              () => {
                this.CONSUME(T.Comma);
                this.OR3([
                  alt(() => {
                    this.CONSUME2(T.Dots);
                    hasDots = true;
                  }),
                  alt(() => {
                    const name = this.SUBRULE2(this.name);
                    this.CONSUME2(T.Assign);
                    const value = this.SUBRULE2(this.expression);
                    this.ACTION(() => fields.push(B.namedExpression(name, value)));
                  }),
                ]);
              },
            ),
          );
          this.OPTION(() => this.CONSUME2(T.Comma));
          return (span: Span) => B.structExpression(fields, hasDots, span);
        },
      ),
      alt(() => {
        const items: A.Expression[] = [];
        const item = (expression: A.Expression): void => {
          if (B.isDotsExpression(expression)) hasDots = true;
          else items.push(expression);
        };
        this.OPTION2(() => {
          const firstItem = this.SUBRULE3(this.expression);
          this.ACTION(() => item(firstItem));
          this.MANY2(
            gated(
              () => !is(this.LA(2), T.RBrace),
              () => {
                this.CONSUME3(T.Comma);
                const next = this.SUBRULE4(this.expression);
                this.ACTION(() => item(next));
              },
            ),
          );
          this.OPTION3(() => this.CONSUME4(T.Comma));
        });
        return (span: Span) => B.listExpression(items, hasDots, span);
      }),
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
      this.MANY(
        gated(
          () => !is(this.LA(2), T.RParen) && !is(this.LA(2), T.RBracket),
          () => {
            this.CONSUME(T.Comma);
            const next = this.SUBRULE2(this.expression);
            this.ACTION(() => items.push(next));
          },
        ),
      );
    });
    return items;
  });

  /** `(a, name = b, _)` */
  private readonly argumentList = this.RULE('argumentList', (): A.Argument[] => {
    const args: A.Argument[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP(
      separated(T.Comma, () => {
        const arg = this.SUBRULE(this.argument);
        this.ACTION(() => args.push(arg));
      }),
    );
    this.CONSUME(T.RParen);
    return args;
  });

  private readonly argument = this.RULE('argument', (): A.Argument => {
    const name = this.OPTION(
      gated(
        () => this.atNameFollowedBy(T.Assign),
        () => {
          const argName = this.SUBRULE(this.name);
          this.CONSUME(T.Assign);
          return argName;
        },
      ),
    );
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
