/**
 * One instance of a module (the root, or `module.team.module.member["ana"]`) and the scope its
 * expressions are evaluated in. Everything is lazy and memoised, as Terraform's graph walk only
 * evaluates what is referenced: a local, a variable, a resource's instances or a module's outputs are
 * computed on first use. A reference cycle (which Terraform rejects) yields an unknown instead of
 * recursing forever.
 */
import { relative, sep } from 'node:path';
import { parseError } from '../../core/diagnostic.js';
import { isJsonConfigurationFile } from '../configuration-files.js';
import type { KnownParts } from '../../core/known-parts.js';
import { limitReached } from '../../core/limits.js';
import { FILE_START, type SourceLocation } from '../../core/location.js';
import { objectFrom } from '../expr/convert-value.js';
import {
  ArgumentError,
  EvaluationError,
  UndeclaredReference,
  Unknown,
  isEvaluationError,
  markedIf,
  unmark,
  type TfObject,
  type TfValue,
} from '../expr/value.js';
import { countUpperBound } from './count-bound.js';
import { cyclicLocals, describeCycle } from './local-cycles.js';
import { describeReference, evaluate, evaluateJson, type EvalScope, type RootReference } from './expr-api.js';
import { expandBlock, expansionInstances, indexedInstance, switchedByEnabledAlone, type Expansion, type InstanceContext } from './expand-instances.js';
import { Memo, attachAddress, lazyObject, resourceObject } from './instance-objects.js';
import type { ModuleCallDecl, ResourceDecl } from './module-config.js';
import { callLocation, type ModuleTree } from './module-tree.js';
import { MODULE_META, declaredTwice } from './module-config.js';
import { isSet } from './per-instance-user.js';
import { computedAttributes } from './provider-attributes.js';
import { passedProviderAccounts, providerAccount, providerInstanceAccount, type IndexedProviderReference } from './provider-accounts.js';
import { holdsNoEphemeralValues, isEphemeralReference } from './ephemeral-values.js';
import { keyedInstanceNote, oneInstanceNote, readsIn } from './instance-read-notes.js';
import type { Fact } from '../../model/model.js';
import { instanceMoveConflict } from './refactoring-conflicts.js';
import { declLocation, metaLocation } from './declaration-location.js';
import type { ModuleInstanceParts } from './module-instance-parts.js';
import type { RunContext } from './run-context.js';
import { ModuleVariables } from './variable-values.js';

/** Meta-arguments that are not attributes of the resource object (https://developer.hashicorp.com/terraform/language/meta-arguments). */
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic']);

/**
 * What OpenTofu's early evaluation reads (https://opentofu.org/docs/language/modules/sources/#support-for-variable-and-local-evaluation):
 * "variables and locals ... as long as they are not dependent on resources, data sources or module outputs",
 * with `path` and `terraform.workspace`.
 */
const STATIC_REFERENCE: ReadonlySet<RootReference['kind']> = new Set(['var', 'local', 'path', 'terraform']);

/** A module argument's value, its failure (`ArgumentError`) told by the call and argument it is written in. */
function failedArgument(value: TfValue, call: string, argument: string): TfValue {
  return isEvaluationError(value) && !(value instanceof ArgumentError) ? new ArgumentError(`${call}, argument ${argument}: ${value.reason}`) : value;
}

export type ChildInstances = { readonly instances: readonly ModuleInstance[] } | { readonly unavailable: string };

export class ModuleInstance {
  private readonly memo: Memo;
  private readonly expansions = new Map<string, Expansion>();
  private readonly childCache = new Map<string, ChildInstances>();
  /** How many instances each module call makes, as `children` found it. */
  private readonly callExpansions = new Map<string, Expansion>();
  /** Instances of module calls with unknown `count`/`for_each` read by a known key (`indexedModuleValue`). */
  private readonly readInstances = new Map<string, TfValue>();
  /** The module instances built for those reads, by call name and key (`users["ana"]`). */
  private readonly readModules = new Map<string, ModuleInstance>();

