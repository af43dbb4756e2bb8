/**
 * What the one instance of a block switched by its `count` may take for granted: it exists only where
 * the condition holds (https://developer.hashicorp.com/terraform/language/meta-arguments/count), so a
 * value the condition equates with a literal is that literal inside the instance. With
 * `count = var.user_name == "None" ? 1 : 0`, `user = var.user_name` is "None" wherever the key exists:
 * never root, and never another user's key. Only comparisons that must hold are taken: the condition's
 * own, each term of `&&`, and each negated term of `||` under a negation (`var.user_name != "ci" ? 0 : 1`
 * is `var.user_name == "ci"`). Terraform's `==` compares type and value (`"1" == 1` is false), so the
 * value is the literal itself. A value compared otherwise (`!=` alone, `length(...) > 0`) is not one
 * value: `var.user_name != "root"` still lets `Root` through, which IAM takes for the same name.
 *
 * The same comparison or test written again inside the instance has the answer it had in the count
 * (`var.pgp_key != null ? 1 : 0`, then `var.pgp_key != null ? var.pgp_key : ...`), a call compared in
 * it is the literal (`lower(var.u) == "ci"`, then `user = lower(var.u)`), and a string variable the
 * condition tests as a `validation` condition would (`contains(["ci", "deploy"], var.u)`,
 * `can(regex("^ci-", var.u))`, `lower(var.u) == "ci"`) passes that test there (`validation-condition.ts`).
 */
import type { Condition } from '../../core/exclusive-conditions.js';
import { knownPartsOfTest } from '../../core/tested-known-parts.js';
import type { ValueTest } from '../../core/value-tests.js';
import type { Expr } from '../expr/ast.js';
import { expressionShape } from '../expr/expression-shape.js';
import { parseExpression } from '../expr/parse-expression.js';
import { references } from '../expr/references.js';
import { isEvaluationError, isList, isObject, isUnknown, TfSet, unmark, Unknown, type TfValue } from '../expr/value.js';
import { existenceCondition, existenceConditionOf, writtenExpression, type CountOperands } from './exclusive-counts.js';
import { conditionTest } from './validation-condition.js';

/** What the one instance of a call or block whose `count` is `written` may take for granted, where that count is a switch. */
export function countAssumptions(written: unknown, operands: CountOperands): ReadonlyMap<string, TfValue> | undefined {
  const when = existenceCondition(written, operands);
  return when === undefined ? undefined : assumedValues(when, operands);
}

/**
 * What every instance of a block whose `for_each` is `written` may take for granted, where it is a
 * switch `C ? X : Y` of one known empty collection and another (`for_each = var.u == "None" ?
 * toset(["main"]) : []`, `? var.keys : {}`): it has instances only where `C` holds (or fails), as a
 * `count` of `C ? 1 : 0` (`0` for the empty one).
 */
export function forEachAssumptions(written: unknown, operands: CountOperands): ReadonlyMap<string, TfValue> | undefined {
  const expr = writtenExpression(written);
  if (expr?.kind !== 'conditional') return undefined;
  const [then, otherwise] = [elementCount(operands.valueOf(expr.then)), elementCount(operands.valueOf(expr.else))];
  // Any instance comes from the other result, whatever it is: where that one is empty too, there is none.
  if ((then === 0) === (otherwise === 0)) return undefined;
  const count = (size: number | undefined): Expr => ({ kind: 'literal', offset: 0, value: size === 0 ? 0 : 1 });
  const when = existenceConditionOf({ ...expr, then: count(then), else: count(otherwise) }, operands);
  return when === undefined ? undefined : assumedValues(when, operands);
}

/** How many elements a known collection has; undefined for anything else. */
function elementCount(given: TfValue): number | undefined {
  const value = unmark(given);
  if (value instanceof TfSet) return value.items.length;
  if (isList(value)) return value.length;
  return isObject(value) ? Object.keys(value).length : undefined;
}

/** What holds of one subject (a shape, `expressionShape`) wherever the condition does. */
interface Facts {
  /** Literals (as JSON) it equals: two mean the condition never holds. */
  readonly equals: Set<string>;
  /** Literals it does not equal. */
  readonly differs: Set<string>;
  /** Its truth, as a test (`contains(...)`, `can(...)`, an untyped variable); both where it is tested both ways. */
  readonly truth: Set<boolean>;
}

/**
 * The values a condition's holding pins, by the shape of what they are the value of: a reference or a
 * call equated with a literal, a comparison or a call tested in the condition (its answer), and a
 * string variable the condition tests (what is known of it). `operands` reads the module instance.
 */
export function assumedValues(when: Condition, operands?: CountOperands): ReadonlyMap<string, TfValue> {
  const facts = new Map<string, Facts>();
  collect(when, true, facts);
  const assumed = new Map<string, TfValue>();
  const tests = new Map<string, ValueTest[]>();
  for (const [subject, fact] of facts) {
    // Two literals for one value, or a test both true and false: the condition never holds, and the instance never exists.
    if (fact.equals.size > 1 || fact.truth.size > 1) continue;
    const parsed = JSON.parse(subject) as Expr;
    const [equal] = fact.equals;
    if (equal !== undefined) {
      assumed.set(subject, JSON.parse(equal) as TfValue);
      // `try(var.u, "None")` is `var.u` wherever `var.u` is not null, which a literal other than null says.
      const tried = triedVariable(parsed);
      if (tried !== undefined && equal !== 'null') assumed.set(expressionShape(tried), JSON.parse(equal) as TfValue);
    }
    for (const value of fact.equals) answer(assumed, parsed, value, true);
    for (const value of fact.differs) answer(assumed, parsed, value, false);
    const [truth] = fact.truth;
    if (truth !== undefined && parsed.kind === 'call') assumed.set(subject, truth);
    if (operands !== undefined) testsOf(parsed, fact, operands, tests);
  }
  if (operands !== undefined) for (const [name, found] of tests) pinVariable(name, found, operands, assumed);
  return assumed;
}

