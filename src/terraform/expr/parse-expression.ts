/**
 * Parser of HCL native expressions and of JSON-syntax template strings, following the HCL native
 * syntax specification (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md) and Terraform's
 * expression documentation (https://developer.hashicorp.com/terraform/language/expressions).
 * Never throws: failures come back as `{ ok: false }` with the offset where parsing stopped.
 */
import type { BinaryOperator, Expr } from './ast.js';
import { isExactDecimal } from './exact-number.js';
import { parseCollection } from './parse-collection.js';
import { parsePostfix } from './parse-traversal.js';
import { parseTemplateParts, type TemplateMode } from './parse-template-parts.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { NodeBudget, ParseFailure, SourceCursor, type ExprSpan } from './source-cursor.js';

export type ParseExprResult = { readonly ok: true; readonly expr: Expr } | { readonly ok: false; readonly message: string; readonly offset: number };

/**
 * A JSON-syntax string value (the native parser's output, `.tf.json`): a template. A string that is exactly one
 * `${expr}` is that expression's value, not its string form
 * (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping).
 */
export function parseTemplate(source: string, maxNodes: number = DEFAULT_LIMITS.parseNodes): ParseExprResult {
  // Bounded like a file (the `parseNodes` limit, docs/security.md): a `.tf.json` string or a
  // `templatefile` template is one value of any size, so ten megabytes of `${1}` built millions of nodes.
  return run(source, (cursor) => templateExpr(cursor, 'whole', 0), { budget: new NodeBudget(maxNodes), base: 0 });
}

/** An expression in HCL native syntax. */
export function parseExpression(source: string): ParseExprResult {
  return run(source, wholeExpression);
}

/** A file's node budget, and where the parsed source starts in that file. */
export interface FileNodes {
  readonly budget: NodeBudget;
  readonly base: number;
}

/**
 * An expression in HCL native syntax, with the source span of every expression in it (keyed by
 * node): the native `.tf` parser renders expressions from their source text. Each node spends from
 * the file's budget, when given.
 */
export function parseExpressionWithSpans(source: string, nodes?: FileNodes): ParseExprResult & { readonly spans: ReadonlyMap<object, ExprSpan> } {
  const spans = new Map<object, ExprSpan>();
  return {
    ...run(
      source,
      (cursor) => {
        cursor.spans = spans;
        return wholeExpression(cursor);
      },
      nodes,
    ),
    spans,
  };
}

/**
 * Spans never recorded, never read: a cursor given it parses the syntax of `parseExpressionWithSpans`
 * (which differs in places, `objectKey` in `parse-collection.ts`) without the cost of its spans.
 */
const DISCARDED_SPANS = new Map<object, ExprSpan>();

/** Where the cursor records spans: undefined when it records none (no spans, or only their syntax). */
const recorded = (cursor: SourceCursor): Map<object, ExprSpan> | undefined => (cursor.spans === DISCARDED_SPANS ? undefined : cursor.spans);

/**
 * Whether `parseExpressionWithSpans` accepts `source` (and where it fails), without recording spans:
 * the native `.tf` parser checks the expressions it does not render.
 */
export function checkExpressionWithSpans(source: string, nodes?: FileNodes): ParseExprResult {
  return run(
    source,
    (cursor) => {
      cursor.spans = DISCARDED_SPANS;
      return wholeExpression(cursor);
    },
    nodes,
  );
}

function wholeExpression(cursor: SourceCursor): Expr {
  cursor.skipSpace();
  const expr = expression(cursor);
  cursor.skipSpace();
  if (!cursor.atEnd()) cursor.fail(afterExpressionMessage(cursor.source.slice(cursor.pos)));
  return expr;
}

/**
 * What follows a complete expression. `name = ...` there is a second attribute written on the line of
 * the first, as Terraform 0.11 allowed in one-line blocks (`variable "x" { default = [] type = "list" }`);
 * Terraform 0.12 and later require a newline after each argument, and a one-line block holds at most one
 * (https://developer.hashicorp.com/terraform/language/syntax/configuration#arguments-and-blocks).
 */
