/**
 * Whether a block's `user`, written as the instance's `each.key` among parts every instance shares
 * (`each.key`, `"ci-${each.key}"`), names a different user in every instance, however many there are,
 * because its `for_each` keys are all case-folded by one function (`toset([for u in var.users : lower(u)])`,
 * `{ for u in var.users : lower(u.name) => u }`), even where the keys themselves are unknown.
 *
 * The keys of one `for_each` value are different strings
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each), but two that differ only in
 * case (`"Ana"` and `"ana"`) name one IAM user, as IAM compares user names ignoring case
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names).
 * Keys that are all results of `lower` hold no upper-case ASCII letter (no character lower-cases to
 * one), and keys that are all results of `upper` no lower-case one; IAM allows only ASCII letters,
 * digits and `+=,.@_-` in a user name, so among valid names two such different keys differ ignoring
 * case. A name with any other character makes no key. The key must be used as it is: `upper(each.key)`
 * of lower-cased keys may join two (`lower("\u0131")` is itself, `upper` of it is `"I"`, as `upper("i")`).
 * `each.value` is the key where `for_each` is a set.
 */
import { builtInName, type Expr } from '../expr/ast.js';
import { writtenExpression } from './count-bound.js';
import { shared } from './index-apart.js';

/** Case mappings: a result of one holds no ASCII letter of the other case. */
const FOLDS = new Set(['lower', 'upper']);

/** Functions whose result holds only elements of their (one) list argument. */
const ELEMENTS_KEPT = new Set(['toset', 'tolist', 'distinct', 'compact', 'sort', 'nonsensitive']);

/** How deep conditionals and local values are followed. */
const MAX_DEPTH = 8;

/** What the search needs of the module. */
export interface KeyModule {
  /** The value written for a local value of the module, if it declares one. */
  readonly localValue: (name: string) => unknown;
}

/** See the module comment. */
export function userApartPerKey(forEach: unknown, user: unknown, module: KeyModule): boolean {
  const collection = writtenExpression(forEach);
  const written = writtenExpression(user);
  if (collection === undefined || written === undefined) return false;
  const keys = foldedKeys(collection, module, 0);
  return keys !== undefined && apartPerKey(written, keys === 'set');
}

/**
 * Whether every result `expr` can have as a `for_each` has case-folded keys, each result by one
 * function: `'set'` where every non-empty result is a set (its values are its keys), `'map'` where
 * some is a map; undefined where not known so.
 */
function foldedKeys(expr: Expr, module: KeyModule, depth: number): 'set' | 'map' | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (expr.kind) {
    case 'parens':
      return foldedKeys(expr.expr, module, depth + 1);
    case 'conditional': {
      // One result or the other, each folded by its own function.
      const then = emptyCollection(expr.then) ? 'set' : foldedKeys(expr.then, module, depth + 1);
      const otherwise = emptyCollection(expr.else) ? 'set' : foldedKeys(expr.else, module, depth + 1);
      if (then === undefined || otherwise === undefined) return undefined;
      return then === 'set' && otherwise === 'set' ? 'set' : 'map';
    }
    case 'traverse': {
      const local = localExpression(expr, module, depth);
      return local === undefined ? undefined : foldedKeys(local, module, depth + 1);
    }
    case 'call':
      // `toset([for u in var.users : lower(u)])`.
      return builtInName(expr.name) === 'toset' && singleArgument(expr) !== undefined && foldedElements(singleArgument(expr), module, depth + 1)
        ? 'set'
        : undefined;
    case 'for':
      // `{ for u in var.users : lower(u) => u }`: a repeated key fails the plan (or groups, with `...`).
      return expr.object && expr.keyExpr !== undefined && foldCall(expr.keyExpr) ? 'map' : undefined;
    default:
      return undefined;
  }
}

/** Whether every element of every list or set `expr` can be is a result of one case mapping. */
function foldedElements(expr: Expr | undefined, module: KeyModule, depth: number): boolean {
  if (expr === undefined || depth > MAX_DEPTH) return false;
  switch (expr.kind) {
    case 'parens':
      return foldedElements(expr.expr, module, depth + 1);
    case 'conditional':
      return [expr.then, expr.else].every((result) => emptyCollection(result) || foldedElements(result, module, depth + 1));
    case 'traverse':
      return foldedElements(localExpression(expr, module, depth), module, depth + 1);
    case 'call':
      return ELEMENTS_KEPT.has(builtInName(expr.name)) && foldedElements(singleArgument(expr), module, depth + 1);
    case 'for':
      return !expr.object && foldCall(expr.valueExpr);
    default:
      return false;
  }
}

/** `lower(...)` or `upper(...)` of one argument. */
function foldCall(expr: Expr): boolean {
  const inner = expr.kind === 'parens' ? expr.expr : expr;
  return inner.kind === 'call' && FOLDS.has(builtInName(inner.name)) && singleArgument(inner) !== undefined;
}

function singleArgument(call: Extract<Expr, { kind: 'call' }>): Expr | undefined {
  return call.args.length === 1 && !call.expandFinal ? call.args[0] : undefined;
}

/** `[]`, `{}`, `toset([])`: a result with no instance. */
function emptyCollection(expr: Expr): boolean {
  if (expr.kind === 'parens') return emptyCollection(expr.expr);
  if (expr.kind === 'tuple' || expr.kind === 'object') return expr.items.length === 0;
  return expr.kind === 'call' && ELEMENTS_KEPT.has(builtInName(expr.name)) && singleArgument(expr) !== undefined && emptyCollection(expr.args[0] as Expr);
}

/** The written expression of `local.name`. */
function localExpression(expr: Expr, module: KeyModule, depth: number): Expr | undefined {
  if (depth >= MAX_DEPTH || expr.kind !== 'traverse' || expr.step.kind !== 'attr') return undefined;
  if (expr.target.kind !== 'variable' || expr.target.name !== 'local') return undefined;
  return writtenExpression(module.localValue(expr.step.name));
}

/** Whether `expr` is the instance's key, as it is or among parts every instance shares. */
function apartPerKey(expr: Expr, valueIsKey: boolean): boolean {
  switch (expr.kind) {
    case 'parens':
      return apartPerKey(expr.expr, valueIsKey);
    case 'traverse':
      return (
        expr.target.kind === 'variable' &&
        expr.target.name === 'each' &&
        expr.step.kind === 'attr' &&
        (expr.step.name === 'key' || (valueIsKey && expr.step.name === 'value'))
      );
    case 'template': {
      let apart = 0;
      for (const part of expr.parts) {
        if (part.kind === 'text') continue;
        if (part.kind !== 'interpolation') return false;
        if (apartPerKey(part.expr, valueIsKey)) apart++;
        else if (!shared(part.expr)) return false;
      }
      return apart === 1;
    }
    case 'call':
      return builtInName(expr.name) === 'tostring' && singleArgument(expr) !== undefined && apartPerKey(expr.args[0] as Expr, valueIsKey);
    default:
      return false;
  }
}
