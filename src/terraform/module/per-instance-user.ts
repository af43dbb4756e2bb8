/**
 * Login profiles and keys made one per instance of a user block: `for_each = aws_iam_user.team` with
 * `user = each.value.name`, or the user's own instance picked by the instance's key
 * (`aws_iam_user.team[each.key].name`, `aws_iam_user.team[count.index].name`, Terraform 0.11's
 * `aws_iam_user.team.*.name[count.index]`; `[each.value]` where `for_each` is a set, whose values are
 * its keys; `[each.value.name]` where `for_each` is `{ for u in ... : u.name => u }`, directly or through a
 * local, whose keys are those attributes). Two instances of such a block have two different keys,
 * so they name two different instances of the user block, which are two different IAM users (IAM
 * refuses a second user of a name, whatever its case:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html). So however many instances
 * the block has, it gives each user at most one, and each belongs to an instance of that user block.
 * `element(aws_iam_user.team.*.name, count.index)` is such a pick only where the block's `count` is the
 * user block's, or `length()` of it: `element` wraps around, so with more indexes than users two may
 * name one user. Each of these may also be written as a local, or switched by a condition whose other
 * result makes no instance (`everyAlternative`).
 * A block may also name the user by its own key (`user = each.key`) where a user block of the module
 * is named by its key too (`name = each.key`) over keys that include the block's (`keyNamedUserBlock`):
 * the instance of key `k` names the user that user block's instance `k` creates. Likewise a `user` written as
 * a user block's `name` over that block's `count` or `for_each` (`writtenAsUserBlock`).
 */
import { builtInName, type Expr, type Traversal } from '../expr/ast.js';
import { parseTemplate } from './expr-api.js';
import { Unknown, type TfValue } from '../expr/value.js';
import type { ModuleConfig, ResourceDecl } from './module-config.js';

/** The attributes of an `aws_iam_user` that are its name (`id` is the name too). */
const NAME_ATTRIBUTES = new Set(['name', 'id']);

/** What the module declares, as the pattern needs it. */
export interface ModuleDeclarations {
  /** A managed `aws_iam_user` of the module, by address (`aws_iam_user.team`). */
  readonly userBlock: (address: string) => ResourceDecl | undefined;
  /** The type constraint written for an input variable (`set(string)`), if any. */
  readonly variableType: (name: string) => string | undefined;
  /** The value written for a local value of the module (`local.users`), if it declares one. */
  readonly localValue: (name: string) => unknown;
  /** Every managed `aws_iam_user` block of the module. */
  readonly userBlocks: () => readonly ResourceDecl[];
}

/**
 * The address in its module (`aws_iam_user.team`) of the user block whose instances `decl`'s instances
 * pick one each through its `user` argument, when its `count`/`for_each` and `user` are written so; else
 * undefined.
 */
export function perInstanceUserBlock(decl: ResourceDecl, declared: ModuleDeclarations): string | undefined {
  const { userBlock } = declared;
  const user = expressionOf(decl.body['user']);
  const named = user === undefined ? undefined : (keyNamedUserBlock(decl, user, declared) ?? writtenAsUserBlock(decl, user, declared));
  if (named !== undefined) return named;
  if (user === undefined || user.kind !== 'traverse' || user.step.kind !== 'attr' || !NAME_ATTRIBUTES.has(user.step.name)) {
    return user?.kind === 'call' ? elementPick(decl, user, undefined, declared) : legacySplatPick(decl, user, declared);
  }
  const picked = withoutParens(user.target);
  // `element(aws_iam_user.team, count.index).name`.
  if (picked.kind === 'call') return elementPick(decl, picked, user.step.name, declared);
  // `for_each = aws_iam_user.team` and `user = each.value.name`: each instance is one user instance.
  if (isRef(picked, 'each', 'value')) {
    const collection = expressionOf(decl.body['for_each']);
    const addresses = new Set<string | undefined>();
    const collect = (alternative: Expr): boolean => {
      addresses.add(userAddress(alternative));
      return true;
    };
    if (collection === undefined || !everyAlternative(collection, declared, collect)) return undefined;
    const [address, ...others] = addresses;
    return address !== undefined && others.length === 0 && expandsByForEach(userBlock(address)) ? address : undefined;
  }
  // `aws_iam_user.team[each.key].name`, `aws_iam_user.team[count.index].name`.
  if (picked.kind !== 'traverse' || picked.step.kind !== 'index' || !isInstanceKey(decl, picked.step.key, declared)) return undefined;
  const address = userAddress(withoutParens(picked.target));
  return address !== undefined && expands(userBlock(address)) ? address : undefined;
}

