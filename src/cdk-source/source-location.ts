import type * as ts from 'typescript';
import type { SourceLocation } from '../core/location.js';
import { bomLength } from '../core/source-text.js';

/**
 * A node's location as credlint reports it: 1-based line and column in UTF-16 code units, end
 * exclusive, from the first token (comments before the node are not part of it). TypeScript counts a
 * leading BOM as a character of the first line; credlint does not (`src/core/location.ts`).
 */
export function nodeLocation(node: ts.Node, sourceFile: ts.SourceFile, logicalPath?: string): SourceLocation {
  return {
    file: sourceFile.fileName,
    range: {
      start: positionAt(sourceFile, startOf(node, sourceFile)),
      end: positionAt(sourceFile, node.getEnd()),
    },
    ...(logicalPath === undefined ? {} : { logicalPath }),
  };
}

const starts = new WeakMap<ts.Node, number>();

/**
 * Where a node's first token starts, remembered: `getStart` skips the comments before it each time,
 * and a construct in a loop under 20,000 comment lines is located once per instance.
 */
export function startOf(node: ts.Node, sourceFile: ts.SourceFile): number {
  let start = starts.get(node);
  if (start === undefined) {
    start = node.getStart(sourceFile);
    starts.set(node, start);
  }
  return start;
}

export function positionAt(sourceFile: ts.SourceFile, offset: number): { line: number; column: number } {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  const bom = line === 0 ? bomLength(sourceFile.text) : 0;
  return { line: line + 1, column: Math.max(1, character + 1 - bom) };
}

/**
 * The position of `offset` in a text TypeScript could not make a source file of, counted as
 * `positionAt` counts: TypeScript's line breaks (LF, CR, CRLF, U+2028, U+2029), a leading BOM not a
 * column.
 */
export function textPositionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue;
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const bom = line === 1 ? bomLength(text) : 0;
  return { line, column: Math.max(1, offset - lineStart + 1 - bom) };
}

/** How many characters of source a snippet of `max` characters is cut from (whitespace collapses). */
const WINDOW_PER_CHARACTER = 16;
/** Names of values that hold secrets (as `SECRET_NAME` in static-value.ts, which imports this file's users). */
const SECRET_NAME = /pass(?:word|wd|phrase)|secret|credential/i;

/**
 * The node's source text on one line, shortened for messages (`props.userName`,
 * `this.node.tryGetContext('x')`). Only the start of the node is read, so a snippet of a huge
 * expression costs no more than a short one. Secrets are left out (docs/security.md): the arguments of
 * `SecretValue.unsafePlainText(...)` (any call or `new` of `SecretValue`) and the value of anything
 * named like a password become `…`. A loop whose body follows its head (`for (u of users) u.name = x;`,
 * which assigns each element to `u`) is its head (`for (u of users)`): the body is a change of its own.
 */
export function snippet(node: ts.Node, sourceFile: ts.SourceFile, max = DEFAULT_SNIPPET): string {
  if (max !== DEFAULT_SNIPPET) return cutSnippet(node, sourceFile, max);
  let text = snippets.get(node);
  if (text === undefined) {
    text = cutSnippet(node, sourceFile, max);
    snippets.set(node, text);
  }
  return text;
}

/** The length of most snippets. */
const DEFAULT_SNIPPET = 60;

/**
 * Snippets of `DEFAULT_SNIPPET` characters, made once per node: making one reads up to
 * `WINDOW_PER_CHARACTER` times as many characters and the nodes among them, and the evaluator makes
 * one for each unknown it meets, again for every expression around it that is evaluated (each of
 * 500 nested `new new ... X` evaluates the chain below it, which took seconds per kilobyte).
 */
const snippets = new WeakMap<ts.Node, string>();

function cutSnippet(node: ts.Node, sourceFile: ts.SourceFile, max: number): string {
  const start = startOf(node, sourceFile);
  const end = Math.min(headEnd(node), start + max * WINDOW_PER_CHARACTER);
  let raw = '';
  let at = start;
  for (const [from, to] of secretRanges(node, end)) {
    if (from < at) continue;
    raw += `${sourceFile.text.slice(at, from)}…`;
    at = to;
  }
  raw += sourceFile.text.slice(at, Math.max(at, end));
  const text = raw.replace(/\s+/g, ' ').trim();
  return text.length > max || end < headEnd(node) ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Where a node's snippet ends: before the body of a loop whose head comes first (`for...of`,
 * `for...in`, `for`, `while`), read structurally like `secretRanges`; the node's end otherwise.
 */
function headEnd(node: ts.Node): number {
  const shape = node as unknown as { statement?: ts.Node; expression?: ts.Node; initializer?: ts.Node; incrementor?: ts.Node };
  const head = shape.incrementor ?? shape.expression ?? shape.initializer;
  return shape.statement && head && head.end <= shape.statement.pos ? shape.statement.pos : node.getEnd();
}

/**
 * The source ranges under `node` (before `end`) that hold secrets, in order. Read structurally (a call's
 * `expression` and `arguments`, a declaration's `name` and `initializer`), because this file does not
 * load TypeScript: the CLI and the ESLint plugin pass nodes of different copies of it.
 */
function secretRanges(node: ts.Node, end: number): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (current: ts.Node, depth: number): void => {
    if (depth > 200) return;
    const shape = current as unknown as { expression?: ts.Node; arguments?: ts.NodeArray<ts.Node>; name?: ts.Node; initializer?: ts.Node };
    if (shape.arguments && shape.expression && mentionsSecretValue(shape.expression)) {
      ranges.push([shape.arguments.pos, shape.arguments.end]);
      return;
    }
    if (shape.name && shape.initializer && SECRET_NAME.test(textOf(shape.name))) {
      ranges.push([shape.initializer.pos, shape.initializer.end]);
      return;
    }
    current.forEachChild((child) => {
      // Children come in source order: returning true stops the walk at the first one past `end`.
      if (child.pos >= end) return true;
      visit(child, depth + 1);
      return undefined;
    });
  };
  visit(node, 0);
  return ranges;
}

/** `SecretValue`, `cdk.SecretValue` or `SecretValue.method`: the callee of a call that makes a secret. */
function mentionsSecretValue(callee: ts.Node): boolean {
  const shape = callee as unknown as { expression?: ts.Node; name?: ts.Node };
  if (textOf(callee) === 'SecretValue' || (shape.name && textOf(shape.name) === 'SecretValue')) return true;
  const object = shape.expression as unknown as { name?: ts.Node } | undefined;
  return (
    shape.expression !== undefined && (textOf(shape.expression) === 'SecretValue' || (object?.name !== undefined && textOf(object.name) === 'SecretValue'))
  );
}

function textOf(node: ts.Node): string {
  const text = (node as unknown as { text?: unknown }).text;
  return typeof text === 'string' ? text : '';
}
