/**
 * Whether every instance of a login profile or key block whose instances are unknown names a different
 * user, each a known name: `count = var.n` with `user = var.users[count.index]`, or
 * `for_each = var.enabled ? toset(var.users) : []` with `user = each.key`. Then the block, however many
 * instances it turns out to have, gives no user two of them, and its placeholder stands for one key of
 * each of several users rather than for several keys of one.
 *
 * For `count`, the instances are those of indexes 0 to the count less one, every one evaluated where
 * the count is that (https://developer.hashicorp.com/terraform/language/meta-arguments/count): the user
 * is evaluated for each index in turn until the count's bound, or until an index whose evaluation fails
 * (`var.users[2]` of a list of two is "Invalid index"), past which every count fails the plan. For a
 * `for_each` written as conditionals whose results are known collections (`for-each-bound.ts`), the
 * instances are those of one result, each evaluated with its own `each.key` and `each.value`. A user
 * written as `count.index` among parts every instance shares (`"ci-${count.index}"`) is apart in every
 * instance without evaluating any (`index-apart.ts`), and so is `each.key` where every key is a result of
 * `lower` (or every one of `upper`) (`key-apart.ts`). Names are compared as IAM compares user names, ignoring case
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names).
 */
import { foldUserName } from '../../core/user-name-case.js';
import { TfSet, isEvaluationError, isList, unmark, type TfValue } from '../expr/value.js';
import { conditionalResults } from './count-bound.js';
import { userApartPerIndex } from './index-apart.js';
import { userApartPerKey } from './key-apart.js';
import { expandForEach, expansionInstances, type InstanceContext } from './expand-instances.js';
import type { ResourceDecl } from './module-config.js';
import type { ModuleInstance } from './module-instance.js';

/** The most instances evaluated to tell their users apart: each is an evaluation of the block's `user`. */
const MAX_INSTANCES = 32;

/**
 * Whether the users of the instances evaluated in `contexts` are known names, no two alike; `complete`
 * where `contexts` are every instance there can be. An instance whose user fails to evaluate fails the
 * plan, and so do (for `count`) all larger counts: the instances before it are all there can be.
 */
function namesApart(module: ModuleInstance, decl: ResourceDecl, contexts: Iterable<InstanceContext>, complete: boolean): boolean {
  const seen = new Set<string>();
  for (const context of contexts) {
    const user = unmark(module.evaluate(decl.body['user'], context));
    if (isEvaluationError(user)) return true;
    if (typeof user !== 'string') return false;
    const name = foldUserName(user);
    if (seen.has(name)) return false;
    seen.add(name);
  }
  return complete;
}

/** `{ countIndex: 0 }`, `{ countIndex: 1 }`... up to `end`, excluded. */
function* countContexts(end: number): Generator<InstanceContext> {
  for (let index = 0; index < end; index++) yield { countIndex: index };
}

/** See the module comment. */
export function usersApartPerInstance(module: ModuleInstance, decl: ResourceDecl): boolean {
  if (!Object.hasOwn(decl.body, 'user')) return false;
  if (Object.hasOwn(decl.body, 'count')) {
    // `"ci-${count.index}"`: apart in every instance, however many (`index-apart.ts`).
    if (userApartPerIndex(decl.body['user'])) return true;
    const bound = module.countBound(decl.body);
    // Without a bound (or past the most looked at), only a failing index ends the instances.
    const known = bound !== undefined && bound <= MAX_INSTANCES;
    return namesApart(module, decl, countContexts(known ? bound : MAX_INSTANCES + 1), known);
  }
  if (!Object.hasOwn(decl.body, 'for_each')) return false;
  // `toset([for u in var.users : lower(u)])` with `each.key`: apart however many (`key-apart.ts`).
  if (userApartPerKey(decl.body['for_each'], decl.body['user'], { localValue: (name) => module.config.locals.get(name)?.value })) return true;
  const results = conditionalResults(decl.body['for_each'], {
    evaluate: (expr) => module.evaluateExpression(expr),
    localValue: (name) => module.config.locals.get(name)?.value,
  });
  return (
    results !== undefined &&
    results.every((result) => {
      // A tuple beside a set in a conditional is converted to a set (`for-each-bound.ts`).
      const expansion = expandForEach(isList(result) ? new TfSet([...new Set(result)]) : result, module.run.budget);
      const instances = expansionInstances(expansion);
      return (
        expansion.kind !== 'unknown' &&
        instances.length <= MAX_INSTANCES &&
        namesApart(
          module,
          decl,
          instances.map((i) => i.context),
          true,
        )
      );
    })
  );
}

/**
 * Whether the instances of a block whose `for_each` is unknown, but whose every key is one of `keys`
 * (what its filter or its variable's validation allows: `for-each-key-pins.ts`, `variable-validation.ts`),
 * name different users. A `for_each` gives each key one instance at most (map keys and set elements are
 * unique), so where the user evaluated in the instance of each allowed key (`contextOf`) is a known name
 * and no two of them are alike, ignoring case, no user gets two. A key whose user fails to evaluate fails
 * the plan where it is present: it makes no instance, and the others are still compared.
 */
export function usersApartPerAllowedKey(
  module: ModuleInstance,
  decl: ResourceDecl,
  keys: readonly string[],
  contextOf: (key: string) => InstanceContext,
): boolean {
  if (!Object.hasOwn(decl.body, 'user') || keys.length > MAX_INSTANCES) return false;
  return presentUsersApart(
    (function* () {
      for (const key of new Set(keys)) yield module.evaluate(decl.body['user'], contextOf(key));
    })(),
  );
}

/**
 * Whether a key or login profile block with one instance, in the placeholder of a module call whose
 * `for_each` is unknown but whose every key is one of a few allowed strings
 * (`ModuleInstance.allowedKeyInstances`), names a different user in the instance of each allowed key. A
 * `for_each` makes one module instance per key at most, so where each of those users is a known name
 * and no two are alike, ignoring case, the placeholder's copies give no user two of them. A key whose
 * user fails to evaluate fails the plan where it is present, as for `usersApartPerAllowedKey`.
 */
export function usersApartPerModuleKey(module: ModuleInstance, decl: ResourceDecl): boolean {
  if (!Object.hasOwn(decl.body, 'user') || Object.hasOwn(decl.body, 'count') || Object.hasOwn(decl.body, 'for_each')) return false;
  const perKey = module.allowedKeyInstances();
  if (perKey === undefined) return false;
  return presentUsersApart(
    (function* () {
      for (const instance of perKey) yield instance.evaluate(decl.body['user']);
    })(),
  );
}

/**
 * Whether the users evaluated one instance after another (lazily, so that the first alike name stops
 * the evaluations) are known names, no two alike ignoring case. A user that fails to evaluate fails the
 * plan where its instance is present, so it makes no key and is passed over.
 */
function presentUsersApart(users: Iterable<TfValue>): boolean {
  const seen = new Set<string>();
  for (const value of users) {
    const user = unmark(value);
    if (isEvaluationError(user)) continue;
    if (typeof user !== 'string') return false;
    const name = foldUserName(user);
    if (seen.has(name)) return false;
    seen.add(name);
  }
  return true;
}
