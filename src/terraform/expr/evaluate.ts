/**
 * Evaluates expressions the way `terraform plan` does, with unknown values tracked honestly: anything
 * computed from an unknown is unknown, and failures (type mismatches, missing attributes, indexes out of
 * range) become `EvaluationError`s, which are unknowns with a reason
 * (https://developer.hashicorp.com/terraform/language/expressions). Never throws.
 */
import { ownRequire } from '../../core/own-module.cjs';
import { builtInName, type Expr } from './ast.js';
import { BudgetExceeded, EvalBudget, withBudget } from './eval-budget.js';
import { fail, objectFrom, toBool, toTemplateString } from './convert-value.js';
import { quoted } from './convert.js';
import { callFileSet, callPathFunction } from './file-function-calls.js';
import { applyBinary, applyLogical, applyUnary } from './evaluate-operators.js';
import { evaluateFor, renderTemplate } from './evaluate-for.js';
import { stepsExhausted, type Env, type EvalScope } from './evaluation-env.js';
import type * as BuiltInFunctions from './functions/index.js';
import { parseTemplate } from './parse-expression.js';
import { unifyConditional } from './unify-conditional.js';
import { MAX_NESTING, NODE_BUDGET_SPENT } from './source-cursor.js';
import { elementOfInstances, indexedInstance, positionalReader } from './indexed-instance.js';
import { ephemeralAsNull, templateFileCall, templateStringCall } from './template-calls.js';
import { evaluateCan, evaluateTry } from './catching-calls.js';
import { chainOf, describeReference, getAttribute, getIndex, rootReference, type RootReference } from './traverse-value.js';
import {
  TfSet,
  Unknown,
  awaitsVariables,
  concealFailure,
  isEvaluationError,
  isSensitive,
  isUnknown,
  markedIf,
  unmark,
  unmarkAll,
  unsetVariable,
  type TfValue,
} from './value.js';
import { appendAll } from '../../core/append-all.js';
import { asTupleOrObject } from './collection-kinds.js';
import { assumedExpression, assumedReference } from './assumed-values.js';
import { variableAttribute, variableElement } from './variable-reads.js';

export type { EvalScope } from './evaluation-env.js';
export type { RootReference } from './traverse-value.js';
export { references, referencesInJson } from './references.js';

const NO_LOCALS: ReadonlyMap<string, TfValue> = new Map();

// Terraform's built-in functions are a dozen modules a configuration without a single call never
// needs: a one-file pre-commit run should not pay for loading them (README, "Performance").
let builtIns: typeof BuiltInFunctions | undefined;

/**
 * Loads the built-in functions if `text` (a file, a variables file, a `-var` value) could call one:
 * a call is a name followed by `(`, so text without `(` cannot. Whoever reads text that is evaluated
 * later awaits this first; evaluation itself is synchronous.
 */
export async function loadFunctionsFor(text: string): Promise<void> {
  if (builtIns === undefined && text.includes('(')) builtIns = await import('./functions/index.js');
}

function callBuiltIn(name: string, args: readonly TfValue[]): TfValue {
  // A call whose text did not pass through `loadFunctionsFor` (a new reader that forgot it): loaded
  // synchronously, which Node supports for ES modules from 20.19 and 22.12 on.
  builtIns ??= ownRequire('../terraform/expr/functions/index.js') as typeof BuiltInFunctions;
  return builtIns.callFunction(name, args);
}

/**
 * Evaluation steps one top-level call may take (limit expressionSteps): real expressions take tens to
 * thousands; nested `for` expressions can take exponentially many.
 */
function newEnv(scope: EvalScope, names: Readonly<Record<string, TfValue>> | undefined): Env {
  const locals = names === undefined ? NO_LOCALS : new Map(Object.entries(names));
  const unit = scope.budget ?? new EvalBudget();
  return { scope, locals, splatItem: undefined, budget: { remaining: unit.limits.expressionSteps }, unit };
}

/**
 * `names` binds extra root names ahead of the scope, such as a `dynamic` block's iterator
 * (`setting.value`), which would otherwise read as a resource reference.
 */
export function evaluate(expr: Expr, scope: EvalScope, names?: Readonly<Record<string, TfValue>>): TfValue {
  const env = newEnv(scope, names);
  return guarded(env, () => evalIn(expr, env));
}

