/**
 * The parser of Terraform's native syntax (`.tf`), in process. It reads the structure HCL defines
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md, "Structural Elements": a body is
 * attributes `Identifier "=" Expression Newline` and blocks `Identifier (StringLit|Identifier)* "{"
 * Newline Body "}" Newline`, or a one-line block holding at most one attribute), parses each
 * attribute's expression with credlint's expression parser (`src/terraform/expr/`), and returns the
 * body in Terraform's JSON shape (https://developer.hashicorp.com/terraform/language/syntax/json):
 * `{ attribute: value, type: { label: [body, ...] } }`, keys sorted, repeated blocks in source order.
 *
 * Invalid input ends in a syntax error with its offset; the parser never throws and never recurses
 * on block nesting (an explicit stack), so hostile input cannot overflow the call stack: blocks
 * nested deeper than `MAX_NESTING_DEPTH` are refused, expressions deeper than the expression
 * parser's own limit likewise.
 *
 * With a `Selection`, the whole file is still parsed and checked, so that it fails exactly where and
 * how a full parse fails, but only some attributes of the top-level blocks of one type are rendered
 * into the returned body: the notes of module calls need the `source` and `version` of each `module`
 * block only (`src/formats/terraform/remote-call-notes.ts`), and rendering the rest of the file costs
 * more than checking it.
 *
 * The blocks are located too (the selected ones only, with a `Selection`), from the parser's own
 * positions, as `locateHclBlocks` would locate them (`../locate/locate-hcl-blocks.ts`), so that the
 * file is not scanned a second time (`locate-parsed.ts`).
 */
import type { Expr } from '../expr/ast.js';
import { NODE_BUDGET_SPENT, NodeBudget, type ExprSpan } from '../expr/source-cursor.js';
import { checkExpressionWithSpans, parseExpressionWithSpans } from '../expr/parse-expression.js';
import { isNewlineAt, scanComment, scanIdentifier, scanQuotedLabel, decodeQuoted, skipInlineSpaceAndComments, invalidEscapeAt } from '../locate/hcl-lexical.js';
import { scanHclExpression } from '../locate/scan-hcl-expression.js';
import { renderExpression, sortedObject, type JsonShaped } from './render-expression.js';
import type { LocatedFile } from '../locate/located-file.js';
import { ParsedLocations, type Locating } from './locate-parsed.js';

/** Ten times anything seen in real configurations; deeper block nesting is refused with a syntax error. */
export const MAX_NESTING_DEPTH = 500;

export type HclBody = { [key: string]: JsonShaped };

/**
 * What a partial parse renders: `{ type: { labels...: [{ attribute: value }] } }` (and a top-level
 * attribute named `type`, which stands in place of such blocks), nothing else.
 */
export interface Selection {
  readonly type: string;
  readonly attributes: readonly string[];
}

/**
 * `located` holds the file's blocks as `locateHclBlocks(text)` locates them; with a `Selection`, the
 * top-level blocks of its type, as `locateHclBlocks(text, type)` locates them.
 */
export type NativeParseResult = { readonly ok: true; readonly body: HclBody; readonly located: LocatedFile } | NativeParseFailure;

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly offset: number;
  readonly body: Body;
}

interface Body {
  readonly attributes: Map<string, JsonShaped>;
  readonly blocks: Block[];
  /** Where the block's `{` is (for the message when it is never closed); -1 for the file's body. */
  readonly open: number;
  /** A one-line block (`b { a = 1 }`): it holds at most one attribute and closes on its line. */
  oneLine: boolean;
  /**
   * What of it is rendered (`Selection`): everything (undefined), the attributes and blocks of the
   * names given only, or nothing (null: only checked, its shape is `null`).
   */
  readonly keep: ReadonlySet<string> | null | undefined;
  /** A located block (any, or one selected and those inside it): located as it is parsed, finished at its `}`. */
  readonly locating: Locating | undefined;
}

/** A top-level attribute of a file, parsed: offsets are the file's (UTF-16 indexes), as are its expression's. */
export interface NativeAttribute {
  readonly name: string;
  readonly nameOffset: number;
  /** Where the expression starts in the file: its nodes' offsets and spans count from here. */
  readonly start: number;
  readonly expr: Expr;
  readonly spans: ReadonlyMap<object, ExprSpan>;
}

/** A parse that failed where `offset` says; `nodesSpent` when it stopped because the file holds more nodes than the budget. */
export interface NativeParseFailure {
  readonly ok: false;
  readonly message: string;
  readonly offset: number;
  readonly nodesSpent?: true;
}