  readonly tree: ModuleTree;
  readonly addressPrefix: string;
  private readonly inputs: ReadonlyMap<string, () => TfValue>;
  readonly anchors: readonly SourceLocation[];
  readonly existenceUnknown: string | undefined;
  readonly instanceCountUnknown: boolean;
  readonly run: RunContext;
  readonly eachKey: string | undefined;
  private readonly providerAccounts: ReadonlyMap<string, () => Fact<string> | undefined>;
  private readonly accounts = new Map<string, Fact<string> | undefined>();
  private ephemeralFree: boolean | undefined;
  /** Its variables' values and what their `validation` blocks tell (`variable-values.ts`). */
  private readonly variables: ModuleVariables;
  private readonly staticOnly: boolean;

  constructor(instance: ModuleInstanceParts) {
    this.tree = instance.tree;
    this.addressPrefix = instance.addressPrefix;
    this.inputs = instance.inputs;
    this.anchors = instance.anchors;
    this.existenceUnknown = instance.existenceUnknown;
    this.instanceCountUnknown = instance.instanceCountUnknown ?? false;
    this.run = instance.run;
    this.eachKey = instance.eachKey;
    this.providerAccounts = instance.providerAccounts ?? new Map();
    this.staticOnly = instance.staticOnly ?? false;
    this.memo = new Memo(instance.run.notes);
    this.variables = new ModuleVariables({
      config: instance.tree.config,
      inputs: instance.inputs,
      addressPrefix: instance.addressPrefix,
      staticOnly: this.staticOnly,
      memo: this.memo,
      scope: () => this.scope(),
    });
  }

  /**
   * The account of the `aws` provider configuration `key` (`aws`, `aws.prod`) here: one this module
   * declares, else one its caller passed; undefined where no configuration names one
   * (`provider-accounts.ts`).
   */
  providerAccount(key: string): Fact<string> | undefined {
    if (!this.accounts.has(key)) {
      const decl = this.config.providers.get(key);
      this.accounts.set(key, decl === undefined ? this.providerAccounts.get(key)?.() : providerAccount(decl, (value, at) => this.evaluate(value, {}, at)));
    }
    return this.accounts.get(key);
  }

  /** The account of the instance of a configuration repeated with `for_each` that `reference` names, read in `context`. */
  providerInstanceAccount(reference: IndexedProviderReference, context: InstanceContext, at: SourceLocation): Fact<string> | undefined {
    const instanceKey = this.evaluate(reference.index, context, at);
    const evaluateIn = (value: unknown, each: InstanceContext, valueAt: SourceLocation) => this.evaluate(value, each, valueAt);
    return providerInstanceAccount(reference.key, this.config.providers.get(reference.key), instanceKey, at, evaluateIn, this.run.budget);
  }

  get config() {
    return this.tree.config;
  }

  /** The scope for expressions of this module, optionally inside one `count`/`for_each` instance. */
  scope(context: InstanceContext = {}): EvalScope {
    const { pathFunctions } = this.run;
    return {
      resolve: (ref) => this.resolve(ref, context),
      resolveInstance: (ref, key, byPosition) => this.indexedInstanceValue(ref, key, byPosition),
      budget: this.run.budget,
      withoutEphemeralValues: (this.ephemeralFree ??= holdsNoEphemeralValues(this.tree)),
      isEphemeral: (ref, steps) => isEphemeralReference(this.tree, ref, steps),
      variableElements: (name) => this.variableElements(name),
      variableAttribute: (name, attribute) => this.variableAttribute(name, attribute),
      ...(pathFunctions === undefined ? {} : { pathFunctions }),
    };
  }

