/**
 * Blocks switched on by conditions that cannot both hold: `count = var.pgp_key != "" ? 1 : 0` on one
 * key and `count = var.pgp_key == "" ? 1 : 0` on another (a module's usual pair of keys with and
 * without a PGP key), also with conditions they share (`var.create && var.pgp_key != ""`). Where the
 * condition is unknown (a variable without a value), whichever it turns out to be, one of them has no
 * instance (https://developer.hashicorp.com/terraform/language/meta-arguments/count), so neither is a
 * second key beside the other. Conditions are compared as written: in one module instance an
 * expression written twice has one value, except where it calls a function whose result changes on
 * every call (`uuid()`, `timestamp()`), which is never compared.
 *
 * The same holds element by element for blocks whose `for_each` filters one collection
 * (`{ for k, v in var.users : k => v if v.create_key }` on the keys, `... if !v.create_key` on the
 * login profiles): the instance of key `k` exists exactly when the filter holds for that element
 * (https://developer.hashicorp.com/terraform/language/expressions/for#filtering-elements), so where
 * the filters cannot both hold and each block's user is the one of its own key (`each.key`, or
 * `aws_iam_user.this[each.key].name`), no user has an instance of both (`for-each-filters.ts` reads
 * such a `for_each`).
 */
import { builtInName, type Expr } from '../expr/ast.js';
import { expressionShape } from '../expr/expression-shape.js';
import { parseTemplate } from './expr-api.js';
import { isUnknown, unmark, type TfValue } from '../expr/value.js';
import { and, excludeEachOther, not, oneAlwaysHolds, or, type Condition } from '../../core/exclusive-conditions.js';

/**
 * When an instance exists, and over what: `over` is empty for a whole instance (a `count` switch), and
 * for a `for_each` filter names the collection, the key and the user it is per element of; two switches
 * exclude each other only over the same thing.
 */
export interface Switch {
  readonly over: string;
  readonly when: Condition;
}

/** Functions whose every call may give another value (https://developer.hashicorp.com/terraform/language/functions). */
const CHANGING = new Set(['uuid', 'timestamp', 'plantimestamp', 'bcrypt']);

const NO_RENAMES: ReadonlyMap<string, string> = new Map();

/** What `existenceCondition` reads of the module instance a `count` is written in. */
export interface CountOperands {
  /** The value of an expression in the module instance. */
  readonly valueOf: (expr: Expr) => TfValue;
  /** The value written for a local value of the module (`local.has_pgp_key`), if it declares one. */
  readonly localValue: (name: string) => unknown;
  /** The type constraint and `nullable` of an input variable of the module, if it declares one. */
  readonly variable: (name: string) => { readonly type: string | undefined; readonly nullable: boolean } | undefined;
}

/**
 * When an instance exists, for a `count` written as a conditional of `1` and `0` (`C ? 1 : 0` is `C`,
 * `C ? 0 : 1` is `!C`; also in Terraform 0.11's `"${...}"`) or of such conditionals; else undefined.
 * Operands of the condition are read in the module instance: one whose value is known there is that
 * value (`var.create_user && var.pgp_key != ""` with `var.create_user` true is `var.pgp_key != ""`),
 * and a local value that is not known is the expression written for it (`local.encrypted` written as
 * `var.pgp_key != ""` is that comparison, so it excludes `var.pgp_key == ""` written elsewhere): in one
 * module instance a local value is that expression's one value.
 */
export function existenceCondition(written: unknown, module: CountOperands): Condition | undefined {
  const expr = writtenExpression(written);
  return expr === undefined ? undefined : existenceConditionOf(expr, module);
}

/** `existenceCondition` of a `count` expression already parsed. */
export function existenceConditionOf(expr: Expr, module: CountOperands): Condition | undefined {
  const operands = { ...module, inlined: 0 };
  const count = inlineLocals(expr, operands, 0);
  return count.expr.kind === 'conditional' ? switchOf(count.expr, operands, count.hops, true) : undefined;
}

/** Conditionals nested and local values followed deeper than this are not (as `count-bound.ts` does not). */
const MAX_DEPTH = 8;

/** Local values inlined into one `count`, at most: each may name others, so the expression could grow exponentially. */
const MAX_INLINED = 16;

/** The operands, with the local values inlined so far. */
interface Reading extends CountOperands {
  inlined: number;
}