/**
 * A value in Terraform's JSON syntax (the native parser's output, `.tf.json`): strings are templates, arrays and
 * objects are evaluated element by element, object keys are templates too
 * (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping).
 */
export function evaluateJson(value: unknown, scope: EvalScope, names?: Readonly<Record<string, TfValue>>): TfValue {
  const env = newEnv(scope, names);
  return guarded(env, () => jsonIn(value, env, 0, templateIn));
}

/**
 * A JSON value with no evaluation context, as Terraform reads a variable definitions file
 * (`.tfvars.json`): strings and object keys are taken as written, never as templates (hashicorp/hcl
 * `json/structure.go`, `expression.Value`: "passing a nil context is how the caller specifies that
 * interpolations are not allowed and that the string should just be returned verbatim").
 */
export function literalJson(value: unknown, scope: EvalScope): TfValue {
  const env = newEnv(scope, undefined);
  return guarded(env, () => jsonIn(value, env, 0, (source) => source));
}

/**
 * Runs an evaluation with its unit budget active (built-in functions read it) and turns any exception
 * into an unknown: a JavaScript error (a RangeError from an allocation, a stack overflow) must never
 * escape an evaluation. Its message is not echoed, as it may quote a value. Any such error is
 * credlint's failure, not Terraform's, so the scan is incomplete: it is reported as a `parse-error`
 * at the expression (`beyondCapacity`). An internal error was a plain failed value, which no exit
 * code showed: `file("x\u0000")` threw a TypeError and the scan ended 'No problems found', exit 0.
 */
function guarded(env: Env, run: () => TfValue): TfValue {
  try {
    return withBudget(env.unit, run);
  } catch (error) {
    if (error instanceof BudgetExceeded) return env.unit.trip(error.limit, error.what);
    if (error instanceof RangeError) return env.unit.beyondCapacity('evaluation failed: the value is too large or too deeply nested');
    return env.unit.beyondCapacity(`evaluation failed: internal error (${error instanceof Error ? error.name : 'error'})`);
  }
}

/** How a JSON string is read: as a template (`templateIn`), or as written. */
type JsonString = (source: string, env: Env) => TfValue;

function jsonIn(value: unknown, env: Env, depth: number, string: JsonString): TfValue {
  if (depth > MAX_NESTING * 2) return fail(`the value is nested more than ${MAX_NESTING * 2} levels deep`);
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return string(value, env);
  if (Array.isArray(value)) return asTupleOrObject(env.unit.chargeValue(hoistFailure(value.map((item: unknown) => jsonIn(item, env, depth + 1, string)))));
  if (typeof value === 'object') {
    const entries: [string, TfValue][] = [];
    let pending: Unknown | undefined;
    let marked = false;
    for (const [rawKey, rawValue] of Object.entries(value)) {
      const keyValue = string(rawKey, env);
      // A key computed from a sensitive value marks the whole object: a key itself cannot carry a mark.
      marked ||= isSensitive(keyValue);
      const key = toTemplateString(unmark(keyValue), 'an object key');
      const item = jsonIn(rawValue, env, depth + 1, string);
      if (isEvaluationError(item)) return item;
      if (isUnknown(key)) {
        if (isEvaluationError(key)) return key;
        pending ??= key;
      } else {
        entries.push([key, item]);
      }
    }
    return pending ?? asTupleOrObject(env.unit.chargeValue(markedIf(objectFrom(entries), marked)));
  }
  return fail(`a ${typeof value} is not a Terraform JSON value`);
}

/**
 * Parsed templates by source: a module called many times (every `count`/`for_each` instance of every
 * call) evaluates the same strings again, and parsing costs more than evaluating. Cleared when full.
 */
const PARSED = new Map<string, { readonly maxNodes: number; readonly parsed: ReturnType<typeof parseTemplate> }>();
const PARSED_ENTRIES = 4_096;

/** `source` parsed with at most `maxNodes` nodes (a parse under another limit is not reused). */
function parsedTemplate(source: string, maxNodes: number): ReturnType<typeof parseTemplate> {
  const cached = PARSED.get(source);
  if (cached !== undefined && cached.maxNodes === maxNodes) return cached.parsed;
  const parsed = parseTemplate(source, maxNodes);
  if (PARSED.size >= PARSED_ENTRIES) PARSED.clear();
  PARSED.set(source, { maxNodes, parsed });
  return parsed;
}

