/**
 * The resources and data sources of one module instance (`module-instance.ts`): how many instances
 * each block makes, the object each instance is, and the instance a known index or key selects where
 * the block's `count`/`for_each` is unknown. Lazy and memoised in the module instance's memo, as the
 * rest of its values are.
 */
import type { SourceLocation } from '../../core/location.js';
import { objectFrom } from '../expr/convert-value.js';
import { UndeclaredReference, Unknown, type TfObject, type TfValue } from '../expr/value.js';
import type { RootReference } from './expr-api.js';
import { expandBlock, expansionInstances, indexedInstance, type Expansion, type InstanceContext } from './expand-instances.js';
import { attachAddress, lazyObject, resourceObject, type Memo } from './instance-objects.js';
import type { ModuleConfig, ResourceDecl } from './module-config.js';
import { eachValueOfKey } from './per-instance-user.js';
import { computedAttributes } from './provider-attributes.js';
import { instanceMoveConflict } from './refactoring-conflicts.js';
import { metaLocation } from './declaration-location.js';
import { switchedBlockNote } from './instance-read-notes.js';
import type { RunContext } from './run-context.js';
import { builtByFor } from './built-by-for.js';

/** Meta-arguments that are not attributes of the resource object (https://developer.hashicorp.com/terraform/language/meta-arguments). */
const RESOURCE_META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic']);

/** What a module instance gives the instances of its resources. */
export interface ResourceSource {
  readonly config: ModuleConfig;
  /** `''` for the root, `module.team.module.member["ana"].` below it. */
  readonly addressPrefix: string;
  readonly run: RunContext;
  /** The module instance's memo, shared with its locals, variables and outputs. */
  readonly memo: Memo;
  /** Evaluates a value written at `at` in the module instance's scope, with `context` (`each`, `count.index`). */
  evaluate(value: unknown, context: InstanceContext, at: SourceLocation): TfValue;
  /** The most instances the `count` written in `body` can make when its value is unknown. */
  countBound(body: Readonly<Record<string, unknown>>): number | undefined;
  /** The most instances the unknown `count` or `for_each` written in `body` can make (`ModuleInstance.instanceBound`). */
  instanceBound(body: Readonly<Record<string, unknown>>): number | undefined;
  /** Reports, at `at`, a budget that ran out while evaluating there. */
  reportTrips(at: SourceLocation): void;
  /** Set in a module instance that takes switched blocks to have or not have their instance (`switched-reads.ts`). */
  readonly fixed?: FixedExpansions;
}

/** The expansions a module instance takes for the switched blocks it fixes, and the others' as computed. */
export interface FixedExpansions {
  /** By address: one instance (`[0]`, or the one of a block `enabled` switches) or none. */
  readonly expansions: ReadonlyMap<string, Expansion>;
  /**
   * The expansion of any other block, memoised where the module instance computed it; absent in a
   * module instance a fixed one calls (it computes its own).
   */
  readonly otherwise?: (decl: ResourceDecl) => Expansion;
}

export class ResourceInstances {
  private readonly expansions = new Map<string, Expansion>();

  constructor(private readonly module: ResourceSource) {}

  /** How many instances a resource or data source has (memoised; `count`/`for_each` are evaluated once). */
  expansion(decl: ResourceDecl): Expansion {
    const { fixed } = this.module;
    const fixedHere = fixed?.expansions.get(decl.address);
    if (fixedHere !== undefined) return fixedHere;
    if (fixed?.otherwise !== undefined) return fixed.otherwise(decl);
    let expansion = this.expansions.get(decl.address);
    if (expansion === undefined) {
      const { run, memo } = this.module;
      const at = (meta: string) => metaLocation(decl, meta, decl.address);
      const partial = builtByFor(decl.body['for_each'], this.module.config);
      expansion = expandBlock(
        decl.body,
        (meta, written) => memo.get(`${decl.address}.${meta}`, () => this.module.evaluate(written, {}, at(meta))),
        run.budget,
        partial,
      );
      const count = expansion.kind === 'unknown' ? (expansion.partial?.length ?? 0) : expansionInstances(expansion).length;
      // Every instance of every resource counts toward the unit's budget, however they are spread.
      const spent = run.budget.spendInstances(count, `${decl.address} would bring the resource instances past ${run.budget.limits.instancesPerUnit}`);
      if (spent !== undefined) expansion = { kind: 'unknown', reason: spent.reason };
      this.module.reportTrips(at(Object.hasOwn(decl.body, 'for_each') ? 'for_each' : 'count'));
      this.expansions.set(decl.address, expansion);
    }
    return expansion;
  }

  /**
   * Why `decl` may not exist here: a `moved` block of this module moves from one of the instances its
   * expansion makes, which Terraform refuses (reported at that block); else undefined.
   */
  movedInstanceConflict(decl: ResourceDecl): string | undefined {
    const conflict = instanceMoveConflict(this.module.config, decl.address, this.expansion(decl));
    if (conflict === undefined) return undefined;
    this.module.run.report(conflict.diagnostic);
    return conflict.reason;
  }

