/**
 * The instances of a modelled resource block in one module instance, as `build-iam-model.ts` collects
 * them: each known instance with its address and `each`/`count.index`, or, where the block's
 * `count`/`for_each` is unknown, one placeholder that says why, whether it may be many, and when it exists.
 */
import { Unknown } from '../expr/value.js';
import type { Expr } from '../expr/ast.js';
import { expansionInstances, type InstanceContext, type PartialInstance } from './expand-instances.js';
import type { ResourceDecl } from './module-config.js';
import type { ModuleInstance } from './module-instance.js';
import { existenceCondition, type Switch } from './exclusive-counts.js';
import { filterSwitch } from './for-each-filters.js';
import { forEachKeyPins } from './for-each-key-pins.js';
import { assumedValues, forEachAssumptions } from './count-assumptions.js';
import { perInstanceUserBlock } from './per-instance-user.js';
import { forEachBound } from './for-each-bound.js';
import type { CountModule } from './count-bound.js';
import { forEachElements } from './for-each-elements.js';
import { usersApartPerAllowedKey, usersApartPerInstance } from './users-apart.js';

export interface Instance {
  readonly address: string;
  readonly context: InstanceContext;
  readonly existenceUnknown: string | undefined;
  /** The instance exists wherever its module instance does (its block's count/for_each is known). */
  readonly alongModule: boolean;
  /**
   * The instance stands for an unknown number of instances of its own block (its count/for_each);
   * those of an enclosing module call are `ModuleInstance.instanceCountUnknown`.
   */
  readonly ownCountUnknown: boolean;
  /**
   * The placeholder of a login profile or key block made one per instance of this user block
   * (`per-instance-user.ts`), itself of unknown instances: each of them is that user's.
   */
  readonly userPlaceholder?: string;
  /**
   * When the instance, one at most of a block whose `count` is unknown, exists; or, for the placeholder
   * of a block whose filtering `for_each` is unknown, when the instance of each element does (`exclusive-counts.ts`).
   */
  readonly switchedBy?: Switch;
  /** Its block's `count` waits only for root variables that nothing sets (`Expansion.awaitsVariables`). */
  readonly awaitsVariables?: true;
}