function templateIn(source: string, env: Env): TfValue {
  const { parseNodes } = env.unit.limits;
  const parsed = parsedTemplate(source, parseNodes);
  if (!parsed.ok && parsed.message === NODE_BUDGET_SPENT)
    return env.unit.trip('parseNodes', `a template of more than ${parseNodes} expression nodes is not parsed`);
  if (!parsed.ok) return env.unit.invalidTemplate(`cannot parse ${quoted(source)}: ${parsed.message} (at offset ${parsed.offset})`);
  return evalIn(parsed.expr, env);
}

/** A failed element fails the whole collection (in Terraform the expression fails); unknowns stay elements. */
function hoistFailure(items: TfValue[]): TfValue {
  return items.find(isEvaluationError) ?? items;
}

/** Expression kinds that build a new value, whose size the unit's budget pays for. */
const BUILDS = new Set<Expr['kind']>(['template', 'tuple', 'object', 'splat', 'call', 'for']);

function evalIn(expr: Expr, env: Env): TfValue {
  env.budget.remaining -= 1;
  if (env.budget.remaining < 0) return stepsExhausted(env);
  if (env.unit.stepPastDeadline()) return env.unit.deadlineUnknown();
  const value = evalKind(expr, env);
  return BUILDS.has(expr.kind) ? env.unit.chargeValue(value) : value;
}

const INEXACT = {
  whole: "a whole number with more digits than credlint's numbers keep (past 2^53)",
  decimal: "a number with more digits than credlint's numbers keep (Terraform's are exact to 512 bits)",
};

function evalKind(expr: Expr, env: Env): TfValue {
  switch (expr.kind) {
    case 'literal':
      return expr.inexact === undefined ? expr.value : new Unknown(INEXACT[expr.inexact]);
    case 'parens':
      return evalIn(expr.expr, env);
    case 'template':
      return renderTemplate(expr.parts, env, evalIn);
    case 'tuple':
      return asTupleOrObject(hoistFailure(expr.items.map((item) => evalIn(item, env))));
    case 'object':
      return asTupleOrObject(evaluateObject(expr, env));
    case 'variable':
    case 'traverse':
      return evaluateChain(expr, env);
    case 'splat':
      return evaluateSplat(expr, env);
    case 'splat-item':
      return env.splatItem === undefined ? fail('a splat element outside a splat') : env.splatItem.value;
    case 'call':
      return assumedExpression(expr, env) ?? evaluateCall(expr, env);
    case 'unary': {
      const { values, marked } = unmarkAll([evalIn(expr.operand, env)]);
      const result = applyUnary(expr.operator, values[0] ?? null);
      return markedIf(concealFailure(result, marked, values, `the operand of "${expr.operator}"`), marked);
    }
    case 'binary': {
      const assumed = assumedExpression(expr, env);
      if (assumed !== undefined) return assumed;
      // An operator computes on the plain values; its result is marked if either operand was.
      const { values, marked } = unmarkAll([evalIn(expr.left, env), evalIn(expr.right, env)]);
      const [left = null, right = null] = values;
      const result = expr.operator === '&&' || expr.operator === '||' ? applyLogical(expr.operator, left, right) : applyBinary(expr.operator, left, right);
      return markedIf(concealFailure(result, marked, values, `the operator "${expr.operator}"`), marked);
    }
    case 'conditional':
      return evaluateConditional(expr, env);
    case 'for':
      return asTupleOrObject(evaluateFor(expr, env, evalIn));
  }
}

/**
 * `c ? a : b`. Failures in the branch not taken are ignored (`length(l) > 0 ? l[0] : ""`), but its type
 * still counts: the taken result is converted to the type both results unify to (`true ? 12 : "hello"`
 * is "12", `true ? ["a"] : toset([])` is a set), and results with no common type are an error
 * (https://developer.hashicorp.com/terraform/language/expressions/conditionals#result-types,
 * `unify-conditional.ts`).
 */