  instanceAddress(decl: ResourceDecl, keySuffix: string): string {
    return `${this.module.addressPrefix}${decl.address}${keySuffix}`;
  }

  /** The value of `aws_iam_user.x`: one object, a list (count) or a map (for_each) of instance objects. */
  value(address: string): TfValue {
    return this.module.memo.get(address, () => {
      const decl = this.module.config.resources.get(address);
      if (decl === undefined) return new UndeclaredReference(`${address} is not declared`);
      const expansion = this.expansion(decl);
      if (expansion.kind === 'unknown') {
        // Whoever reads it may be decided however the switch turns out (`switched-reads.ts`).
        if ((this.module.instanceBound(decl.body) ?? 2) <= 1) this.module.memo.note(switchedBlockNote(this.module.addressPrefix, address));
        return new Unknown(`${address}: ${expansion.reason}`);
      }
      // A fixed switched block's instance is the model's placeholder of the block, as an indexed read's is.
      const fixedHere = this.module.fixed?.expansions.has(address) === true;
      const objects = expansionInstances(expansion).map((instance) =>
        this.instanceObject(decl, instance.keySuffix, instance.context, this.instanceAddress(decl, fixedHere ? '' : instance.keySuffix)),
      );
      if (expansion.kind === 'single' || expansion.kind === 'disabled') return objects[0] ?? null;
      if (expansion.kind === 'count') return objects;
      return objectFrom(expansion.keys.map((key, index) => [key, objects[index] ?? null]));
    });
  }

  /**
   * `aws_iam_user.this[0]` (`EvalScope.resolveInstance`) where the block's `count`/`for_each` is
   * unknown: the object the instance a known index or key selects has if it exists; undefined where
   * the expansion is known (the ordinary reading answers) or the index can never exist (`indexedInstance`).
   */
  indexedValue(ref: RootReference & { readonly kind: 'resource' | 'data' }, key: TfValue | undefined, byPosition: boolean): TfValue | undefined {
    const { config, run } = this.module;
    const decl = config.resources.get(ref.kind === 'data' ? `data.${ref.type}.${ref.name}` : `${ref.type}.${ref.name}`);
    if (decl === undefined) return undefined;
    const expansion = this.expansion(decl);
    if (expansion.kind !== 'unknown') return undefined;
    // Of a map of partly known entries: the instance of a key it may have is that entry's, modelled as it is.
    const entry = typeof key === 'string' && !byPosition ? expansion.partial?.find((instance) => instance.context.each?.key === key) : undefined;
    if (expansion.partial !== undefined && entry === undefined) return undefined;
    const bound = this.module.countBound(decl.body);
    const eachValue = eachValueOfKey(decl.body, config, `each.value of ${decl.address}: ${expansion.reason}`);
    const instance = entry ?? indexedInstance(decl.body, key, byPosition, bound, eachValue);
    if (instance === undefined) return undefined;
    // The placeholder the model has for a block of at most one instance is that instance: a key
    // referring to it links to that user. Other instances have no declaration in the model to link to.
    const linkAddress =
      entry !== undefined ? this.instanceAddress(decl, entry.keySuffix) : bound !== undefined && bound <= 1 ? this.instanceAddress(decl, '') : undefined;
    return this.module.memo.get(`instance ${decl.address}${instance.keySuffix}`, () => {
      // Each instance read so counts toward the unit's budget, as an expanded one does.
      const spent = run.budget.spendInstances(
        1,
        `${decl.address}${instance.keySuffix} would bring the resource instances past ${run.budget.limits.instancesPerUnit}`,
      );
      return spent ?? this.instanceObject(decl, instance.keySuffix, instance.context, linkAddress);
    });
  }

  /**
   * One instance's attributes: its written arguments, then what the provider computes. An unknown
   * attribute remembers `linkAddress` (the instance's address, where the model declares the instance)
   * for linking by reference.
   */
  private instanceObject(decl: ResourceDecl, keySuffix: string, context: InstanceContext, linkAddress: string | undefined): TfObject {
    const address = this.instanceAddress(decl, keySuffix);
    const attributes = new Map<string, () => TfValue>();
    const written = (name: string) => () => {
      const value = this.module.evaluate(decl.body[name], context, metaLocation(decl, name, decl.address));
      return linkAddress === undefined ? value : attachAddress(value, linkAddress, decl.type === 'aws_iam_user');
    };
    for (const name of Object.keys(decl.body)) {
      if (!RESOURCE_META.has(name)) attributes.set(name, written(name));
    }
    for (const [name, computed] of computedAttributes(decl, address, linkAddress, (name) => (Object.hasOwn(decl.body, name) ? written(name)() : undefined))) {
      if (!attributes.has(name)) attributes.set(name, computed);
    }
    return resourceObject(lazyObject(attributes, this.module.memo, `${decl.address}${keySuffix}`), address, linkAddress);
  }
}