  /**
   * Evaluates a value written at `at`. A budget that ran out during the evaluation is reported there:
   * nested evaluations (a local it reads) return first, so the innermost located construct is blamed.
   */
  evaluate(value: unknown, context: InstanceContext = {}, at?: SourceLocation): TfValue {
    let result: TfValue;
    try {
      result = evaluateJson(value, this.scope(context));
    } catch (error) {
      // credlint's failure, not Terraform's: the scan is incomplete (reported below, as a limit is).
      result = this.run.budget.beyondCapacity(`cannot evaluate: internal error (${error instanceof Error ? error.name : 'error'})`);
    }
    if (at !== undefined) this.reportTrips(at);
    return result;
  }

  /** The most instances the `count` written in `body` can make when its value is unknown (`count-bound.ts`). */
  countBound(body: Readonly<Record<string, unknown>>): number | undefined {
    if (Object.hasOwn(body, 'count')) return countUpperBound(body['count'], (expr) => evaluate(expr, this.scope()));
    // OpenTofu's `enabled` (alone) makes one instance or none.
    return switchedByEnabledAlone(body) ? 1 : undefined;
  }

  reportTrips(at: SourceLocation): void {
    const where = `${this.addressPrefix}${at.logicalPath ?? 'this module'}`;
    for (const pending of this.run.budget.takePending()) {
      if (pending.kind === 'limit') this.run.report(limitReached(at, pending.limit, this.run.budget.limits, `${pending.what} in ${where}`));
      else if (pending.kind === 'beyond capacity') this.run.report(parseError(at, `cannot evaluate ${where}: ${pending.what}`));
      else if (isJsonConfigurationFile(at.file)) this.run.report(parseError(at, `invalid expression in ${where}: ${pending.what}`));
    }
  }

  private resolve(ref: RootReference, context: InstanceContext): TfValue {
    if (this.staticOnly && !STATIC_REFERENCE.has(ref.kind)) return new Unknown(`${describeReference(ref)} has no value before init`);
    switch (ref.kind) {
      case 'var':
        return this.variable(ref.name);
      case 'local':
        return this.local(ref.name);
      case 'module':
        return this.moduleValue(ref.name);
      case 'resource':
        return this.resourceValue(`${ref.type}.${ref.name}`);
      case 'data':
        return this.resourceValue(`data.${ref.type}.${ref.name}`);
      case 'ephemeral':
        // Opened while Terraform runs and never stored: its value exists only then.
        return new Unknown(`ephemeral.${ref.type}.${ref.name} is an ephemeral resource, whose value is only known while Terraform runs`);
      case 'each':
        return context.each ? { key: context.each.key, value: context.each.value } : new EvaluationError('each is only available in a block with for_each');
      case 'count':
        return context.countIndex !== undefined ? { index: context.countIndex } : new EvaluationError('count.index is only available in a block with count');
      case 'self':
        return new Unknown('self is only known to provisioners');
      case 'path':
        return this.pathValue(ref.name);
      case 'terraform':
        return this.terraformValue(ref.name);
    }
  }

  /**
   * `terraform.workspace`, and `terraform.applying`: an ephemeral boolean, false while Terraform
   * plans and true while it applies, so no one value holds for what is deployed (and Terraform
   * refuses it in a resource argument, `count` or `for_each`)
   * (https://developer.hashicorp.com/terraform/language/expressions/references#terraform-applying).
   */
  private terraformValue(name: string): TfValue {
    if (name === 'workspace') return this.run.workspace;
    if (name === 'applying') return new Unknown('terraform.applying is ephemeral: false while Terraform plans, true while it applies');
    return new EvaluationError(`terraform.${name} is not supported`);
  }

  /** https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info */
  private pathValue(name: string): TfValue {
    if (name === 'root') return '.';
    if (name === 'cwd') return this.run.rootDir.split(sep).join('/');
    if (name === 'module') return relative(this.run.rootDir, this.config.dir).split(sep).join('/') || '.';
    return new EvaluationError(`path.${name} is not supported`);
  }

  variable(name: string): TfValue {
    return this.variables.variable(name);
  }

  /**
   * What the `validation` blocks of list or set variable `name` tell of each of its elements, whatever
   * its value (`variable-values.ts`).
   */
  variableElements(name: string): KnownParts | undefined {
    return this.variables.variableElements(name);
  }

