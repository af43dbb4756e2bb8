/**
 * Traversals after a term of HCL's native syntax, for `parse-expression.ts`: attribute access
 * (`.name`, the legacy index `.0`), indexing (`[key]`) and splats (`[*]`, the legacy `.*`)
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#index-operator,
 * https://developer.hashicorp.com/terraform/language/expressions/splat). An index's key is read with
 * the parser's `parseExpr`, as collections are (`parse-collection.ts`).
 */
import type { Expr, Traversal } from './ast.js';
import type { SourceCursor } from './source-cursor.js';

/** Reads one whole expression at the cursor (the expression parser's entry). */
type ParseExpr = (cursor: SourceCursor) => Expr;

/** Attribute access, indexing and splats after a term. */
export function parsePostfix(cursor: SourceCursor, term: Expr, parseExpr: ParseExpr): Expr {
  let expr = term;
  // Each step deepens the tree (as operators do in `binary`).
  const depth = cursor.depth;
  for (;;) {
    const save = cursor.pos;
    cursor.skipSpace();
    if (cursor.startsWith('..')) {
      cursor.pos = save;
      cursor.depth = depth;
      return expr;
    }
    cursor.enter();
    if (cursor.eat('.')) {
      cursor.skipSpace();
      if (cursor.eat('*')) {
        // Legacy attribute-only splat: only `.name` and `.0` steps belong to each element.
        expr = { kind: 'splat', offset: expr.offset, target: expr, each: splatSteps(cursor, expr.offset, true, parseExpr) };
      } else {
        expr = { kind: 'traverse', offset: expr.offset, target: expr, step: attributeStep(cursor) };
      }
    } else if (cursor.eat('[')) {
      cursor.skipSpace();
      if (cursor.startsWith('*')) {
        cursor.pos += 1;
        cursor.skipSpace();
        cursor.expect(']', '"]" after "[*"');
        expr = { kind: 'splat', offset: expr.offset, target: expr, each: splatSteps(cursor, expr.offset, false, parseExpr) };
      } else {
        expr = { kind: 'traverse', offset: expr.offset, target: expr, step: { kind: 'index', key: indexKey(cursor, parseExpr) } };
      }
    } else {
      cursor.pos = save;
      cursor.depth = depth;
      return expr;
    }
  }
}

/** A number token as HCL scans it after a dot. */
const LEGACY_INDEX = /^[0-9]+(?:\.[0-9]+|\.(?=[eE][+-]?[0-9]))?(?:[eE][+-]?[0-9]+)?/;

function attributeStep(cursor: SourceCursor): Traversal {
  // Digits only, so that `a.0.1` is two legacy indexes rather than the number 0.1.
  // Nearly every step is a name: no slice and no match unless a digit comes first.
  const first = cursor.source.charCodeAt(cursor.pos);
  const digits = first >= 0x30 && first <= 0x39 ? /^[0-9]+/.exec(cursor.source.slice(cursor.pos, cursor.pos + 20))?.[0] : undefined;
  if (digits !== undefined && cursor.spans !== undefined) {
    // The native `.tf` parser reads the number HCL's scanner reads there (a fraction needs digits,
    // `1.e2` is a number too): `a.1e2` is index 100, `a.0.b` index 0 then `b`, and `a.0.1` (the
    // number 0.1) an error, "Invalid legacy index syntax".
    const token = LEGACY_INDEX.exec(cursor.source.slice(cursor.pos, cursor.pos + 400))?.[0] ?? digits;
    if (token.includes('.')) cursor.fail('two legacy indexes cannot be chained (.0.1): write the indexes in brackets, [0][1]');
    cursor.pos += token.length;
    return { kind: 'legacy-index', index: Number(token) };
  }
  if (digits !== undefined) {
    cursor.pos += digits.length;
    return { kind: 'legacy-index', index: Number(digits) };
  }
  const name = cursor.readIdentifier();
  if (name === undefined) cursor.fail(`expected an attribute name after "."${cursor.describeHere()}`);
  return { kind: 'attr', name };
}

/**
 * The traversal applied to each element of a splat. A full splat (`[*]`) takes attributes, indexes and
 * further splats; the legacy one (`.*`) takes attributes and legacy indexes (`.0`) only
 * (https://developer.hashicorp.com/terraform/language/expressions/splat).
 */
function splatSteps(cursor: SourceCursor, offset: number, legacy: boolean, parseExpr: ParseExpr): Expr {
  let each: Expr = { kind: 'splat-item', offset };
  for (;;) {
    const save = cursor.pos;
    cursor.skipSpace();
    if (cursor.startsWith('..')) break;
    if (cursor.eat('.')) {
      cursor.skipSpace();
      if (legacy && cursor.startsWith('*') && cursor.spans !== undefined) cursor.fail('a splat cannot be nested inside an attribute-only splat (.*)');
      // Numbers are steps of the legacy splat too (`x.*.tags.0` indexes each element's `tags`), as
      // HCL's parser takes them; a bracket ends it (`x.*.name[0]` indexes the list of names).
      if (legacy && !cursor.peekIdentifier() && !/[0-9]/.test(cursor.peek())) {
        cursor.pos = save;
        break;
      }
      if (cursor.startsWith('*')) {
        cursor.pos += 1;
        cursor.enter();
        each = { kind: 'splat', offset, target: each, each: splatSteps(cursor, offset, true, parseExpr) };
        cursor.leave();
      } else {
        each = { kind: 'traverse', offset, target: each, step: attributeStep(cursor) };
      }
    } else if (!legacy && cursor.startsWith('[')) {
      cursor.pos = save;
      cursor.enter();
      each = postfixIndexOnce(cursor, each, offset, parseExpr);
      cursor.leave();
    } else {
      cursor.pos = save;
      break;
    }
  }
  return each;
}

function postfixIndexOnce(cursor: SourceCursor, target: Expr, offset: number, parseExpr: ParseExpr): Expr {
  cursor.skipSpace();
  cursor.expect('[');
  cursor.skipSpace();
  if (cursor.eat('*')) {
    cursor.skipSpace();
    cursor.expect(']', '"]" after "[*"');
    return { kind: 'splat', offset, target, each: splatSteps(cursor, offset, false, parseExpr) };
  }
  return { kind: 'traverse', offset, target, step: { kind: 'index', key: indexKey(cursor, parseExpr) } };
}

/** An index's key and its `]`, where newlines mean nothing (as in any brackets). */
function indexKey(cursor: SourceCursor, parseExpr: ParseExpr): Expr {
  const outer = cursor.bracketed;
  cursor.bracketed = true;
  cursor.skipSpace();
  const key = parseExpr(cursor);
  cursor.skipSpace();
  cursor.expect(']', '"]" to close the index');
  cursor.bracketed = outer;
  return key;
}