/** Terraform 0.11's `aws_iam_user.team.*.name[count.index]`. */
function legacySplatPick(decl: ResourceDecl, user: Expr | undefined, declared: ModuleDeclarations): string | undefined {
  if (user?.kind !== 'traverse' || user.step.kind !== 'index' || !isInstanceKey(decl, user.step.key, declared)) return undefined;
  const splat = user.target;
  if (splat.kind !== 'splat' || splat.each.kind !== 'traverse' || splat.each.target.kind !== 'splat-item') return undefined;
  if (splat.each.step.kind !== 'attr' || !NAME_ATTRIBUTES.has(splat.each.step.name)) return undefined;
  const address = userAddress(splat.target);
  return address !== undefined && expands(declared.userBlock(address)) ? address : undefined;
}

/**
 * `user = each.key` (`each.value` of a set, `each.value.name` of `{ for u in ... : u.name => u }`: see
 * `isInstanceKey`) in a block whose keys are all keys of the one user block of the module named by its
 * own key (`for_each = var.users` and `name = each.key`): the instance of key `k` names user `k`, which
 * that user block's instance `k` creates. Two keys are then two instances of the user block, and so two
 * users, even where the keys differ only in case (IAM refuses the second user). The user block's keys
 * must be all of its collection's, whatever the module's inputs: its `for_each` is followed through
 * local values only. Without such a user block, two keys of a set may still name one user in two cases.
 */
function keyNamedUserBlock(decl: ResourceDecl, user: Expr, declared: ModuleDeclarations): string | undefined {
  const keys = expressionOf(decl.body['for_each']);
  if (keys === undefined || !isInstanceKey(decl, user, declared)) return undefined;
  const matching = declared.userBlocks().filter((block) => {
    const name = expressionOf(block.body['name']);
    const blockKeys = resolveLocals(expressionOf(block.body['for_each']), declared);
    const source = blockKeys === undefined ? undefined : keySource(blockKeys, declared, false);
    if (name === undefined || blockKeys === undefined || source === undefined || !isInstanceKey(block, name, declared)) return false;
    return everyAlternative(keys, declared, (alternative) => {
      // Written as the user block's own `for_each`, or as that block (`for_each = aws_iam_user.u`): the same keys.
      if (sameExpression(alternative, blockKeys) || userAddress(alternative) === `aws_iam_user.${block.name}`) return true;
      const within = keySource(alternative, declared, true);
      return within !== undefined && within.attribute === source.attribute && sameExpression(within.collection, source.collection);
    });
  });
  const [only, ...others] = matching;
  return only !== undefined && others.length === 0 ? `aws_iam_user.${only.name}` : undefined;
}

/**
 * `user` written as the `name` of the one user block of the module whose `count` (or `for_each`) is
 * written as the block's own: Terraform 0.11's `count = length(keys(var.users))` with
 * `element(keys(var.users), count.index)` in both, or `"ci-${each.key}"` over one `for_each`. The
 * instance of index (or key) `i` then names what user instance `i` is named, so two instances naming
 * one user would be two user instances of one name, which IAM refuses
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html): each names its own user.
 */
function writtenAsUserBlock(decl: ResourceDecl, user: Expr, declared: ModuleDeclarations): string | undefined {
  const meta = Object.hasOwn(decl.body, 'for_each') ? 'for_each' : Object.hasOwn(decl.body, 'count') ? 'count' : undefined;
  const expansion = meta === undefined ? undefined : expressionOf(decl.body[meta]);
  if (meta === undefined || expansion === undefined) return undefined;
  const matching = declared.userBlocks().filter((block) => {
    const name = expressionOf(block.body['name']);
    const blockExpansion = Object.hasOwn(block.body, meta) ? expressionOf(block.body[meta]) : undefined;
    return name !== undefined && blockExpansion !== undefined && sameExpression(name, user) && sameExpression(blockExpansion, expansion);
  });
  const [only, ...others] = matching;
  return only !== undefined && others.length === 0 ? `aws_iam_user.${only.name}` : undefined;
}

/** Where the keys of a `for_each` come from: the keys of `collection`, or the `attribute` of each of its elements. */
interface KeySource {
  readonly collection: Expr;
  readonly attribute: string | undefined;
}