function afterExpressionMessage(rest: string): string {
  const attribute = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*=(?!=)/.exec(rest);
  if (attribute !== null) return `missing newline before attribute "${attribute[1] ?? ''}": each argument ends its line, and a one-line block holds only one`;
  const line = rest.split(/\r?\n/, 1)[0] ?? '';
  return `unexpected "${line.length > 10 ? `${line.slice(0, 10)}…` : line}" after the expression`;
}

function run(source: string, parse: (cursor: SourceCursor) => Expr, nodes?: FileNodes): ParseExprResult {
  try {
    return { ok: true, expr: parse(new SourceCursor(source, 0, nodes?.budget, nodes?.base)) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, message: error.message, offset: error.offset };
    // A RangeError (stack) cannot happen below MAX_NESTING, but the contract is "never throws".
    return { ok: false, message: `cannot parse the expression: ${error instanceof Error ? error.message : String(error)}`, offset: 0 };
  }
}

function templateExpr(cursor: SourceCursor, mode: TemplateMode, offset: number): Expr {
  const parts = parseTemplateParts(cursor, mode, expression);
  const only = parts[0];
  if (parts.length === 0) return { kind: 'literal', offset, value: '' };
  if (parts.length === 1 && only?.kind === 'text') return { kind: 'literal', offset, value: only.value };
  if (parts.length === 1 && only?.kind === 'interpolation') return only.expr;
  return { kind: 'template', offset, parts };
}

/** Expression = Conditional | Operation | ExprTerm; `?:` binds loosest and nests to the right. */
function expression(cursor: SourceCursor): Expr {
  cursor.enter();
  const offset = cursor.pos;
  cursor.skipSpace();
  // Where the expression's text starts: not `condition.offset`, which for a template that is one
  // interpolation is the interpolated expression's (`"${a}" == "b"` starts at its quote, not at `a`).
  const start = cursor.pos;
  const condition = binary(cursor);
  cursor.skipSpace();
  let result = condition;
  const conditionEnd = cursor.contentEnd();
  if (cursor.eat('?')) {
    recorded(cursor)?.set(condition, { source: cursor.source, start, end: conditionEnd });
    cursor.skipSpace();
    const thenExpr = expression(cursor);
    cursor.skipSpace();
    cursor.expect(':', '":" in the conditional expression');
    cursor.skipSpace();
    const elseExpr = expression(cursor);
    result = { kind: 'conditional', offset, condition, then: thenExpr, else: elseExpr };
  }
  cursor.leave();
  // The innermost recording wins: `"${x}"` parses to `x` itself, whose span is `x`, not the quotes.
  const spans = recorded(cursor);
  if (spans !== undefined && !spans.has(result)) spans.set(result, { source: cursor.source, start, end: cursor.contentEnd() });
  return result;
}

/** Binary operator precedence levels, loosest first (HCL spec, "Operations"): 0 `||` … 5 `*` `/` `%`. All are left-associative. */
const LEVEL: Readonly<Record<BinaryOperator, number>> = {
  '||': 0,
  '&&': 1,
  '==': 2,
  '!=': 2,
  '>=': 3,
  '<=': 3,
  '>': 3,
  '<': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
};

/** The binary operator at the cursor, if one is there; `//` starts a comment (where a newline ends an object's item, `skipSpace` stops at it), not a division. */
function operatorAt(cursor: SourceCursor): BinaryOperator | undefined {
  const source = cursor.source;
  const at = cursor.pos;
  const second = source.charCodeAt(at + 1);
  switch (source.charCodeAt(at)) {
    case 0x2a:
      return '*';
    case 0x25:
      return '%';
    case 0x2f:
      return second === 0x2f ? undefined : '/';
    case 0x2b:
      return '+';
    case 0x2d:
      return '-';
    case 0x3e:
      return second === 0x3d ? '>=' : '>';
    case 0x3c:
      return second === 0x3d ? '<=' : '<';
    case 0x3d:
      return second === 0x3d ? '==' : undefined;
    case 0x21:
      return second === 0x3d ? '!=' : undefined;
    case 0x26:
      return second === 0x26 ? '&&' : undefined;
    case 0x7c:
      return second === 0x7c ? '||' : undefined;
    default:
      return undefined;
  }
}

