/**
 * Blocks switched on by conditions that cannot both hold: `count = var.pgp_key != "" ? 1 : 0` on one
 * key and `count = var.pgp_key == "" ? 1 : 0` on another (a module's usual pair of keys with and
 * without a PGP key), also with conditions they share (`var.create && var.pgp_key != ""`). Where the
 * condition is unknown (a variable without a value), whichever it turns out to be, one of them has no
 * instance (https://developer.hashicorp.com/terraform/language/meta-arguments/count), so neither is a
 * second key beside the other. Conditions are compared as written: in one module instance an
 * expression written twice has one value, except where it calls a function whose result changes on
 * every call (`uuid()`, `timestamp()`), which is never compared.
 */
import { builtInName, type Expr } from '../expr/ast.js';
import { parseTemplate } from './expr-api.js';

/** A condition as a formula over the sub-expressions it compares or tests, each by how it is written. */
export type Condition =
  | { readonly kind: 'atom'; readonly key: string }
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition };

/** Functions whose every call may give another value (https://developer.hashicorp.com/terraform/language/functions). */
const CHANGING = new Set(['uuid', 'timestamp', 'plantimestamp', 'bcrypt']);

/** Above this many distinct sub-expressions two conditions are not compared (2^n assignments are tried). */
const MAX_ATOMS = 10;

/**
 * When an instance exists, for a `count` written as a conditional of `1` and `0` (`C ? 1 : 0` is `C`,
 * `C ? 0 : 1` is `!C`; also in Terraform 0.11's `"${...}"`); else undefined.
 */
export function existenceCondition(written: unknown): Condition | undefined {
  if (typeof written !== 'string') return undefined;
  const parsed = parseTemplate(written);
  if (!parsed.ok) return undefined;
  let expr = withoutParens(parsed.expr);
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'interpolation') expr = withoutParens(expr.parts[0].expr);
  if (expr.kind !== 'conditional') return undefined;
  const [then, otherwise] = [countOf(expr.then), countOf(expr.else)];
  const condition = conditionOf(expr.condition);
  if (condition === undefined) return undefined;
  if (then === 1 && otherwise === 0) return condition;
  return then === 0 && otherwise === 1 ? { kind: 'not', operand: condition } : undefined;
}

/** Whether no assignment of the sub-expressions makes both conditions true. */
export function excludeEachOther(a: Condition, b: Condition): boolean {
  const atoms = [...new Set([...atomsOf(a), ...atomsOf(b)])];
  if (atoms.length > MAX_ATOMS) return false;
  for (let assignment = 0; assignment < 2 ** atoms.length; assignment++) {
    const value = (key: string) => ((assignment >> atoms.indexOf(key)) & 1) === 1;
    if (holds(a, value) && holds(b, value)) return false;
  }
  return true;
}

function countOf(expr: Expr): number | undefined {
  const inner = withoutParens(expr);
  return inner.kind === 'literal' && (inner.value === 0 || inner.value === 1) ? inner.value : undefined;
}

function conditionOf(expr: Expr): Condition | undefined {
  const inner = withoutParens(expr);
  if (inner.kind === 'literal' && typeof inner.value === 'boolean') return { kind: 'constant', value: inner.value };
  if (inner.kind === 'unary' && inner.operator === '!') {
    const operand = conditionOf(inner.operand);
    return operand === undefined ? undefined : { kind: 'not', operand };
  }
  if (inner.kind === 'binary' && (inner.operator === '&&' || inner.operator === '||')) {
    const [left, right] = [conditionOf(inner.left), conditionOf(inner.right)];
    return left === undefined || right === undefined ? undefined : { kind: inner.operator === '&&' ? 'and' : 'or', left, right };
  }
  if (inner.kind === 'binary' && (inner.operator === '==' || inner.operator === '!=')) {
    const [left, right] = [shape(inner.left), shape(inner.right)];
    if (left === undefined || right === undefined) return undefined;
    // `a == b` is `b == a`; `a != b` is its negation.
    const atom: Condition = { kind: 'atom', key: `==${JSON.stringify([left, right].sort())}` };
    return inner.operator === '==' ? atom : { kind: 'not', operand: atom };
  }
  const key = shape(inner);
  return key === undefined ? undefined : { kind: 'atom', key };
}

/** How an expression is written (positions and parentheses aside), or undefined where it calls a function whose value changes. */
function shape(expr: Expr): string | undefined {
  const called: string[] = [];
  const text = JSON.stringify(withoutParens(expr), (key, value: unknown) => {
    if (key === 'offset') return undefined;
    if (value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'parens' && 'expr' in value) return value.expr;
    if (value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'call' && 'name' in value && typeof value.name === 'string')
      called.push(builtInName(value.name));
    return value;
  });
  return called.some((name) => CHANGING.has(name)) ? undefined : text;
}

function atomsOf(condition: Condition): string[] {
  if (condition.kind === 'atom') return [condition.key];
  if (condition.kind === 'constant') return [];
  if (condition.kind === 'not') return atomsOf(condition.operand);
  return [...atomsOf(condition.left), ...atomsOf(condition.right)];
}

function holds(condition: Condition, value: (key: string) => boolean): boolean {
  if (condition.kind === 'atom') return value(condition.key);
  if (condition.kind === 'constant') return condition.value;
  if (condition.kind === 'not') return !holds(condition.operand, value);
  return condition.kind === 'and'
    ? holds(condition.left, value) && holds(condition.right, value)
    : holds(condition.left, value) || holds(condition.right, value);
}

function withoutParens(expr: Expr): Expr {
  let inner = expr;
  while (inner.kind === 'parens') inner = inner.expr;
  return inner;
}
