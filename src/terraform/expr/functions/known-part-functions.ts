/**
 * What is known of the string a function returns when an argument is an unknown string of which
 * something is known (`core/known-parts.ts`): `lower("Admin_${var.id}")` starts with `admin_`,
 * `join("-", ["ci", var.env])` with `ci-`. Only functions whose result is built from the argument's
 * text in a way the known parts survive; any other function's result drops them (`index.ts`).
 * https://developer.hashicorp.com/terraform/language/functions
 */
import {
  caseMappedKnownParts,
  concatKnownParts,
  knownPartsOfOneOf,
  replaceKnownParts,
  substringKnownParts,
  trimPrefixKnownParts,
  trimSuffixKnownParts,
  type KnownParts,
  type Piece,
} from '../../../core/known-parts.js';
import { TfSet, Unknown, type TfValue } from '../value.js';
import { isPartial } from '../partial-collection.js';
import { scanFormat } from './format-functions.js';

/** A string, or an unknown string with what is known of it; undefined for anything else. */
function piece(value: TfValue | undefined): Piece | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Unknown) return { known: value.known };
  return undefined;
}

/** The known parts of an unknown first argument, when the others are known strings. */
function ofUnknownText(args: readonly TfValue[]): { parts: KnownParts; rest: string[] } | undefined {
  const [text, ...rest] = args;
  if (!(text instanceof Unknown) || text.known === undefined || !rest.every((arg) => typeof arg === 'string')) return undefined;
  return { parts: text.known, rest };
}

/** `join(separator, lists...)`: the elements, with the separator between them. */
function joinParts(args: readonly TfValue[]): KnownParts | undefined {
  const [separator, ...lists] = args;
  if (typeof separator !== 'string') return undefined;
  const pieces: Piece[] = [];
  for (const list of lists) {
    // A set's order is its own (lexical for strings), unknown while an element is.
    if (list instanceof TfSet || !Array.isArray(list)) return undefined;
    for (const element of list as readonly TfValue[]) {
      const next = piece(element);
      if (next === undefined) return undefined;
      if (pieces.length > 0) pieces.push(separator);
      pieces.push(next);
    }
  }
  return concatKnownParts(pieces);
}

/**
 * `format(spec, values...)`: the literal text of the spec, and what is known of a value a plain `%s`
 * or `%v` inserts; any other verb, or a verb with flags, width or precision, inserts an unknown
 * piece. A spec Terraform refuses (`%*d`: a width taken from an argument is not in its syntax), or
 * whose verbs and arguments do not match, makes the call fail once the values are known: nothing is
 * known of a result that never exists. https://developer.hashicorp.com/terraform/language/functions/format
 */
function formatParts(args: readonly TfValue[]): KnownParts | undefined {
  const [spec, ...values] = args;
  if (typeof spec !== 'string') return undefined;
  const parts = scanFormat(spec, values.length);
  if (typeof parts === 'string') return undefined;
  const pieces = parts.map((part): Piece => {
    if (typeof part === 'string') return part;
    const plain = part.flags === '' && part.width === undefined && part.precision === undefined && (part.verb === 's' || part.verb === 'v');
    return (plain ? piece(values[part.argument]) : undefined) ?? {};
  });
  return concatKnownParts(pieces);
}

/** Elements of a list listed as the values an unknown index may pick, at most (more are not kept). */
const MAX_PICKED = 64;

/**
 * `element(list, index)` of a known list of strings and an unknown index (`element(var.users,
 * count.index)`): whatever the index turns out to be, one of the elements, since indexes wrap around
 * (https://developer.hashicorp.com/terraform/language/functions/element), or the call fails.
 */
function elementParts(args: readonly TfValue[]): KnownParts | undefined {
  const [list, index] = args;
  if (!(index instanceof Unknown) || !Array.isArray(list)) return undefined;
  const items = list as readonly TfValue[];
  if (items.length > MAX_PICKED || !items.every((item): item is string => typeof item === 'string')) return undefined;
  return knownPartsOfOneOf(items);
}

const KNOWN_PART_FUNCTIONS: ReadonlyMap<string, (args: readonly TfValue[]) => KnownParts | undefined> = new Map(
  Object.entries({
    join: joinParts,
    format: formatParts,
    element: elementParts,
    lower: (args) => {
      const text = ofUnknownText(args);
      return text && caseMappedKnownParts(text.parts, (s) => s.toLowerCase());
    },
    upper: (args) => {
      const text = ofUnknownText(args);
      return text && caseMappedKnownParts(text.parts, (s) => s.toUpperCase());
    },
    trimprefix: (args) => {
      const text = ofUnknownText(args);
      return text && trimPrefixKnownParts(text.parts, text.rest[0] ?? '');
    },
    trimsuffix: (args) => {
      const text = ofUnknownText(args);
      return text && trimSuffixKnownParts(text.parts, text.rest[0] ?? '');
    },
    substr: (args) => {
      const [text, offset, length] = args;
      if (!(text instanceof Unknown) || text.known === undefined || !Number.isInteger(offset) || !Number.isInteger(length)) return undefined;
      return substringKnownParts(text.known, offset as number, length as number);
    },
    replace: (args) => {
      const text = ofUnknownText(args);
      const [search = '', replacement = ''] = text?.rest ?? [];
      // A search string between slashes is a regular expression (`string-functions.ts`): nothing is kept.
      if (text === undefined || (search.length > 1 && search.startsWith('/') && search.endsWith('/'))) return undefined;
      return replaceKnownParts(text.parts, search, replacement);
    },
  }),
);

/**
 * The unknown result of `name(args)` when some argument is `unknown`: with what is known of it for
 * the functions above, else `unknown` without known parts (a function's result is not its argument).
 */
export function unknownResult(name: string, args: readonly TfValue[], unknown: Unknown): Unknown {
  // What a `for` knows of its partly filtered result is not the function's (`merge(local.humans, {...})`).
  if (isPartial(unknown)) return new Unknown(unknown.reason);
  if (unknown.constructor !== Unknown) return unknown;
  const known = KNOWN_PART_FUNCTIONS.get(name)?.(args);
  if (known === undefined && unknown.known === undefined) return unknown;
  return new Unknown(unknown.reason, unknown.resourceAddress, known);
}