function evaluateConditional(expr: Extract<Expr, { kind: 'conditional' }>, env: Env): TfValue {
  const conditionValue = evalIn(expr.condition, env);
  // A sensitive condition marks the result: which branch was taken would tell the condition.
  const marked = isSensitive(conditionValue);
  const condition = toBool(unmark(conditionValue), 'the condition of "? :"');
  if (isUnknown(condition)) return unknownResult(concealFailure(condition, marked, [conditionValue], 'the condition of "? :"'));
  const chosenValue = evalIn(condition ? expr.then : expr.else, env);
  if (isUnknown(chosenValue)) return chosenValue;
  // Its failures are ignored, so it may read an instance that does not exist.
  const otherValue = evalIn(condition ? expr.else : expr.then, { ...env, catchesErrors: true });
  const unified = unifyConditional(chosenValue, otherValue, condition, env.budget);
  return unified === undefined ? stepsExhausted(env) : markedIf(unified, marked);
}

/**
 * The result of `c ? a : b` whose condition is unknown: unknown for the same reason, but what is known of
 * the condition's operand (`each.key == "ci0"` passes on each.key's "ci0" or "ci1") is not what is known of
 * either branch, so it is dropped. Failures and spent limits are kept as they are.
 */
function unknownResult(condition: TfValue): TfValue {
  if (!(condition instanceof Unknown) || condition.known === undefined || condition.constructor !== Unknown) return condition;
  // A root variable that nothing sets stays one: a plan may still be given its value (`unsetVariable`).
  return awaitsVariables(condition) ? unsetVariable(condition.reason) : new Unknown(condition.reason, condition.resourceAddress);
}

function evaluateObject(expr: Extract<Expr, { kind: 'object' }>, env: Env): TfValue {
  const entries: [string, TfValue][] = [];
  let pending: Unknown | undefined;
  let marked = false;
  for (const item of expr.items) {
    const keyValue = evalIn(item.key, env);
    marked ||= isSensitive(keyValue);
    const key = toTemplateString(unmark(keyValue), 'an object key');
    const value = evalIn(item.value, env);
    if (isEvaluationError(key)) return key;
    if (isEvaluationError(value)) return value;
    if (isUnknown(key)) pending ??= key;
    else entries.push([key, value]);
  }
  return pending ?? markedIf(objectFrom(entries), marked);
}

/** `root.a[0].b`: a `for` variable, or a reference the caller resolves, then the remaining steps. */
function evaluateChain(expr: Expr, env: Env): TfValue {
  const { root, steps } = chainOf(expr);
  let value: TfValue;
  let rest = steps;
  // How the first index step reads one instance of a block whose instances are unknown (`indexed-instance.ts`).
  let instanceAt: ((key: TfValue) => TfValue | undefined) | undefined;
  // How its first attribute step reads the one instance of a block `lifecycle { enabled }` switches,
  // or an attribute of an object variable whose value is not known.
  let enabledInstance: ((name: string) => TfValue | undefined) | undefined;
  const assumed = root.kind === 'variable' && !env.locals.has(root.name) ? assumedReference(expr, steps.length, env.scope.assumed) : undefined;
  if (assumed !== undefined) [value, rest] = [assumed.value, steps.slice(assumed.consumed)];
  else if (root.kind !== 'variable') {
    value = evalIn(root, env);
    instanceAt = positionalReader(root, env, evalIn);
  } else if (env.locals.has(root.name)) {
    value = env.locals.get(root.name) ?? null;
  } else {
    const reference = rootReference(root.name, steps);
    if (typeof reference === 'string') return fail(reference);
    value = resolve(env, reference.ref);
    rest = steps.slice(reference.consumed);
    const element = variableElement(reference.ref, value, env);
    instanceAt = (key) => indexedInstance(reference.ref, key, env, false) ?? element;
    const variable = reference.ref;
    enabledInstance = (name) => indexedInstance(variable, undefined, env, false) ?? variableAttribute(variable, value, name, env);
  }
  // Reading from a marked collection, or with a marked key, gives a marked result.
  let marked = false;
  for (const [position, step] of rest.entries()) {
    marked ||= isSensitive(value);
    value = unmark(value);
    if (step.kind === 'attr') {
      const instance = position === 0 && isUnknown(value) ? enabledInstance?.(step.name) : undefined;
      value = getAttribute(instance ?? value, step.name);
      continue;
    }
    let key: TfValue = step.kind === 'legacy-index' ? step.index : evalIn(step.key, env);
    if (isEvaluationError(key)) return key;
    // A sensitive key would show in the instance's address: that instance is not read.
    const keyMarked = isSensitive(key);
    marked ||= keyMarked;
    key = unmark(key);
    const instance = position === 0 && isUnknown(value) && !keyMarked ? instanceAt?.(key) : undefined;
    value = instance ?? getIndex(value, key);
  }
  // A failed step's reason may quote the key or a collection's content; with a mark, only say where.
  if (marked && isUnknown(value) && value.resourceAddress === undefined) return sensitiveFailure(value);
  return markedIf(value, marked);
}

