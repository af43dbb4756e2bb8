import { mayEqual } from '../core/known-parts.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Unknown, UserReference, revealSecrets } from './template-values.js';

/** A value as `Fn::Equals` compares it. A secret is compared as it is (CloudFormation does the same); only the outcome is kept. */
export function comparable(evaluated: TemplateValue): string | Unknown {
  const value = revealSecrets(evaluated).value;
  if (value instanceof Unknown) return value;
  if (value instanceof UserReference) return new Unknown(value.reason);
  if (value === NO_VALUE) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Whether two compared values cannot be equal though one or both are unknown: a string what is known
 * of the other rules out (`${AWS::Region}-prod` is never `prod`), or values from disjoint `AllowedValues`.
 */
export function cannotBeEqual(left: string | Unknown, right: string | Unknown): boolean {
  const excludes = (unknown: Unknown, other: string | Unknown): boolean => {
    if (typeof other === 'string') return (unknown.known !== undefined && !mayEqual(unknown.known, other)) || unknown.oneOf?.includes(other) === false;
    if (unknown.oneOf === undefined || other.oneOf === undefined) return false;
    // A set, so that two long lists of allowed values compare in linear time.
    const others = new Set(other.oneOf);
    return !unknown.oneOf.some((v) => others.has(v));
  };
  return (left instanceof Unknown && excludes(left, right)) || (right instanceof Unknown && excludes(right, left));
}
