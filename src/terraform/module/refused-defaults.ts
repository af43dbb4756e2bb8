import { Unknown, type TfValue } from '../expr/value.js';
import { references } from '../expr/references.js';
import { evaluate, type EvalScope } from './expr-api.js';
import type { VariableDecl } from './module-config.js';
import { failingCondition } from './variable-validation.js';

/** A root variable's value before its own conditions are applied, and whether it is its default. */
export interface PlainValue {
  readonly value: TfValue;
  readonly fromDefault: boolean;
}

/**
 * The root module's variables whose defaults no plan that goes on can hold all together, each with
 * the reason. Terraform stops a plan where a `validation` condition is false ("Invalid value for
 * variable"), and since Terraform 1.9 a condition may read other variables
 * (https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules). So where
 * a condition is false when the variables it reads keep their defaults, a plan that goes on was given a
 * value for at least one of them (`-var`, `TF_VAR_`, a variables file given with `-var-file`), and
 * which one is not known: `pgp_key` validated by `var.create_lp != true || var.pgp_key != ""` goes on
 * with a key given, or with `create_lp = false` and no key (terraform 1.11.4). Every default such a
 * condition reads is then in doubt, its own variable's as the others'; a value given in a variables
 * file stays (and where only given values fail, the plan is refused: `variable-values.ts`).
 *
 * Conditions are read with each variable's value as given or defaulted (`plain`) and with anything else
 * they read (a local, a data source) unknown, so no variable is resolved on the way; a default found in
 * doubt reads as unknown in the next pass, until no condition adds one.
 */
export function defaultsInDoubt(
  variables: Iterable<VariableDecl>,
  plain: (name: string) => PlainValue | undefined,
  scope: EvalScope,
): ReadonlyMap<string, string> {
  const doubted = new Map<string, string>();
  const declared = [...variables];
  const resolve = (ref: Parameters<EvalScope['resolve']>[0]): TfValue => {
    if (ref.kind !== 'var') return new Unknown('not read while checking defaults');
    const reason = doubted.get(ref.name);
    return reason !== undefined ? new Unknown(reason) : (plain(ref.name)?.value ?? new Unknown(`var.${ref.name} has no value`));
  };
  const withPlainValues: EvalScope = { ...scope, resolve };
  for (let added = true; added;) {
    added = false;
    for (const decl of declared) {
      if (doubted.has(decl.name)) continue;
      const condition = failingCondition(decl, (expr) => evaluate(expr, withPlainValues));
      if (condition === undefined) continue;
      const read = new Set([decl.name, ...references(condition).flatMap((ref) => (ref.kind === 'var' ? [ref.name] : []))]);
      const defaults = [...read].filter((name) => plain(name)?.fromDefault === true && !doubted.has(name));
      if (defaults.length === 0) continue;
      const reason =
        read.size === 1
          ? `var.${decl.name} has no value its validation accepts (its default fails a condition)`
          : `a validation condition of var.${decl.name} fails with the defaults of ${defaults.map((name) => `var.${name}`).join(' and ')}, so a plan that goes on is given a value for one of them`;
      for (const name of defaults) doubted.set(name, reason);
      added = true;
    }
  }
  return doubted;
}
