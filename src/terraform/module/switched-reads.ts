/**
 * A read of a block switched by an unknown `count` (`count = var.create ? 1 : 0`, or OpenTofu's
 * `lifecycle { enabled }`) written to survive the block's absence: `try(aws_iam_user.this[0].name, "")`
 * (`try` gives its first argument that evaluates without an error:
 * https://developer.hashicorp.com/terraform/language/functions/try), `one(aws_iam_user.this[*].name)`
 * (null for an empty list, the element for one: https://developer.hashicorp.com/terraform/language/functions/one),
 * `join("", aws_iam_user.this.*.name)`, `length(aws_iam_user.this) > 0 ? ... : ...`. The block has
 * its one instance or none, so the read is one of two values, each computed by taking the block to
 * have it or not (`ModuleInstance.withFixedSwitches`). Where one of them fails the plan, the other is
 * the value; where both are one known value, it is that value; where the reading block's own `count`
 * decides the switch (`var.create && var.create_key ? 1 : 0` reading a user of `var.create ? 1 : 0`),
 * only that way counts. Where the ways give different known strings (`try(aws_iam_user.this[0].name, "")`
 * is `ops` or `""`), the value is unknown but one of them. Anything else stays unknown. A module call
 * switched so (`module "u" { count = var.create ? 1 : 0 }`) is read the same way: `one(module.u[*].name)`
 * is its instance's output or null. So is a block whose `for_each` is switched between one element and none
 * (`var.create ? toset(["ops"]) : toset([])`): `one(values(aws_iam_user.this)[*].name)`. So is a block
 * switched in a module this one calls without `count` or `for_each`, read through that module's output
 * (`module.wrapper.name`, whose value is `one(module.u[*].name)`): the output may be null there, but the
 * key's `user` may not, so the way without the instance fails the plan here. So is one read through an
 * instance of a module call whose `count` or `for_each` is unknown, picked by a known index or key
 * (`module.wrapper[0].name`, also of a wrapper itself switched, `count = var.create ? 1 : 0`, whose ways are
 * then worked out too): where that instance does not exist, the read fails the plan.
 *
 * A way fails the plan where the read fails, or where the argument cannot take its value: a list
 * for a string, or null for an argument the provider requires (`user` of a login profile or key):
 * "If you set an argument of a resource to null, Terraform behaves as though you had completely
 * omitted it — it will use the argument's default value if it has one, or raise an error if the
 * argument is mandatory" (https://developer.hashicorp.com/terraform/language/expressions/types#null).
 */
import { excludeEachOther, not, type Condition } from '../../core/exclusive-conditions.js';
import { knownPartsOfOneOf } from '../../core/known-parts.js';
import { deepUnknown } from '../expr/convert-value.js';
import { isDeepStrictEqual } from 'node:util';
import { TfSet, Unknown, isEvaluationError, isList, isSensitive, isUnknown, type TfValue } from '../expr/value.js';
import { conditionalResults } from './count-bound.js';
import { assumedValues } from './count-assumptions.js';
import { existenceCondition, type CountOperands, type Switch } from './exclusive-counts.js';
import { expandForEach, expansionInstances, type Expansion } from './expand-instances.js';
import type { ModuleCallDecl } from './module-config.js';
import type { ModuleInstance } from './module-instance.js';

/** A block switched by an unknown `count`: a resource (`aws_iam_user.this`) or a module call (`module.u`). */
interface SwitchedBlock {
  /** From the reading module instance: `aws_iam_user.this`, `module.u`, or under a call `module.outer.module.u`. */
  readonly address: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** The module instance that declares it: the reading one, or one under it. */
  readonly module: ModuleInstance;
}

/** Marks a module call's address among the switched blocks (`instance-read-notes.ts`). */
const MODULE_PREFIX = 'module.';

/**
 * `module.outer.`, `module.outer[0].`, `module.outer["k"].`: the instance of a call by which a module reads
 * another's output.
 */
