/**
 * `for` expressions and template directives
 * (https://developer.hashicorp.com/terraform/language/expressions/for,
 * https://developer.hashicorp.com/terraform/language/expressions/strings#directives).
 */
import type { Expr, TemplatePart } from './ast.js';
import { sortedKeys, aTypeName } from './convert.js';
import { fail, objectFrom, toBool, toTemplateString } from './convert-value.js';
import { stepsExhausted, type Env, type EvalIn } from './evaluation-env.js';
import { LimitUnknown, stringNodes } from './eval-budget.js';
import { concatKnownParts, type Piece } from '../../core/known-parts.js';
import { TfSet, Unknown, concealFailure, isEvaluationError, isObject, isSensitive, isUnknown, markedIf, unmark, type TfValue } from './value.js';
import { nfc } from './normalize-strings.js';
import { writtenReference } from './traverse-value.js';
import { PartialMap, PartialSet, PartialTuple, isPartial, type PartialEntry } from './partial-collection.js';

type ForExpr = Extract<Expr, { kind: 'for' }>;

/**
 * The key/value pairs a `for` iterates: a list's index and element, a map's keys in lexical order, a
 * set's elements (key and value both the element) in the set's order.
 */
export function iterationPairs(collection: TfValue): { readonly key: TfValue; readonly value: TfValue }[] | Unknown {
  if (isUnknown(collection)) return collection;
  if (collection === null) return fail('cannot iterate over a null value in a for expression');
  if (Array.isArray(collection)) return (collection as readonly TfValue[]).map((value, index) => ({ key: index, value }));
  if (collection instanceof TfSet) return collection.items.map((value) => ({ key: value, value }));
  if (isObject(collection)) return sortedKeys(collection).map((key) => ({ key, value: collection[key] ?? null }));
  return fail(`cannot iterate over ${aTypeName(collection)} in a for expression; a list, set or map is required`);
}

/** Each iteration costs a step, so that even a loop whose body never evaluates anything ends. */
function exhausted(env: Env): Unknown | undefined {
  env.budget.remaining -= 1;
  return env.budget.remaining < 0 ? stepsExhausted(env) : undefined;
}

function bind(env: Env, keyVar: string | undefined, valueVar: string, key: TfValue, value: TfValue): Env {
  const locals = new Map(env.locals);
  if (keyVar !== undefined) locals.set(keyVar, key);
  locals.set(valueVar, value);
  return { ...env, locals };
}

/**
 * A `for` over a marked collection, or whose condition or key is marked, gives a marked result (as
 * HCL marks it); marked elements stay marked in the result.
 */
export function evaluateFor(expr: ForExpr, env: Env, evalIn: EvalIn): TfValue {
  const collection = evalIn(expr.collection, env);
  const state = { marked: isSensitive(collection) };
  const result = evaluateForItems(expr, env, evalIn, unmark(collection), state);
  // Terraform refuses a sensitive for_each: a marked map's entries are never followed.
  return markedIf(state.marked ? plainUnknown(result) : result, state.marked);
}

