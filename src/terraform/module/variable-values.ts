import type { KnownParts } from '../../core/known-parts.js';
import {
  ArgumentError,
  EvaluationError,
  UndeclaredReference,
  Unknown,
  awaitsVariables,
  isEvaluationError,
  unsetVariable,
  isUnknown,
  markedIf,
  type TfValue,
} from '../expr/value.js';
import { variableDefault } from './constant-defaults.js';
import { convertVariableValue, evaluate, type EvalScope } from './expr-api.js';
import type { Memo } from './instance-objects.js';
import { declaredTwice, type ModuleConfig } from './module-config.js';
import { failsValidation, validatedAttribute, validatedElements, validatedValues } from './variable-validation.js';
import { nfcDeep } from '../expr/normalize-strings.js';
import { refusingConditions, type ConditionVerdict, type PlainValue } from './refusing-conditions.js';

/** What a module instance gives the resolution of its variables. */
export interface VariableSource {
  readonly config: ModuleConfig;
  /** Input values by variable name, evaluated on demand (in the caller's scope for a module call). */
  readonly inputs: ReadonlyMap<string, () => TfValue>;
  /** `''` for the root, `module.team.module.member["ana"].` below it. */
  readonly addressPrefix: string;
  /** Evaluated early by `tofu init` (`ModuleInstanceParts.staticOnly`). */
  readonly staticOnly: boolean;
  /** The module instance's memo, shared with its locals, resources and outputs (a reference cycle yields an unknown). */
  readonly memo: Memo;
  /** The scope of the module instance's expressions. */
  scope(): EvalScope;
}

/** The values of one module instance's variables, and what their `validation` blocks tell of values not known. */
export class ModuleVariables {
  /** `variableElements` (by variable name) and `variableAttribute` (by `name.attribute`), once each. */
  private readonly elements = new Map<string, { readonly parts: KnownParts | undefined }>();
  /** What false `validation` conditions make of the variables they read (`refusing-conditions.ts`), once. */
  private verdicts: ReadonlyMap<string, ConditionVerdict> | undefined;

  constructor(private readonly module: VariableSource) {}

  variable(name: string): TfValue {
    return this.module.memo.get(`var.${name}`, () => {
      const decl = this.module.config.variables.get(name);
      if (decl === undefined) return new UndeclaredReference(`var.${name} is not declared`);
      if (declaredTwice(this.module.config, `var.${name}`)) return new EvaluationError(`var.${name} is declared twice, which Terraform refuses`);
      if (decl.typeRefused !== undefined) return new EvaluationError(`var.${name}: ${decl.typeRefused}`);
      // OpenTofu refuses an ephemeral value where it evaluates early.
      if (this.module.staticOnly && decl.ephemeral) return new EvaluationError(`var.${name} is ephemeral, which tofu init does not accept`);
      const input = this.module.inputs.get(name);
      // Whatever gave it (a variables file, `-var`, `TF_VAR_`), its strings are NFC, as all of Terraform's (`normalize-strings.ts`).
      const given = input?.();
      let value: TfValue | undefined = given === undefined ? undefined : nfcDeep(given);
      let fromDefault = false;
      // Passing null sets null unless the variable disallows it, then the default applies
      // (https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values).
      if (value === null && !decl.nullable) value = undefined;
      // What its `validation` blocks tell of a value credlint does not know.
      const validated = () => validatedValues(decl, (expr) => evaluate(expr, this.module.scope()));
      if (value === undefined) {
        // A called module's required variable can only get its value from the call: Terraform refuses a
        // call that does not set it ("Missing required argument"), and a required variable set to null
        // where `nullable = false` forbids it ("Required variable not set"), in the root module
        // as in a call (https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values).
        // Only a root module's variable that nothing sets is a value still to come (README, "Rules").
        if (!decl.hasDefault && input !== undefined) return new EvaluationError(`var.${name} is required and declared nullable = false, but is given null`);
        if (!decl.hasDefault && this.module.addressPrefix !== '')
          return new ArgumentError(`${this.module.addressPrefix.slice(0, -1)}: argument ${name} is required, but the call does not set it`);
        if (!decl.hasDefault) return unsetVariable(`var.${name} has no value`, validated());
        // A constant, read with no evaluation context (the tree reports a default Terraform refuses).
        value = variableDefault(decl);
        fromDefault = true;
      }
      // A value that a false condition reads, with others it may read: refused, or a root default a plan may replace.
      const verdict = this.conditionVerdicts().get(name);
      if (verdict !== undefined) return verdict.refused ? new EvaluationError(verdict.reason) : unsetVariable(verdict.reason, validated());
      // A value its caller does not know is still one its `validation` blocks accept.
      if (value instanceof Unknown && value.known === undefined) {
        const known = validated();
        if (known !== undefined) value = awaitsVariables(value) ? unsetVariable(value.reason, known) : new Unknown(value.reason, value.resourceAddress, known);
      }
      // Whatever gave the value (default, tfvars, `-var`, `TF_VAR_`, a module call), a sensitive
      // variable's value is marked, before its conversion, whose failure could quote it.
      const marked = markedIf(value, decl.sensitive);
      const converted = decl.type === undefined ? marked : convertVariableValue(marked, decl.type, `var.${name}`);
      // Its conditions read the variable as this value (and may read other variables, Terraform 1.9).
      const scope = this.module.scope();
      const withValue: EvalScope = { ...scope, resolve: (ref) => (ref.kind === 'var' && ref.name === name ? converted : scope.resolve(ref)) };
      if (!isEvaluationError(converted) && !isUnknown(converted) && failsValidation(decl, (condition) => evaluate(condition, withValue))) {
        // A root module's default that its own conditions refuse stops every plan that keeps it ("Invalid value
        // for variable"), so a plan that goes on has a value given from outside the configuration (`-var`,
        // `TF_VAR_`, a variables file given with `-var-file`): one still to come, which its conditions accept
        // (https://developer.hashicorp.com/terraform/language/values/variables#assigning-values-to-root-module-variables).
        if (fromDefault && this.module.addressPrefix === '')
          return unsetVariable(`var.${name} has no value its validation accepts (its default fails a condition)`, validated());
        return new EvaluationError(`var.${name}: its value fails a validation condition of the variable; Terraform refuses the plan`);
      }
      return converted;
    });
  }