/**
 * The keys of a `for_each` value as the keys of a collection: the collection itself (`var.users`,
 * `toset(var.names)`), `{ for k, v in C : k => ... }` (the keys of `C`), `{ for u in C : u.name => ... }`
 * and `toset([for u in C : u.name])` (the names of `C`'s elements), `toset([for k, v in C : k])`. A
 * filter (`if ...`) keeps some of them only, so it is allowed where `filtered` (the keys may be fewer).
 * Any other object `for` (a key computed otherwise, `"${u.project}.${u.service}" => u`, a grouping `for`,
 * or a filter where none is allowed) is a collection of its own: its keys are its own, the same wherever
 * it is written alike in the module, as the keys of `var.users` are.
 */
function keySource(expr: Expr, declared: ModuleDeclarations, filtered: boolean): KeySource | undefined {
  const inner = withoutParens(expr);
  if (inner.kind === 'call' && builtInName(inner.name) === 'toset' && !inner.expandFinal && inner.args.length === 1 && inner.args[0] !== undefined) {
    const listed = resolveLocals(inner.args[0], declared);
    if (listed?.kind === 'for' && !listed.object) return forKeySource(listed, listed.valueExpr, filtered);
  }
  if (inner.kind === 'for') {
    if (!inner.object) return undefined;
    const derived = !inner.grouping && inner.keyExpr !== undefined ? forKeySource(inner, inner.keyExpr, filtered) : undefined;
    return derived ?? { collection: inner, attribute: undefined };
  }
  return { collection: inner, attribute: undefined };
}

/** The key source of a `for` whose keys (or, in a tuple, elements) are `keyed`: its key variable, or an attribute of its value variable. */
function forKeySource(expr: Expr & { kind: 'for' }, keyed: Expr, filtered: boolean): KeySource | undefined {
  if (expr.condition !== undefined && !filtered) return undefined;
  const key = withoutParens(keyed);
  if (key.kind === 'variable' && expr.keyVar !== undefined && key.name === expr.keyVar) return { collection: expr.collection, attribute: undefined };
  if (key.kind !== 'traverse') return undefined;
  const element = withoutParens(key.target);
  const attribute = stepName(key.step);
  return element.kind === 'variable' && element.name === expr.valueVar && attribute !== undefined ? { collection: expr.collection, attribute } : undefined;
}

/** The expression a chain of local values (`local.users`) is written as, up to `MAX_LOCAL_HOPS`. */
function resolveLocals(expr: Expr | undefined, declared: ModuleDeclarations): Expr | undefined {
  let current = expr === undefined ? undefined : withoutParens(expr);
  for (
    let hops = 0;
    current?.kind === 'traverse' && current.step.kind === 'attr' && current.target.kind === 'variable' && current.target.name === 'local';
    hops++
  ) {
    current = hops < MAX_LOCAL_HOPS ? expressionOf(declared.localValue(current.step.name)) : undefined;
  }
  return current;
}

/**
 * `element(aws_iam_user.team[*].name, count.index)` (also `.*.name`, `.id`) or
 * `element(aws_iam_user.team, count.index).name`, in a block whose `count` is written as the user
 * block's (or as `length()` of that block): every `count.index` is then below the number of users, so
 * `element` never wraps around (https://developer.hashicorp.com/terraform/language/functions/element)
 * and two indexes pick two user instances. With any other `count`, two indexes may name one user.
 */
function elementPick(decl: ResourceDecl, call: Expr & { kind: 'call' }, attribute: string | undefined, declared: ModuleDeclarations): string | undefined {
  if (builtInName(call.name) !== 'element') return undefined;
  const [list, index, ...rest] = call.args;
  if (list === undefined || index === undefined || rest.length > 0 || call.expandFinal || !isRef(withoutParens(index), 'count', 'index')) return undefined;
  const listed = withoutParens(list);
  const address = attribute === undefined ? userNamesOf(listed) : NAME_ATTRIBUTES.has(attribute) ? userAddress(listed) : undefined;
  const users = address === undefined ? undefined : declared.userBlock(address);
  if (address === undefined || users === undefined || !Object.hasOwn(users.body, 'count') || !Object.hasOwn(decl.body, 'count')) return undefined;
  const count = expressionOf(decl.body['count']);
  const userCount = expressionOf(users.body['count']);
  if (count === undefined || userCount === undefined) return undefined;
  return everyAlternative(count, declared, (alternative) => sameExpression(alternative, userCount) || countsUsers(alternative, address)) ? address : undefined;
}

