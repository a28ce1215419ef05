/**
 * The driver: walks a file's logical lines, obeys directives, expands macros in the text that
 * is kept, splices included files in place, and records where every output character came from.
 */
import { normalize } from 'node:path';
import { PreprocessDiagnostics } from '../../diagnostics/codes/preprocess.ts';
import type { DiagnosticBag } from '../../diagnostics/diagnostic.ts';
import { SourceFile } from '../../source/source-file.ts';
import { SourceReadError } from '../../source/read-source.ts';
import type { Location, SourceMap } from '../../source/source-map.ts';
import { evaluateCondition } from './condition.ts';
import { expandAllTokens, expandMacroUse, EXPANSION_TOKENS_BASE, EXPANSION_TOKENS_PER_CHARACTER, type ExpansionBudget, type ExpansionContext } from './expand.ts';
import { includeCandidates, readFileFromDisk } from './include-paths.ts';
import { fileRangeOf, logicalLines, looksLikeDirective, scanComments, type LogicalLine } from './logical-lines.ts';
import { parseMacroDefinition, sameDefinition, type MacroDefinition } from './macro.ts';
import { MappedTextBuilder, type MappedText } from './mapped-text.ts';
import { isIdentPart, PPLexer, renderTokens, wouldJoin, type PPToken } from './pp-token.ts';
import { UnitWriter } from './unit-writer.ts';

export interface TranslationUnit {
  readonly text: string;
  readonly sourceMap: SourceMap;
  readonly main: SourceFile;
  readonly files: readonly SourceFile[];
}

export interface PreprocessOptions {
  /** Searched for `<...>` includes, after the built-in directory. */
  readonly includeDirs?: readonly string[];
  /** `-D NAME=VALUE`; a NAME like `F(x)` defines a function-like macro. */
  readonly defines?: Readonly<Record<string, string>>;
  /** Default: read from disk; undefined when the file is missing. */
  readonly readFile?: (path: string) => string | undefined;
}

/** Include nesting beyond this is reported (and the include skipped), like GCC's limit. */
export const MAX_INCLUDE_DEPTH = 200;

/** The state of one `#if` ... `#endif` group. */
interface ConditionalFrame {
  readonly directive: string;
  readonly location: Location;
  /** Whether the text around the group is kept. */
  readonly parentActive: boolean;
  /** Whether some branch so far was chosen. */
  taken: boolean;
  /** Whether the current branch is kept. */
  active: boolean;
  seenElse: boolean;
}

/** A directive line being handled: its comment-free text and how to locate parts of it. */
interface DirectiveLine {
  readonly file: SourceFile;
  readonly line: LogicalLine;
  /** The line's text with comments blanked (same offsets as `line.text` on its first line). */
  readonly text: string;
  readonly depth: number;
}

const CONDITIONAL_DIRECTIVES = new Set(['if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif']);
const IGNORED_DIRECTIVES = new Set(['line', 'ident', 'sccs', 'assert', 'unassert']);

export class Preprocessor {
  private readonly writer = new UnitWriter();
  private readonly macros = new Map<string, MacroDefinition>();
  private readonly files: SourceFile[] = [];
  private readonly processed = new Set<SourceFile>();
  private readonly fileCache = new Map<string, SourceFile | null>();
  private readonly onceFiles = new Set<string>();
  private readonly expansionBudget: ExpansionBudget = { remaining: EXPANSION_TOKENS_BASE, reported: false };
  private readonly includeDirs: readonly string[];
  private readonly readFile: (path: string) => string | undefined;

  constructor(
    private readonly diagnostics: DiagnosticBag,
    options: PreprocessOptions = {},
  ) {
    this.includeDirs = options.includeDirs ?? [];
    this.readFile = options.readFile ?? readFileFromDisk;
    this.macros.set('__LINE__', { name: '__LINE__', params: undefined, variadic: false, body: [], location: undefined, builtin: 'line' });
    this.macros.set('__FILE__', { name: '__FILE__', params: undefined, variadic: false, body: [], location: undefined, builtin: 'file' });
    this.defineFromOptions(options.defines ?? {});
  }