/**
 * Operations: operands and binary operators, read left to right with a stack of the operators still
 * waiting for their right operand (precedence climbing), in one pass instead of one call per
 * precedence level for every operand: the same trees as the grammar's levels, each left-associative.
 *
 * Each operator deepens the left-leaning tree that evaluation recurses through, so it counts as
 * nesting (`cursor.enter`, which also spends a node): an operator met after `n` others of its level in
 * the same operation, inside the operations of looser levels, is entered at the depth of those
 * operators plus its `n`, as a grammar with one function per level nests (an operator of a looser
 * level closes the chains of the tighter ones).
 */
function binary(cursor: SourceCursor): Expr {
  const first = unary(cursor);
  cursor.skipSpace();
  let operator = operatorAt(cursor);
  if (operator === undefined) return first;
  const base = cursor.depth;
  // Operators met so far at each level in the chains still open (a looser operator closes the tighter ones' chains).
  const counts = [0, 0, 0, 0, 0, 0];
  const operands: Expr[] = [first];
  const waiting: BinaryOperator[] = [];
  let depth = base;
  while (operator !== undefined) {
    const level = LEVEL[operator];
    for (let top = waiting[waiting.length - 1]; top !== undefined && LEVEL[top] >= level; top = waiting[waiting.length - 1]) combine(operands, waiting);
    for (let tighter = level + 1; tighter < counts.length; tighter++) {
      depth -= counts[tighter] ?? 0;
      counts[tighter] = 0;
    }
    counts[level] = (counts[level] ?? 0) + 1;
    cursor.depth = depth;
    cursor.enter();
    depth += 1;
    cursor.pos += operator.length;
    cursor.skipSpace();
    waiting.push(operator);
    operands.push(unary(cursor));
    cursor.skipSpace();
    operator = operatorAt(cursor);
  }
  while (waiting.length > 0) combine(operands, waiting);
  cursor.depth = base;
  return operands[0] ?? first;
}

/** Joins the last two operands with the last operator waiting. */
function combine(operands: Expr[], waiting: BinaryOperator[]): void {
  const operator = waiting.pop();
  const right = operands.pop();
  const left = operands.pop();
  if (operator === undefined || right === undefined || left === undefined) return;
  operands.push({ kind: 'binary', offset: left.offset, operator, left, right });
}

function unary(cursor: SourceCursor): Expr {
  cursor.skipSpace();
  const offset = cursor.pos;
  const c = cursor.peek();
  if (c !== '!' && c !== '-') return parsePostfix(cursor, primary(cursor), expression);
  cursor.pos += 1;
  cursor.enter();
  const operand = unary(cursor);
  cursor.leave();
  if (c === '-' && operand.kind === 'literal' && typeof operand.value === 'number')
    return { kind: 'literal', offset, value: -operand.value, ...(operand.inexact === undefined ? {} : { inexact: operand.inexact }) };
  return { kind: 'unary', offset, operator: c, operand };
}

/**
 * Whether a number literal has digits a double does not keep (a whole number past 2^53, a decimal of
 * more than some 16 digits, `1e400`): Terraform's numbers are exact to 512 bits
 * (`tostring(12345678901234567891)` is "12345678901234567891"), so the rounded double would name
 * another user (`exact-number.ts`).
 */
function inexactLiteral(text: string, value: number): 'whole' | 'decimal' | undefined {
  const whole = /^[0-9]+$/.test(text);
  // The common case, decided without big integers: a whole number a double holds.
  if ((whole && Number.isSafeInteger(value)) || isExactDecimal(text, value)) return undefined;
  return whole ? 'whole' : 'decimal';
}

