import type { KnownParts } from '../../core/known-parts.js';
import { knownPartsOfTest } from '../../core/tested-known-parts.js';
import type { ValueTest } from '../../core/value-tests.js';
import { parseTemplate } from '../expr/parse-expression.js';
import { parseTypeConstraint } from '../expr/type-constraints.js';
import { isUnknown, unmark, type TfValue } from '../expr/value.js';
import { primitiveToBool } from '../expr/convert.js';
import type { VariableDecl } from './module-config.js';
import { builtInName, type Expr } from '../expr/ast.js';
import { conditionTest, namesVariable } from './validation-condition.js';

/**
 * What a variable's `validation` blocks tell of its value where credlint does not know it
 * (https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules).
 * Terraform stops the plan where a condition is false, so a variable validated by
 * `contains(["ci", "deploy"], var.role)` is one of those strings, whatever is given (README, "Rules": what
 * is known of an unknown name counts), as CloudFormation's `AllowedValues`; one validated by
 * `startswith(var.role, "svc-")` starts with that text, one validated by `var.role != "root"` is not
 * `root`; the forms read are in `validation-condition.ts`, with lists and texts that `evaluate` knows
 * (literals, locals, other variables); several blocks all hold. Undefined when no block says anything,
 * when no value passes them all, or when the variable is not a string.
 */
export function validatedValues(decl: VariableDecl, evaluate: (expr: Expr) => TfValue): KnownParts | undefined {
  if (decl.type !== undefined && decl.type.trim() !== 'string') return undefined;
  return knownPartsOfTests(conditions(decl).map((condition) => conditionTest(condition, { variable: decl.name }, evaluate)));
}

/**
 * What the `validation` blocks of a `list(string)` or `set(string)` variable tell of each element where
 * the variable's value is not known: a condition `alltrue([for v in var.names : <condition of v>])`
 * (beside others, with `&&`) holds of every element, read as `validatedValues` reads a string's
 * (`for_each = toset(var.names)` makes instances whose `each.value` passes it).
 */
export function validatedElements(decl: VariableDecl, evaluate: (expr: Expr) => TfValue): KnownParts | undefined {
  if (decl.type === undefined || !/^(list|set)\(\s*string\s*\)$/.test(decl.type.trim())) return undefined;
  return knownPartsOfTests(conditions(decl).map((condition) => elementTest(condition, decl.name, evaluate)));
}

/**
 * What the `validation` blocks of an object variable tell of its string `attribute` where the
 * variable's value is not known: conditions of `var.user.name` are read as `validatedValues` reads a
 * string variable's.
 */
export function validatedAttribute(decl: VariableDecl, attribute: string, evaluate: (expr: Expr) => TfValue): KnownParts | undefined {
  const type = decl.type === undefined ? undefined : parseTypeConstraint(decl.type);
  if (type?.kind !== 'object' || type.attributes[attribute]?.type.kind !== 'string') return undefined;
  return knownPartsOfTests(conditions(decl).map((condition) => conditionTest(condition, { variable: decl.name, attribute }, evaluate)));
}

/**
 * Whether the variable's value, where credlint knows it, fails one of its `validation` conditions:
 * Terraform then refuses the plan ("Invalid value for variable"), whatever gave the value (default,
 * variables file, module argument). `evaluate` evaluates a condition with the variable read as
 * `value`; a condition that is unknown or fails to evaluate says nothing here.
 */
export function failsValidation(decl: VariableDecl, evaluate: (condition: Expr) => TfValue): boolean {
  return conditions(decl).some((condition) => conditionFails(condition, evaluate));
}

/** The first of a variable's `validation` conditions that `evaluate` finds false, as `failsValidation` reads them. */
export function failingCondition(decl: VariableDecl, evaluate: (condition: Expr) => TfValue): Expr | undefined {
  return conditions(decl).find((condition) => conditionFails(condition, evaluate));
}

function conditionFails(condition: Expr, evaluate: (condition: Expr) => TfValue): boolean {
  const result = unmark(evaluate(condition));
  return !isUnknown(result) && primitiveToBool(result) === false;
}

/** The test `condition` states of every element of list variable `name`. */
function elementTest(condition: Expr, name: string, evaluate: (expr: Expr) => TfValue): ValueTest | undefined {
  let expr = condition;
  while (expr.kind === 'parens') expr = expr.expr;
  if (expr.kind === 'binary' && expr.operator === '&&') {
    const sides = [elementTest(expr.left, name, evaluate), elementTest(expr.right, name, evaluate)].filter((side) => side !== undefined);
    return sides.length === 2 ? { kind: 'all', tests: sides } : sides[0];
  }
  const [list] = expr.kind === 'call' && builtInName(expr.name) === 'alltrue' && expr.args.length === 1 && !expr.expandFinal ? expr.args : [];
  if (list?.kind !== 'for' || list.object || list.condition !== undefined || !namesVariable(list.collection, name)) return undefined;
  return conditionTest(list.valueExpr, { variable: name, element: list.valueVar }, evaluate);
}

/** The conditions of a variable's `validation` blocks, parsed. */
function conditions(decl: VariableDecl): Expr[] {
  const written = decl.body['validation'];
  const blocks: unknown[] = Array.isArray(written) ? written : written === undefined ? [] : [written];
  return blocks.flatMap((block) => {
    const condition = typeof block === 'object' && block !== null ? (block as Record<string, unknown>)['condition'] : undefined;
    const parsed = typeof condition === 'string' ? parseTemplate(condition) : undefined;
    return parsed?.ok === true ? [parsed.expr] : [];
  });
}

/** What passing every one of `found` (undefined: a condition not read) tells. */
function knownPartsOfTests(found: readonly (ValueTest | undefined)[]): KnownParts | undefined {
  const tests = found.filter((test) => test !== undefined);
  const [only] = tests;
  if (only === undefined) return undefined;
  return knownPartsOfTest(tests.length === 1 ? only : { kind: 'all', tests });
}