  run(main: SourceFile): TranslationUnit {
    this.fileCache.set(main.path, main);
    this.fileCache.set(normalize(main.path), main);
    this.processFile(main, 0);
    const { text, sourceMap } = this.writer.finish(main);
    return { text, sourceMap, main, files: this.files };
  }

  private defineFromOptions(defines: Readonly<Record<string, string>>): void {
    const entries = Object.entries(defines);
    if (entries.length === 0) return;
    const lines = entries.map(([name, value]) => `${name} ${value}`);
    const file = new SourceFile('<command-line>', lines.join('\n') + '\n');
    let offset = 0;
    for (const line of lines) {
      const location: Location = { file, start: offset, end: offset + line.length };
      this.define(new PPLexer(line).rest(), location, 'define');
      offset += line.length + 1;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Files and lines
  // -------------------------------------------------------------------------------------------

  private processFile(file: SourceFile, depth: number): void {
    if (!this.processed.has(file)) {
      this.processed.add(file);
      this.files.push(file);
    }
    this.expansionBudget.remaining += EXPANSION_TOKENS_PER_CHARACTER * file.text.length;
    const lines = logicalLines(file.text);
    const stack: ConditionalFrame[] = [];
    const isActive = (): boolean => stack.length === 0 || stack[stack.length - 1]!.active;
    let block = new MappedTextBuilder(file);
    let inComment = false;
    const flush = (): void => {
      if (block.isEmpty) return;
      this.processText(block.build());
      block = new MappedTextBuilder(file);
    };

    for (let next = lines.next(); !next.done; next = lines.next()) {
      const line = next.value;
      if (!inComment && looksLikeDirective(line.text)) {
        flush();
        let scan = scanComments(line.text, false, true);
        let text = scan.stripped;
        let end = line.fileEnd;
        // A block comment opened on a directive line belongs to the directive.
        while (scan.endsInComment) {
          const more = lines.next();
          if (more.done) break;
          scan = scanComments(more.value.text, true, true);
          text += ' ' + scan.stripped;
          end = more.value.fileEnd;
        }
        inComment = scan.endsInComment;
        this.directive({ file, line, text, depth }, stack, isActive());
        this.writer.blank(file, line.fileStart, end);
        continue;
      }
      inComment = scanComments(line.text, inComment, false).endsInComment;
      if (!isActive()) {
        this.writer.blank(file, line.fileStart, line.fileEnd);
        continue;
      }
      const range = fileRangeOf(line);
      if (range !== undefined) {
        block.appendFile(range.start, range.end);
      } else {
        for (const run of line.runs) block.append(line.text.slice(run.textStart, run.textStart + run.length), run.fileStart);
        for (const offset of line.newlineOffsets) block.append('\n', offset);
      }
    }
    flush();
    for (const frame of stack) {
      this.diagnostics.report(PreprocessDiagnostics.UnterminatedConditional, frame.location, [frame.directive]);
    }
  }

  /** Copies kept text to the output, expanding the macros used in it. */
  private processText(mapped: MappedText): void {
    const text = mapped.text;
    const file = mapped.file;
    let copyFrom = 0;
    let i = 0;
    const copyVerbatim = (from: number, to: number): void => {
      for (const piece of mapped.piecesIn(from, to)) {
        this.writer.copy(text.slice(piece.textStart, piece.textStart + piece.length), file, piece.fileStart);
      }
    };
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        i++;
        while (i < text.length) {
          const d = text.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === 34 || d === 10) {
            i++;
            break;
          } else i++;
        }
      } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
        const newline = text.indexOf('\n', i);
        i = newline === -1 ? text.length : newline;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close === -1 ? text.length : close + 2;
      } else if (isIdentPart(c)) {
        const start = i;
        while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
        if (c >= 48 && c <= 57) continue; // a number such as 8w255: nothing to expand
        const macro = this.macros.get(text.slice(start, i));
        if (macro === undefined) continue;
        if (macro.params !== undefined && new PPLexer(text, i).peek()?.text !== '(') continue;
        copyVerbatim(copyFrom, start);
        i = this.expandAt(mapped, start, i);
        copyFrom = i;
      } else {
        i++;
      }
    }
    copyVerbatim(copyFrom, text.length);
  }

  /** Expands the macro use at `[start, nameEnd)` of `mapped`; returns where the use ends. */
  private expandAt(mapped: MappedText, start: number, nameEnd: number): number {
    const text = mapped.text;
    const fileStart = mapped.fileOffset(start);
    const useSite: Location = { file: mapped.file, start: fileStart, end: mapped.fileOffset(nameEnd) };
    const lexer = new PPLexer(text, start);
    const tokens = expandMacroUse(lexer, this.expansionContext(useSite));
    const end = lexer.pos;
    let rendered = renderTokens(tokens);
    if (rendered !== '') {
      if (wouldJoin(this.writer.lastCharacter, rendered[0]!)) rendered = ' ' + rendered;
      if (end < text.length && wouldJoin(rendered[rendered.length - 1]!, text[end]!)) rendered += ' ';
    }
    // Keep the line structure when the invocation spans lines.
    let newlines = 0;
    for (let k = text.indexOf('\n', start); k !== -1 && k < end; k = text.indexOf('\n', k + 1)) newlines++;
    this.writer.synthesize(rendered + '\n'.repeat(newlines), mapped.file, fileStart, mapped.fileOffset(end) - fileStart);
    return end;
  }

  private expansionContext(useSite: Location): ExpansionContext {
    return { macros: this.macros, useSite, diagnostics: this.diagnostics, budget: this.expansionBudget };
  }

  // -------------------------------------------------------------------------------------------
  // Directives
  // -------------------------------------------------------------------------------------------

  /** The location of `[from, to)` of a directive line's text. */
  private locate(directive: DirectiveLine, from: number, to: number): Location {
    const { line, file } = directive;
    const fileOffset = (textOffset: number): number => {
      let result = line.fileStart;
      for (const run of line.runs) {
        if (textOffset < run.textStart) break;
        result = run.fileStart + Math.min(textOffset - run.textStart, run.length);
      }
      return result;
    };
    const clamp = (n: number): number => Math.max(0, Math.min(n, line.text.length));
    return { file, start: fileOffset(clamp(from)), end: fileOffset(clamp(to)) };
  }

  private directive(directive: DirectiveLine, stack: ConditionalFrame[], active: boolean): void {
    const lexer = new PPLexer(directive.text);
    const hash = lexer.next();
    const hashStart = lexer.pos - 1;
    const whole = this.locate(directive, hashStart, directive.text.length);
    const nameToken = lexer.next();
    if (nameToken === undefined || hash?.text !== '#') return; // the null directive `#`
    const name = nameToken.text;
    if (CONDITIONAL_DIRECTIVES.has(name)) {
      this.conditional(name, lexer, whole, stack, active);
      return;
    }
    if (!active) return;
    if (nameToken.kind === 'number') return; // a line marker `# 12 "file"`
    const restStart = lexer.pos;
    const rest = directive.text.slice(restStart).trim();
    switch (name) {
      case 'define':
        this.define(lexer.rest(), whole, name);
        return;
      case 'undef':
        this.undefine(lexer, whole);
        return;
      case 'include':
      case 'include_next':
      case 'import':
        this.include(name, rest, directive, whole);
        return;
      case 'error':
        this.diagnostics.report(PreprocessDiagnostics.ErrorDirective, whole, [rest]);
        return;
      case 'warning':
        this.diagnostics.report(PreprocessDiagnostics.WarningDirective, whole, [rest]);
        return;
      case 'pragma':
        if (lexer.next()?.text === 'once') this.onceFiles.add(directive.file.path);
        return; // other pragmas are not ours to interpret
      default:
        if (IGNORED_DIRECTIVES.has(name)) return;
        this.diagnostics.report(PreprocessDiagnostics.InvalidDirective, this.locate(directive, restStart - name.length, restStart), [name]);
    }
  }

  private conditional(
    name: string,
    lexer: PPLexer,
    location: Location,
    stack: ConditionalFrame[],
    active: boolean,
  ): void {
    const top = stack[stack.length - 1];
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const value = active && this.evaluate(name, lexer, location);
        stack.push({ directive: name, location, parentActive: active, taken: value, active: value, seenElse: false });
        return;
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef': {
        if (top === undefined) {
          this.diagnostics.report(PreprocessDiagnostics.UnmatchedConditional, location, [name]);
          return;
        }
        if (top.seenElse) this.diagnostics.report(PreprocessDiagnostics.ConditionalAfterElse, location, [name]);
        if (!top.parentActive || top.taken) {
          top.active = false;
          return;
        }
        const value = this.evaluate(name, lexer, location);
        top.active = value;
        top.taken = value;
        return;
      }
      case 'else':
      case 'endif': {
        if (top === undefined) {
          this.diagnostics.report(PreprocessDiagnostics.UnmatchedConditional, location, [name]);
          return;
        }
        if (top.parentActive && lexer.peek() !== undefined) {
          this.diagnostics.report(PreprocessDiagnostics.ExtraTokens, location, [name]);
        }
        if (name === 'endif') {
          stack.pop();
          return;
        }
        if (top.seenElse) this.diagnostics.report(PreprocessDiagnostics.ConditionalAfterElse, location, [name]);
        top.seenElse = true;
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        return;
      }
    }
  }

  /** The truth of a conditional directive's operand (reporting problems; false after an error). */
  private evaluate(name: string, lexer: PPLexer, location: Location): boolean {
    if (name === 'ifdef' || name === 'ifndef' || name === 'elifdef' || name === 'elifndef') {
      const macroName = lexer.next();
      if (macroName === undefined) {
        this.diagnostics.report(PreprocessDiagnostics.MissingMacroName, location, [name]);
        return false;
      }
      if (macroName.kind !== 'ident') {
        this.diagnostics.report(PreprocessDiagnostics.InvalidMacroName, location, [macroName.text]);
        return false;
      }
      if (lexer.peek() !== undefined) this.diagnostics.report(PreprocessDiagnostics.ExtraTokens, location, [name]);
      const defined = this.macros.has(macroName.text);
      return name.endsWith('ndef') ? !defined : defined;
    }
    let failed = false;
    const tokens = expandAllTokens(lexer, {
      ...this.expansionContext(location),
      condition: {
        hasInclude: (file, angled) => this.resolveInclude(file, angled, location.file, location) !== undefined,
        onError: (message) => {
          if (!failed) this.diagnostics.report(PreprocessDiagnostics.InvalidExpression, location, [name, message]);
          failed = true;
        },
      },
    });
    if (failed) return false;
    const result = evaluateCondition(renderTokens(tokens));
    if (!result.ok) {
      this.diagnostics.report(PreprocessDiagnostics.InvalidExpression, location, [name, result.message]);
      return false;
    }
    return result.value !== 0n;
  }

  private define(tokens: readonly PPToken[], location: Location, directiveName: string): void {
    const result = parseMacroDefinition(tokens, location);
    if (!result.ok) {
      switch (result.problem) {
        case 'missing-name':
          this.diagnostics.report(PreprocessDiagnostics.MissingMacroName, location, [directiveName]);
          return;
        case 'bad-name':
          this.diagnostics.report(PreprocessDiagnostics.InvalidMacroName, location, [result.detail]);
          return;
        case 'bad-params':
          this.diagnostics.report(PreprocessDiagnostics.InvalidMacroParameters, location, [tokens[0]?.text ?? '', result.detail]);
          return;
        case 'stringify':
          this.diagnostics.report(PreprocessDiagnostics.StringifyWithoutParameter, location, [result.detail]);
          return;
        case 'paste-edge':
          this.diagnostics.report(PreprocessDiagnostics.PasteAtEdge, location, [result.detail]);
          return;
      }
    }
    const macro = result.macro;
    const existing = this.macros.get(macro.name);
    if (existing !== undefined && (existing.builtin !== undefined || !sameDefinition(existing, macro))) {
      const related = existing.location ? [{ message: 'previous definition', site: existing.location }] : [];
      this.diagnostics.report(PreprocessDiagnostics.MacroRedefined, location, [macro.name], related);
    }
    this.macros.set(macro.name, macro);
  }

  private undefine(lexer: PPLexer, location: Location): void {
    const name = lexer.next();
    if (name === undefined) {
      this.diagnostics.report(PreprocessDiagnostics.MissingMacroName, location, ['undef']);
      return;
    }
    if (name.kind !== 'ident') {
      this.diagnostics.report(PreprocessDiagnostics.InvalidMacroName, location, [name.text]);
      return;
    }
    if (lexer.peek() !== undefined) this.diagnostics.report(PreprocessDiagnostics.ExtraTokens, location, ['undef']);
    this.macros.delete(name.text);
  }

  // -------------------------------------------------------------------------------------------
  // Includes
  // -------------------------------------------------------------------------------------------

  private include(directiveName: string, operand: string, directive: DirectiveLine, location: Location): void {
    let spec = parseIncludeOperand(operand);
    if (spec === undefined && operand !== '') {
      // `#include MACRO`: the operand is macro-expanded first.
      const expanded = renderTokens(expandAllTokens(new PPLexer(operand), this.expansionContext(location)));
      spec = parseIncludeOperand(expanded);
    }
    if (spec === undefined) {
      this.diagnostics.report(PreprocessDiagnostics.InvalidInclude, location, [directiveName]);
      return;
    }
    if (spec.trailing !== '') this.diagnostics.report(PreprocessDiagnostics.ExtraTokens, location, [directiveName]);
    const included = this.resolveInclude(spec.name, spec.angled, directive.file, location);
    if (included === 'unreadable') return;
    if (included === undefined) {
      const written = spec.angled ? `<${spec.name}>` : `"${spec.name}"`;
      this.diagnostics.report(PreprocessDiagnostics.IncludeNotFound, location, [written]);
      return;
    }
    if (this.onceFiles.has(included.path)) return;
    if (directive.depth + 1 > MAX_INCLUDE_DEPTH) {
      this.diagnostics.report(PreprocessDiagnostics.IncludeDepth, location, [MAX_INCLUDE_DEPTH, spec.name]);
      return;
    }
    this.processFile(included, directive.depth + 1);
  }

  /** The first candidate that exists; a candidate that exists but cannot be read is reported. */
  private resolveInclude(name: string, angled: boolean, includer: SourceFile, location: Location): SourceFile | 'unreadable' | undefined {
    for (const candidate of includeCandidates(name, angled, includer.path, this.includeDirs)) {
      const file = this.load(candidate, location);
      if (file !== undefined) return file;
    }
    return undefined;
  }

  private load(path: string, location: Location): SourceFile | 'unreadable' | undefined {
    const cached = this.fileCache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    let text: string | undefined;
    try {
      text = this.readFile(path);
    } catch (error) {
      if (!(error instanceof SourceReadError)) throw error;
      this.diagnostics.report(PreprocessDiagnostics.IncludeUnreadable, location, [path, error.message]);
      return 'unreadable';
    }
    const file = text === undefined ? undefined : new SourceFile(path, text);
    this.fileCache.set(path, file ?? null);
    return file;
  }
}

/** `"name"` or `<name>` at the start of an include operand, and what follows it. */
function parseIncludeOperand(operand: string): { name: string; angled: boolean; trailing: string } | undefined {
  const open = operand[0];
  const close = open === '"' ? '"' : open === '<' ? '>' : undefined;
  if (close === undefined) return undefined;
  const end = operand.indexOf(close, 1);
  if (end <= 1) return undefined;
  return { name: operand.slice(1, end), angled: open === '<', trailing: operand.slice(end + 1).trim() };
}