export type NativeArgumentsResult =
  | { readonly ok: true; readonly attributes: readonly NativeAttribute[]; readonly blocks: readonly { readonly type: string; readonly offset: number }[] }
  | NativeParseFailure;

/** A failure of the parse of a file that `budget` bounded. */
function failure(error: unknown, budget: NodeBudget): NativeParseFailure {
  if (budget.spentAt !== undefined) return { ok: false, message: NODE_BUDGET_SPENT, offset: budget.spentAt, nodesSpent: true };
  if (error instanceof SyntaxFailure) return { ok: false, message: error.message, offset: error.offset };
  if (error instanceof RangeError) return { ok: false, message: 'the file is nested too deeply to parse', offset: 0 };
  throw error;
}

/**
 * A file read as arguments, the way Terraform reads a variable definitions file (`.tfvars`): its
 * top-level attributes as parsed expressions, in source order, and where its top-level blocks are
 * (which such a file may not hold). The file is checked as `parseNativeHcl` checks it.
 */
export function parseNativeArguments(text: string, maxNodes = Infinity): NativeArgumentsResult {
  const budget = new NodeBudget(maxNodes);
  try {
    const attributes: NativeAttribute[] = [];
    const root = parseBody(text, undefined, undefined, budget, attributes);
    return { ok: true, attributes, blocks: root.blocks.map(({ type, offset }) => ({ type, offset })) };
  } catch (error) {
    return failure(error, budget);
  }
}

/**
 * Parses a `.tf` file's text (BOM already removed); with `only`, the body holds what it selects alone.
 * At most `maxNodes` blocks, attributes and expression nodes are built (`NodeBudget`).
 */
export function parseNativeHcl(text: string, only?: Selection, maxNodes = Infinity): NativeParseResult {
  const budget = new NodeBudget(maxNodes);
  try {
    const located = new ParsedLocations(text, only?.type);
    const body = toJson(parseBody(text, only, located, budget));
    return { ok: true, body, located: located.file() };
  } catch (error) {
    return failure(error, budget);
  }
}

const fail = (message: string, offset: number): never => {
  throw new SyntaxFailure(message, offset);
};

function newBody(open: number, keep: ReadonlySet<string> | null | undefined, locating?: Locating): Body {
  return { attributes: new Map(), blocks: [], open, oneLine: false, keep, locating };
}

/** Spaces, line breaks and comments from `at`; the next significant offset. */
function skipTrivia(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) === 0x0a)) {
      i++;
      continue;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a && text.indexOf('*/', i + 2) === -1) fail('unterminated comment: "/*" has no closing "*/"', i);
    const comment = scanComment(text, i);
    if (comment === undefined) return i;
    i = comment.end;
  }
}

/** After an attribute or a block's `}`: spaces and comments, then a line break or the end (or the `}` of a one-line block). */
function expectLineEnd(text: string, at: number, what: string, closingAllowed: boolean): number {
  const i = skipInlineSpaceAndComments(text, at, []);
  if (i >= text.length || isNewlineAt(text, i) || scanComment(text, i) !== undefined) return i;
  if (closingAllowed && text.charCodeAt(i) === 0x7d) return i;
  return fail(`missing newline after ${what}: found ${describe(text, i)}`, i);
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'the end of the file';
  return JSON.stringify(text.slice(at, at + 10));
}

/**
 * Terraform 0.11 took a quoted argument name (`tags { "Name" = "web" }`, `vars { "KEY" = ... }`); HCL 2
 * refuses it with "Invalid argument name: Argument names must not be quoted", which says more than what
 * the item starts with. Fails so when the item at `at` is a quoted string followed by `=`.
 */
function quotedArgumentName(text: string, at: number): void {
  if (text.charCodeAt(at) !== 0x22) return;
  const end = scanQuotedLabel(text, at);
  if (end === -1) return;
  const after = skipInlineSpaceAndComments(text, end, []);
  if (text.charCodeAt(after) !== 0x3d || text.charCodeAt(after + 1) === 0x3d) return;
  fail(`invalid argument name ${JSON.stringify(decodeQuoted(text.slice(at + 1, end - 1)))}: an argument name must not be quoted`, at);
}

/**
 * With `located`, blocks are located as they are parsed (those of the selection's type only, with a
 * selection); with `roots`, the file's top-level attributes are collected there as they are parsed.
 */
