/**
 * What a `for_each` filter tells of each instance's key where the collection it filters is unknown. An
 * element is kept only where the filter holds for it
 * (https://developer.hashicorp.com/terraform/language/expressions/for#filtering-elements), so where the
 * filter, or one operand of a top-level `&&` in it, compares the element's key with known strings, every
 * instance's key passes that test whatever the collection holds:
 * - `k == "ci"` (either side): the key is `"ci"`;
 * - `contains(["ci", "deploy"], k)`: the key is one of the listed strings;
 * - `startswith(k, "svc-")`: the key starts with `"svc-"`.
 * The forms read (directly or through local values): `{ for k, v in C : k => ... if F }` (no grouping),
 * `toset([for k, v in C : k if F])`, `toset([for s in C : s if F])`, and `for k in keys(C)` for either.
 * Any other filter tells nothing here (undefined): a pin is only ever a narrowing of an unknown key.
 */
import { builtInName, type Expr } from '../expr/ast.js';
import type { KnownParts } from '../../core/known-parts.js';
import { withoutParens, writtenExpression } from './exclusive-counts.js';
import { inlined, keyIndexed, type FilterModule } from './for-each-filters.js';

/** What is known of every instance's key, and whether `each.value` is that key too (a set). */
export interface KeyPins {
  readonly key: KnownParts;
  readonly valueIsKey: boolean;
}

/** The pins of a `for_each` written so; undefined where its filter pins nothing of the key. */
export function forEachKeyPins(forEach: unknown, module: FilterModule): KeyPins | undefined {
  const written = writtenExpression(forEach);
  if (written === undefined) return undefined;
  const followed = { locals: 0 };
  const expr = inlined(written, module, followed);
  if (expr.kind === 'call' && !expr.expandFinal && builtInName(expr.name) === 'toset' && expr.args.length === 1 && expr.args[0] !== undefined) {
    const list = keyIndexed(inlined(expr.args[0], module, followed));
    if (list.kind !== 'for' || list.object) return undefined;
    const key = nameOf(list.valueExpr);
    // The list's element is the loop's key (`k` of `for k, v`) or, over a list or set of strings, its value.
    if (key === undefined || (key !== list.keyVar && (key !== list.valueVar || list.keyVar !== undefined))) return undefined;
    const pinned = pinsOf(list.condition, key);
    return pinned === undefined ? undefined : { key: pinned, valueIsKey: true };
  }
  const map = keyIndexed(expr);
  if (map.kind !== 'for' || !map.object || map.grouping || map.keyVar === undefined || map.keyExpr === undefined) return undefined;
  if (nameOf(map.keyExpr) !== map.keyVar) return undefined;
  const pinned = pinsOf(map.condition, map.keyVar);
  return pinned === undefined ? undefined : { key: pinned, valueIsKey: false };
}

function nameOf(written: Expr): string | undefined {
  const expr = withoutParens(written);
  return expr.kind === 'variable' ? expr.name : undefined;
}

/** The first pin on `key` among the operands of the filter's top-level `&&` (each of them holds). */
function pinsOf(condition: Expr | undefined, key: string): KnownParts | undefined {
  if (condition === undefined) return undefined;
  const expr = withoutParens(condition);
  if (expr.kind === 'binary' && expr.operator === '&&') return pinsOf(expr.left, key) ?? pinsOf(expr.right, key);
  if (expr.kind === 'binary' && expr.operator === '==') {
    const text = nameOf(expr.left) === key ? literalString(expr.right) : nameOf(expr.right) === key ? literalString(expr.left) : undefined;
    return text === undefined ? undefined : oneOf([text]);
  }
  if (expr.kind !== 'call' || expr.expandFinal || expr.args.length !== 2) return undefined;
  const [first, second] = expr.args;
  if (first === undefined || second === undefined) return undefined;
  const name = builtInName(expr.name);
  if (name === 'contains' && nameOf(second) === key) {
    const list = withoutParens(first);
    if (list.kind !== 'tuple' || list.items.length === 0) return undefined;
    const texts = list.items.map(literalString);
    return texts.every((text): text is string => text !== undefined) ? oneOf(texts) : undefined;
  }
  if (name === 'startswith' && nameOf(first) === key) {
    const prefix = literalString(second);
    return prefix === undefined || prefix === '' ? undefined : { prefix, suffix: '', minLength: prefix.length };
  }
  return undefined;
}

function oneOf(texts: readonly string[]): KnownParts {
  return { prefix: '', suffix: '', minLength: Math.min(...texts.map((text) => text.length)), oneOf: [...new Set(texts)] };
}

/** A string written as a literal (`"ci"`, a template of text only). */
function literalString(written: Expr): string | undefined {
  const expr = withoutParens(written);
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  return expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'text' ? expr.parts[0].value : undefined;
}