/** The instances of `decl` in `module`, which exists unless `existence` (the reason it may not) is set. */
export function instancesOf(module: ModuleInstance, decl: ResourceDecl, existence: string | undefined): Instance[] {
  const expansion = module.expansion(decl);
  if (expansion.kind === 'unknown' && expansion.partial !== undefined) return partialInstances(module, decl, expansion.partial, expansion.reason, existence);
  if (expansion.kind === 'unknown') {
    // No instance can be named; one placeholder lets --report-unknown say why, and that it may be many.
    // Its each.key, each.value and count.index are unknown, as a module call's placeholder's are: what
    // is written around them stays known (`"ci-${each.key}"` is never `root`).
    // `for_each = var.enabled ? toset(var.users) : []`: the instances of one of the known results.
    const switchedForEach = Object.hasOwn(decl.body, 'for_each') ? forEachBound(decl.body['for_each'], forEachModule(module)) : undefined;
    const filterModule = {
      variableType: (name: string) => module.config.variables.get(name)?.type,
      localValue: (name: string) => module.config.locals.get(name)?.value,
      userName: (address: string) => managedUser(module, address)?.body['name'],
      evaluate: (expr: Expr) => module.evaluateExpression(expr),
    };
    const elements = switchedForEach === undefined ? forEachElements(decl.body['for_each'], (name) => module.variableElements(name)) : undefined;
    // `{ for k, v in var.users : k => v if k == "ci" }`: every instance's key passes the filter's test of it.
    const pins = switchedForEach === undefined && elements === undefined ? forEachKeyPins(decl.body['for_each'], filterModule) : undefined;
    const unknownKey = new Unknown(expansion.reason, undefined, switchedForEach?.keys ?? elements ?? pins?.key);
    // Of a map, each.value is the key's value, not the key.
    const unknownValue =
      switchedForEach !== undefined
        ? new Unknown(expansion.reason, undefined, switchedForEach.values)
        : pins !== undefined && !pins.valueIsKey
          ? new Unknown(expansion.reason)
          : unknownKey;
    // `count = var.create ? 1 : 0`: one instance at most, and if any, the one of index 0.
    const countAtMostOne = (module.countBound(decl.body) ?? 2) <= 1;
    const atMostOne = countAtMostOne || (switchedForEach?.most ?? 2) <= 1;
    // Two such instances of one module instance on conditions that cannot both hold never both exist
    // (for a filtering for_each: never for one user); in a module whose instances are unknown too, one
    // copy may have one and another copy the other.
    const operands = {
      valueOf: (expr: Expr) => module.evaluateExpression(expr),
      localValue: (name: string) => module.config.locals.get(name)?.value,
      variable: (name: string) => module.config.variables.get(name),
    };
    const when = atMostOne ? existenceCondition(decl.body['count'], operands) : undefined;
    const switchedBy = module.instanceCountUnknown
      ? undefined
      : when !== undefined
        ? { over: '', when }
        : atMostOne
          ? undefined
          : filterSwitch(decl.body['for_each'], decl.body['user'], filterModule);
    // `for_each = C ? toset(["main"]) : []`: each of its instances exists only where `C` holds.
    const forEachAssumed = countAtMostOne || !Object.hasOwn(decl.body, 'for_each') ? undefined : forEachAssumptions(decl.body['for_each'], operands);
    const unknown = {
      address: module.resourceInstanceAddress(decl, ''),
      // Where it exists, its count's condition holds: `var.user_name == "None"` makes `var.user_name` "None" there.
      context: countAtMostOne
        ? { countIndex: 0, ...(when === undefined ? {} : { assumed: assumedValues(when, operands) }) }
        : { each: { key: unknownKey, value: unknownValue }, countIndex: unknownKey, ...(forEachAssumed === undefined ? {} : { assumed: forEachAssumed }) },
      existenceUnknown: existence ?? expansion.reason,
      alongModule: false,
      ownCountUnknown: !atMostOne,
      ...(switchedBy === undefined ? {} : { switchedBy }),
      ...(expansion.awaitsVariables === true ? { awaitsVariables: true as const } : {}),
    };
    // Many, but one per user at most when each instance picks its own user instance; and where those
    // user instances are unknown too, each is an instance of that user block's placeholder.
    const userBlock =
      decl.type === 'aws_iam_user'
        ? undefined
        : perInstanceUserBlock(decl, {
            userBlock: (address) => managedUser(module, address),
            variableType: (name) => module.config.variables.get(name)?.type,
            localValue: (name) => module.config.locals.get(name)?.value,
            userBlocks: () => [...module.config.resources.values()].filter((d) => d.mode === 'managed' && d.type === 'aws_iam_user'),
          });
    // Many, but each of its own known user (`var.users[count.index]`): one per user at most too.
    // `{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }`: one instance of each allowed key at most.
    const allowedKeys = switchedForEach === undefined ? unknownKey.known?.oneOf : undefined;
    const keysApart =
      allowedKeys !== undefined &&
      usersApartPerAllowedKey(module, decl, allowedKeys, (key) => ({
        ...unknown.context,
        each: { key, value: unknownValue === unknownKey ? key : unknownValue },
      }));
    if (userBlock === undefined)
      return [
        !atMostOne && decl.type !== 'aws_iam_user' && (keysApart || usersApartPerInstance(module, decl)) ? { ...unknown, ownCountUnknown: false } : unknown,
      ];
    const user = managedUser(module, userBlock);
    const userPlaceholder = user !== undefined && module.expansion(user).kind === 'unknown' ? module.resourceInstanceAddress(user, '') : undefined;
    return [{ ...unknown, ownCountUnknown: false, ...(userPlaceholder === undefined ? {} : { userPlaceholder }) }];
  }
  return expansionInstances(expansion).map((instance) => ({
    address: module.resourceInstanceAddress(decl, instance.keySuffix),
    context: instance.context,
    existenceUnknown: existence,
    alongModule: true,
    ownCountUnknown: false,
  }));
}

/**
 * The instances of a block whose `for_each` map a `for` builds with an `if` unknown for some elements
 * (`partial-collection.ts`): each with its own key; those whose condition is true exist wherever the
 * module instance does, the others only where theirs turns out true. Two of those for one element,
 * on filters that exclude each other (`for-each-filters.ts`), never both exist.
 */
function partialInstances(
  module: ModuleInstance,
  decl: ResourceDecl,
  partial: readonly PartialInstance[],
  reason: string,
  existence: string | undefined,
): Instance[] {
  const filter = module.instanceCountUnknown
    ? undefined
    : filterSwitch(decl.body['for_each'], decl.body['user'], {
        variableType: (name) => module.config.variables.get(name)?.type,
        localValue: (name) => module.config.locals.get(name)?.value,
        userName: (address) => managedUser(module, address)?.body['name'],
      });
  return partial.map((instance) => {
    const address = module.resourceInstanceAddress(decl, instance.keySuffix);
    const base = { address, context: instance.context, ownCountUnknown: false };
    if (instance.certain) return { ...base, existenceUnknown: existence, alongModule: true };
    // Narrowed to this element: the instances of other elements are other users' (or none).
    const switchedBy = filter === undefined ? undefined : { over: `${filter.over}${instance.keySuffix}`, when: filter.when };
    return { ...base, existenceUnknown: existence ?? reason, alongModule: false, ...(switchedBy === undefined ? {} : { switchedBy }) };
  });
}

/** What `forEachBound` reads of a module instance. */
function forEachModule(module: ModuleInstance): CountModule {
  return { evaluate: (expr) => module.evaluateExpression(expr), localValue: (name) => module.config.locals.get(name)?.value };
}

function managedUser(module: ModuleInstance, address: string): ResourceDecl | undefined {
  const decl = module.config.resources.get(address);
  return decl?.mode === 'managed' && decl.type === 'aws_iam_user' ? decl : undefined;
}
