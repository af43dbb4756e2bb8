/**
 * The per-element switch of a placeholder whose `for_each` filters a collection credlint does not
 * know (`exclusive-counts.ts` says why two such switches that cannot both hold keep a user from having
 * an instance of each). The instance of an element exists only where the filter holds for that element
 * (https://developer.hashicorp.com/terraform/language/expressions/for#filtering-elements); the switch
 * is that filter, over the collection and the user the instance is for, as a function of the element's
 * key. It only has to hold wherever the instance exists: a filter written elsewhere as well (on the
 * pairs of a `flatten`) may only narrow it.
 *
 * The `for_each` forms read, written directly or in local values:
 * - `{ for k, v in C : k => ... if F }` (no grouping), and `toset([for k, v in C : k if F])`: the
 *   instance's key is the element's;
 * - `{ for p in flatten([for u, cfg in C : [for x in ... : { user = u, ... }] if F]) : ... => p }`: each
 *   pair carries the key of the element it was made from, in the attribute the instance's user reads
 *   (`each.value.user`); a filter on the pairs (`if !p.console`) counts where each attribute it reads is
 *   written from the element alone (`console = cfg.console`);
 * - `merge(A, B, ...)` of such maps over one collection: an instance comes from one of them, so one of
 *   their filters holds.
 * The user is the element key's: `each.key`, or the user instance of that key
 * (`aws_iam_user.x[each.key].name`, `.id`, `.unique_id`: one user), which is `each.key` itself where that
 * user block is named `each.key`.
 */
import { builtInName, type Expr, type ObjectItem } from '../expr/ast.js';
import { parseTypeConstraint } from '../expr/type-constraints.js';
import type { TypeConstraint } from '../expr/type-shapes.js';
import { and, or, type Condition } from '../../core/exclusive-conditions.js';
import { conditionOf, shape, TRUTH, TRUTH_OR_NULL, withoutParens, writtenExpression, type Switch, type TruthValues } from './exclusive-counts.js';

/** What the reading needs of the module the block is declared in. */
export interface FilterModule {
  /** The type constraint written for an input variable of the module. */
  readonly variableType: (name: string) => string | undefined;
  /** The value written for a local value of the module (`local.humans`), if it declares one. */
  readonly localValue: (name: string) => unknown;
  /** The `name` written in the module's `aws_iam_user` block of this address, if it declares one. */
  readonly userName: (address: string) => unknown;
}

/** How the instance's user follows from the element: through its key (`each.key`) or an attribute of its value naming that key. */
type Via = { readonly kind: 'key' } | { readonly kind: 'attribute'; readonly name: string };

interface Filter {
  /** The shape of the collection filtered. */
  readonly collection: string;
  readonly when: Condition;
}

/** Local values followed from one `for_each`, at most (each may name others). */
const MAX_LOCALS = 8;

/** Names no Terraform identifier can take, for the element's key and value. */
const ELEMENT_KEY = '#key';
const ELEMENT_VALUE = '#value';
/** The value name a `for k in keys(C)` is read with (`keyIndexed`). */
const INDEXED_VALUE = '#indexed';

/** The switch of a placeholder of `for_each` and `user` written so; undefined where it is not one of the forms read. */
export function filterSwitch(forEach: unknown, user: unknown, module: FilterModule): Switch | undefined {
  const expr = writtenExpression(forEach);
  const userExpr = writtenExpression(user);
  const owner = userExpr === undefined ? undefined : elementUser(userExpr, module);
  if (expr === undefined || owner === undefined) return undefined;
  const filters = filtersOf(expr, owner.via, module, { locals: 0 });
  const [first, ...others] = filters ?? [];
  if (first === undefined || others.some((filter) => filter.collection !== first.collection)) return undefined;
  const when = others.reduce((either, filter) => or(either, filter.when), first.when);
  return { over: JSON.stringify(['for_each', first.collection, owner.user]), when };
}

/**
 * The user of an instance as a function of its element: `each.key`, `each.value.<a>` (a pair's), or the
 * name of the user instance they index; the same user written either way gets one text.
 */