function evaluateForItems(expr: ForExpr, env: Env, evalIn: EvalIn, collection: TfValue, state: { marked: boolean }): TfValue {
  const pairs: readonly { readonly key: TfValue; readonly value: TfValue; readonly certain?: boolean }[] | Unknown =
    partialPairs(expr, collection) ?? iterationPairs(collection);
  if (isUnknown(pairs)) return plainUnknown(pairs);
  const items: TfValue[] = [];
  // Of a tuple with unknown conditions: every element it may have, in order.
  const listed: { value: TfValue; certain: boolean }[] = [];
  const groups = new Map<string, TfValue[]>();
  const entries = new Map<string, TfValue>();
  // Entries of a map whose conditions are unknown, and the first such condition.
  const maybe = new Map<string, TfValue>();
  let undecided: Unknown | undefined;
  for (const pair of pairs) {
    const stop = exhausted(env);
    if (stop !== undefined) return stop;
    const inner = bind(env, expr.keyVar, expr.valueVar, pair.key, pair.value);
    // An element of a partly filtered collection that is there only where its own condition holds.
    let uncertain = pair.certain === false;
    if (uncertain && isPartial(collection)) undecided ??= new Unknown(collection.reason);
    if (expr.condition !== undefined) {
      const condition = evalIn(expr.condition, inner);
      state.marked ||= isSensitive(condition);
      const keep = toBool(unmark(condition), 'the for expression\'s "if" condition');
      if (isUnknown(keep)) {
        // An unknown condition leaves the result's length unknown, so the whole result is unknown; but
        // a map (not grouped) or tuple still knows its other elements and this one (`partial-collection.ts`).
        const partial = !expr.grouping && !isSensitive(condition) && keep.constructor === Unknown;
        if (!partial) return plainUnknown(concealFailure(keep, isSensitive(condition), [condition], 'the for expression\'s "if" condition'));
        undecided ??= keep;
        uncertain = true;
      } else if (!keep) continue;
    }
    if (expr.keyExpr === undefined) {
      const value = evalIn(expr.valueExpr, inner);
      if (isEvaluationError(value)) return uncertain ? plainUnknown(undecided ?? value) : value;
      if (!uncertain) items.push(value);
      listed.push({ value, certain: !uncertain });
      continue;
    }
    const keyValue = evalIn(expr.keyExpr, inner);
    state.marked ||= isSensitive(keyValue);
    const key = toTemplateString(unmark(keyValue), "the for expression's key");
    if (isUnknown(key)) return plainUnknown(concealFailure(key, isSensitive(keyValue), [keyValue], "the for expression's key"));
    const value = evalIn(expr.valueExpr, inner);
    if (isEvaluationError(value)) return uncertain ? plainUnknown(undecided ?? value) : value;
    if (uncertain) {
      // Two entries of one key fail the plan where both are kept: only distinct keys are followed.
      if (maybe.has(key) || entries.has(key)) return plainUnknown(undecided ?? new Unknown('a for expression key'));
      maybe.set(key, value);
    } else if (expr.grouping) {
      const group = groups.get(key) ?? [];
      group.push(value);
      groups.set(key, group);
    } else if (entries.has(key) || maybe.has(key)) {
      if (maybe.has(key)) return plainUnknown(undecided ?? new Unknown('a for expression key'));
      // The key is not quoted: it may come from a sensitive value.
      return fail('duplicate key in the for expression; add "..." after the value expression to group values by key');
    } else {
      entries.set(key, value);
    }
  }
  if (undecided !== undefined) return expr.object ? partialMap(undecided, entries, maybe) : new PartialTuple(undecided.reason, listed);
  if (!expr.object) return items;
  return expr.grouping ? objectFrom(groups) : objectFrom(entries);
}

/**
 * The pairs a `for` iterates over a partly filtered collection (`partial-collection.ts`): in every plan
 * the collection is known, and holds its certain elements and some of the others, in the same order, so
 * the loop runs over each of those, uncertain where the element is. A map's entries and a set's elements
 * are their own keys. A tuple's index (`i` of `for i, v in ...`) is known up to its first uncertain
 * element (that one included: every element before it is there in every plan), and unknown after it,
 * where it depends on which elements are kept. A `for` that groups is not followed. Undefined for any
 * other collection.
 */
function partialPairs(expr: ForExpr, collection: TfValue): { key: TfValue; value: TfValue; certain: boolean }[] | Unknown | undefined {
  if (!isPartial(collection)) return undefined;
  if (expr.grouping) return new Unknown(collection.reason);
  if (collection instanceof PartialMap) return collection.entries.map(({ key, value, certain }) => ({ key, value, certain }));
  if (collection instanceof PartialSet) return collection.elements.map(({ value, certain }) => ({ key: value, value, certain }));
  const firstUncertain = collection.items.findIndex((item) => !item.certain);
  return collection.items.map(({ value, certain }, index) => ({
    key: firstUncertain === -1 || index <= firstUncertain ? index : new Unknown(collection.reason),
    value,
    certain,
  }));
}

/** A map of partly known entries, in the lexical order of its keys (as a map iterates). */
function partialMap(undecided: Unknown, certain: ReadonlyMap<string, TfValue>, maybe: ReadonlyMap<string, TfValue>): PartialMap {
  const all: PartialEntry[] = [
    ...[...certain].map(([key, value]) => ({ key, value, certain: true })),
    ...[...maybe].map(([key, value]) => ({ key, value, certain: false })),
  ];
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new PartialMap(undecided.reason, all);
}

