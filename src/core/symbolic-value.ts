/**
 * An unknown string that is nevertheless the same wherever it is written: a CloudFormation parameter
 * without a value, a pseudo parameter such as `AWS::StackName`, or literal text joined with such values
 * (`!Sub '${AWS::StackName}-ci'`). One stack has one value for each of them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html), so a
 * user and a key whose names are the same symbolic value name the same user, whatever the value is.
 */
export interface SymbolicValue {
  /** Equal keys denote equal values; different keys say nothing. */
  readonly key: string;
  /** How the value is written, for messages (`${AWS::StackName}-ci`). */
  readonly text: string;
}

/** One piece of a symbolic value: literal text, or a value named by `atom` (unique per stack and name). */
export type SymbolicPart = string | { readonly atom: string; readonly text: string };

/** The symbolic value of one named deploy-time value: `atom` identifies it, `text` shows it. */
export function symbolicAtom(atom: string, text: string): SymbolicValue & { readonly parts: readonly SymbolicPart[] } {
  return symbolicConcat([{ atom, text }]);
}

/**
 * The concatenation of literal text and symbolic values, literal runs merged and empty text dropped,
 * so that `!Sub '${Name}'`, `!Ref Name` and `!Join ['', [!Ref Name]]` have one key.
 */
export function symbolicConcat(pieces: readonly SymbolicPart[]): SymbolicValue & { readonly parts: readonly SymbolicPart[] } {
  const parts: SymbolicPart[] = [];
  for (const piece of pieces) {
    const last = parts[parts.length - 1];
    if (typeof piece === 'string') {
      if (piece === '') continue;
      if (typeof last === 'string') parts[parts.length - 1] = last + piece;
      else parts.push(piece);
    } else parts.push(piece);
  }
  return {
    key: JSON.stringify(parts.map((p) => (typeof p === 'string' ? p : { atom: p.atom }))),
    text: parts.map((p) => (typeof p === 'string' ? p : p.text)).join(''),
    parts,
  };
}