function elementUser(expr: Expr, module: FilterModule): { via: Via; user: string } | undefined {
  const direct = viaOf(expr);
  if (direct !== undefined) return { via: direct, user: ELEMENT_KEY };
  if (expr.kind !== 'traverse' || expr.step.kind !== 'attr' || !['name', 'id', 'unique_id'].includes(expr.step.name)) return undefined;
  const indexed = expr.target;
  if (indexed.kind !== 'traverse' || indexed.step.kind !== 'index') return undefined;
  const via = viaOf(withoutParens(indexed.step.key));
  const block = indexed.target;
  if (via === undefined || block.kind !== 'traverse' || block.step.kind !== 'attr' || block.target.kind !== 'variable' || block.target.name !== 'aws_iam_user')
    return undefined;
  const address = `aws_iam_user.${block.step.name}`;
  // `aws_iam_user.x[K]` of a block named `each.key` is named K.
  const named = writtenExpression(module.userName(address));
  return { via, user: named !== undefined && viaOf(named)?.kind === 'key' ? ELEMENT_KEY : address };
}

function viaOf(expr: Expr): Via | undefined {
  if (expr.kind !== 'traverse' || expr.step.kind !== 'attr') return undefined;
  if (expr.step.name === 'key' && isVariable(expr.target, 'each')) return { kind: 'key' };
  const value = expr.target;
  if (value.kind === 'traverse' && value.step.kind === 'attr' && value.step.name === 'value' && isVariable(value.target, 'each'))
    return { kind: 'attribute', name: expr.step.name };
  return undefined;
}

/** The filters one of which holds for the element of each instance of `expr`; undefined where that is not known. */
function filtersOf(written: Expr, via: Via, module: FilterModule, followed: { locals: number }): Filter[] | undefined {
  const expr = keyIndexed(inlined(written, module, followed));
  if (expr.kind === 'call' && !expr.expandFinal && builtInName(expr.name) === 'merge') {
    const all: Filter[] = [];
    for (const arg of expr.args) {
      const inner = inlined(arg, module, followed);
      // `merge(..., {})` adds no instance.
      if (inner.kind === 'object' && inner.items.length === 0) continue;
      const filters = filtersOf(inner, via, module, followed);
      if (filters === undefined) return undefined;
      all.push(...filters);
    }
    return all;
  }
  if (expr.kind === 'call' && !expr.expandFinal && builtInName(expr.name) === 'toset' && expr.args.length === 1 && expr.args[0] !== undefined) {
    const list = keyIndexed(inlined(expr.args[0], module, followed));
    if (via.kind !== 'key' || list.kind !== 'for' || list.object || list.keyVar === undefined || !isVariable(withoutParens(list.valueExpr), list.keyVar))
      return undefined;
    return ownFilter(list, list.keyVar, module, followed);
  }
  if (expr.kind !== 'for' || !expr.object || expr.grouping) return undefined;
  if (via.kind === 'key') {
    const key = expr.keyExpr === undefined ? undefined : withoutParens(expr.keyExpr);
    return expr.keyVar !== undefined && key !== undefined && isVariable(key, expr.keyVar) ? ownFilter(expr, expr.keyVar, module, followed) : undefined;
  }
  return isVariable(withoutParens(expr.valueExpr), expr.valueVar) ? pairFilter(expr, via.name, module, followed) : undefined;
}

/**
 * The filter of a `for` whose results are keyed by the element's own key. Over a map that filters
 * another one and keeps its elements (`{ for k, v in local.robots : k => v if v.create_key }` with
 * `robots = { for k, v in var.users : k => v if !v.console }`), both filters hold for the element of
 * the collection underneath.
 */
function ownFilter(expr: Expr & { kind: 'for' }, keyVar: string, module: FilterModule, followed: { locals: number }): Filter[] | undefined {
  const when = elementCondition(expr.condition, keyVar, expr.valueVar, expr.collection, module, followed);
  if (when === undefined) return undefined;
  const collection = keyIndexed(inlined(expr.collection, module, followed));
  if (collection.kind === 'for' && collection.object && !collection.grouping && collection.keyVar !== undefined && keeps(collection, collection.keyVar)) {
    const [under, ...more] = ownFilter(collection, collection.keyVar, module, followed) ?? [];
    return under === undefined || more.length > 0 ? undefined : [{ collection: under.collection, when: and(under.when, when) }];
  }
  const written = shape(collection);
  return written === undefined ? undefined : [{ collection: written, when }];
}