/** Adds to `into` the facts that hold wherever `condition` is `holds`. */
function collect(condition: Condition, holds: boolean, into: Map<string, Facts>): void {
  const of = (subject: string): Facts => {
    let facts = into.get(subject);
    if (facts === undefined) into.set(subject, (facts = { equals: new Set(), differs: new Set(), truth: new Set() }));
    return facts;
  };
  switch (condition.kind) {
    case 'is':
      // A truth test read as a comparison with `true` (a `bool` variable) is such a comparison too.
      (holds ? of(condition.subject).equals : of(condition.subject).differs).add(condition.value);
      return;
    case 'atom':
      // A comparison of two expressions (`==[...]`) is kept as an atom of its own: not a shape.
      if (condition.key.startsWith('{')) of(condition.key).truth.add(holds);
      return;
    case 'not':
      collect(condition.operand, !holds, into);
      return;
    case 'and':
    case 'or':
      // `a && b` holding, or `a || b` failing, says something of each of them.
      if ((condition.kind === 'and') === holds) for (const operand of condition.operands) collect(operand, holds, into);
      return;
    default:
      return;
  }
}

/** Takes for granted the answer of `subject == value` and `subject != value`, written either way round: `equal` where they are equal. */
function answer(assumed: Map<string, TfValue>, subject: Expr, value: string, equal: boolean): void {
  const literal: Expr = { kind: 'literal', offset: 0, value: JSON.parse(value) as null | boolean | number | string };
  for (const operator of ['==', '!='] as const)
    for (const [left, right] of [
      [subject, literal],
      [literal, subject],
    ] as const)
      assumed.set(expressionShape({ kind: 'binary', offset: 0, operator, left, right }), (operator === '==') === equal);
}

/** `var.x` of `try(var.x, ...)`: reading a variable itself never fails, so `try` gives its value. */
function triedVariable(expr: Expr): Expr | undefined {
  if (expr.kind !== 'call' || expr.name !== 'try' || expr.expandFinal || expr.args.length < 2) return undefined;
  const [first] = expr.args;
  return first?.kind === 'traverse' && first.target.kind === 'variable' && first.target.name === 'var' && first.step.kind === 'attr' ? first : undefined;
}

/** Adds the tests the facts of `subject` state of each variable it reads, as a `validation` condition would. */
function testsOf(subject: Expr, facts: Facts, operands: CountOperands, into: Map<string, ValueTest[]>): void {
  const literal = (value: string): Expr => ({ kind: 'literal', offset: 0, value: JSON.parse(value) as null | boolean | number | string });
  const conditions: { expr: Expr; holds: boolean }[] = [
    ...[...facts.equals].map((value) => ({ expr: equation(subject, literal(value)), holds: true })),
    ...[...facts.differs].map((value) => ({ expr: equation(subject, literal(value)), holds: false })),
    ...(subject.kind === 'call' ? [...facts.truth].map((holds) => ({ expr: subject, holds })) : []),
  ];
  const evaluate = (expr: Expr): TfValue => operands.valueOf(expr);
  for (const ref of references(subject)) {
    if (ref.kind !== 'var') continue;
    for (const { expr, holds } of conditions) {
      const test = conditionTest(expr, { variable: ref.name }, evaluate);
      if (test === undefined) continue;
      const found = into.get(ref.name) ?? [];
      found.push(holds ? test : { kind: 'not', test });
      into.set(ref.name, found);
    }
  }
}

function equation(left: Expr, right: Expr): Expr {
  return { kind: 'binary', offset: 0, operator: '==', left, right };
}

/**
 * Takes for granted what the tests tell of string variable `name` where its value is not known and
 * nothing else is known of it: the one value they let through, or what is known of the values.
 */
function pinVariable(name: string, tests: readonly ValueTest[], operands: CountOperands, assumed: Map<string, TfValue>): void {
  const parsed = parseExpression(`var.${name}`);
  if (!parsed.ok) return;
  const reference = parsed.expr;
  const shape = expressionShape(reference);
  if (assumed.has(shape)) return;
  const type = operands.variable(name)?.type;
  if (type !== undefined && type.trim() !== 'string') return;
  const value = unmark(operands.valueOf(reference));
  // A failure (an undeclared variable) stays one.
  if (!isUnknown(value) || value.known !== undefined) return;
  const { reason } = value;
  if (isEvaluationError(value)) return;
  const [only] = tests;
  const parts = only === undefined ? undefined : knownPartsOfTest(tests.length === 1 ? only : { kind: 'all', tests });
  if (parts === undefined) return;
  const [one, other] = parts.oneOf ?? [];
  assumed.set(shape, one !== undefined && other === undefined ? one : new Unknown(reason, undefined, parts));
}