  private variableAttribute(name: string, attribute: string): KnownParts | undefined {
    return this.variables.variableAttribute(name, attribute);
  }

  local(name: string): TfValue {
    return this.memo.get(`local.${name}`, () => {
      const decl = this.config.locals.get(name);
      if (decl === undefined) return new UndeclaredReference(`local.${name} is not declared`);
      if (declaredTwice(this.config, `local.${name}`)) return new EvaluationError(`local.${name} is declared twice, which Terraform refuses`);
      // Terraform refuses every local of a cycle, whatever evaluation would reach (the tree reports it).
      const cycle = cyclicLocals(this.config).get(name);
      if (cycle !== undefined) return new EvaluationError(`local.${name} is unknown: ${describeCycle(cycle)}`);
      return this.evaluate(decl.value, {}, { file: decl.file, range: decl.attribute?.range ?? FILE_START, logicalPath: `local.${name}` });
    });
  }

  /** How many instances a resource or data source has (memoised; `count`/`for_each` are evaluated once). */
  expansion(decl: ResourceDecl): Expansion {
    let expansion = this.expansions.get(decl.address);
    if (expansion === undefined) {
      const at = (meta: string) => metaLocation(decl, meta, decl.address);
      expansion = expandBlock(
        decl.body,
        (meta, written) => this.memo.get(`${decl.address}.${meta}`, () => this.evaluate(written, {}, at(meta))),
        this.run.budget,
      );
      const count = expansionInstances(expansion).length;
      // Every instance of every resource counts toward the unit's budget, however they are spread.
      const spent = this.run.budget.spendInstances(count, `${decl.address} would bring the resource instances past ${this.run.budget.limits.instancesPerUnit}`);
      if (spent !== undefined) expansion = { kind: 'unknown', reason: spent.reason };
      this.reportTrips(at(Object.hasOwn(decl.body, 'for_each') ? 'for_each' : 'count'));
      this.expansions.set(decl.address, expansion);
    }
    return expansion;
  }

  /**
   * Why `decl` may not exist here: a `moved` block of this module moves from one of the instances its
   * expansion makes, which Terraform refuses (reported at that block); else undefined.
   */
  movedInstanceConflict(decl: ResourceDecl): string | undefined {
    const conflict = instanceMoveConflict(this.config, decl.address, this.expansion(decl));
    if (conflict === undefined) return undefined;
    this.run.report(conflict.diagnostic);
    return conflict.reason;
  }

  resourceInstanceAddress(decl: ResourceDecl, keySuffix: string): string {
    return `${this.addressPrefix}${decl.address}${keySuffix}`;
  }

  /** The value of `aws_iam_user.x`: one object, a list (count) or a map (for_each) of instance objects. */
  resourceValue(address: string): TfValue {
    return this.memo.get(address, () => {
      const decl = this.config.resources.get(address);
      if (decl === undefined) return new UndeclaredReference(`${address} is not declared`);
      const expansion = this.expansion(decl);
      if (expansion.kind === 'unknown') return new Unknown(`${address}: ${expansion.reason}`);
      const objects = expansionInstances(expansion).map((instance) =>
        this.instanceObject(decl, instance.keySuffix, instance.context, this.resourceInstanceAddress(decl, instance.keySuffix)),
      );
      if (expansion.kind === 'single' || expansion.kind === 'disabled') return objects[0] ?? null;
      if (expansion.kind === 'count') return objects;
      return objectFrom(expansion.keys.map((key, index) => [key, objects[index] ?? null]));
    });
  }