/**
 * `for k in keys(C)` read as `for k, v in C` with each `C[k]` written as `v`: `keys` lists the map's
 * (or object's) keys (https://developer.hashicorp.com/terraform/language/functions/keys), so `k` is the
 * key of an element and `C[k]` that element's value. Any other `for` is returned as it is.
 */
export function keyIndexed(expr: Expr): Expr {
  if (expr.kind !== 'for' || expr.keyVar !== undefined) return expr;
  const listed = withoutParens(expr.collection);
  if (listed.kind !== 'call' || listed.expandFinal || builtInName(listed.name) !== 'keys' || listed.args.length !== 1 || listed.args[0] === undefined)
    return expr;
  const collection = listed.args[0];
  const written = shape(collection);
  if (written === undefined) return expr;
  const keyVar = expr.valueVar;
  const replace = (node: Expr): Expr => {
    if (node.kind === 'traverse' && node.step.kind === 'index' && isVariable(withoutParens(node.step.key), keyVar) && shape(node.target) === written)
      return { kind: 'variable', offset: node.offset, name: INDEXED_VALUE };
    return mapChildren(node, replace);
  };
  return {
    ...expr,
    keyVar,
    valueVar: INDEXED_VALUE,
    collection,
    keyExpr: expr.keyExpr === undefined ? undefined : replace(expr.keyExpr),
    valueExpr: replace(expr.valueExpr),
    condition: expr.condition === undefined ? undefined : replace(expr.condition),
  };
}

/** Whether a `for` gives each element under its own key as it is (`k => v`). */
function keeps(expr: Expr & { kind: 'for' }, keyVar: string): boolean {
  return expr.keyExpr !== undefined && isVariable(withoutParens(expr.keyExpr), keyVar) && isVariable(withoutParens(expr.valueExpr), expr.valueVar);
}

/**
 * `{ for p in flatten([for u, cfg in C : INNER if F]) : ... => p if G }` where every object INNER makes
 * has `<attribute> = u`: F, and G where it reads of `p` only attributes written from `u` and `cfg`.
 */
function pairFilter(expr: Expr & { kind: 'for' }, attribute: string, module: FilterModule, followed: { locals: number }): Filter[] | undefined {
  const flattened = inlined(expr.collection, module, followed);
  if (
    flattened.kind !== 'call' ||
    flattened.expandFinal ||
    builtInName(flattened.name) !== 'flatten' ||
    flattened.args.length !== 1 ||
    flattened.args[0] === undefined
  )
    return undefined;
  const outer = inlined(flattened.args[0], module, followed);
  if (outer.kind !== 'for' || outer.object || outer.keyVar === undefined) return undefined;
  const { keyVar } = outer;
  const made = madeObjects(outer.valueExpr, new Set([keyVar, outer.valueVar]));
  const carriesKey = ({ object }: Made): boolean => {
    const written = attributeOf(object, attribute);
    return written !== undefined && isVariable(withoutParens(written), keyVar);
  };
  if (made === undefined || !made.every(carriesKey)) return undefined;
  const own = elementCondition(outer.condition, keyVar, outer.valueVar, outer.collection, module, followed);
  const collection = collectionShape(outer.collection, module, followed);
  if (own === undefined || collection === undefined) return undefined;
  // The pairs' filter, with each attribute read of the pair replaced by what every pair writes for it.
  const [only, ...more] = made;
  const onPairs = only !== undefined && more.length === 0 && expr.condition !== undefined ? substitutePair(expr.condition, expr.valueVar, only) : undefined;
  const pairs = onPairs === undefined ? undefined : elementCondition(onPairs, keyVar, outer.valueVar, outer.collection, module, followed);
  return [{ collection, when: pairs === undefined ? own : and(own, pairs) }];
}

/** An object a `flatten` operand makes, and the names the `for` expressions around it bind. */
interface Made {
  readonly object: Expr & { kind: 'object' };
  readonly bound: ReadonlySet<string>;
}