  private conditionVerdicts(): ReadonlyMap<string, ConditionVerdict> {
    if (this.verdicts === undefined) {
      // A module argument read on the way that comes back here (a cycle Terraform refuses) finds none.
      this.verdicts = new Map();
      this.verdicts = refusingConditions(this.module.config, (name) => this.plainValue(name), this.module.scope(), this.module.addressPrefix === '');
    }
    return this.verdicts;
  }

  /** A variable's value as given or defaulted, converted to its type, before its conditions (`refusing-conditions.ts`). */
  private plainValue(name: string): PlainValue | undefined {
    const decl = this.module.config.variables.get(name);
    if (decl === undefined || decl.typeRefused !== undefined) return undefined;
    const given = this.module.inputs.get(name)?.();
    const fromDefault = (given === undefined || (given === null && !decl.nullable)) && decl.hasDefault;
    if (!fromDefault && (given === undefined || given === null)) return undefined;
    const value = fromDefault ? variableDefault(decl) : nfcDeep(given as TfValue);
    const marked = markedIf(value, decl.sensitive);
    return { value: decl.type === undefined ? marked : convertVariableValue(marked, decl.type, `var.${name}`), fromDefault };
  }

  /**
   * What the `validation` blocks of list or set variable `name` tell of each of its elements, whatever
   * its value (`variable-validation.ts`).
   */
  variableElements(name: string): KnownParts | undefined {
    let elements = this.elements.get(name);
    if (elements === undefined) {
      const decl = this.module.config.variables.get(name);
      elements = { parts: decl === undefined ? undefined : validatedElements(decl, (expr) => evaluate(expr, this.module.scope())) };
      this.elements.set(name, elements);
    }
    return elements.parts;
  }

  /** What the `validation` blocks of object variable `name` tell of its string `attribute` (`variable-validation.ts`). */
  variableAttribute(name: string, attribute: string): KnownParts | undefined {
    const key = `${name}.${attribute}`;
    let parts = this.elements.get(key);
    if (parts === undefined) {
      const decl = this.module.config.variables.get(name);
      parts = { parts: decl === undefined ? undefined : validatedAttribute(decl, attribute, (expr) => evaluate(expr, this.module.scope())) };
      this.elements.set(key, parts);
    }
    return parts.parts;
  }
}