/**
 * When a count of `1` and `0` and conditionals choosing among such counts is 1: `C ? A : B` is 1 where
 * `C` holds and `A` is 1, or `C` does not and `B` is 1 (`var.create ? (var.pgp_key != "" ? 1 : 0) : 0`
 * is `var.create && var.pgp_key != ""`). `evaluated` where the conditional is evaluated wherever the
 * count is (the outermost one): Terraform evaluates a conditional's condition, and only the branch it
 * chooses (a null condition in the other fails nothing).
 */
function switchOf(expr: Expr, operands: Reading, depth: number, evaluated: boolean): Condition | undefined {
  const count = inlineLocals(expr, operands, depth);
  const inner = count.expr;
  const literal = countOf(inner);
  if (literal !== undefined) return { kind: 'constant', value: literal === 1 };
  if (inner.kind !== 'conditional' || count.hops >= MAX_DEPTH) return undefined;
  const truthValues = (operand: Expr) => truthValuesOf(operand, operands, evaluated);
  const condition = conditionOf(withKnownOperands(inner.condition, operands, count.hops), NO_RENAMES, truthValues);
  const [then, otherwise] = [switchOf(inner.then, operands, count.hops + 1, false), switchOf(inner.else, operands, count.hops + 1, false)];
  if (condition === undefined || then === undefined || otherwise === undefined) return undefined;
  return or(and(condition, then), and(not(condition), otherwise));
}

/**
 * The expression with a local value that is not known replaced by the expression written for it, as
 * often as it is one (`hops` counts the steps taken toward `MAX_DEPTH`). Past `MAX_DEPTH` or
 * `MAX_INLINED`, and where no expression is written for it (undeclared, or a constant of a JSON file),
 * the local value stays as it is: a condition of its own, compared as written.
 */
function inlineLocals(expr: Expr, operands: Reading, hops: number): { expr: Expr; hops: number } {
  let [current, taken] = [withoutParens(expr), hops];
  while (isLocal(current) && taken < MAX_DEPTH && operands.inlined < MAX_INLINED && isUnknown(unmark(operands.valueOf(current)))) {
    const written = writtenExpression(operands.localValue(current.step.name));
    if (written === undefined) break;
    operands.inlined++;
    [current, taken] = [written, taken + 1];
  }
  return { expr: current, hops: taken };
}

function isLocal(expr: Expr): expr is Expr & { kind: 'traverse'; step: { kind: 'attr'; name: string } } {
  return expr.kind === 'traverse' && expr.step.kind === 'attr' && expr.target.kind === 'variable' && expr.target.name === 'local';
}

/** Whether two switches never both hold: over the same thing, on conditions that exclude each other. */
export function switchesExclude(a: Switch, b: Switch): boolean {
  return a.over === b.over && excludeEachOther(a.when, b.when);
}

/**
 * Whether one of two `count` switches always holds (`var.pgp_key != ""` and `var.pgp_key == ""`): of two
 * blocks switched by them in a module instance that exists, one has its instance whatever the unknown
 * values turn out to be. Never for a `for_each` filter, whose collection may be empty.
 */
export function switchesComplement(a: Switch, b: Switch): boolean {
  return a.over === '' && b.over === '' && oneAlwaysHolds(a.when, b.when);
}

/** An attribute's expression as written (a template of one interpolation is that expression), parentheses aside. */
export function writtenExpression(written: unknown): Expr | undefined {
  if (typeof written !== 'string') return undefined;
  const parsed = parseTemplate(written);
  if (!parsed.ok) return undefined;
  let expr = withoutParens(parsed.expr);
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'interpolation') expr = withoutParens(expr.parts[0].expr);
  return expr;
}

function countOf(expr: Expr): number | undefined {
  const inner = withoutParens(expr);
  return inner.kind === 'literal' && (inner.value === 0 || inner.value === 1) ? inner.value : undefined;
}

/**
 * The condition with each operand of `!`, `&&`, `||` and the comparisons whose value is a known
 * string, number, bool or null replaced by that literal, and each local value that is not known by
 * the expression written for it, read the same way.
 */