function parseBody(text: string, only: Selection | undefined, located: ParsedLocations | undefined, budget: NodeBudget, roots?: NativeAttribute[]): Body {
  const root = newBody(-1, only === undefined ? undefined : new Set([only.type]));
  const selected = only === undefined ? undefined : new Set(only.attributes);
  const stack: Body[] = [root];
  let i = 0;
  for (;;) {
    i = skipTrivia(text, i);
    const body = stack[stack.length - 1] ?? root;
    if (i >= text.length) {
      if (body !== root) fail('unclosed block: there is no "}" for this block before the end of the file', body.open);
      return root;
    }
    if (text.charCodeAt(i) === 0x7d) {
      if (body === root) fail('unexpected "}": an attribute or block definition is required here', i);
      const closed = stack.pop();
      if (closed?.locating !== undefined) located?.close(closed.locating, i + 1);
      i = expectLineEnd(text, i + 1, 'the block definition', false);
      continue;
    }
    if (body.oneLine && body.attributes.size + body.blocks.length > 0) fail('a one-line block holds at most one attribute; put a newline after "{"', i);
    const nameEnd = scanIdentifier(text, i);
    if (nameEnd === i) {
      quotedArgumentName(text, i);
      fail(`an attribute or block definition is required here, found ${describe(text, i)}`, i);
    }
    const name = text.slice(i, nameEnd);
    if (!budget.spend(i)) fail(NODE_BUDGET_SPENT, i);
    const afterName = skipInlineSpaceAndComments(text, nameEnd, []);
    if (text.charCodeAt(afterName) === 0x3d && text.charCodeAt(afterName + 1) !== 0x3d) {
      if (body.attributes.has(name)) fail(`attribute "${name}" is set more than once`, i);
      const parsed = attributeValue(text, afterName + 1, body.keep === undefined || body.keep?.has(name) === true, budget);
      body.attributes.set(name, parsed.value);
      if (body === root && roots !== undefined && parsed.expr !== undefined)
        roots.push({ name, nameOffset: i, start: parsed.start, expr: parsed.expr, spans: parsed.spans });
      if (body.locating !== undefined) located?.attribute(body.locating, name, i, nameEnd, parsed.start, parsed.end);
      i = expectLineEnd(text, parsed.next, 'the attribute', body.oneLine);
      if (body.oneLine && text.charCodeAt(i) !== 0x7d) fail('a one-line block must close on its line', i);
      continue;
    }
    if (body.oneLine) fail('a one-line block cannot hold a block', i);
    const header = blockHeader(text, afterName);
    // Under a selection, the selected blocks keep the selected attributes; any other block nothing.
    const keep = body.keep === undefined ? undefined : body === root && body.keep?.has(name) === true ? selected : null;
    const locating = located?.open(body.locating, body === root, name, i, nameEnd, header.labels, header.spans);
    const block: Block = { type: name, labels: header.labels, offset: i, body: newBody(header.open, keep, locating) };
    body.blocks.push(block);
    if (stack.length > MAX_NESTING_DEPTH) fail(`nesting deeper than ${MAX_NESTING_DEPTH} levels; the file is not parsed`, header.open);
    const afterOpen = skipInlineSpaceAndComments(text, header.open + 1, []);
    if (text.charCodeAt(afterOpen) === 0x7d) {
      if (locating !== undefined) located?.close(locating, afterOpen + 1);
      i = expectLineEnd(text, afterOpen + 1, 'the block definition', false);
      continue;
    }
    const oneLine = !(afterOpen >= text.length || isNewlineAt(text, afterOpen) || scanComment(text, afterOpen) !== undefined);
    block.body.oneLine = oneLine;
    stack.push(block.body);
    i = afterOpen;
  }
}

/** Labels (quoted literal strings or names, with their spans, quotes included) then `{`, all on the type's line. */
function blockHeader(text: string, at: number): { labels: string[]; spans: [number, number][]; open: number } {
  const labels: string[] = [];
  const spans: [number, number][] = [];
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return { labels, spans, open: i };
    if (c === 0x22) {
      const end = scanQuotedLabel(text, i);
      if (end === -1) fail('unterminated block label: a quoted label must close on its line', i);
      const raw = text.slice(i + 1, end - 1);
      if (/(?<![$%])[$%]\{/.test(raw.replaceAll('$${', '').replaceAll('%%{', ''))) fail('a block label must be a literal string, without interpolation', i);
      const escape = invalidEscapeAt(raw);
      if (escape !== -1) fail(`invalid escape sequence "${raw.slice(escape, escape + 2)}" in a block label`, i + 1 + escape);
      labels.push(decodeQuoted(raw));
      spans.push([i, end]);
      i = skipInlineSpaceAndComments(text, end, []);
      continue;
    }
    const end = scanIdentifier(text, i);
    if (end === i) {
      if (c === 0x3d) fail('unexpected "=": an attribute is a single name followed by "="', i);
      fail(`expected a block label or "{", found ${describe(text, i)}`, i);
    }
    labels.push(text.slice(i, end));
    spans.push([i, end]);
    i = skipInlineSpaceAndComments(text, end, []);
  }
}

