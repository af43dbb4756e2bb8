import type { SourceLocation } from '../../core/location.js';
import type { Fact } from '../../model/model.js';
import type { TfValue } from '../expr/value.js';
import type { ModuleTree } from './module-tree.js';
import type { RunContext } from './run-context.js';
import type { FixedExpansions } from './resource-instances.js';

/** What a module instance is made of: its module, where it sits under the root, and the inputs it was given. */
export interface ModuleInstanceParts {
  readonly tree: ModuleTree;
  /** `''` for the root, `module.team.module.member["ana"].` below it. */
  readonly addressPrefix: string;
  /** Input values by variable name, evaluated on demand (in the caller's scope for a module call). */
  readonly inputs: ReadonlyMap<string, () => TfValue>;
  /** Enclosing module call headers, innermost first. */
  readonly anchors: readonly SourceLocation[];
  /** Set when this instance exists only if something unknown turns out a certain way. */
  readonly existenceUnknown: string | undefined;
  /** This instance (or an enclosing one) is the placeholder of a module call whose count/for_each is unknown. */
  readonly instanceCountUnknown?: boolean;
  readonly run: RunContext;
  /** The `for_each` key of this instance under its module call, if any. */
  readonly eachKey?: string | undefined;
  /**
   * The `aws` provider configurations the caller gives this instance (its `providers` map, else its
   * default `aws` configuration, which Terraform passes on implicitly), by the key used here.
   */
  readonly providerAccounts?: ReadonlyMap<string, () => Fact<string> | undefined>;
  /**
   * The module as `tofu init` sees it when it evaluates a module `source` early (`static-sources.ts`):
   * only variables, locals, `path` and `terraform.workspace` have values; anything else is unknown.
   */
  readonly staticOnly?: boolean;
  /**
   * Of the placeholder of a module call whose `for_each` is unknown but whose every key is one of a few
   * allowed strings (`for-each-key-pins.ts`): those keys, and the parts of the instance each would make.
   */
  readonly allowedKeys?: { readonly keys: readonly string[]; readonly instanceOf: (key: string) => ModuleInstanceParts };
  /** The switched blocks this instance takes to have or not have their instance (`ModuleInstance.withFixedSwitches`). */
  readonly fixed?: FixedExpansions;
}