/** `length(aws_iam_user.team)`, or of its names. */
function countsUsers(count: Expr, address: string): boolean {
  const [measured, ...others] = count.kind === 'call' && builtInName(count.name) === 'length' && !count.expandFinal ? count.args : [];
  if (measured === undefined || others.length > 0) return false;
  const inner = withoutParens(measured);
  return userAddress(inner) === address || userNamesOf(inner) === address;
}

/** `aws_iam_user.team[*].name` or `aws_iam_user.team.*.name` (or `.id`): the names of a user block's instances. */
function userNamesOf(expr: Expr): string | undefined {
  if (expr.kind !== 'splat' || expr.each.kind !== 'traverse' || expr.each.target.kind !== 'splat-item') return undefined;
  if (expr.each.step.kind !== 'attr' || !NAME_ATTRIBUTES.has(expr.each.step.name)) return undefined;
  return userAddress(withoutParens(expr.target));
}

/** Two expressions written alike (positions aside, parentheses dropped): in one module instance, one value. */
function sameExpression(a: Expr, b: Expr): boolean {
  const shape = (expr: Expr): string => JSON.stringify(expr, (key, value: unknown) => (key === 'offset' ? undefined : value));
  return shape(withoutParens(a)) === shape(withoutParens(b));
}

/** The expression an argument was written as (`"${...}"` in Terraform JSON form), without parentheses. */
function expressionOf(written: unknown): Expr | undefined {
  if (typeof written !== 'string') return undefined;
  const parsed = parseTemplate(written);
  if (!parsed.ok) return undefined;
  let expr = parsed.expr;
  // A template that is one interpolation is that expression itself.
  if (expr.kind === 'template' && expr.parts.length === 1 && expr.parts[0]?.kind === 'interpolation') expr = expr.parts[0].expr;
  return withoutParens(expr);
}

function withoutParens(expr: Expr): Expr {
  let inner = expr;
  while (inner.kind === 'parens') inner = inner.expr;
  return inner;
}

function isRef(expr: Expr, root: string, attribute: string): boolean {
  return expr.kind === 'traverse' && expr.step.kind === 'attr' && expr.step.name === attribute && expr.target.kind === 'variable' && expr.target.name === root;
}

/**
 * `each.key` in a block with `for_each` (`each.value` too where that is a set), `count.index` in one
 * with `count`: distinct for every instance.
 */
function isInstanceKey(decl: ResourceDecl, key: Expr, declared: ModuleDeclarations): boolean {
  const expr = withoutParens(key);
  if (Object.hasOwn(decl.body, 'for_each')) {
    if (isRef(expr, 'each', 'key')) return true;
    if (isRef(expr, 'each', 'value')) return isSet(decl.body['for_each'], declared);
    const attribute = expr.kind === 'traverse' && isRef(withoutParens(expr.target), 'each', 'value') ? stepName(expr.step) : undefined;
    return attribute !== undefined && isKeyedBy(decl.body['for_each'], attribute, declared);
  }
  return Object.hasOwn(decl.body, 'count') && isRef(expr, 'count', 'index');
}

/** The attribute a step names: `.name`, or `["name"]` with a literal string. */
function stepName(step: Traversal): string | undefined {
  if (step.kind === 'attr') return step.name;
  const key = step.kind === 'index' ? withoutParens(step.key) : undefined;
  return key?.kind === 'literal' && typeof key.value === 'string' ? key.value : undefined;
}

/** Local values followed from a `for_each` to the expression that builds it; more is left undecided. */
const MAX_LOCAL_HOPS = 8;

/**
 * A `for_each` built as `{ for u in ... : u.name => u }` (directly, or as a local value written so, through
 * other locals): each instance's `each.value` is the element whose `name` made its key, so
 * `each.value.name` is `each.key` (Terraform converts a map key to a string, as it converts an index
 * key: https://developer.hashicorp.com/terraform/language/expressions/for#result-types). A value other
 * than the element itself (`merge(u, ...)` may replace `name`), a key computed from the attribute, and
 * the grouping form (`u.name => u...`, whose values are lists) are not.
 */
function isKeyedBy(written: unknown, attribute: string, declared: ModuleDeclarations): boolean {
  const expr = expressionOf(written);
  return expr !== undefined && everyAlternative(expr, declared, (alternative) => isKeyedByExpression(alternative, attribute));
}

function isKeyedByExpression(expr: Expr, attribute: string): boolean {
  if (expr.kind !== 'for' || !expr.object || expr.grouping || expr.keyExpr === undefined) return false;
  const value = withoutParens(expr.valueExpr);
  const keyExpr = withoutParens(expr.keyExpr);
  if (value.kind !== 'variable' || value.name !== expr.valueVar || keyExpr.kind !== 'traverse') return false;
  const element = withoutParens(keyExpr.target);
  return element.kind === 'variable' && element.name === expr.valueVar && stepName(keyExpr.step) === attribute;
}