/**
 * The objects a `flatten` operand makes, where it is objects in tuples and `for` tuples at any depth
 * (`flatten` removes every level of nesting) whose own names do not hide `outer` (the names of the
 * enclosing `for`); undefined for anything else.
 */
function madeObjects(written: Expr, outer: ReadonlySet<string>, bound: ReadonlySet<string> = new Set()): Made[] | undefined {
  const expr = withoutParens(written);
  if (expr.kind === 'object') return [{ object: expr, bound }];
  if (expr.kind === 'tuple') {
    const all: Made[] = [];
    for (const item of expr.items) {
      const made = madeObjects(item, outer, bound);
      if (made === undefined) return undefined;
      all.push(...made);
    }
    return all;
  }
  if (expr.kind !== 'for' || expr.object || outer.has(expr.valueVar) || (expr.keyVar !== undefined && outer.has(expr.keyVar))) return undefined;
  const inner = new Set([...bound, expr.valueVar, ...(expr.keyVar === undefined ? [] : [expr.keyVar])]);
  return madeObjects(expr.valueExpr, outer, inner);
}

/** The expression an object constructor writes for attribute `name` (`user = u`, `"user" = u`). */
function attributeOf(object: Expr & { kind: 'object' }, name: string): Expr | undefined {
  const written = object.items.filter((item: ObjectItem) => literalKey(item.key) === name);
  return written.length === 1 ? written[0]?.value : undefined;
}

/**
 * The pairs' filter with `p.<a>` replaced by what the one object written for every pair gives `a`, where
 * that reads none of the names the inner `for` expressions bind (it is then written from the enclosing
 * element, `u` and `cfg`, and module-wide names); undefined where the filter reads anything else of `p`.
 */
function substitutePair(condition: Expr, pairVar: string, made: Made): Expr | undefined {
  const state = { ok: true };
  const replace = (node: Expr): Expr => {
    if (!state.ok) return node;
    if (node.kind === 'traverse' && node.step.kind === 'attr' && isVariable(node.target, pairVar)) {
      const written = attributeOf(made.object, node.step.name);
      if (written === undefined || !readsNone(written, made.bound)) state.ok = false;
      return written ?? node;
    }
    if (node.kind === 'variable' && node.name === pairVar) state.ok = false;
    return mapChildren(node, replace);
  };
  const replaced = replace(condition);
  return state.ok ? replaced : undefined;
}

/** Whether `expr` reads none of the names `bound` and holds no expression binding names of its own. */
function readsNone(expr: Expr, bound: ReadonlySet<string>): boolean {
  const state = { reads: false };
  const visit = (node: Expr): Expr => {
    if (node.kind === 'variable' && bound.has(node.name)) state.reads = true;
    if (node.kind === 'for' || node.kind === 'splat' || node.kind === 'template') state.reads = true;
    return mapChildren(node, visit);
  };
  visit(expr);
  return !state.reads;
}

/** `node` with `replace` applied to each child expression. */
function mapChildren(node: Expr, replace: (child: Expr) => Expr): Expr {
  switch (node.kind) {
    case 'parens':
      return { ...node, expr: replace(node.expr) };
    case 'unary':
      return { ...node, operand: replace(node.operand) };
    case 'binary':
      return { ...node, left: replace(node.left), right: replace(node.right) };
    case 'conditional':
      return { ...node, condition: replace(node.condition), then: replace(node.then), else: replace(node.else) };
    case 'call':
      return { ...node, args: node.args.map(replace) };
    case 'traverse':
      return { ...node, target: replace(node.target), step: node.step.kind === 'index' ? { kind: 'index', key: replace(node.step.key) } : node.step };
    case 'tuple':
      return { ...node, items: node.items.map(replace) };
    case 'object':
      return { ...node, items: node.items.map((item) => ({ key: replace(item.key), value: replace(item.value) })) };
    default:
      // Templates, splats and `for` expressions are left as written: a filter holding one is compared as written.
      return node;
  }
}