  /**
   * `aws_iam_user.this[0]`, `module.m[0]` (`EvalScope.resolveInstance`): where the block's
   * `count`/`for_each` is unknown, the object the instance a known index or key selects has if it
   * exists; undefined where the expansion is known (the ordinary reading answers) or the index can
   * never exist (`indexedInstance`). Of a module call, the instance the key selects, with its own
   * `each.key`/`each.value` or `count.index`: where the call makes one instance at most
   * (`count = var.create ? 1 : 0`), its placeholder in the model; else an instance built for reading
   * (`module.users["ana"]`), whose own resources are not in the model.
   */
  private indexedInstanceValue(ref: RootReference, key: TfValue | undefined, byPosition: boolean): TfValue | undefined {
    if (ref.kind === 'module') return this.indexedModuleValue(ref.name, key);
    if (ref.kind !== 'resource' && ref.kind !== 'data') return undefined;
    const decl = this.config.resources.get(ref.kind === 'data' ? `data.${ref.type}.${ref.name}` : `${ref.type}.${ref.name}`);
    if (decl === undefined) return undefined;
    const expansion = this.expansion(decl);
    if (expansion.kind !== 'unknown') return undefined;
    const bound = this.countBound(decl.body);
    // Of a set (`toset(...)`, a variable declared `set(...)`), each.value is each.key
    // (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#the-each-object).
    const setValued = isSet(decl.body['for_each'], {
      variableType: (name) => this.config.variables.get(name)?.type,
      localValue: (name) => this.config.locals.get(name)?.value,
    });
    const eachValue = (each: string): TfValue => (setValued ? each : new Unknown(`each.value of ${decl.address}: ${expansion.reason}`));
    const instance = indexedInstance(decl.body, key, byPosition, bound, eachValue);
    if (instance === undefined) return undefined;
    // The placeholder the model has for a block of at most one instance is that instance: a key
    // referring to it links to that user. Other instances have no declaration in the model to link to.
    const linkAddress = bound !== undefined && bound <= 1 ? this.resourceInstanceAddress(decl, '') : undefined;
    return this.memo.get(`instance ${decl.address}${instance.keySuffix}`, () => {
      // Each instance read so counts toward the unit's budget, as an expanded one does.
      const spent = this.run.budget.spendInstances(
        1,
        `${decl.address}${instance.keySuffix} would bring the resource instances past ${this.run.budget.limits.instancesPerUnit}`,
      );
      return spent ?? this.instanceObject(decl, instance.keySuffix, instance.context, linkAddress);
    });
  }

