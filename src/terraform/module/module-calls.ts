/**
 * The module calls of one module instance (`module-instance.ts`): the instances each call makes, with
 * the inputs the call passes them, `module.x` as a value (their outputs), and an instance read by a
 * known key where the call's `count`/`for_each` is unknown. The module instances themselves are made
 * by the caller's `instantiate`, so this file does not depend on the class it serves.
 */
import type { SourceLocation } from '../../core/location.js';
import type { Fact } from '../../model/model.js';
import { objectFrom } from '../expr/convert-value.js';
import { ArgumentError, UndeclaredReference, Unknown, isEvaluationError, unmark, type TfObject, type TfValue } from '../expr/value.js';
import { expandBlock, expansionInstances, indexedInstance, switchedByEnabledAlone, type Expansion, type InstanceContext } from './expand-instances.js';
import type { Memo } from './instance-objects.js';
import { keyedInstanceNote, oneInstanceNote, switchedBlockNote } from './instance-read-notes.js';
import { MODULE_META, type ModuleCallDecl, type ModuleConfig } from './module-config.js';
import type { ModuleInstanceParts } from './module-instance-parts.js';
import { callLocation, type ModuleTree } from './module-tree.js';
import { eachValueOfKey } from './per-instance-user.js';
import { passedProviderAccounts, type IndexedProviderReference } from './provider-accounts.js';
import { instanceMoveConflict } from './refactoring-conflicts.js';
import { metaLocation } from './declaration-location.js';
import type { RunContext } from './run-context.js';
import { countAssumptions } from './count-assumptions.js';
import { builtByFor } from './built-by-for.js';
import { forEachKeyPins } from './for-each-key-pins.js';
import { forEachElements } from './for-each-elements.js';
import type { KnownParts } from '../../core/known-parts.js';
import type { Expr } from '../expr/ast.js';

/** The most allowed keys of a call's placeholder given an instance each, to tell their users apart (`users-apart.ts`). */
const MAX_ALLOWED_KEYS = 32;

/** What the calls need of a called module instance. */
export interface CalledInstance {
  readonly existenceUnknown: string | undefined;
  readonly instanceCountUnknown: boolean;
  /** Its `each.key`, when the call has `for_each` and the key is a known string. */
  readonly eachKey: string | undefined;
  outputsObject(): TfObject;
}

/** The module's instances under a call, or why there are none to analyse. */
export type CallInstances<M> = { readonly instances: readonly M[] } | { readonly unavailable: string };

/** What a module instance gives the instances of its module calls. */
export interface CallingInstance<M extends CalledInstance> {
  readonly tree: ModuleTree;
  readonly config: ModuleConfig;
  /** `''` for the root, `module.team.module.member["ana"].` below it. */
  readonly addressPrefix: string;
  readonly anchors: readonly SourceLocation[];
  readonly existenceUnknown: string | undefined;
  readonly instanceCountUnknown: boolean;
  readonly run: RunContext;
  /** The module instance's memo, shared with its locals, variables, resources and outputs. */
  readonly memo: Memo;
  evaluate(value: unknown, context: InstanceContext, at: SourceLocation): TfValue;
  /** The value of a parsed expression in the module instance, outside any instance. */
  evaluateExpression(expr: Expr): TfValue;
  /** What the `validation` blocks of list or set variable `name` tell of each of its elements (`variable-values.ts`). */
  variableElements(name: string): KnownParts | undefined;
  countBound(body: Readonly<Record<string, unknown>>): number | undefined;
  instanceBound(body: Readonly<Record<string, unknown>>): number | undefined;
  reportTrips(at: SourceLocation): void;
  providerAccount(key: string): Fact<string> | undefined;
  providerInstanceAccount(reference: IndexedProviderReference, context: InstanceContext, at: SourceLocation): Fact<string> | undefined;
  /** A module instance of the called module, from its parts. */
  instantiate(parts: ModuleInstanceParts): M;
  /** The switched blocks this instance takes to have or not have their instance, by address (`module.u`). */
  readonly fixed?: { readonly expansions: ReadonlyMap<string, Expansion> };
}

/** A module argument's value, its failure (`ArgumentError`) told by the call and argument it is written in. */
function failedArgument(value: TfValue, call: string, argument: string): TfValue {
  return isEvaluationError(value) && !(value instanceof ArgumentError) ? new ArgumentError(`${call}, argument ${argument}: ${value.reason}`) : value;
}

