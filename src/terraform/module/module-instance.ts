/**
 * One instance of a module (the root, or `module.team.module.member["ana"]`) and the scope its
 * expressions are evaluated in. Everything is lazy and memoised, as Terraform's graph walk only
 * evaluates what is referenced: a local, a variable, a resource's instances or a module's outputs are
 * computed on first use. A reference cycle (which Terraform rejects) yields an unknown instead of
 * recursing forever.
 */
import { relative, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseError } from '../../core/diagnostic.js';
import { isJsonConfigurationFile } from '../configuration-files.js';
import type { KnownParts } from '../../core/known-parts.js';
import { limitReached } from '../../core/limits.js';
import { FILE_START, type SourceLocation } from '../../core/location.js';
import { EvaluationError, UndeclaredReference, Unknown, markedIf, type TfObject, type TfValue } from '../expr/value.js';
import { countUpperBound } from './count-bound.js';
import { forEachBound } from './for-each-bound.js';
import { cyclicLocals, describeCycle } from './local-cycles.js';
import { describeReference, evaluate, evaluateJson, type EvalScope, type Expr, type RootReference } from './expr-api.js';
import { switchedByEnabledAlone, type Expansion, type InstanceContext } from './expand-instances.js';
import { Memo, lazyObject } from './instance-objects.js';
import type { ResourceDecl } from './module-config.js';
import type { ModuleTree } from './module-tree.js';
import { declaredTwice } from './module-config.js';
import { providerAccount, providerInstanceAccount, type IndexedProviderReference } from './provider-accounts.js';
import { holdsNoEphemeralValues, isEphemeralReference } from './ephemeral-values.js';
import { readsIn, switchedBlocksIn } from './instance-read-notes.js';
import type { Fact } from '../../model/model.js';
import { declLocation } from './declaration-location.js';
import type { ModuleInstanceParts } from './module-instance-parts.js';
import type { RunContext } from './run-context.js';
import { ModuleVariables } from './variable-values.js';
import { ResourceInstances } from './resource-instances.js';
import { ModuleCalls, type CallInstances } from './module-calls.js';

/**
 * What OpenTofu's early evaluation reads (https://opentofu.org/docs/language/modules/sources/#support-for-variable-and-local-evaluation):
 * "variables and locals ... as long as they are not dependent on resources, data sources or module outputs",
 * with `path` and `terraform.workspace`.
 */
const STATIC_REFERENCE: ReadonlySet<RootReference['kind']> = new Set(['var', 'local', 'path', 'terraform']);

export type ChildInstances = CallInstances<ModuleInstance>;

/** Ways of fixing switched blocks one module instance evaluates (`withFixedSwitches`). */
const MAX_WORLDS = 16;

export class ModuleInstance {
  private readonly memo: Memo;

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
  /** Its resources' and data sources' instances (`resource-instances.ts`). */
  private readonly resources: ResourceInstances;
  /** Its module calls' instances (`module-calls.ts`). */
  private readonly calls: ModuleCalls<ModuleInstance>;
  private readonly staticOnly: boolean;
  private readonly parts: ModuleInstanceParts;
  /** This instance with switched blocks fixed, by the way they are fixed (`withFixedSwitches`). */
  private perAllowedKey: readonly ModuleInstance[] | undefined;
  private readonly worlds: { readonly expansions: ReadonlyMap<string, Expansion>; readonly world: ModuleInstance }[] = [];

  constructor(instance: ModuleInstanceParts) {
    this.parts = instance;
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
    const host = {
      config: instance.tree.config,
      addressPrefix: instance.addressPrefix,
      run: instance.run,
      memo: this.memo,
      evaluate: (value: unknown, context: InstanceContext, at: SourceLocation) => this.evaluate(value, context, at),
      countBound: (body: Readonly<Record<string, unknown>>) => this.countBound(body),
      instanceBound: (body: Readonly<Record<string, unknown>>) => this.instanceBound(body),
      reportTrips: (at: SourceLocation) => {
        this.reportTrips(at);
      },
      evaluateExpression: (expr: Expr) => this.evaluateExpression(expr),
      ...(instance.fixed === undefined ? {} : { fixed: instance.fixed }),
    };
    this.resources = new ResourceInstances(host);
    this.calls = new ModuleCalls<ModuleInstance>({
      ...host,
      tree: instance.tree,
      anchors: this.anchors,
      existenceUnknown: this.existenceUnknown,
      instanceCountUnknown: this.instanceCountUnknown,
      providerAccount: (key) => this.providerAccount(key),
      providerInstanceAccount: (reference, context, at) => this.providerInstanceAccount(reference, context, at),
      variableElements: (name) => this.variableElements(name),
      instantiate: (parts) => new ModuleInstance(parts),
    });
  }