  private indexedModuleValue(name: string, key: TfValue | undefined): TfValue | undefined {
    const call = this.config.moduleCalls.get(name);
    if (call === undefined) return undefined;
    const children = this.children(name);
    const expansion = this.callExpansions.get(name);
    const child = this.tree.children.get(name);
    if (!('instances' in children) || expansion?.kind !== 'unknown' || child === undefined || !('tree' in child)) return undefined;
    const bound = this.countBound(call.body);
    const [placeholder] = children.instances;
    // A call that makes one instance at most: its placeholder is that instance, and is in the model.
    if (placeholder !== undefined && !placeholder.instanceCountUnknown) {
      const one = key === undefined ? switchedByEnabledAlone(call.body) : !Object.hasOwn(call.body, 'for_each') && (key === 0 || key === '0');
      if (!one) return undefined;
      // Whatever evaluation reads it presumes the instance exists (`readsOfOneInstance`).
      this.memo.note(oneInstanceNote(this.addressPrefix, name));
      return this.memo.get(`instance module.${name}`, () => placeholder.outputsObject());
    }
    // Of a set, each.value is each.key (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#the-each-object).
    const setValued = isSet(call.body['for_each'], {
      variableType: (variable) => this.config.variables.get(variable)?.type,
      localValue: (local) => this.config.locals.get(local)?.value,
    });
    const eachValue = (each: string): TfValue => (setValued ? each : new Unknown(`each.value of module.${name}: ${expansion.reason}`));
    const instance = indexedInstance(call.body, key, false, bound, eachValue);
    if (instance === undefined) return undefined;
    const read = `${name}${instance.keySuffix}`;
    // Whatever evaluation reads it presumes the instance exists (`readsOfOneInstance`).
    this.memo.note(keyedInstanceNote(this.addressPrefix, read));
    let outputs = this.readInstances.get(read);
    if (outputs === undefined) {
      // Another instance of the module: it counts toward the unit's budget, as an expanded one does.
      const spent = this.run.budget.spendModuleInstances(
        1,
        `module.${name}${instance.keySuffix} would bring the module instances past ${this.run.budget.limits.moduleInstances}`,
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
   * One instance's attributes: its written arguments, then what the provider computes. An unknown
   * attribute remembers `linkAddress` (the instance's address, where the model declares the instance)
   * for linking by reference.
   */
  private instanceObject(decl: ResourceDecl, keySuffix: string, context: InstanceContext, linkAddress: string | undefined): TfObject {
    const address = this.resourceInstanceAddress(decl, keySuffix);
    const attributes = new Map<string, () => TfValue>();
    const written = (name: string) => () => {
      const value = this.evaluate(decl.body[name], context, metaLocation(decl, name, decl.address));
      return linkAddress === undefined ? value : attachAddress(value, linkAddress, decl.type === 'aws_iam_user');
    };
    for (const name of Object.keys(decl.body)) {
      if (!RESOURCE_META.has(name)) attributes.set(name, written(name));
    }
    for (const [name, computed] of computedAttributes(decl, address, linkAddress, (name) => (Object.hasOwn(decl.body, name) ? written(name)() : undefined))) {
      if (!attributes.has(name)) attributes.set(name, computed);
    }
    return resourceObject(lazyObject(attributes, this.memo, `${decl.address}${keySuffix}`), address, linkAddress);
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
  ): ModuleInstance {
    const name = call.name;
    const at = (meta: string) => metaLocation(call, meta, `module.${name}`);
    const inputs = new Map<string, () => TfValue>();
    for (const [input, value] of Object.entries(call.body)) {
      if (!MODULE_META.has(input))
        inputs.set(input, () => failedArgument(this.evaluate(value, context, at(input)), `${this.addressPrefix}module.${name}${keySuffix}`, input));
    }
    const key = context.each === undefined ? undefined : unmark(context.each.key);
    const eachKey = typeof key === 'string' ? key : undefined;
    const providerAccounts = passedProviderAccounts(call.body['providers'], {
      account: (key) => this.providerAccount(key),
      instanceAccount: (reference) => this.providerInstanceAccount(reference, context, at('providers')),
    });
    return new ModuleInstance({
      providerAccounts,
      tree: child,
      addressPrefix: `${this.addressPrefix}module.${name}${keySuffix}.`,
      inputs,
      anchors: [callLocation(call), ...this.anchors],
      existenceUnknown,
      instanceCountUnknown,
      run: this.run,
      eachKey,
    });
  }

  /**
   * Runs `compute` (an evaluation in this module instance), and gives the module calls of one
   * instance at most (`count = var.create ? 1 : 0`) it read that one instance of by index
   * (`module.m[0]`), and the instances it read by key of calls that may make more (`users["ana"]`,
   * `readModuleInstances`), directly or through a local or attribute read before: Terraform fails
   * the plan where such a read is evaluated and the instance does not exist, so wherever the
   * evaluation takes place, that instance exists.
   */
  readsOfOneInstance<T>(compute: () => T): {
    readonly value: T;
    readonly calls: ReadonlySet<string>;
    readonly reads: ReadonlySet<string>;
    /** Those reads, in this module instance and in any other (through an input or an output), as `instance-read-notes.ts` notes them. */
    readonly anywhere: ReadonlySet<string>;
  } {
    const { value, noted } = this.memo.track(compute);
    return { value, ...readsIn(this.addressPrefix, noted), anywhere: noted };
  }

  /**
   * The instances of module calls with unknown `count`/`for_each` that an evaluation here read by a
   * known key (`module.users["ana"]`), so far: the model does not hold them, but their users may be
   * referred to (`build-iam-model.ts`).
   */
  readModuleInstances(): ReadonlyMap<string, ModuleInstance> {
    return this.readModules;
  }

  /** The module's instances under a call (one placeholder when its count/for_each is unknown). */
  children(name: string): ChildInstances {
    let cached = this.childCache.get(name);
    if (cached !== undefined) return cached;
    const call = this.config.moduleCalls.get(name);
    const child = this.tree.children.get(name);
    if (call === undefined || child === undefined) {
      cached = { unavailable: `module.${name} is not declared` };
    } else if ('unavailable' in child) {
      cached = { unavailable: child.unavailable };
    } else {
      const at = (meta: string) => metaLocation(call, meta, `module.${name}`);
      let expansion = expandBlock(
        call.body,
        (meta, written) => this.memo.get(`module.${name}.${meta}`, () => this.evaluate(written, {}, at(meta))),
        this.run.budget,
      );
      const spent = this.run.budget.spendModuleInstances(
        expansionInstances(expansion).length,
        `module.${name} would bring the module instances past ${this.run.budget.limits.moduleInstances}`,
      );
      if (spent !== undefined) expansion = { kind: 'unknown', reason: spent.reason };
      this.callExpansions.set(name, expansion);
      this.reportTrips(callLocation(call));
      if (expansion.kind === 'unknown') {
        const unknownKey = new Unknown(expansion.reason);
        // `count = var.create ? 1 : 0`: one instance at most, and if any, the one of index 0.
        const atMostOne = (this.countBound(call.body) ?? 2) <= 1;
        const context = atMostOne ? { countIndex: 0 } : { each: { key: unknownKey, value: unknownKey }, countIndex: unknownKey };
        const placeholder = this.childInstance(call, child.tree, '', context, `module.${name}: ${expansion.reason}`, !atMostOne);
        cached = { instances: [placeholder] };
      } else {
        // A call a `removed` or `moved` block names though it is still declared may not exist (`refactoring-conflicts.ts`).
        const moved = instanceMoveConflict(this.config, `module.${name}`, expansion);
        if (moved !== undefined) this.run.report(moved.diagnostic);
        const refused = this.tree.refused.get(`module.${name}`) ?? moved?.reason;
        cached = {
          instances: expansionInstances(expansion).map((instance) =>
            this.childInstance(call, child.tree, instance.keySuffix, instance.context, refused ?? this.existenceUnknown, this.instanceCountUnknown),
          ),
        };
      }
    }
    this.childCache.set(name, cached);
    return cached;
  }

  /** `module.x`: its outputs as an object, a list of them (count) or a map (for_each). */
  moduleValue(name: string): TfValue {
    return this.memo.get(`module.${name}`, () => {
      const call = this.config.moduleCalls.get(name);
      if (call === undefined) return new UndeclaredReference(`module.${name} is not declared`);
      const children = this.children(name);
      if ('unavailable' in children) return new Unknown(children.unavailable);
      const first = children.instances[0];
      if (first?.existenceUnknown !== undefined && first.existenceUnknown !== this.existenceUnknown) return new Unknown(first.existenceUnknown);
      const outputs = children.instances.map((instance) => instance.outputsObject());
      if (Object.hasOwn(call.body, 'for_each')) {
        return objectFrom(children.instances.map((instance, index) => [instance.eachKey ?? '', outputs[index] ?? null]));
      }
      if (Object.hasOwn(call.body, 'count')) return outputs;
      return outputs[0] ?? null;
    });
  }

  outputsObject(): TfObject {
    const attributes = new Map<string, () => TfValue>();
    for (const output of this.config.outputs.values()) {
      if (declaredTwice(this.config, `output.${output.name}`)) {
        attributes.set(output.name, () => new EvaluationError(`output.${output.name} is declared twice, which Terraform refuses`));
        continue;
      }
      attributes.set(output.name, () => markedIf(this.evaluate(output.body['value'], {}, declLocation(output, `output.${output.name}`)), output.sensitive));
    }
    return lazyObject(attributes, this.memo, 'output');
  }
}
