import type { KnownParts } from '../core/known-parts.js';
import type { SymbolicPart, SymbolicValue } from '../core/symbolic-value.js';

/**
 * What an evaluated CloudFormation expression can be. Unknown values are first-class: anything
 * computed from an unknown is unknown, and the reason names the value that was unknown.
 */

/** A value CloudFormation only knows at deploy time, or that credlint does not evaluate. */
export class Unknown {
  constructor(
    readonly reason: string,
    /** What is known of a string value (the literal text around unknown parts of a Fn::Sub or Fn::Join), `core/known-parts.ts`. */
    readonly known?: KnownParts,
    /**
     * The value is the same wherever this symbol is met (`core/symbolic-value.ts`): a parameter
     * without a value, a pseudo parameter, or literal text joined with them.
     */
    readonly symbol?: SymbolicValue & { readonly parts: readonly SymbolicPart[] },
    /**
     * The value is one of these strings: a parameter without a value restricted by `AllowedValues`.
     * Kept where the value is passed on unchanged (`Ref`, `Fn::If`) and through concatenation of a
     * few such values (`Fn::Sub`, `Fn::Join`: `KnownParts.oneOf`), never through a function that
     * computes another value.
     */
    readonly oneOf?: readonly string[],
  ) {}
}

/**
 * `Ref` of an `AWS::IAM::User` whose name is not known as a string: CloudFormation generates the name
 * when `UserName` is absent (or its `UserName` is itself unknown). Keys and login profiles that name
 * the user this way are still linked to it by reference.
 */
export class UserReference {
  constructor(
    /** The `id` of the user instance in the model. */
    readonly userId: string,
    /** Why the name is not a string, for when the value ends up inside a string. */
    readonly reason: string,
  ) {}
}

/**
 * The value of a `NoEcho` parameter, or a value computed from one (`Fn::Join`, `Fn::Sub`,
 * `Fn::Select`, `Fn::Split`). CloudFormation masks NoEcho values in every output
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties),
 * and so does credlint: conditions may compare it (`comparable` in the evaluator reveals it), but
 * anything that could end up in a message (a user name, a status, an unknown reason, a logical id)
 * gets an `Unknown` that describes it instead.
 */
export class Secret {
  constructor(
    readonly value: string | readonly TemplateValue[],
    /** What it is, without its value: `the NoEcho parameter DbPassword (a String)`. */
    readonly description: string,
  ) {}
}

/** `Ref: AWS::NoValue`: the property is removed, as if it were not written. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface ValueMap {
  readonly [key: string]: TemplateValue;
}

export type TemplateValue = string | readonly TemplateValue[] | ValueMap | Unknown | UserReference | Secret | typeof NO_VALUE;

export function isPlainMap(value: TemplateValue): value is ValueMap {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof UserReference) && !(value instanceof Secret);
}

/** Why a secret value is not used where it would be shown. */
export function secretUnknown(secret: Secret): Unknown {
  return new Unknown(`${secret.description} is not shown`);
}

/**
 * The value with every `Secret` inside it (in lists and maps too) replaced by what it holds, and the
 * first secret found, so that a function computing on it can mark its result secret.
 */
export function revealSecrets(value: TemplateValue): { readonly value: TemplateValue; readonly secret: Secret | undefined } {
  let secret: Secret | undefined;
  const reveal = (v: TemplateValue): TemplateValue => {
    if (v instanceof Secret) {
      secret ??= v;
      return reveal(v.value);
    }
    if (Array.isArray(v)) return (v as readonly TemplateValue[]).map(reveal);
    if (isPlainMap(v)) return Object.fromEntries<TemplateValue>(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
    return v;
  };
  const revealed = reveal(value);
  return { value: revealed, secret };
}

/** A result computed from `secret`: secret itself, or an unknown that says only where it came from. */
export function stillSecret(result: TemplateValue, secret: Secret | undefined): TemplateValue {
  if (secret === undefined) return result;
  if (typeof result === 'string' || Array.isArray(result)) {
    const from = secret.description.replace(/^the /, '');
    return new Secret(result as string | readonly TemplateValue[], `a value computed from ${from}`);
  }
  if (result instanceof Unknown || isPlainMap(result)) return secretUnknown(secret);
  return result;
}

/** The value as a string, or an `Unknown` saying why it is not one. */
export function asString(value: TemplateValue, what: string): string | Unknown {
  if (typeof value === 'string') return value;
  if (value instanceof Unknown) return value;
  if (value instanceof UserReference) return new Unknown(value.reason);
  if (value instanceof Secret) return secretUnknown(value);
  if (value === NO_VALUE) return new Unknown(`${what} is AWS::NoValue`);
  return new Unknown(`${what} is not a string`);
}

/** The value as a list of strings (a CommaDelimitedList parameter, `Fn::Split`), or an `Unknown`. */
export function asList(value: TemplateValue, what: string): readonly TemplateValue[] | Unknown {
  if (Array.isArray(value)) return value as readonly TemplateValue[];
  if (value instanceof Unknown) return value;
  if (value instanceof UserReference) return new Unknown(value.reason);
  if (value instanceof Secret) return secretUnknown(value);
  return new Unknown(`${what} is not a list`);
}

/**
 * Dynamic references (`{{resolve:ssm:...}}`, `{{resolve:secretsmanager:...}}`) are replaced by
 * CloudFormation at deploy time, so a string containing one is unknown.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
 */
export function withoutDynamicReferences(text: string): string | Unknown {
  const match = /\{\{resolve:[^}]*\}\}/.exec(text);
  return match ? new Unknown(`dynamic reference ${match[0]} is resolved at deploy time`) : text;
}