  /**
   * The instance each allowed key would make, where this is the placeholder of a call whose every key is
   * one of a few strings (`ModuleInstanceParts.allowedKeys`); undefined otherwise. Made once, when asked.
   */
  allowedKeyInstances(): readonly ModuleInstance[] | undefined {
    const allowed = this.parts.allowedKeys;
    if (allowed === undefined) return undefined;
    this.perAllowedKey ??= allowed.keys.map((key) => new ModuleInstance(allowed.instanceOf(key)));
    return this.perAllowedKey;
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
      ...(context.assumed === undefined ? {} : { assumed: context.assumed }),
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

  /** The value of a parsed expression in this module instance, outside any instance (no `each`, no `count.index`). */
  evaluateExpression(expr: Expr): TfValue {
    return evaluate(expr, this.scope());
  }

  /** The most instances the `count` written in `body` can make when its value is unknown (`count-bound.ts`). */
  countBound(body: Readonly<Record<string, unknown>>): number | undefined {
    if (Object.hasOwn(body, 'count'))
      return countUpperBound(body['count'], {
        evaluate: (expr) => evaluate(expr, this.scope()),
        localValue: (name) => this.config.locals.get(name)?.value,
      });
    // OpenTofu's `enabled` (alone) makes one instance or none.
    return switchedByEnabledAlone(body) ? 1 : undefined;
  }

  /**
   * The most instances `body`'s unknown `count` or `for_each` can make: the count's bound, or that of a
   * `for_each` switched between known collections (`for-each-bound.ts`).
   */
  instanceBound(body: Readonly<Record<string, unknown>>): number | undefined {
    if (!Object.hasOwn(body, 'for_each')) return this.countBound(body);
    return forEachBound(body['for_each'], { evaluate: (expr) => evaluate(expr, this.scope()), localValue: (name) => this.config.locals.get(name)?.value })
      ?.most;
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

  /** How many instances a resource or data source has (`resource-instances.ts`). */
  expansion(decl: ResourceDecl): Expansion {
    return this.resources.expansion(decl);
  }

  /**
   * This module instance with the switched blocks `expansions` names taken to have the instances
   * given (`switched-reads.ts`), evaluated afresh. What it would report or prove of the module
   * instances it reads may not hold of this one as it is, so it reports and proves nothing.
   * Undefined past `MAX_WORLDS` ways.
   */
  withFixedSwitches(expansions: ReadonlyMap<string, Expansion>): ModuleInstance | undefined {
    // One per way, shared by every read that asks for it: its memo evaluates each local once, as
    // this instance's does, however many keys read it (fresh ones cost as much again for each key).
    // At most MAX_WORLDS ways: each may evaluate every local again, so a module of many switched
    // blocks read so would multiply the cost of its locals; past them, reads stay unknown.
    // A switched `for_each` may have one instance of one element or of another (`var.x ? ["a"] : ["b"]`):
    // ways are told apart by their instances, keys and values, not by their number alone.
    const same = (other: ReadonlyMap<string, Expansion>) => isDeepStrictEqual([...other], [...expansions]);
    let world = this.worlds.find((known) => same(known.expansions))?.world;
    if (world === undefined) {
      if (this.worlds.length >= MAX_WORLDS) return undefined;
      const run: RunContext = { ...this.run, report: () => undefined, notes: [] };
      world = new ModuleInstance({ ...this.parts, run, fixed: { expansions, otherwise: (decl) => this.expansion(decl) } });
      this.worlds.push({ expansions, world });
    }
    return world;
  }

  /**
   * Runs `compute` (an evaluation in this module instance) and gives the blocks of one instance at
   * most whose `count` is unknown that it read, by address (`switched-reads.ts`).
   */
  switchedReads<T>(compute: () => T): { readonly value: T; readonly switched: readonly string[] } {
    const { value, noted } = this.memo.track(compute);
    return { value, switched: switchedBlocksIn(this.addressPrefix, noted) };
  }

  /** Why `decl` may not exist here because a `moved` block moves from one of its instances; else undefined. */
  movedInstanceConflict(decl: ResourceDecl): string | undefined {
    return this.resources.movedInstanceConflict(decl);
  }

  resourceInstanceAddress(decl: ResourceDecl, keySuffix: string): string {
    return this.resources.instanceAddress(decl, keySuffix);
  }

  /** The value of `aws_iam_user.x`: one object, a list (count) or a map (for_each) of instance objects. */
  resourceValue(address: string): TfValue {
    return this.resources.value(address);
  }

  /**
   * `aws_iam_user.this[0]`, `module.m[0]` (`EvalScope.resolveInstance`) where the block's
   * `count`/`for_each` is unknown: the instance a known index or key selects (`resource-instances.ts`,
   * `module-calls.ts`).
   */
  private indexedInstanceValue(ref: RootReference, key: TfValue | undefined, byPosition: boolean): TfValue | undefined {
    if (ref.kind === 'module') return this.calls.indexedValue(ref.name, key);
    if (ref.kind !== 'resource' && ref.kind !== 'data') return undefined;
    return this.resources.indexedValue(ref, key, byPosition);
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
   * known key (`module.users["ana"]`), so far (`module-calls.ts`).
   */
  readModuleInstances(): ReadonlyMap<string, ModuleInstance> {
    return this.calls.readModuleInstances();
  }

  /** The module's instances under a call (one placeholder when its count/for_each is unknown). */
  children(name: string): ChildInstances {
    return this.calls.children(name);
  }

  /** `module.x`: its outputs as an object, a list of them (count) or a map (for_each). */
  moduleValue(name: string): TfValue {
    return this.calls.value(name);
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
