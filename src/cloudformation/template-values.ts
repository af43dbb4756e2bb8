/**
 * What an evaluated CloudFormation expression can be. Unknown values are first-class: anything
 * computed from an unknown is unknown, and the reason names the value that was unknown.
 */

/** A value CloudFormation only knows at deploy time, or that credlint does not evaluate. */
export class Unknown {
  constructor(readonly reason: string) {}
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

/** `Ref: AWS::NoValue`: the property is removed, as if it were not written. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface ValueMap {
  readonly [key: string]: TemplateValue;
}

export type TemplateValue = string | readonly TemplateValue[] | ValueMap | Unknown | UserReference | typeof NO_VALUE;

export function isPlainMap(value: TemplateValue): value is ValueMap {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unknown) && !(value instanceof UserReference);
}

/** The value as a string, or an `Unknown` saying why it is not one. */
export function asString(value: TemplateValue, what: string): string | Unknown {
  if (typeof value === 'string') return value;
  if (value instanceof Unknown) return value;
  if (value instanceof UserReference) return new Unknown(value.reason);
  if (value === NO_VALUE) return new Unknown(`${what} is AWS::NoValue`);
  return new Unknown(`${what} is not a string`);
}

/** The value as a list of strings (a CommaDelimitedList parameter, `Fn::Split`), or an `Unknown`. */
export function asList(value: TemplateValue, what: string): readonly TemplateValue[] | Unknown {
  if (Array.isArray(value)) return value as readonly TemplateValue[];
  if (value instanceof Unknown) return value;
  if (value instanceof UserReference) return new Unknown(value.reason);
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
