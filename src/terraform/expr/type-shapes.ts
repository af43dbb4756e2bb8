/**
 * The shapes of Terraform types as credlint holds them: a variable's type constraint
 * (`type-constraints.ts`) and the type a value shows (`value-types.ts`).
 */
import type { TfValue } from './value.js';

export interface ObjectAttribute {
  readonly type: TypeConstraint;
  /** `optional(T)` or `optional(T, default)`: the attribute may be absent or null. */
  readonly optional: boolean;
  /** The default of `optional(T, default)`; null when none was given (absent optional attributes become null). */
  readonly defaultValue: TfValue;
}

export type TypeConstraint =
  | { readonly kind: 'string' | 'number' | 'bool' | 'any' }
  | { readonly kind: 'list' | 'set' | 'map'; readonly element: TypeConstraint }
  | { readonly kind: 'tuple'; readonly elements: readonly TypeConstraint[] }
  | { readonly kind: 'object'; readonly attributes: Readonly<Record<string, ObjectAttribute>> };
