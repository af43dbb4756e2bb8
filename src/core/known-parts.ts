/**
 * What is known of a string whose whole value is not: `"admin_${var.id}"` starts with `admin_`,
 * `!Sub "${AWS::AccountId}-ci"` ends with `-ci`, and both are longer than their literal text. Kept
 * through concatenation, templates and joins by every evaluator, so that a rule can rule a value out
 * (a name that starts with `admin_` is never `root`) without knowing it.
 */
export interface KnownParts {
  /** The value starts with this ('' when nothing is known of its start). */
  readonly prefix: string;
  /** The value ends with this ('' when nothing is known of its end). */
  readonly suffix: string;
  /** The value has at least this many UTF-16 code units. */
  readonly minLength: number;
}

/** A piece of a concatenation: a known string, or an unknown value with what is known of it. */
export type Piece = string | { readonly known?: KnownParts | undefined };

const NOTHING: KnownParts = { prefix: '', suffix: '', minLength: 0 };

/**
 * What is known of the concatenation of `pieces`, or undefined when nothing is (no literal text at
 * all). Only a known string extends a prefix or suffix across its neighbours: `a${x}b${y}c` starts
 * with `a` and ends with `c`, and is at least three characters long.
 */
export function concatKnownParts(pieces: readonly Piece[]): KnownParts | undefined {
  let prefix = '';
  let prefixOpen = true;
  let minLength = 0;
  let suffix = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      if (prefixOpen) prefix += piece;
      suffix += piece;
      minLength += piece.length;
      continue;
    }
    const parts = piece.known ?? NOTHING;
    if (prefixOpen) prefix += parts.prefix;
    prefixOpen = false;
    // What follows an unknown piece is its own suffix, then the literal text after it.
    suffix = parts.suffix;
    minLength += parts.minLength;
  }
  if (prefix === '' && suffix === '' && minLength === 0) return undefined;
  return { prefix, suffix, minLength };
}

/**
 * Whether a string of which `parts` is known can equal `candidate` when both are compared
 * lowercased (as IAM compares user names). `toLowerCase` never shortens a string, so a lowercased
 * prefix or suffix is a prefix or suffix of the lowercased whole, and the length bound still holds.
 */
export function mayEqualIgnoringCase(parts: KnownParts, candidate: string): boolean {
  const lower = candidate.toLowerCase();
  if (parts.minLength > lower.length) return false;
  return lower.startsWith(parts.prefix.toLowerCase()) && lower.endsWith(parts.suffix.toLowerCase());
}