/** Any other value computed from a map of partly known entries is unknown, without its entries. */
export function plainUnknown<T extends TfValue>(value: T): T | Unknown {
  return isPartial(value) ? new Unknown(value.reason) : value;
}

/**
 * A template's string. An unknown part makes the string unknown; a failure anywhere fails it (the
 * first failure wins over earlier unknowns, as Terraform reports errors before it plans unknowns).
 */
export function renderTemplate(parts: readonly TemplatePart[], env: Env, evalIn: EvalIn): TfValue {
  const out: Piece[] = [];
  const built = { length: 0, marked: false };
  const problem = renderInto(parts, env, evalIn, out, built);
  // A string built from a marked part (or shaped by a marked condition or collection) is marked.
  if (problem === undefined) return markedIf(nfc(out.map((piece) => (typeof piece === 'string' ? piece : '')).join('')), built.marked);
  return withKnownParts(problem, out, built.marked);
}

/**
 * An unknown template keeps what its literal text says of it (`"admin_${var.id}"` starts with
 * `admin_`). Not for a failure (an error stays that error, for `try`), a lone interpolation (Terraform
 * gives `"${x}"` the value of `x` itself), or a sensitive string (its parts are its value).
 */
function withKnownParts(problem: Unknown, out: readonly Piece[], marked: boolean): Unknown {
  if (problem.constructor !== Unknown || marked || out.length === 1) return problem;
  const known = concatKnownParts(out);
  return known === undefined ? problem : new Unknown(problem.reason, problem.resourceAddress, known);
}

/**
 * A `%{for}` directive repeats its body, so a template can grow far beyond its inputs: the length is
 * checked as the parts are appended, before the string is built.
 */
function append(text: string, env: Env, out: Piece[], built: { length: number; marked: boolean }): Unknown | undefined {
  built.length += text.length;
  if (stringNodes(built.length) > env.unit.limits.valueNodes)
    return env.unit.trip('valueNodes', `a template builds a string of more than ${built.length} characters`);
  out.push(text);
  return undefined;
}

function renderInto(parts: readonly TemplatePart[], env: Env, evalIn: EvalIn, out: Piece[], built: { length: number; marked: boolean }): Unknown | undefined {
  let pending: Unknown | undefined;
  const note = (value: Unknown): Unknown | undefined => {
    if (value instanceof LimitUnknown || isEvaluationError(value)) return value;
    pending ??= value;
    return undefined;
  };
  for (const part of parts) {
    let problem: Unknown | undefined;
    if (part.kind === 'text') {
      problem = append(part.value, env, out, built);
    } else if (part.kind === 'interpolation') {
      const value = evalIn(part.expr, env);
      built.marked ||= isSensitive(value);
      const written = writtenReference(part.expr);
      const text = toTemplateString(unmark(value), written === undefined ? 'an interpolated value' : `the interpolated value ${written}`);
      if (isUnknown(text)) {
        problem = note(text);
        // The unknown piece stands in the text with what is known of it.
        out.push(text);
      } else problem = append(text, env, out, built);
    } else if (part.kind === 'if') {
      const conditionValue = evalIn(part.condition, env);
      built.marked ||= isSensitive(conditionValue);
      const condition = toBool(unmark(conditionValue), 'the template "if" condition');
      if (isUnknown(condition)) {
        problem = note(concealFailure(condition, isSensitive(conditionValue), [conditionValue], 'the template "if" condition') as Unknown);
        // Either branch: nothing is known of the text here.
        out.push({});
      } else {
        const inner = renderInto(condition ? part.then : part.else, env, evalIn, out, built);
        if (inner !== undefined) problem = note(inner);
      }
    } else {
      const collection = evalIn(part.collection, env);
      built.marked ||= isSensitive(collection);
      const pairs = iterationPairs(unmark(collection));
      if (isUnknown(pairs)) {
        problem = note(pairs);
        out.push({});
      } else {
        for (const pair of pairs) {
          problem = exhausted(env);
          if (problem !== undefined) break;
          const inner = renderInto(part.body, bind(env, part.keyVar, part.valueVar, pair.key, pair.value), evalIn, out, built);
          if (inner !== undefined) problem = note(inner);
          if (problem !== undefined) break;
        }
      }
    }
    if (problem !== undefined) return problem;
  }
  return pending;
}
