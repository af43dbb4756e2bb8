/** The context an expression is evaluated in: the caller's scope plus names bound inside the expression. */
import type { KnownParts } from '../../core/known-parts.js';
import type { Expr, Traversal } from './ast.js';
import type { EvalBudget } from './eval-budget.js';
import type { RootReference } from './traverse-value.js';
import type { TfValue, Unknown } from './value.js';

/**
 * The caller's view of the module: for `{kind:'resource', ...}` an instance object, a list of
 * instances (`count`) or a map of them (`for_each`); for `count` `{ index }`; for `each` `{ key, value }`.
 */
export interface EvalScope {
  resolve(ref: RootReference): TfValue;
  /**
   * One instance of a resource, data source or module call whose `count`/`for_each` is unknown, read
   * with a known index or key (`aws_iam_user.this[0]`; `byPosition`: the instance at that position of
   * a `count` block's list of instances; `key` undefined: the one instance of a block switched by
   * OpenTofu's `lifecycle { enabled }`, whose attribute is read): the object that instance has if it
   * exists, or undefined where that cannot be said (the expansion is known, or the index is one `count`
   * never reaches). Where
   * Terraform evaluates such a reference and the instance does not exist, the plan fails ("Invalid
   * index", or an attribute of null), so in every plan that succeeds the reference is that object
   * (`indexed-instance.ts`).
   */
  resolveInstance?(ref: RootReference, key: TfValue | undefined, byPosition: boolean): TfValue | undefined;
  /** What the whole unit's evaluation may still spend; a fresh default budget when absent. */
  readonly budget?: EvalBudget;
  /** Built-in functions of a path that look at files (`file`, `fileexists`, `fileset`, and through `file` `templatefile`); absent, they are unknown. */
  readonly pathFunctions?: PathFunctions;
  /**
   * Set while a `templatefile` or `templatestring` template is rendered, where Terraform refuses a
   * nested `templatefile` or `templatestring`.
   */
  readonly insideTemplateFile?: boolean;
  /**
   * Set where no value in scope can be ephemeral: no input variable is declared `ephemeral` and no
   * called module's output is (https://developer.hashicorp.com/terraform/language/values/variables#exclude-values-from-state).
   * There `ephemeralasnull` returns its argument; without it, its result is unknown.
   */
  readonly withoutEphemeralValues?: boolean;
  /**
   * Whether the value a reference names (`ref` with the traversal `steps` after it) is ephemeral as a
   * whole: a variable declared `ephemeral`, an output of a called module declared so, an ephemeral
   * resource, `terraform.applying`. `ephemeralasnull` of such a value is null.
   */
  readonly isEphemeral?: (ref: RootReference, steps: readonly Traversal[]) => boolean;
  /**
   * What the `validation` of list variable `name` tells of each of its elements, whatever its value
   * (`alltrue([for n in var.names : ...])`); undefined when nothing.
   */
  readonly variableElements?: (name: string) => KnownParts | undefined;
  /** What the `validation` of object variable `name` tells of its string `attribute`, whatever its value. */
  readonly variableAttribute?: (name: string, attribute: string) => KnownParts | undefined;
  /**
   * Values of references that hold wherever the expression is evaluated, by the shape of the reference
   * (`expressionShape`): those the `count` condition of a switched instance equates with a literal
   * (`count-assumptions.ts`).
   */
  readonly assumed?: ReadonlyMap<string, TfValue>;
}

/**
 * Each function's result for a path: a value, an `EvaluationError` where Terraform fails, or an
 * `Unknown` where credlint does not look (a file outside the repository).
 */
export interface PathFunctions {
  readonly file?: (path: string) => TfValue;
  /** `filebase64(path)`: the file's bytes, whatever they are, in standard Base64. */
  readonly filebase64?: (path: string) => TfValue;
  readonly fileexists?: (path: string) => TfValue;
  /** `fileset(path, pattern)`: the set of matching regular files' paths relative to `path`. */
  readonly fileset?: (path: string, pattern: string) => TfValue;
}

export interface Env {
  readonly scope: EvalScope;
  /** Names bound by `for` expressions and template `for` directives. */
  readonly locals: ReadonlyMap<string, TfValue>;
  /** The element a splat's per-element traversal applies to. */
  readonly splatItem: { readonly value: TfValue } | undefined;
  /** Evaluation steps left, shared by the whole evaluation, so that no input makes it run away. */
  readonly budget: { remaining: number };
  /** The unit's budget of value nodes and instances. */
  readonly unit: EvalBudget;
  /**
   * Set inside `try`/`can` and in the result of a conditional that is not taken: there an invalid
   * index is caught or ignored instead of failing the plan, so `EvalScope.resolveInstance` is not
   * asked (the instance may not exist).
   */
  readonly catchesErrors?: boolean;
}

export type EvalIn = (expr: Expr, env: Env) => TfValue;

/** The step budget ran out: the value is unknown, and the unit's budget reports the limit once. */
export function stepsExhausted(env: Env): Unknown {
  return env.unit.trip('expressionSteps', `an expression needs more than ${env.unit.limits.expressionSteps} evaluation steps`);
}
