import { ParameterConstraints } from './parameter-constraints.js';
import { symbolicAtom } from '../core/symbolic-value.js';
import type { TemplateNode } from './template-node.js';
import { child, intrinsicCall, scalarString } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown } from './template-values.js';
import { serverlessTextValue } from './serverless-variables.js';
import { PSEUDO_PARAMETER_SHAPES } from './pseudo-parameter-shapes.js';
import type { ResourceHooks } from './evaluator-hooks.js';
import { parameterRules, type PlainParameter, type RuleVerdict } from './parameter-rules.js';

/** Pseudo parameters have no value before deployment (`AWS::NoValue`, which removes a property, is no value at all). */
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * The values of a template's parameters (given from outside or their `Default`, within what their
 * constraints allow) and of pseudo parameters, each computed once: a parameter may be referenced
 * from thousands of places.
 */
export class ParameterValues {
  private readonly parameterCache = new Map<string, TemplateValue>();
  /** What a String parameter's constraints tell of a value not known. */
  private readonly constraints: ParameterConstraints;
  /** What the template's `Rules` make of the parameters they refuse (`parameter-rules.ts`), once. */
  private ruleVerdicts: ReadonlyMap<string, RuleVerdict> | undefined;
  private readonly plainCache = new Map<string, TemplateValue>();

  constructor(
    /** Parameter values given from outside (`--parameter`, or a parent stack's `Parameters`). */
    private readonly supplied: ReadonlyMap<string, TemplateValue>,
    private readonly hooks: ResourceHooks,
    /** Says where supplied values came from, for messages (`--parameter`, `nested stack Child`). */
    private readonly suppliedBy: string,
    /** Whether a value may still be given at deployment (a root stack's parameters, not a nested stack's). */
    private readonly givenAtDeployment: boolean,
    /** The template's `Parameters` and `Rules` sections. */
    private readonly sections: { readonly parameters: TemplateNode | undefined; readonly rules: TemplateNode | undefined } = {
      parameters: undefined,
      rules: undefined,
    },
  ) {
    this.constraints = new ParameterConstraints(hooks);
  }

  /** The value of the parameter `name` declared as `declared`. */
  declared(name: string, declared: TemplateNode): TemplateValue {
    let value = this.parameterCache.get(name);
    if (value === undefined) {
      const verdict = this.rules().get(name);
      value = verdict === undefined ? this.plainValue(name, declared) : this.refusedByRule(name, declared, verdict);
      this.parameterCache.set(name, value);
    }
    return value;
  }

  /** A parameter's value as given or defaulted, within its own constraints, before `Rules`. */
  private plainValue(name: string, declared: TemplateNode): TemplateValue {
    let value = this.plainCache.get(name);
    if (value === undefined) {
      value = this.parameter(name, declared, this.supplied.get(name));
      this.plainCache.set(name, value);
    }
    return value;
  }

  private rules(): ReadonlyMap<string, RuleVerdict> {
    this.ruleVerdicts ??= parameterRules(
      this.sections.rules,
      (name): PlainParameter | undefined => {
        const declared = child(this.sections.parameters, name);
        if (declared === undefined) return undefined;
        const fromDefault = !this.supplied.has(name) && child(declared, 'Default') !== undefined;
        return { value: this.plainValue(name, declared), fromDefault };
      },
      this.givenAtDeployment,
    );
    return this.ruleVerdicts;
  }

  /** A parameter a rule refuses: a root stack's Default still to be given, known by its constraints, or no value. */
  private refusedByRule(name: string, declaration: TemplateNode, verdict: RuleVerdict): TemplateValue {
    const type = scalarString(child(declaration, 'Type')) ?? 'String';
    const symbol = type.includes('List') ? undefined : this.symbolOf(name);
    const unknown = new Unknown(`parameter ${name}: ${verdict.reason}`, undefined, symbol);
    return verdict.refused ? unknown : this.constraints.narrowed(unknown, type, declaration);
  }

  /** The value of a pseudo parameter, undefined when `name` is none. */
  pseudo(name: string): TemplateValue | undefined {
    if (!PSEUDO_PARAMETERS.has(name)) return undefined;
    // `--parameter AWS::Region=eu-west-1` may give a pseudo parameter the value of the target stack.
    const suppliedValue = this.supplied.get(name);
    if (suppliedValue !== undefined) return suppliedValue;
    const reason = `pseudo parameter ${name} has no value before deployment`;
    // AWS::NotificationARNs is a list, never a user name.
    return name === 'AWS::NotificationARNs' ? new Unknown(reason) : new Unknown(reason, PSEUDO_PARAMETER_SHAPES.get(name), this.symbolOf(name));
  }