function sensitiveFailure(value: Unknown): Unknown {
  const reason = 'an attribute or element of a sensitive value, or one selected by a sensitive key, cannot be read';
  return isEvaluationError(value) ? fail(reason) : new Unknown(reason);
}

function resolve(env: Env, ref: RootReference): TfValue {
  try {
    const value = env.scope.resolve(ref) as TfValue | undefined;
    return value === undefined ? fail(`${describeReference(ref)} is not declared`) : value;
  } catch (error) {
    // A JavaScript limit (the call stack, through a variable passed down hundreds of module levels) is
    // credlint's, not Terraform's: reported like any other, never left as an unknown no exit code shows.
    if (error instanceof RangeError) return env.unit.beyondCapacity(`cannot resolve ${describeReference(ref)}: the value is too large or too deeply nested`);
    return fail(`cannot resolve ${describeReference(ref)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * `[*]` and `.*`: the traversal applies to every element of a list or set; a null value gives an empty
 * list and any other single value is treated as a one-element list
 * (https://developer.hashicorp.com/terraform/language/expressions/splat#single-values-as-lists).
 */
function evaluateSplat(expr: Extract<Expr, { kind: 'splat' }>, env: Env): TfValue {
  const targetValue = evalIn(expr.target, env);
  const target = unmark(targetValue);
  if (isUnknown(target)) return target;
  if (target === null) return [];
  const elements: readonly TfValue[] = Array.isArray(target) ? (target as readonly TfValue[]) : target instanceof TfSet ? target.items : [target];
  return markedIf(hoistFailure(elements.map((element) => evalIn(expr.each, { ...env, splatItem: { value: element } }))), isSensitive(targetValue));
}

function evaluateCall(expr: Extract<Expr, { kind: 'call' }>, env: Env): TfValue {
  if (expr.name === 'try') return evaluateTry(expr.args, env, evalIn);
  if (expr.name === 'can') return evaluateCan(expr.args, env, evalIn);
  const name = builtInName(expr.name);
  if (name.includes('::')) return new Unknown(`the provider-defined function ${name} is not supported`);
  const picked = name === 'element' ? elementOfInstances(expr, env, evalIn) : undefined;
  if (picked !== undefined) return picked;
  if (name === 'templatestring') return templateStringCall(expr, env, evalIn, templateIn);
  const args = expr.args.map((arg) => evalIn(arg, env));
  const failed = args.find(isEvaluationError);
  if (failed !== undefined) return failed;
  if (expr.expandFinal) {
    const lastValue = args.pop() ?? null;
    const last = unmark(lastValue);
    if (isUnknown(last)) return last;
    // The elements of a marked list are marked too, so the call's result is.
    const item = (element: TfValue): TfValue => markedIf(element, isSensitive(lastValue));
    if (Array.isArray(last)) appendAll(args, (last as readonly TfValue[]).map(item));
    else if (last instanceof TfSet) appendAll(args, last.items.map(item));
    else return fail(`the argument expanded with "..." in ${name}() must be a list or set, not a ${last === null ? 'null value' : typeof last}`);
  }
  const readFile = env.scope.pathFunctions?.file;
  if (name === 'templatefile' && readFile !== undefined) {
    // Terraform refuses templatefile inside a template it renders (no recursion).
    if (env.scope.insideTemplateFile === true) return fail('templatefile(): cannot be called from a template file');
    return templateFileCall(args, readFile, env, templateIn);
  }
  if (name === 'ephemeralasnull') return ephemeralAsNull(args, env, expr.args[0]);
  const pathFunction = name === 'file' || name === 'filebase64' || name === 'fileexists' ? env.scope.pathFunctions?.[name] : undefined;
  if (pathFunction !== undefined) return callPathFunction(name, args, pathFunction);
  const fileSet = name === 'fileset' ? env.scope.pathFunctions?.fileset : undefined;
  if (fileSet !== undefined) return callFileSet(args, fileSet);
  return callBuiltIn(name, args);
}