/**
 * The expression after an attribute's `=`: its extent by the locator's scanner, then parsed, and
 * rendered when `rendered` (else only checked: its value is `null`).
 */
function attributeValue(
  text: string,
  at: number,
  rendered: boolean,
  budget: NodeBudget,
): { value: JsonShaped; start: number; end: number; next: number; expr?: Expr; spans: ReadonlyMap<object, ExprSpan> } {
  const start = skipInlineSpaceAndComments(text, at, []);
  const extent = scanHclExpression(text, start, []);
  const end = Math.max(extent.end, start);
  if (end === start) fail('missing expression: an expression is required after "="', start);
  const next = Math.max(extent.next, end);
  if (!rendered) {
    const checked = checkExpressionWithSpans(text.slice(start, end), { budget, base: start });
    return checked.ok ? { value: null, start, end, next, spans: new Map() } : fail(checked.message, start + checked.offset);
  }
  const parsed = parseExpressionWithSpans(text.slice(start, end), { budget, base: start });
  if (!parsed.ok) return fail(parsed.message, start + parsed.offset);
  return { value: render(parsed.expr, parsed.spans, start), start, end, next, expr: parsed.expr, spans: parsed.spans };
}

function render(expr: Expr, spans: Parameters<typeof renderExpression>[1], start: number): JsonShaped {
  try {
    return renderExpression(expr, spans);
  } catch (error) {
    if (error instanceof RangeError) return fail('the expression is nested too deeply to parse', start);
    throw error;
  }
}

/** Bodies under one block type: a list (no labels), or a tree of labels (one level per label) ending in lists. */
type LabelTree = Map<string, LabelTree | JsonShaped[]>;

/**
 * The JSON shape of a body: attributes by name; each block under its type, then one object level per
 * label, ending in the list of bodies with that type and labels (source order). A type used both with
 * and without labels has no such shape and is refused. A body that keeps some names (`Body.keep`) has
 * the shape of those keys alone; the rest is checked all the same.
 */
function toJson(body: Body): HclBody {
  const grouped = groupBlocks(body);
  const { keep } = body;
  const entries: [string, JsonShaped][] = keep === undefined ? [...body.attributes] : [...body.attributes].filter(([name]) => keep?.has(name) === true);
  for (const [type, group] of grouped) {
    if (keep === undefined || keep?.has(type) === true) entries.push([type, group.value instanceof Map ? fromTree(group.value) : group.value]);
  }
  return sortedObject(entries);
}

/** A body's blocks grouped by type, then label, each with its body's shape (`null` for a body not rendered, only checked). */
function groupBlocks(body: Body): Map<string, { labelled: boolean; value: LabelTree | JsonShaped[] }> {
  const grouped = new Map<string, { labelled: boolean; value: LabelTree | JsonShaped[] }>();
  for (const block of body.blocks) {
    const labelled = block.labels.length > 0;
    // An attribute and blocks of the same name: the attribute's value stands (as hcl2json has it).
    if (body.attributes.has(block.type)) continue;
    let group = grouped.get(block.type);
    if (group === undefined) {
      group = { labelled, value: labelled ? new Map() : [] };
      grouped.set(block.type, group);
    }
    if (group.labelled !== labelled) fail(`"${block.type}" blocks cannot be written both with and without labels`, block.offset);
    place(group.value, block);
  }
  return grouped;
}

/** Adds a block's body under its labels inside `container` (the type's value). */
function place(container: LabelTree | JsonShaped[], block: Block): void {
  let node = container;
  for (const [index, label] of block.labels.entries()) {
    const last = index === block.labels.length - 1;
    if (!(node instanceof Map))
      return fail(`"${block.type}" blocks with labels ${JSON.stringify(block.labels)} clash with blocks that have fewer labels`, block.offset);
    let next = node.get(label);
    if (next === undefined) {
      next = last ? [] : new Map();
      node.set(label, next);
    }
    if (Array.isArray(next) !== last)
      fail(`"${block.type}" blocks with labels ${JSON.stringify(block.labels)} clash with blocks that have a different number of labels`, block.offset);
    node = next;
  }
  if (block.body.keep !== null) (node as JsonShaped[]).push(toJson(block.body));
  else {
    groupBlocks(block.body);
    (node as JsonShaped[]).push(null);
  }
}

/** A label tree as nested objects, keys sorted at every level. */
function fromTree(tree: LabelTree): { [key: string]: JsonShaped } {
  return sortedObject([...tree].map(([key, value]) => [key, Array.isArray(value) ? value : fromTree(value)] as const));
}