export class ModuleCalls<M extends CalledInstance> {
  private readonly childCache = new Map<string, CallInstances<M>>();
  /** How many instances each module call makes, as `children` found it. */
  private readonly callExpansions = new Map<string, Expansion>();
  /** Instances of module calls with unknown `count`/`for_each` read by a known key (`indexedValue`). */
  private readonly readInstances = new Map<string, TfValue>();
  /** The module instances built for those reads, by call name and key (`users["ana"]`). */
  private readonly readModules = new Map<string, M>();

  constructor(private readonly module: CallingInstance<M>) {}

  /**
   * The instances of module calls with unknown `count`/`for_each` that an evaluation here read by a
   * known key (`module.users["ana"]`), so far: the model does not hold them, but their users may be
   * referred to (`build-iam-model.ts`).
   */
  readModuleInstances(): ReadonlyMap<string, M> {
    return this.readModules;
  }

  /** The module's instances under a call (one placeholder when its count/for_each is unknown). */
  children(name: string): CallInstances<M> {
    let cached = this.childCache.get(name);
    if (cached !== undefined) return cached;
    const { config, tree, run, memo } = this.module;
    const call = config.moduleCalls.get(name);
    const child = tree.children.get(name);
    if (call === undefined || child === undefined) {
      cached = { unavailable: `module.${name} is not declared` };
    } else if ('unavailable' in child) {
      cached = { unavailable: child.unavailable };
    } else {
      const at = (meta: string) => metaLocation(call, meta, `module.${name}`);
      // A switched call fixed to have its instance or not (`switched-reads.ts`).
      const fixed = this.module.fixed?.expansions.get(`module.${name}`);
      // `for_each = { for k, v in local.users : k => v if v.console }` with one flag unknown: each entry's instance (`built-by-for.ts`).
      const partial = fixed === undefined && builtByFor(call.body['for_each'], config);
      let expansion =
        fixed ??
        expandBlock(call.body, (meta, written) => memo.get(`module.${name}.${meta}`, () => this.module.evaluate(written, {}, at(meta))), run.budget, partial);
      const spent = run.budget.spendModuleInstances(
        expansion.kind === 'unknown' ? (expansion.partial?.length ?? 0) : expansionInstances(expansion).length,
        `module.${name} would bring the module instances past ${run.budget.limits.moduleInstances}`,
      );
      if (spent !== undefined) expansion = { kind: 'unknown', reason: spent.reason };
      this.callExpansions.set(name, expansion);
      this.module.reportTrips(callLocation(call));
      if (expansion.kind === 'unknown' && expansion.partial !== undefined) {
        // An instance whose entry is certain exists wherever this module instance does; the others only where their condition holds.
        const reason = `module.${name}: ${expansion.reason}`;
        // A `moved` block from a certain entry's instance is refused in every plan (`refactoring-conflicts.ts`).
        const moved = instanceMoveConflict(config, `module.${name}`, expansion);
        if (moved !== undefined) run.report(moved.diagnostic);
        const refused = tree.refused.get(`module.${name}`) ?? moved?.reason;
        cached = {
          instances: expansion.partial.map((instance) =>
            this.childInstance(
              call,
              child.tree,
              instance.keySuffix,
              instance.context,
              refused ?? (instance.certain ? this.module.existenceUnknown : (this.module.existenceUnknown ?? reason)),
              this.module.instanceCountUnknown,
            ),
          ),
        };
      } else if (expansion.kind === 'unknown') {
        // `toset(var.bots)`, each element validated: every instance's key (and value) is such an element.
        const elements = forEachElements(call.body['for_each'], (variable) => this.module.variableElements(variable));
        // `{ for k, v in var.users : k => v if lower(k) != "root" }`: every instance's key passes the filter's test of it.
        const pins =
          elements === undefined
            ? forEachKeyPins(call.body['for_each'], {
                variableType: (variable) => config.variables.get(variable)?.type,
                localValue: (local) => config.locals.get(local)?.value,
                userName: () => undefined,
                evaluate: (expr) => this.module.evaluateExpression(expr),
              })
            : { key: elements, valueIsKey: true };
        const unknownKey = new Unknown(expansion.reason, undefined, pins?.key);
        // Of a map, each.value is the key's value, not the key.
        const unknownValue = pins !== undefined && !pins.valueIsKey ? new Unknown(expansion.reason) : unknownKey;
        // `count = var.create ? 1 : 0`: one instance at most, and if any, the one of index 0.
        const atMostOne = (this.module.countBound(call.body) ?? 2) <= 1;
        // Where it exists, its count's condition holds, and so do the values that condition pins (`count-assumptions.ts`).
        const assumed = atMostOne
          ? countAssumptions(call.body['count'], {
              valueOf: (expr) => this.module.evaluateExpression(expr),
              localValue: (local) => config.locals.get(local)?.value,
              variable: (variable) => config.variables.get(variable),
            })
          : undefined;
        const context = atMostOne
          ? { countIndex: 0, ...(assumed === undefined ? {} : { assumed }) }
          : { each: { key: unknownKey, value: unknownValue }, countIndex: unknownKey };
        const reason = `module.${name}: ${expansion.reason}`;
        // `{ for k, v in var.users : k => v if contains(["ci", "deploy"], k) }`: one instance of each allowed key at most.
        const keys = atMostOne ? undefined : pins?.key.oneOf;
        const allowedKeys =
          keys === undefined ||
          keys.length > MAX_ALLOWED_KEYS ||
          run.budget.spendModuleInstances(keys.length, `module.${name} would bring the module instances past ${run.budget.limits.moduleInstances}`) !==
            undefined
            ? undefined
            : {
                keys,
                instanceOf: (key: string) =>
                  this.childParts(
                    call,
                    child.tree,
                    '',
                    { each: { key, value: pins?.valueIsKey === true ? key : unknownValue }, countIndex: key },
                    reason,
                    false,
                  ),
              };
        const placeholder = this.module.instantiate({
          ...this.childParts(call, child.tree, '', context, reason, !atMostOne),
          ...(allowedKeys === undefined ? {} : { allowedKeys }),
        });
        cached = { instances: [placeholder] };
      } else {
        // A call a `removed` or `moved` block names though it is still declared may not exist (`refactoring-conflicts.ts`).
        const moved = instanceMoveConflict(config, `module.${name}`, expansion);
        if (moved !== undefined) run.report(moved.diagnostic);
        const refused = tree.refused.get(`module.${name}`) ?? moved?.reason;
        cached = {
          instances: expansionInstances(expansion).map((instance) =>
            this.childInstance(
              call,
              child.tree,
              // A fixed switched call's instance is the model's placeholder of the call, so what links to its blocks links there.
              fixed === undefined ? instance.keySuffix : '',
              instance.context,
              refused ?? this.module.existenceUnknown,
              this.module.instanceCountUnknown,
            ),
          ),
        };
      }
    }
    this.childCache.set(name, cached);
    return cached;
  }