/** The condition of a filter over the element (`k`, `v` renamed), true where there is none; undefined where it cannot be read. */
function elementCondition(
  filter: Expr | undefined,
  keyVar: string,
  valueVar: string,
  collection: Expr,
  module: FilterModule,
  followed: { locals: number },
): Condition | undefined {
  if (filter === undefined) return { kind: 'constant', value: true };
  const condition = attributesAsNames(filter);
  // A `for` inside the filter binds names of its own, which the renaming below would confuse.
  if (JSON.stringify(condition).includes('"kind":"for"')) return undefined;
  const names = new Map([
    [keyVar, ELEMENT_KEY],
    [valueVar, ELEMENT_VALUE],
  ]);
  const elementType = collectionElementType(inlined(collection, module, followed), module.variableType);
  const truthValues: TruthValues = (operand) => elementAttributeTruthValues(operand, valueVar, elementType);
  return conditionOf(condition, names, truthValues);
}

/** `v["console"]` is `v.console` (https://developer.hashicorp.com/terraform/language/expressions/references): written alike for comparing. */
function attributesAsNames(expr: Expr): Expr {
  const inner = mapChildren(expr, attributesAsNames);
  if (inner.kind !== 'traverse' || inner.step.kind !== 'index') return inner;
  const name = literalKey(inner.step.key);
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? { ...inner, step: { kind: 'attr', name } } : inner;
}

/** The collection's shape, with local values followed to what is written for them. */
function collectionShape(collection: Expr, module: FilterModule, followed: { locals: number }): string | undefined {
  return shape(inlined(collection, module, followed));
}

/** `local.x` replaced by the expression written for it, as long as it is one (at most `MAX_LOCALS` for one `for_each`). */
export function inlined(written: Expr, module: FilterModule, followed: { locals: number }): Expr {
  let expr = withoutParens(written);
  while (expr.kind === 'traverse' && expr.step.kind === 'attr' && isVariable(expr.target, 'local') && followed.locals < MAX_LOCALS) {
    const value = writtenExpression(module.localValue(expr.step.name));
    if (value === undefined) break;
    followed.locals++;
    expr = value;
  }
  return expr;
}

/** A key or index written as a literal string (`user`, `"user"`); a parenthesized one is evaluated. */
function literalKey(expr: Expr): string | undefined {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  return expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'text' ? expr.parts[0].value : undefined;
}

function isVariable(expr: Expr, name: string): boolean {
  return expr.kind === 'variable' && expr.name === name;
}

/** The element type of an input variable a `for` expression iterates (`var.users` declared `map(object({...}))`). */
function collectionElementType(collection: Expr, variableType: (name: string) => string | undefined): TypeConstraint | undefined {
  const inner = withoutParens(collection);
  if (inner.kind !== 'traverse' || inner.step.kind !== 'attr' || inner.target.kind !== 'variable' || inner.target.name !== 'var') return undefined;
  const written = variableType(inner.step.name);
  const type = written === undefined ? undefined : parseTypeConstraint(written);
  return type?.kind === 'map' || type?.kind === 'list' || type?.kind === 'set' ? type.element : undefined;
}

/**
 * The values a filter's operand may take where it is an attribute of the element declared `bool`
 * (`v.create_key` of `map(object({ create_key = bool }))`), as a `bool` variable's: null too unless
 * `optional(bool, <default>)` fills it in. A filter is evaluated for every element, and a truth test of
 * null fails the `for` expression ("Invalid 'for' condition"); only which of two filters can both hold
 * is asked of them, which null does not change.
 */
function elementAttributeTruthValues(operand: Expr, valueVar: string, elementType: TypeConstraint | undefined): ReturnType<TruthValues> {
  const inner = withoutParens(operand);
  if (elementType?.kind !== 'object' || inner.kind !== 'traverse' || inner.step.kind !== 'attr') return undefined;
  if (!isVariable(inner.target, valueVar)) return undefined;
  const attribute = Object.hasOwn(elementType.attributes, inner.step.name) ? elementType.attributes[inner.step.name] : undefined;
  if (attribute?.type.kind !== 'bool') return undefined;
  const filled = attribute.optional && attribute.defaultValue !== null;
  return { compared: filled ? TRUTH : TRUTH_OR_NULL, tested: TRUTH };
}