function primary(cursor: SourceCursor): Expr {
  cursor.skipSpace();
  const offset = cursor.pos;
  const c = cursor.peek();
  const number = cursor.spans === undefined ? cursor.readNumber() : cursor.readNumberToken();
  if (number !== undefined) {
    const inexact = inexactLiteral(cursor.source.slice(offset, cursor.pos), number);
    return inexact === undefined ? { kind: 'literal', offset, value: number } : { kind: 'literal', offset, value: number, inexact };
  }
  if (cursor.eat('"')) return templateExpr(cursor, 'quoted', offset);
  if (cursor.startsWith('<<')) return heredoc(cursor);
  if (cursor.eat('(')) {
    const outer = cursor.bracketed;
    cursor.bracketed = true;
    cursor.skipSpace();
    const inner = expression(cursor);
    cursor.skipSpace();
    cursor.expect(')', '")" to close the parenthesis');
    cursor.bracketed = outer;
    return { kind: 'parens', offset, expr: inner };
  }
  if (c === '[' || c === '{') return parseCollection(cursor, expression);
  const name = cursor.readIdentifier();
  if (name === undefined) {
    if (cursor.atEnd()) return cursor.fail('expected an expression but the input ended');
    if (cursor.atLineEnd()) return cursor.fail('expected an expression but the line ended');
    return cursor.fail(c === '\r' ? 'a carriage return alone is no line break in HCL' : `unexpected "${c}" where an expression was expected`);
  }
  if (name === 'true' || name === 'false') return { kind: 'literal', offset, value: name === 'true' };
  if (name === 'null') return { kind: 'literal', offset, value: null };
  return callOrVariable(cursor, name, offset);
}

/** `name(args)`, `provider::aws::arn_parse(args)`, or a root variable name. */
function callOrVariable(cursor: SourceCursor, first: string, offset: number): Expr {
  let name = first;
  while (cursor.startsWith('::')) {
    cursor.pos += 2;
    const part = cursor.readIdentifier();
    if (part === undefined) cursor.fail('expected a name after "::"');
    name += `::${part}`;
  }
  const save = cursor.pos;
  // Spaces and comments may separate a function name from "(", but not a newline: in
  // `{ a = b \n (k) = 1 }` the newline ends the item `a = b`. Inside `[ ]` and `( )` newlines mean
  // nothing (HCL's rule; the native `.tf` parser follows it: `try\n(x)` there is a call, and so is
  // `try /* c */ (x)` anywhere).
  if (cursor.spans !== undefined) cursor.skipSpace();
  else while (cursor.peek() === ' ' || cursor.peek() === '\t') cursor.pos += 1;
  if (!cursor.eat('(')) {
    if (name !== first) cursor.fail(`expected "(" after the function name ${name}`);
    cursor.pos = save;
    return { kind: 'variable', offset, name };
  }
  const args: Expr[] = [];
  let expandFinal = false;
  const outer = cursor.bracketed;
  cursor.bracketed = true;
  cursor.skipSpace();
  const wrappedArgs: number[] = [];
  while (!cursor.eat(')')) {
    const start = cursor.peek();
    const arg = expression(cursor);
    // A template that is one interpolation has the value of its expression (`templateExpr`).
    if ((start === '"' || start === '<') && arg.kind !== 'template' && arg.kind !== 'literal') wrappedArgs.push(args.length);
    args.push(arg);
    cursor.skipSpace();
    if (cursor.eat('...')) {
      expandFinal = true;
      cursor.skipSpace();
      // HCL wants ")" right after the expanded argument; the native `.tf` parser holds to it.
      if (cursor.spans === undefined) cursor.eat(',');
      cursor.skipSpace();
      cursor.expect(')', '")" after the expanded final argument');
      break;
    }
    if (!cursor.eat(',')) {
      cursor.expect(')', `"," or ")" in the arguments of ${name}`);
      break;
    }
    cursor.skipSpace();
  }
  cursor.bracketed = outer;
  return { kind: 'call', offset, name, args, expandFinal, ...(wrappedArgs.length > 0 ? { wrappedArgs } : {}) };
}

/**
 * A heredoc read where it stands: interpolations keep their own source text, as the file has it, and
 * `<<-` removes indentation from the literal lines only, after the strip markers have trimmed them
 * (`parse-template-parts.ts`), as HCL does.
 */
function heredoc(cursor: SourceCursor): Expr {
  const offset = cursor.pos;
  cursor.pos += 2;
  const flush = cursor.eat('-');
  const marker = cursor.readIdentifier() ?? cursor.fail('expected a heredoc marker after "<<"');
  if (!cursor.eat('\n') && !cursor.eat('\r\n')) cursor.fail('expected a newline after the heredoc marker');
  return templateExpr(cursor, { marker, flush }, offset);
}
