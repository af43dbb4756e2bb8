import { appendAll } from '../core/append-all.js';
import { concatKnownParts } from '../core/known-parts.js';
import { symbolicConcat, type SymbolicPart } from '../core/symbolic-value.js';
import type { TemplateValue } from './template-values.js';
import { Unknown, asString, withoutDynamicReferences } from './template-values.js';

/** The string `Fn::Sub` or `Fn::Join` builds from its pieces: unknown where a piece is, keeping what the literal pieces say of it. */
export function concatenate(pieces: readonly TemplateValue[], what: string): TemplateValue {
  let text = '';
  const strings: (string | Unknown)[] = [];
  let unknown: Unknown | undefined;
  for (const piece of pieces) {
    const s = asString(piece, what);
    strings.push(s);
    if (s instanceof Unknown) unknown ??= s;
    else text += s;
  }
  if (unknown === undefined) return withoutDynamicReferences(text);
  // An unknown string keeps what its literal pieces say of it (`${AWS::AccountId}-ci` ends with
  // `-ci`), unless a piece could be part of a dynamic reference that CloudFormation replaces at
  // deploy time (any `{`): then nothing is claimed, not even the symbol of the unknown piece
  // (`{${Name}}` is not the value of `Name`).
  if (strings.some((s) => typeof s === 'string' && s.includes('{'))) return new Unknown(unknown.reason);
  // A lone piece is the whole value (`!Sub "${Team}"`): what is known of it stays.
  const known = strings.length > 1 ? concatKnownParts(strings) : unknown.known;
  const symbol = symbolicConcatenation(strings);
  return known === undefined && symbol === undefined ? unknown : new Unknown(unknown.reason, known, symbol, known?.oneOf);
}

/** The symbolic value of a concatenation whose unknown pieces are all symbolic, else undefined. */
function symbolicConcatenation(strings: readonly (string | Unknown)[]) {
  const parts: SymbolicPart[] = [];
  for (const s of strings) {
    if (typeof s === 'string') parts.push(s);
    else if (s.symbol === undefined) return undefined;
    else appendAll(parts, s.symbol.parts);
  }
  return symbolicConcat(parts);
}