function withKnownOperands(expr: Expr, operands: Reading, hops: number): Expr {
  const inner = withoutParens(expr);
  if (inner.kind === 'literal') return inner;
  if (inner.kind === 'unary' && inner.operator === '!') return { ...inner, operand: withKnownOperands(inner.operand, operands, hops) };
  if (inner.kind === 'binary' && (LOGICAL.has(inner.operator) || ORDER.has(inner.operator) || inner.operator === '==' || inner.operator === '!='))
    return { ...inner, left: withKnownOperands(inner.left, operands, hops), right: withKnownOperands(inner.right, operands, hops) };
  const value = unmark(operands.valueOf(inner));
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return { kind: 'literal', offset: inner.offset, value };
  if (!isLocal(inner)) return inner;
  const written = inlineLocals(inner, operands, hops);
  return written.expr === inner ? inner : withKnownOperands(written.expr, operands, written.hops);
}

const LOGICAL = new Set(['&&', '||']);

/**
 * `names` renames variables (a `for` expression's own) before shapes are compared; `truthValues` says
 * which values an operand may take where it is one of a few (`truthValuesOf`), so that a truth test
 * of it is a comparison with `true`.
 */
export function conditionOf(expr: Expr, names: ReadonlyMap<string, string> = NO_RENAMES, truthValues: TruthValues = NONE): Condition | undefined {
  const inner = withoutParens(expr);
  if (inner.kind === 'literal' && typeof inner.value === 'boolean') return { kind: 'constant', value: inner.value };
  if (inner.kind === 'unary' && inner.operator === '!') {
    const operand = conditionOf(inner.operand, names, truthValues);
    return operand === undefined ? undefined : not(operand);
  }
  if (inner.kind === 'binary' && (inner.operator === '&&' || inner.operator === '||')) {
    const [left, right] = [conditionOf(inner.left, names, truthValues), conditionOf(inner.right, names, truthValues)];
    return left === undefined || right === undefined ? undefined : inner.operator === '&&' ? and(left, right) : or(left, right);
  }
  if (inner.kind === 'binary' && (inner.operator === '==' || inner.operator === '!=')) {
    const [l, r] = [literalOf(inner.left), literalOf(inner.right)];
    // Terraform's `==` compares type and value: `1 == "1"` is false.
    if (l !== undefined && r !== undefined) return { kind: 'constant', value: (l.value === r.value) === (inner.operator === '==') };
    const [left, right] = [shape(inner.left, names), shape(inner.right, names)];
    if (left === undefined || right === undefined) return undefined;
    // `a == b` is `b == a`; `a != b` is its negation.
    const atom = comparison(inner.left, inner.right, '==', names, truthValues) ?? { kind: 'atom', key: `==${JSON.stringify([left, right].sort())}` };
    return inner.operator === '==' ? atom : not(atom);
  }
  if (inner.kind === 'binary' && ORDER.has(inner.operator)) {
    const [l, r] = [literalOf(inner.left)?.value, literalOf(inner.right)?.value];
    if (typeof l === 'number' && typeof r === 'number') {
      const holds = { '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r }[inner.operator as '<' | '<=' | '>' | '>='];
      return { kind: 'constant', value: holds };
    }
    // `a <= n` is `!(a > n)`, `a >= n` is `!(a < n)`.
    const strict = inner.operator === '<' || inner.operator === '<=' ? '<' : '>';
    const atom = comparison(inner.left, inner.right, inner.operator.length === 1 ? strict : strict === '<' ? '>' : '<', names, truthValues);
    if (atom !== undefined) return inner.operator.length === 1 ? atom : not(atom);
  }
  const key = shape(inner, names);
  if (key === undefined) return undefined;
  // A truth test of a bool is its comparison with `true`; of null it fails the plan (`truthValuesOf`).
  const values = truthValues(inner);
  return values === undefined ? { kind: 'atom', key } : { kind: 'is', subject: key, value: 'true', oneOf: values.tested };
}

const ORDER = new Set(['<', '<=', '>', '>=']);

/**
 * A comparison of an expression with a literal, the expression first: a number compared by order
 * (`var.n > 0`: Terraform converts both sides to numbers, https://developer.hashicorp.com/terraform/language/expressions/operators#comparison-operators),
 * a count of elements (`length(x)`, a whole number of at least 0) compared with a number by `==`,
 * or a value equal to a literal (`var.env == "prod"`: one value equals one literal at most; `==`
 * compares without converting, so `"1" == 1` is false and these are kept apart from the numbers
 * compared by order). Undefined for anything else, and for numbers beyond exact doubles.
 */
function comparison(left: Expr, right: Expr, operator: '<' | '==' | '>', names: ReadonlyMap<string, string>, truthValues: TruthValues): Condition | undefined {
  const [l, r] = [literalOf(left), literalOf(right)];
  if ((l === undefined) === (r === undefined)) return undefined;
  const [subject, literal] = l === undefined ? [left, r] : [right, l];
  // `0 < a` is `a > 0`.
  const flipped = l === undefined ? operator : operator === '<' ? '>' : operator === '>' ? '<' : operator;
  const key = shape(subject, names);
  if (key === undefined || literal === undefined) return undefined;
  const natural = isLengthCall(subject);
  if (typeof literal.value === 'number' && (flipped !== '==' || natural)) {
    if (!Number.isFinite(literal.value) || Math.abs(literal.value) > Number.MAX_SAFE_INTEGER) return undefined;
    return { kind: 'compare', subject: key, operator: flipped, value: literal.value, natural };
  }
  if (flipped !== '==') return undefined;
  const values = truthValues(subject)?.compared;
  return { kind: 'is', subject: key, value: JSON.stringify(literal.value), ...(values === undefined ? {} : { oneOf: values }) };
}

/**
 * The values an operand of a `count` condition may take, as `is` conditions write them, where it is
 * an input variable declared `bool`: Terraform converts whatever is passed to `true` or `false`
 * (`"1"`, `"false"`), or refuses it, and it is null only where the variable is `nullable` (the
 * default; https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values).
 * So `var.rotate == false` is the negation of `var.rotate` but for null, which `==` compares without
 * failing (`compared`), while a truth test of null fails the plan ("Null condition"; `!`, `&&` and
 * `||` refuse null operands too, and evaluate both): where the test is `evaluated` wherever the count
 * is, a plan that succeeds has no null there (`tested`). A variable declared otherwise, or not at
 * all, is never compared so: `-var flag=false` gives the string `"false"`, which `== false` is not.
 */
function truthValuesOf(operand: Expr, operands: CountOperands, evaluated: boolean): { compared: readonly string[]; tested: readonly string[] } | undefined {
  const inner = withoutParens(operand);
  if (inner.kind !== 'traverse' || inner.step.kind !== 'attr' || inner.target.kind !== 'variable' || inner.target.name !== 'var') return undefined;
  const declared = operands.variable(inner.step.name);
  if (declared?.type === undefined || !/^\s*bool\s*$/.test(declared.type)) return undefined;
  const compared = declared.nullable ? TRUTH_OR_NULL : TRUTH;
  return { compared, tested: evaluated ? TRUTH : compared };
}

export type TruthValues = (operand: Expr) => ReturnType<typeof truthValuesOf>;

const NONE: TruthValues = () => undefined;
export const TRUTH: readonly string[] = ['true', 'false'];
export const TRUTH_OR_NULL: readonly string[] = ['true', 'false', 'null'];

/** A literal, or a negated number literal (`-1`). */
function literalOf(expr: Expr): { value: null | boolean | number | string } | undefined {
  const inner = withoutParens(expr);
  if (inner.kind === 'literal') return { value: inner.value };
  if (inner.kind === 'unary' && inner.operator === '-') {
    const operand = withoutParens(inner.operand);
    if (operand.kind === 'literal' && typeof operand.value === 'number') return { value: -operand.value };
  }
  return undefined;
}

/** `length(...)`: https://developer.hashicorp.com/terraform/language/functions/length returns a count. */
function isLengthCall(expr: Expr): boolean {
  const inner = withoutParens(expr);
  return inner.kind === 'call' && builtInName(inner.name) === 'length' && inner.args.length === 1 && !inner.expandFinal;
}

/** How an expression is written (positions and parentheses aside), or undefined where it calls a function whose value changes. */
export function shape(expr: Expr, names: ReadonlyMap<string, string> = NO_RENAMES): string | undefined {
  const called: string[] = [];
  const text = expressionShape(expr, names, called);
  return called.some((name) => CHANGING.has(name)) ? undefined : text;
}

export function withoutParens(expr: Expr): Expr {
  let inner = expr;
  while (inner.kind === 'parens') inner = inner.expr;
  return inner;
}