/**
 * Whether every value a `count` or `for_each` may take that makes instances has the property: the
 * expression is followed through local values (up to `MAX_LOCAL_HOPS`) and the results of conditionals
 * (`var.create ? toset(var.names) : []`); a result that makes no instance — `0`, `null`, `[]`, `{}`,
 * `toset([])` — needs none, as long as one result has it.
 */
function everyAlternative(expr: Expr, declared: Pick<ModuleDeclarations, 'localValue'>, holds: (alternative: Expr) => boolean): boolean {
  let any = false;
  const visit = (current: Expr, hops: number): boolean => {
    const inner = withoutParens(current);
    if (inner.kind === 'conditional') return visit(inner.then, hops) && visit(inner.else, hops);
    if (inner.kind === 'traverse' && inner.step.kind === 'attr' && inner.target.kind === 'variable' && inner.target.name === 'local') {
      const value = hops < MAX_LOCAL_HOPS ? expressionOf(declared.localValue(inner.step.name)) : undefined;
      return value !== undefined && visit(value, hops + 1);
    }
    if (makesNoInstance(inner)) return true;
    any = true;
    return holds(inner);
  };
  return visit(expr, 0) && any;
}

/** `0`, `null`, `[]`, `{}`, or an empty one converted (`toset([])`): no instance of a block. */
function makesNoInstance(expr: Expr): boolean {
  if (expr.kind === 'literal') return expr.value === 0 || expr.value === null;
  if (expr.kind === 'tuple') return expr.items.length === 0;
  if (expr.kind === 'object') return expr.items.length === 0;
  if (expr.kind !== 'call' || expr.args.length !== 1 || expr.expandFinal) return false;
  const [only] = expr.args;
  return ['toset', 'tolist', 'tomap'].includes(builtInName(expr.name)) && only !== undefined && makesNoInstance(withoutParens(only));
}

/**
 * A `for_each` written as a set: `toset(...)`, or an input variable declared `set(...)` (converted to
 * that type whatever is passed). Of a set, `each.value` is `each.key`
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#the-each-object).
 */
export function isSet(written: unknown, declared: Pick<ModuleDeclarations, 'variableType' | 'localValue'>): boolean {
  const expr = expressionOf(written);
  return expr !== undefined && everyAlternative(expr, declared, (alternative) => isSetExpression(alternative, declared));
}

/**
 * `each.value` of the instance a known key selects where the block's `for_each` (in `body`) is not known:
 * of a set, the key itself (`isSet`); else unknown, for `reason`.
 */
export function eachValueOfKey(
  body: Readonly<Record<string, unknown>>,
  config: Pick<ModuleConfig, 'variables' | 'locals'>,
  reason: string,
): (each: string) => TfValue {
  const setValued = isSet(body['for_each'], {
    variableType: (name) => config.variables.get(name)?.type,
    localValue: (name) => config.locals.get(name)?.value,
  });
  return (each) => (setValued ? each : new Unknown(reason));
}

function isSetExpression(expr: Expr, declared: Pick<ModuleDeclarations, 'variableType'>): boolean {
  if (expr.kind === 'call') return builtInName(expr.name) === 'toset';
  if (expr.kind !== 'traverse' || expr.step.kind !== 'attr' || expr.target.kind !== 'variable' || expr.target.name !== 'var') return false;
  return /^\s*set\s*\(/.test(declared.variableType(expr.step.name) ?? '');
}

/** `aws_iam_user.team` as an address, when the expression is exactly that reference. */
function userAddress(expr: Expr): string | undefined {
  if (expr.kind !== 'traverse' || expr.step.kind !== 'attr' || expr.target.kind !== 'variable' || expr.target.name !== 'aws_iam_user') return undefined;
  return `aws_iam_user.${expr.step.name}`;
}

/** A user block with instances: one without `count`/`for_each` has no instance keys to pick by. */
function expands(decl: ResourceDecl | undefined): boolean {
  return decl !== undefined && (Object.hasOwn(decl.body, 'for_each') || Object.hasOwn(decl.body, 'count'));
}

/** `for_each = aws_iam_user.team` iterates the user's instances only when they are keyed by `for_each`. */
function expandsByForEach(decl: ResourceDecl | undefined): boolean {
  return decl !== undefined && Object.hasOwn(decl.body, 'for_each');
}