  /** `module.x`: its outputs as an object, a list of them (count) or a map (for_each). */
  value(name: string): TfValue {
    return this.module.memo.get(`module.${name}`, () => {
      const call = this.module.config.moduleCalls.get(name);
      if (call === undefined) return new UndeclaredReference(`module.${name} is not declared`);
      const children = this.children(name);
      if ('unavailable' in children) return new Unknown(children.unavailable);
      const first = children.instances[0];
      // Some instances of a partly filtered for_each may not exist: the map of them is not known.
      const uncertain = children.instances.find((instance) => instance.existenceUnknown !== this.module.existenceUnknown);
      if (first !== uncertain && uncertain?.existenceUnknown !== undefined) return new Unknown(uncertain.existenceUnknown);
      if (first?.existenceUnknown !== undefined && first.existenceUnknown !== this.module.existenceUnknown) {
        // A call of one instance at most: whoever reads it may be decided however the switch turns out (`switched-reads.ts`).
        if (this.callExpansions.get(name)?.kind === 'unknown' && (this.module.instanceBound(call.body) ?? 2) <= 1)
          this.module.memo.note(switchedBlockNote(this.module.addressPrefix, `module.${name}`));
        return new Unknown(first.existenceUnknown);
      }
      const outputs = children.instances.map((instance) => instance.outputsObject());
      if (Object.hasOwn(call.body, 'for_each')) {
        return objectFrom(children.instances.map((instance, index) => [instance.eachKey ?? '', outputs[index] ?? null]));
      }
      if (Object.hasOwn(call.body, 'count')) return outputs;
      return outputs[0] ?? null;
    });
  }

