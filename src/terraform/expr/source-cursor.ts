/**
 * Character-level reading of HCL expression source, shared by the native-expression and template
 * parsers (which nest inside each other: `"a${ [for x in y : "${x}"] }"`).
 */

/** Thrown inside the parser only; the exported parse functions turn it into a result. */
export class ParseFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Deeper nesting than this is refused rather than risking the JavaScript stack. Real configurations
 * nest a handful of levels; 256 leaves a wide margin while recursion stays far from the stack limit.
 */
export const MAX_NESTING = 256;

/**
 * What one file's parse may still build: blocks, attributes and expression nodes (the `parseNodes`
 * limit, docs/security.md). Every node costs some hundred bytes of syntax tree and spans, so a 10 MB
 * `terraform.tfvars` holding `x = [1,1,1,…]` built five million of them and took 2 GB of memory and
 * 50 seconds; the parse stops where the budget runs out instead, recording the offset.
 */
export class NodeBudget {
  /** Where the budget ran out (an offset in the file), once it has. */
  spentAt: number | undefined;

  constructor(private left: number) {}

  /** Spends one node at `offset`; false once the budget is spent. */
  spend(offset: number): boolean {
    this.left -= 1;
    if (this.left >= 0) return true;
    this.spentAt ??= offset;
    return false;
  }
}

/** The message of a parse stopped by its `NodeBudget`, replaced by the limit's diagnostic. */
export const NODE_BUDGET_SPENT = 'too many blocks, attributes and expressions to parse';

const IDENTIFIER_START = /[\p{ID_Start}_]/u;
// HCL identifiers may contain dashes (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#identifiers).
const IDENTIFIER_CONTINUE = /[\p{ID_Continue}\-]/u;

/**
 * The UTF-16 length (1 or 2) of the identifier character at `at` that `pattern` (start or continue)
 * accepts, or 0. ASCII, nearly every character of real configurations, is decided without the
 * Unicode property pattern, which costs a string and a match per character.
 */
function identifierCharLength(source: string, at: number, pattern: RegExp): number {
  const c = source.charCodeAt(at);
  if (c < 0x80) {
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) return 1;
    return pattern === IDENTIFIER_CONTINUE && ((c >= 0x30 && c <= 0x39) || c === 0x2d) ? 1 : 0;
  }
  // NaN past the end.
  if (Number.isNaN(c)) return 0;
  const code = source.codePointAt(at) ?? c;
  return pattern.test(String.fromCodePoint(code)) ? (code > 0xffff ? 2 : 1) : 0;
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** Where an expression's source lies: `source.slice(start, end)`, trailing spaces and comments excluded. */
export interface ExprSpan {
  readonly source: string;
  readonly start: number;
  readonly end: number;
}

export class SourceCursor {
  pos = 0;

  /**
   * When set, every expression parsed records its span here (the native `.tf` parser renders
   * expressions from their source text, `src/terraform/native/render-expression.ts`). Shared with the
   * cursor of a heredoc body, whose spans then lie in that body's text.
   */
  spans: Map<object, ExprSpan> | undefined;

  /**
   * Inside `[ ]`, `( )`, a call's arguments, a `for` expression or a template's `${ }`, where HCL
   * ignores newlines; not inside an object's `{ }`, where a newline ends an item. The native `.tf`
   * parser (a cursor that records spans) follows it: there `skipSpace` stops at a line break unless
   * bracketed. Other callers parse an expression on its own, where newlines mean nothing.
   */
  bracketed = false;

  /** While spans are recorded: the last run of skipped whitespace and comments (consecutive skips merged). */
  private triviaStart = -1;
  private triviaEnd = -1;

  /**
   * `depth` carries the nesting of an enclosing cursor into a heredoc body read on its own; `nodes`,
   * when given, is the file's budget of nodes, which every nesting level entered spends from.
   */
  constructor(
    readonly source: string,
    public depth = 0,
    readonly nodes?: NodeBudget,
    /** Where `source` starts in the file (budget offsets are the file's). */
    readonly base = 0,
  ) {}

  fail(message: string, offset: number = this.pos): never {
    throw new ParseFailure(message, offset);
  }

  atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  peek(ahead = 0): string {
    return this.source[this.pos + ahead] ?? '';
  }

  startsWith(text: string): boolean {
    return this.source.startsWith(text, this.pos);
  }

