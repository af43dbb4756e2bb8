/**
 * Collection expressions of HCL's native syntax, for `parse-expression.ts`: tuples `[...]`, objects
 * `{...}` and `for` expressions `[for ...]`, `{for ...}`
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#collection-values). The expressions
 * inside them are read with the parser's `parseExpr`, as template parts are (`parse-template-parts.ts`).
 */
import type { Expr } from './ast.js';
import type { SourceCursor } from './source-cursor.js';
import { nfc } from './normalize-strings.js';

/** Reads one whole expression at the cursor (the expression parser's entry). */
type ParseExpr = (cursor: SourceCursor) => Expr;

/** `[...]`, `{...}`, `[for ...]`, `{for ...}`. Items may be separated by commas or newlines. */
export function parseCollection(cursor: SourceCursor, parseExpr: ParseExpr): Expr {
  const offset = cursor.pos;
  const isObject = cursor.peek() === '{';
  const close = isObject ? '}' : ']';
  cursor.pos += 1;
  cursor.enter();
  const outer = cursor.bracketed;
  // A `for` expression ignores newlines, in braces too.
  cursor.bracketed = true;
  cursor.skipSpace();
  if (isForKeyword(cursor)) {
    const result = forExpr(cursor, offset, isObject, parseExpr);
    cursor.bracketed = outer;
    cursor.leave();
    return result;
  }
  cursor.bracketed = !isObject;
  // The native `.tf` parser (spans recorded) holds an object to HCL's syntax: each item on one line,
  // items separated by a comma or a newline.
  const strict = isObject && cursor.spans !== undefined;
  const items: Expr[] = [];
  const entries: { key: Expr; value: Expr }[] = [];
  while (!cursor.eat(close)) {
    if (isObject) {
      const key = objectKey(cursor, parseExpr);
      cursor.skipSpace();
      if (!cursor.eat('=') && !cursor.eat(':')) cursor.fail(`expected "=" or ":" after the object key${describeNext(cursor)}`);
      cursor.skipSpace();
      entries.push({ key, value: parseExpr(cursor) });
    } else {
      items.push(parseExpr(cursor));
    }
    cursor.skipSpace();
    if (!cursor.eat(',') && !cursor.startsWith(close) && (strict ? !cursor.atLineEnd() : !isObject))
      cursor.fail(
        isObject ? `expected a newline, "," or "}" after the object's item${describeNext(cursor)}` : `expected "," or "${close}"${cursor.describeHere()}`,
      );
    cursor.skipSpaceAndNewlines();
  }
  cursor.bracketed = outer;
  cursor.leave();
  return isObject ? { kind: 'object', offset, items: entries } : { kind: 'tuple', offset, items };
}

/** What the cursor stands at, for a message: a line break is named, not quoted. */
function describeNext(cursor: SourceCursor): string {
  return cursor.atLineEnd() ? ' but the line ended' : cursor.describeHere();
}

/**
 * An object key. A naked identifier, keywords included (`{ null = 1 }`), is the literal name; a naked
 * traversal such as `a.b` is refused as ambiguous, as HCL's ObjectConsKeyExpr does; `(a.b)` and
 * templates are evaluated.
 */
function objectKey(cursor: SourceCursor, parseExpr: ParseExpr): Expr {
  const start = cursor.pos;
  const key = parseExpr(cursor);
  // Comments before the `=` are no part of the key (`null /* c */ = 1` is the key "null").
  const text = cursor.source.slice(start, cursor.contentEnd()).trim();
  if (key.kind === 'variable' && key.offset === start) return { kind: 'literal', offset: start, value: nfc(key.name) };
  if (key.kind === 'literal' && (text === 'null' || text === 'true' || text === 'false')) return { kind: 'literal', offset: start, value: text };
  let root = key;
  while (root.kind === 'traverse') root = root.target;
  if (key.kind === 'traverse' && root.kind === 'variable' && root.offset === start) {
    // HCL's syntax accepts it (Terraform's `providers = { aws.west = aws.west }` is one); only evaluating it fails.
    if (cursor.spans !== undefined) return { kind: 'literal', offset: start, value: text };
    cursor.fail(`ambiguous object key "${text}": wrap a reference in parentheses, or a name with periods in quotes`, start);
  }
  return key;
}

/**
 * Whether a `for` expression starts here. HCL reads `for` first in brackets as one whatever follows
 * (`[for]` is a broken `for` expression); the native `.tf` parser does too.
 */
function isForKeyword(cursor: SourceCursor): boolean {
  if (!cursor.atKeyword('for')) return false;
  if (cursor.spans !== undefined) return true;
  const save = cursor.pos;
  cursor.pos += 3;
  cursor.skipSpace();
  const followedByName = cursor.peekIdentifier() !== undefined;
  cursor.pos = save;
  return followedByName;
}

/** `for k, v in coll : k => v... if cond` (https://developer.hashicorp.com/terraform/language/expressions/for). */
function forExpr(cursor: SourceCursor, offset: number, isObject: boolean, parseExpr: ParseExpr): Expr {
  cursor.pos += 3;
  cursor.skipSpace();
  const readName = (): string => cursor.readIdentifier() ?? cursor.fail(`expected a variable name in the for expression${cursor.describeHere()}`);
  let valueVar = readName();
  let keyVar: string | undefined;
  cursor.skipSpace();
  if (cursor.eat(',')) {
    cursor.skipSpace();
    keyVar = valueVar;
    valueVar = readName();
    cursor.skipSpace();
  }
  if (!cursor.atKeyword('in')) cursor.fail(`expected "in" in the for expression${cursor.describeHere()}`);
  cursor.pos += 2;
  cursor.skipSpace();
  const collectionExpr = parseExpr(cursor);
  cursor.skipSpace();
  cursor.expect(':', '":" after the for expression\'s collection');
  cursor.skipSpace();
  let keyExpr: Expr | undefined;
  if (isObject) {
    keyExpr = parseExpr(cursor);
    cursor.skipSpace();
    cursor.expect('=>', '"=>" in the object for expression');
    cursor.skipSpace();
  }
  const valueExpr = parseExpr(cursor);
  cursor.skipSpace();
  const grouping = isObject && cursor.eat('...');
  cursor.skipSpace();
  let condition: Expr | undefined;
  if (cursor.atKeyword('if')) {
    cursor.pos += 2;
    cursor.skipSpace();
    condition = parseExpr(cursor);
    cursor.skipSpace();
  }
  cursor.expect(isObject ? '}' : ']', `"${isObject ? '}' : ']'}" to close the for expression`);
  return { kind: 'for', offset, object: isObject, keyVar, valueVar, collection: collectionExpr, keyExpr, valueExpr, condition, grouping };
}