  /**
   * `module.m[0]`, `module.users["ana"]` (`EvalScope.resolveInstance`) where the call's
   * `count`/`for_each` is unknown: the instance the key selects, with its own `each.key`/`each.value`
   * or `count.index`. Where the call makes one instance at most (`count = var.create ? 1 : 0`), its
   * placeholder in the model; else an instance built for reading, whose own resources are not in the
   * model. Undefined where the expansion is known or the key can never exist.
   */
  indexedValue(name: string, key: TfValue | undefined): TfValue | undefined {
    const { config, tree, run, memo, addressPrefix } = this.module;
    const call = config.moduleCalls.get(name);
    if (call === undefined) return undefined;
    const children = this.children(name);
    const expansion = this.callExpansions.get(name);
    const child = tree.children.get(name);
    if (!('instances' in children) || expansion?.kind !== 'unknown' || expansion.partial !== undefined || child === undefined || !('tree' in child))
      return undefined;
    const bound = this.module.countBound(call.body);
    const [placeholder] = children.instances;
    // A call that makes one instance at most: its placeholder is that instance, and is in the model.
    if (placeholder !== undefined && !placeholder.instanceCountUnknown) {
      const one = key === undefined ? switchedByEnabledAlone(call.body) : !Object.hasOwn(call.body, 'for_each') && (key === 0 || key === '0');
      if (!one) return undefined;
      // Whatever evaluation reads it presumes the instance exists (`readsOfOneInstance`).
      memo.note(oneInstanceNote(addressPrefix, name));
      return memo.get(`instance module.${name}`, () => placeholder.outputsObject());
    }
    const eachValue = eachValueOfKey(call.body, config, `each.value of module.${name}: ${expansion.reason}`);
    const instance = indexedInstance(call.body, key, false, bound, eachValue);
    if (instance === undefined) return undefined;
    const read = `${name}${instance.keySuffix}`;
    // Whatever evaluation reads it presumes the instance exists (`readsOfOneInstance`).
    memo.note(keyedInstanceNote(addressPrefix, read));
    let outputs = this.readInstances.get(read);
    if (outputs === undefined) {
      // Another instance of the module: it counts toward the unit's budget, as an expanded one does.
      const spent = run.budget.spendModuleInstances(
        1,
        `module.${name}${instance.keySuffix} would bring the module instances past ${run.budget.limits.moduleInstances}`,
      );
      // Its own objects link by their instance addresses, which the model (holding only the placeholder) does not declare.
      if (spent === undefined) {
        const module = this.childInstance(call, child.tree, instance.keySuffix, instance.context, `module.${name}: ${expansion.reason}`, false);
        this.readModules.set(read, module);
        outputs = module.outputsObject();
      } else outputs = spent;
      this.readInstances.set(read, outputs);
    }
    return outputs;
  }

  /**
   * One instance of the module call `call` (to `child`), keyed `keySuffix`: its inputs are evaluated
   * in this scope with `context` (its `each`/`count.index`).
   */
  private childInstance(
    call: ModuleCallDecl,
    child: ModuleTree,
    keySuffix: string,
    context: InstanceContext,
    existenceUnknown: string | undefined,
    instanceCountUnknown: boolean,
  ): M {
    return this.module.instantiate(this.childParts(call, child, keySuffix, context, existenceUnknown, instanceCountUnknown));
  }

  /** The parts of `childInstance`. */
  private childParts(
    call: ModuleCallDecl,
    child: ModuleTree,
    keySuffix: string,
    context: InstanceContext,
    existenceUnknown: string | undefined,
    instanceCountUnknown: boolean,
  ): ModuleInstanceParts {
    const name = call.name;
    const { addressPrefix } = this.module;
    const at = (meta: string) => metaLocation(call, meta, `module.${name}`);
    const inputs = new Map<string, () => TfValue>();
    for (const [input, value] of Object.entries(call.body)) {
      if (!MODULE_META.has(input))
        inputs.set(input, () => failedArgument(this.module.evaluate(value, context, at(input)), `${addressPrefix}module.${name}${keySuffix}`, input));
    }
    const key = context.each === undefined ? undefined : unmark(context.each.key);
    const eachKey = typeof key === 'string' ? key : undefined;
    const providerAccounts = passedProviderAccounts(call.body['providers'], {
      account: (key) => this.module.providerAccount(key),
      instanceAccount: (reference) => this.module.providerInstanceAccount(reference, context, at('providers')),
    });
    // A switched block in a module this call's instance calls, fixed by the world reading it (`switched-reads.ts`).
    const nested = nestedFixed(this.module.fixed?.expansions, `module.${name}${keySuffix}.`);
    return {
      ...(nested === undefined ? {} : { fixed: { expansions: nested } }),
      providerAccounts,
      tree: child,
      addressPrefix: `${addressPrefix}module.${name}${keySuffix}.`,
      inputs,
      anchors: [callLocation(call), ...this.module.anchors],
      existenceUnknown,
      instanceCountUnknown,
      run: this.module.run,
      eachKey,
    };
  }
}

/** Of `expansions`, those of blocks under the module instance at `prefix`, by their address there; undefined where none is. */
function nestedFixed(expansions: ReadonlyMap<string, Expansion> | undefined, prefix: string): ReadonlyMap<string, Expansion> | undefined {
  if (expansions === undefined) return undefined;
  const nested = new Map<string, Expansion>();
  for (const [address, expansion] of expansions) if (address.startsWith(prefix)) nested.set(address.slice(prefix.length), expansion);
  return nested.size === 0 ? undefined : nested;
}
