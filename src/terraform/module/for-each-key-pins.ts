/**
 * What a `for_each` filter tells of each instance's key where the collection it filters is unknown. An
 * element is kept only where the filter holds for it
 * (https://developer.hashicorp.com/terraform/language/expressions/for#filtering-elements), so every
 * instance's key passes the test the filter states of the element's key, whatever the collection holds.
 * The filter is read as a variable's `validation` condition is (`validation-condition.ts`), with the
 * key as its subject: `k == "ci"`, `contains(["ci", "deploy"], k)`, `startswith(k, "svc-")`,
 * `can(regex("^svc-", k))`, `lower(k) != "root"`, and `!`, `&&`, `||` of them (an `&&` operand that
 * says nothing of the key is dropped: the others still hold). Lists and texts compared with the key are
 * evaluated in the module when they read neither of the loop's names (`contains(local.allowed, k)`).
 * The forms read (directly or through local values): `{ for k, v in C : k => ... if F }` and
 * `{ for u in C : u => ... if F }` (no grouping), `toset([for k, v in C : k if F])`, `toset([for s in C : s if F])`, and `for k in keys(C)` for either.
 * Any other filter tells nothing here (undefined): a pin is only ever a narrowing of an unknown key.
 */
import { builtInName, type Expr } from '../expr/ast.js';
import type { KnownParts } from '../../core/known-parts.js';
import { knownPartsOfTest } from '../../core/tested-known-parts.js';
import { visitExpression } from '../expr/visit-expression.js';
import { Unknown, type TfValue } from '../expr/value.js';
import { withoutParens, writtenExpression } from './exclusive-counts.js';
import { inlined, keyIndexed, type FilterModule } from './for-each-filters.js';
import { conditionTest } from './validation-condition.js';

/** What is known of every instance's key, and whether `each.value` is that key too (a set). */
export interface KeyPins {
  readonly key: KnownParts;
  readonly valueIsKey: boolean;
}

/** What reading a filter needs of its module: the written forms, and the value of an expression outside any instance. */
export interface PinModule extends FilterModule {
  readonly evaluate: (expr: Expr) => TfValue;
}

/** The pins of a `for_each` written so; undefined where its filter pins nothing of the key. */
export function forEachKeyPins(forEach: unknown, module: PinModule): KeyPins | undefined {
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
    const pinned = pinsOf(list.condition, key, [list.keyVar, list.valueVar], module);
    return pinned === undefined ? undefined : { key: pinned, valueIsKey: true };
  }
  const map = keyIndexed(expr);
  if (map.kind !== 'for' || !map.object || map.grouping || map.keyExpr === undefined) return undefined;
  const key = nameOf(map.keyExpr);
  // The map's key is the loop's key (`k` of `for k, v`) or, in the one-name form `{ for u in C : u => ... }`, its element.
  if (key === undefined || key !== (map.keyVar ?? map.valueVar)) return undefined;
  const pinned = pinsOf(map.condition, key, [map.keyVar, map.valueVar], module);
  // `{ for u in var.users : u => u if ... }`: each.value is the key too.
  return pinned === undefined ? undefined : { key: pinned, valueIsKey: nameOf(map.valueExpr) === key };
}

function nameOf(written: Expr): string | undefined {
  const expr = withoutParens(written);
  return expr.kind === 'variable' ? expr.name : undefined;
}

/** A name no Terraform variable can have: the condition's subject is the loop's `key`, not a variable. */
const NO_VARIABLE = '#for_each';

/** What the filter `condition` tells of the loop's `key`; `loopNames` are the names the `for` binds. */
function pinsOf(condition: Expr | undefined, key: string, loopNames: readonly (string | undefined)[], module: PinModule): KnownParts | undefined {
  if (condition === undefined) return undefined;
  const bound = new Set(loopNames.filter((name) => name !== undefined));
  // A list or text that reads the element (`contains(["ci", v.name], k)`) differs from one element to the next: not a pin.
  const evaluate = (expr: Expr): TfValue =>
    visitExpression(expr, { name: (name) => (bound.has(name) ? true : undefined) }, new Set()) === true
      ? new Unknown('reads the for_each element')
      : module.evaluate(expr);
  const test = conditionTest(condition, { variable: NO_VARIABLE, element: key }, evaluate);
  return test === undefined ? undefined : knownPartsOfTest(test);
}