const CALL_INSTANCE = /^module\.([A-Za-z_][\w-]*)((?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?)\./u;

/**
 * The block `address` names in `module`, a resource or (`module.u`) a module call, or such a block of a
 * module instance under it through calls of one instance each (`module.outer.module.u`, read through
 * `module.outer`'s output) or instances read by a known index or key (`module.outer[0].module.u`).
 * Undefined where it cannot be told.
 */
function switchedBlock(module: ModuleInstance, address: string, fixedCalls: ReadonlySet<string>, within = module): SwitchedBlock | undefined {
  const call = CALL_INSTANCE.exec(address);
  const rest = call === null ? undefined : address.slice(call[0].length);
  if (call !== null && rest !== undefined && rest.length > 0) {
    const decl = within.config.moduleCalls.get(call[1] ?? '');
    const fixed = within === module && fixedCalls.has(`module.${call[1] ?? ''}`);
    const child = decl === undefined ? undefined : callInstance(within, decl, call[2] ?? '', fixed);
    const nested = child === undefined ? undefined : switchedBlock(module, rest, fixedCalls, child);
    return nested === undefined ? undefined : { ...nested, address };
  }
  if (!address.startsWith(MODULE_PREFIX)) {
    const decl = within.config.resources.get(address);
    return decl === undefined ? undefined : { address, body: decl.body, module: within };
  }
  const decl = within.config.moduleCalls.get(address.slice(MODULE_PREFIX.length));
  return decl === undefined ? undefined : { address, body: decl.body, module: within };
}

/**
 * The instance of the call `decl` of `within` that `keySuffix` names, where it exists wherever the
 * read through it succeeds: the one instance of a call without `count` or `for_each` (always there), or
 * the instance a known index or key reads of a call whose `count` or `for_each` is unknown
 * (`module.outer[0]`, `module.outer["k"]`): where that instance does not exist the read fails the plan
 * ("Invalid index"), so every plan that succeeds has it (`ModuleCalls.indexedValue`).
 */
function callInstance(within: ModuleInstance, decl: ModuleCallDecl, keySuffix: string, fixed: boolean): ModuleInstance | undefined {
  const repeated = Object.hasOwn(decl.body, 'count') || Object.hasOwn(decl.body, 'for_each');
  // A call of one instance at most that the read's ways fix (`module.w` beside `module.w.module.u`): in
  // each way with its instance, that instance is the call's placeholder (`ModuleCalls.children`).
  if (repeated && keySuffix === '' && fixed) {
    const children = within.children(decl.name);
    const [child, ...others] = 'instances' in children ? children.instances : [];
    return child !== undefined && others.length === 0 && !child.instanceCountUnknown ? child : undefined;
  }
  if (repeated !== (keySuffix !== '')) return undefined;
  // Also for a call of one instance at most (`for_each = var.create ? toset(["k"]) : toset([])`), itself
  // among the switched blocks read; `acrossSwitches` then fixes the nested block under the call's placeholder.
  if (repeated) return within.readModuleInstances().get(`${decl.name}${keySuffix}`);
  const children = within.children(decl.name);
  const [child, ...others] = 'instances' in children ? children.instances : [];
  return child === undefined || others.length > 0 || child.existenceUnknown !== within.existenceUnknown ? undefined : child;
}

/** Whether `address` is of a block under a module call (`module.outer.module.u`), not a call of this module (`module.u`). */
function isUnderCall(address: string): boolean {
  return address.startsWith(MODULE_PREFIX) && address.includes('.', MODULE_PREFIX.length);
}

/** Switched blocks one read may be decided over: each doubles the evaluations. */
const MAX_SWITCHES = 2;

/**
 * The ways a switched block may have one instance, or none, as its `count`, `enabled` or `for_each`
 * would make them. A `for_each` switched between known collections of one element at most
 * (`for-each-bound.ts`) has the instance of one of those elements: `var.x ? toset(["a"]) : toset(["b"])`
 * has the one of "a" or the one of "b", a way each, and no instance only where a result is empty.
 * Undefined where a result cannot be expanded.
 */
function fixedExpansions(decl: SwitchedBlock, exists: boolean): Expansion[] | undefined {
  const { module } = decl;
  if (Object.hasOwn(decl.body, 'for_each')) {
    const results = conditionalResults(decl.body['for_each'], {
      evaluate: (expr) => module.evaluateExpression(expr),
      localValue: (name) => module.config.locals.get(name)?.value,
    });
    if (results === undefined) return undefined;
    // A tuple beside a set in a conditional is converted to a set (`for-each-bound.ts`).
    const expansions = results.map((result) => expandForEach(isList(result) ? new TfSet([...new Set(result)]) : result, module.run.budget));
    if (expansions.some((expansion) => expansion.kind !== 'for_each')) return undefined;
    // No instance is a way only where a result is empty.
    const kept = expansions.filter((expansion) => expansionInstances(expansion).length > 0 === exists);
    return kept.filter((expansion, index) => kept.findIndex((other) => isDeepStrictEqual(other, expansion)) === index);
  }
  if (!Object.hasOwn(decl.body, 'count')) return [{ kind: exists ? 'single' : 'disabled' }];
  // Where it has its instance, its count's condition holds, with the values it pins (`count-assumptions.ts`).
  const when = exists ? switchCondition(decl) : undefined;
  const context = { countIndex: 0, ...(when === undefined ? {} : { assumed: assumedValues(when, switchOperands(decl)) }) };
  return [{ kind: 'count', instances: exists ? [{ keySuffix: '[0]', context }] : [] }];
}

/** When the switched block has its instance (`exclusive-counts.ts`), where its `count` says. */
function switchCondition(decl: SwitchedBlock): Condition | undefined {
  if (!Object.hasOwn(decl.body, 'count')) return undefined;
  return existenceCondition(decl.body['count'], switchOperands(decl));
}

/** What a switched block's `count` reads of its module instance. */
function switchOperands(decl: SwitchedBlock): CountOperands {
  const { module } = decl;
  return {
    valueOf: (expr) => module.evaluateExpression(expr),
    localValue: (name) => module.config.locals.get(name)?.value,
    variable: (name) => module.config.variables.get(name),
  };
}

/**
 * Whether the switched block has its instance wherever the reading instance exists: true or false
 * where its switch `reader` decides it, else undefined (both ways).
 */
function decidedBy(reader: Switch | undefined, module: ModuleInstance, decl: SwitchedBlock): boolean | undefined {
  // A block of another module instance has a switch of that module's variables, not the reader's.
  if (reader?.over !== '' || decl.module !== module) return undefined;
  const when = switchCondition(decl);
  if (when === undefined) return undefined;
  if (excludeEachOther(reader.when, not(when))) return true;
  if (excludeEachOther(reader.when, when)) return false;
  return undefined;
}

/**
 * Every combination of one instance or none for each block, less those the reader's switch rules out;
 * undefined where a block's instance cannot be told (`fixedExpansions`).
 */
function ways(module: ModuleInstance, decls: readonly SwitchedBlock[], reader: Switch | undefined): Map<string, Expansion>[] | undefined {
  let combinations = [new Map<string, Expansion>()];
  for (const decl of decls) {
    const decided = decidedBy(reader, module, decl);
    const options: Expansion[] = [];
    for (const exists of decided === undefined ? [true, false] : [decided]) {
      const expansions = fixedExpansions(decl, exists);
      if (expansions === undefined) return undefined;
      options.push(...expansions);
    }
    combinations = combinations.flatMap((fixed) => options.map((expansion) => new Map<string, Expansion>([...fixed, [decl.address, expansion]])));
  }
  return combinations;
}

/**
 * The value `read` gives in `module`, decided over the switched blocks it read where every way the
 * plan succeeds gives one (see the module comment). `reader` is the switch of the reading instance,
 * if any; `refused` tells a value the argument cannot take.
 */
export function acrossSwitches(
  module: ModuleInstance,
  reader: Switch | undefined,
  refused: (value: TfValue) => boolean,
  read: (module: ModuleInstance) => TfValue,
): TfValue {
  const { value, switched } = module.switchedReads(() => read(module));
  // A known value, a failure, or one already linked to an instance needs nothing more.
  if (!isUnknown(value) || value.resourceAddress !== undefined || isEvaluationError(value) || switched.length === 0) return value;
  const unknown: Unknown = value;
  const decls: SwitchedBlock[] = [];
  // Calls of this module instance the read's ways fix, each with its instance or without it.
  const fixedCalls = new Set(switched.filter((address) => address.startsWith(MODULE_PREFIX) && !isUnderCall(address)));
  for (const address of switched) {
    const decl = switchedBlock(module, address, fixedCalls);
    if (decl !== undefined) decls.push(decl);
    // One of a module instance under this one that cannot be told is left as it is, unknown.
    else if (!isUnderCall(address)) return value;
  }
  if (decls.length === 0 || decls.length > MAX_SWITCHES) return value;
  // A call switched here and read by its key (`module.w["k"].module.u` beside `module.w`): each world fixes
  // the call, whose instance there is built as its placeholder, `module.w.` (`ModuleCalls.children`).
  for (const [index, decl] of decls.entries()) {
    const call = CALL_INSTANCE.exec(decl.address);
    if (call !== null && call[2] !== '' && fixedCalls.has(`module.${call[1]}`))
      decls[index] = { ...decl, address: `module.${call[1]}.${decl.address.slice(call[0].length)}` };
  }
  const worlds = ways(module, decls, reader)?.map((fixed) => module.withFixedSwitches(fixed));
  if (worlds === undefined || worlds.some((world) => world === undefined)) return value;
  const results = worlds
    .filter((world) => world !== undefined)
    .map((world) => read(world))
    .filter((result) => !isEvaluationError(result) && !refused(result));
  const [first, ...others] = results;
  if (first === undefined) return value;
  if (others.length === 0) return first;
  // Only plain known values are compared: a sensitive one is not shown by being chosen.
  const plain = (result: TfValue) => !isSensitive(result) && deepUnknown(result) === undefined && (result === null || typeof result !== 'object');
  if (plain(first) && others.every((other) => plain(other) && other === first)) return first;
  // Known strings that differ: still unknown (the switch decides), but one of them.
  const strings = results.filter((result) => typeof result === 'string');
  return strings.length === results.length ? new Unknown(unknown.reason, undefined, knownPartsOfOneOf(strings)) : value;
}