  /**
   * A parameter's value: the supplied value, else its `Default`. List types are split on commas and
   * each member is trimmed of spaces; SSM parameter types hold the name of an SSM parameter whose value is read at deploy time.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
   */
  private parameter(name: string, declaration: TemplateNode, suppliedValue: TemplateValue | undefined): TemplateValue {
    const type = scalarString(child(declaration, 'Type')) ?? 'String';
    const defaultNode = child(declaration, 'Default');
    const raw: TemplateValue | undefined = suppliedValue ?? (defaultNode ? literalValue(defaultNode) : undefined);
    // A list parameter is never a user name; the others name one value in this stack.
    const symbol = type.includes('List') ? undefined : this.symbolOf(name);
    // CloudFormation refuses a value that is not one of AllowedValues, or that AllowedPattern does
    // not match as a whole, for a value given or passed by a parent stack as for one nobody gives: a
    // single value left is the value, several are what is known of it, and a pattern may tell how
    // every value starts or ends, or which names it never is. It also refuses a String shorter than
    // MinLength, which says nothing of what the value is. A NoEcho parameter's constraints are not
    // shown either.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    if (raw === undefined) {
      const reason = `parameter ${name} has no value (no Default, not given by ${this.suppliedBy})`;
      return this.constraints.narrowed(new Unknown(reason, undefined, symbol), type, declaration);
    }
    if (raw instanceof Unknown && type === 'String') return this.constraints.narrowed(raw, type, declaration);
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      const noEcho = scalarString(child(declaration, 'NoEcho'))?.toLowerCase() === 'true';
      const where = typeof raw === 'string' && !noEcho ? raw : '(not shown)';
      return new Unknown(`parameter ${name} is read from SSM parameter ${where} at deploy time`, undefined, symbol);
    }
    // "Each member string is space trimmed": a Default of "ops, root" is ["ops", "root"].
    const value = (type === 'CommaDelimitedList' || type.startsWith('List<')) && typeof raw === 'string' ? raw.split(',').map((member) => member.trim()) : raw;
    // A NoEcho parameter's value (its Default or the value given) is never shown, only described.
    const noEcho = scalarString(child(declaration, 'NoEcho'))?.toLowerCase() === 'true';
    // A value CloudFormation refuses (given, passed by a parent, or the Default) creates no stack:
    // it is not that value, whatever a condition would make of it.
    // A value it may refuse (where its documentation leaves the check unsaid) is unknown too.
    const written = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
    const refused = written === undefined ? undefined : this.constraints.refusal(type, written, declaration);
    if (refused !== undefined) {
      const what = noEcho ? `${name} (NoEcho) is` : `${name} is ${JSON.stringify(raw)}${suppliedValue === undefined ? ' (its Default)' : ''},`;
      if (!refused.certain) {
        const why = noEcho ? '' : `: ${refused.why ?? ''}`;
        return new Unknown(`parameter ${what}${noEcho ? ' a value' : ''} which CloudFormation may refuse${why}`, undefined, symbol);
      }
      // A root stack's Default that its own constraints refuse fails every deployment that keeps it, so a
      // stack that is created has a value given at deployment (`--parameter-overrides`), one its
      // constraints accept: as if the parameter had no Default.
      if (suppliedValue === undefined && this.givenAtDeployment) {
        const reason = `parameter ${name} has no value its constraints accept (its Default is refused; not given by ${this.suppliedBy})`;
        return this.constraints.narrowed(new Unknown(reason, undefined, symbol), type, declaration);
      }
      const member = refused.member === undefined || noEcho ? '' : ` whose member ${JSON.stringify(refused.member)} is`;
      const allowed = noEcho ? refused.constraint : `${refused.constraint} (${refused.allowed})`;
      return new Unknown(`parameter ${what}${member} not one of ${allowed}, so CloudFormation refuses it`, undefined, symbol);
    }
    if (noEcho && (typeof value === 'string' || Array.isArray(value)))
      return new Secret(value as string | readonly TemplateValue[], `the NoEcho parameter ${name} (a ${type})`);
    return value;
  }

  /** The one value a parameter or pseudo parameter without a value has in this stack. */
  private symbolOf(name: string) {
    return symbolicAtom(`${this.hooks.idPrefix}\0${name}`, `\${${name}}`);
  }
}

/** A `Default` or mapping value: literal data, where intrinsics are not allowed. */
export function literalValue(node: TemplateNode): TemplateValue {
  if (node.kind === 'scalar') {
    if (node.value === null) return NO_VALUE;
    const text = String(node.value);
    // A Serverless Framework variable (`${self:custom.user}`) is replaced before CloudFormation reads the template.
    return serverlessTextValue(text) ?? text;
  }
  if (node.kind === 'seq') return node.items.map((item) => literalValue(item));
  if (intrinsicCall(node)) return new Unknown('an intrinsic function where only literal values are allowed');
  return Object.fromEntries<TemplateValue>(node.entries.map((e) => [e.key, literalValue(e.value)]));
}
