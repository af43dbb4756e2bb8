import { Unknown, type TfValue } from '../expr/value.js';
import { references, referencesInJson } from '../expr/references.js';
import type { RootReference } from '../expr/traverse-value.js';
import { evaluate, evaluateJson, type EvalScope, type Expr } from './expr-api.js';
import type { LocalDecl, VariableDecl } from './module-config.js';
import { failingCondition } from './variable-validation.js';

/** A variable's value before its own conditions are applied, and whether it is its default. */
export interface PlainValue {
  readonly value: TfValue;
  readonly fromDefault: boolean;
}

/** What a false `validation` condition makes of a variable it reads. */
export interface ConditionVerdict {
  /** The plan as configured is refused: the value is undecided. Otherwise a root default that a plan may replace. */
  readonly refused: boolean;
  readonly reason: string;
}

/**
 * The variables of one module instance that a false `validation` condition reads, each with what it
 * makes of them. Terraform stops a plan where a condition is false ("Invalid value for variable"), and
 * since Terraform 1.9 a condition may read other variables
 * (https://developer.hashicorp.com/terraform/language/values/variables#custom-validation-rules), so the
 * values it reads are refused together and which of them is wrong is not known: `pgp_key` validated by
 * `!var.console || var.pgp_key != ""` is passed by giving a key, or by `console = false` and no login
 * profile (terraform 1.11.4). In a root module, a plan that goes on was given a value for at least one of
 * the defaults such a condition reads (`-var`, `TF_VAR_`, a variables file given with `-var-file`): those
 * defaults are values still to come, and what a variables file gives stays. Where no default of a root
 * module is read, and in a called module (whose call is the configuration), the values it reads are
 * undecided, its own variable's as the others'.
 *
 * Conditions are read with each variable's value as given or defaulted (`plain`), the locals they read
 * (Terraform 1.9 allows them too) computed from those values, and anything else (a data source, a
 * resource) unknown, so no variable is resolved on the way; the variables a condition reads are those
 * it names and those its locals name, through other locals. A variable judged reads as unknown in the
 * next pass, until no condition adds one.
 */
export function refusingConditions(
  module: { readonly variables: ReadonlyMap<string, VariableDecl>; readonly locals: ReadonlyMap<string, LocalDecl> },
  plain: (name: string) => PlainValue | undefined,
  scope: EvalScope,
  root: boolean,
): ReadonlyMap<string, ConditionVerdict> {
  const judged = new Map<string, ConditionVerdict>();
  const declared = [...module.variables.values()];
  let localValues = new Map<string, TfValue>();
  const resolve = (ref: RootReference): TfValue => {
    if (ref.kind === 'local') return localValue(ref.name);
    if (ref.kind !== 'var') return new Unknown('not read while checking validation conditions');
    const verdict = judged.get(ref.name);
    return verdict !== undefined ? new Unknown(verdict.reason) : (plain(ref.name)?.value ?? new Unknown(`var.${ref.name} has no value`));
  };
  const withPlainValues: EvalScope = { ...scope, resolve };
  const localValue = (name: string): TfValue => {
    let value = localValues.get(name);
    if (value === undefined) {
      const local = module.locals.get(name);
      // Set first: a local that reads itself, through others, is unknown here (Terraform refuses the cycle).
      localValues.set(name, new Unknown(`local.${name} is not known while checking validation conditions`));
      value = local === undefined ? new Unknown(`local.${name} is not declared`) : evaluateJson(local.value, withPlainValues);
      localValues.set(name, value);
    }
    return value;
  };
  const variablesRead = (condition: Expr): string[] => {
    const found = new Set<string>();
    const seen = new Set<string>();
    const visit = (refs: readonly RootReference[]): void => {
      for (const ref of refs) {
        if (ref.kind === 'var') found.add(ref.name);
        if (ref.kind !== 'local' || seen.has(ref.name)) continue;
        seen.add(ref.name);
        const local = module.locals.get(ref.name);
        if (local !== undefined) visit(referencesInJson(local.value));
      }
    };
    visit(references(condition));
    return [...found];
  };
  for (let added = true; added;) {
    added = false;
    for (const decl of declared) {
      if (judged.has(decl.name)) continue;
      const condition = failingCondition(decl, (expr) => evaluate(expr, withPlainValues));
      if (condition === undefined) continue;
      const read = [...new Set([decl.name, ...variablesRead(condition)])];
      const open = read.filter((name) => !judged.has(name) && plain(name) !== undefined);
      const defaults = root ? open.filter((name) => plain(name)?.fromDefault === true) : [];
      const names = defaults.length > 0 ? defaults : open;
      const verdict = describe(decl.name, read.length === 1, names, defaults.length === 0);
      for (const name of names) judged.set(name, verdict);
      // Locals computed from a value now judged are computed again.
      if (names.length > 0) localValues = new Map();
      added ||= names.length > 0;
    }
  }
  return judged;
}

function describe(owner: string, alone: boolean, names: readonly string[], refused: boolean): ConditionVerdict {
  const list = names.map((name) => `var.${name}`).join(' and ');
  if (refused)
    return {
      refused,
      reason: alone
        ? `var.${owner}: its value fails a validation condition of the variable; Terraform refuses the plan`
        : `${list}: a validation condition of var.${owner} fails with their values; Terraform refuses the plan`,
    };
  return {
    refused,
    reason: alone
      ? `var.${owner} has no value its validation accepts (its default fails a condition)`
      : `a validation condition of var.${owner} fails with the ${names.length === 1 ? 'default' : 'defaults'} of ${list}, so a plan that goes on is given ${names.length === 1 ? 'another value for it' : 'a value for one of them'}`,
  };
}