  /** Consumes `text` if it comes next. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string, what: string = `"${text}"`): void {
    if (!this.eat(text)) this.fail(`expected ${what}${this.describeHere()}`);
  }

  describeHere(): string {
    if (this.atEnd()) return ' but the expression ended';
    return ` but found "${this.source.slice(this.pos, this.pos + 10)}"`;
  }

  /**
   * Enters one level of nesting, opened at `at`; refuses input nested deeper than MAX_NESTING there.
   * `at` is the cursor unless the level is entered after its text was read (template directives are
   * nested once the whole template is read, `parse-template-parts.ts`).
   */
  enter(at: number = this.pos): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING) this.fail(`expression nested more than ${MAX_NESTING} levels deep`, at);
    if (this.nodes !== undefined && !this.nodes.spend(this.base + at)) this.fail(NODE_BUDGET_SPENT, at);
  }

  leave(): void {
    this.depth -= 1;
  }

  /** Spends one node of the file's budget at `at` (a part built without entering a level: a heredoc's line). */
  spend(at: number = this.pos): void {
    if (this.nodes !== undefined && !this.nodes.spend(this.base + at)) this.fail(NODE_BUDGET_SPENT, at);
  }

  /**
   * Skips whitespace and comments (`#`, `//`, `/* *\/`), and newlines unless they are significant
   * (`bracketed`): there it stops at the line break, or at the line comment that ends the line.
   */
  skipSpace(): void {
    this.skipTriviaFrom(this.spans !== undefined && !this.bracketed);
  }

  /** Skips whitespace, comments and newlines, significant or not: between an object's items. */
  skipSpaceAndNewlines(): void {
    this.skipTriviaFrom(false);
  }

  /** Whether a line ends here: a line break, or a line comment (which runs to one). */
  atLineEnd(): boolean {
    const c = this.peek();
    return c === '\n' || (c === '\r' && this.peek(1) === '\n') || c === '#' || (c === '/' && this.peek(1) === '/');
  }

  private skipTriviaFrom(newlinesSignificant: boolean): void {
    const from = this.pos;
    this.skipTrivia(newlinesSignificant);
    if (this.spans !== undefined && this.pos > from) {
      if (from !== this.triviaEnd) this.triviaStart = from;
      this.triviaEnd = this.pos;
    }
  }

  /**
   * Where the last token before `pos` ends: `pos` less the whitespace and comments skipped just
   * before it. The parser only moves back to a token's end (never into skipped space), so the last
   * run skipped is the one that can end at `pos`.
   */
  contentEnd(): number {
    return this.pos === this.triviaEnd ? this.triviaStart : this.pos;
  }

  private skipTrivia(newlinesSignificant: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t') {
        this.pos += 1;
      } else if (newlinesSignificant && this.atLineEnd()) {
        return;
      } else if (c === '\n' || (c === '\r' && (this.peek(1) === '\n' || this.spans === undefined))) {
        // A carriage return alone is no line break in HCL ("Invalid character"): the native `.tf`
        // parser stops there; other callers read it as space.
        this.pos += 1;
      } else if (c === '#' || (c === '/' && this.peek(1) === '/')) {
        const end = this.source.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.source.length : end + 1;
      } else if (c === '/' && this.peek(1) === '*') {
        const end = this.source.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  /** The identifier starting here, without consuming it, or undefined. */
  peekIdentifier(): string | undefined {
    const source = this.source;
    const first = identifierCharLength(source, this.pos, IDENTIFIER_START);
    if (first === 0) return undefined;
    let end = this.pos + first;
    for (let length = identifierCharLength(source, end, IDENTIFIER_CONTINUE); length > 0; length = identifierCharLength(source, end, IDENTIFIER_CONTINUE))
      end += length;
    return source.slice(this.pos, end);
  }

  readIdentifier(): string | undefined {
    const name = this.peekIdentifier();
    if (name !== undefined) this.pos += name.length;
    return name;
  }

  /** Whether the keyword comes next as a whole word (so `format` is not `for`). */
  atKeyword(keyword: string): boolean {
    return this.peekIdentifier() === keyword;
  }

  /**
   * A number literal as HCL's scanner reads one: the longest run of digits, `.` and exponents that
   * does not end in `.`; a run that is not a number (`10.0.0.1`) is an error, as in Terraform.
   */
  readNumberToken(): number | undefined {
    // Most terms are not numbers: no slice and no match for them.
    if (!isDigit(this.source.charCodeAt(this.pos))) return undefined;
    const match = /^[0-9](?:[0-9]|\.(?=[0-9eE])|[eE][+-]?[0-9])*/.exec(this.source.slice(this.pos, this.pos + 400));
    if (!match) return undefined;
    if (!/^[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/.test(match[0])) this.fail(`invalid number literal "${match[0]}"`);
    this.pos += match[0].length;
    return Number(match[0]);
  }

  /** A number literal: digits, optional fraction, optional exponent (`1`, `1.5`, `1e3`, `2.5E-2`). */
  readNumber(): number | undefined {
    if (!isDigit(this.source.charCodeAt(this.pos))) return undefined;
    const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.source.slice(this.pos, this.pos + 400));
    if (!match) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
