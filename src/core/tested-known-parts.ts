/**
 * What a test a string passes (`value-tests.ts`) tells of its start, end, length and possible values,
 * for whatever compares the string with another unknown one or computes from it; the test itself is
 * kept beside, to compare it with a name.
 */
import { knownPartsOfOneOf, type KnownParts } from './known-parts.js';
import { patternKnownParts } from './pattern-structure.js';
import { passesTest, wholeValueTest, type ValueTest } from './value-tests.js';

/** No string passes the test (two prefixes that disagree, a list none of whose values passes the rest). */
const NONE = 'none';

type Told = KnownParts | undefined | typeof NONE;

/** The longest of `texts` when each of them `extends` the shorter ones (`''` when there are none); undefined when two disagree. */
function longestOfNested(texts: readonly string[], extendsOther: (longer: string, shorter: string) => boolean): string | undefined {
  const longest = texts.reduce((a, b) => (b.length > a.length ? b : a), '');
  return texts.every((text) => extendsOther(longest, text)) ? longest : undefined;
}

function commonPrefix(texts: readonly string[]): string {
  return knownPartsOfOneOf(texts)?.prefix ?? '';
}

function commonSuffix(texts: readonly string[]): string {
  return knownPartsOfOneOf(texts)?.suffix ?? '';
}

/** Parts that say something, or undefined. */
function partsOf(prefix: string, suffix: string, minLength: number, infixes: readonly string[] = []): KnownParts | undefined {
  const inside = [...new Set(infixes.filter((infix) => infix !== ''))];
  if (prefix === '' && suffix === '' && minLength === 0 && inside.length === 0) return undefined;
  return inside.length === 0 ? { prefix, suffix, minLength } : { prefix, suffix, minLength, infixes: inside };
}

/** What every string that passes all of `tests` is known to be. */
function toldByAll(test: ValueTest, tests: readonly ValueTest[]): Told {
  const told: KnownParts[] = [];
  for (const each of tests) {
    const parts = toldBy(each);
    if (parts === NONE) return NONE;
    if (parts !== undefined) told.push(parts);
  }
  const lists = told.flatMap((parts) => (parts.oneOf === undefined ? [] : [parts.oneOf]));
  const [first] = lists;
  if (first !== undefined) {
    const passing = first.filter((value) => passesTest(test, value));
    return passing.length === 0 ? NONE : knownPartsOfOneOf(passing);
  }
  const prefix = longestOfNested(
    told.map((parts) => parts.prefix),
    (a, b) => a.startsWith(b),
  );
  const suffix = longestOfNested(
    told.map((parts) => parts.suffix),
    (a, b) => a.endsWith(b),
  );
  if (prefix === undefined || suffix === undefined) return NONE;
  const infixes = told.flatMap((parts) => parts.infixes ?? []);
  return partsOf(
    prefix,
    suffix,
    [...told.map((parts) => parts.minLength), ...infixes.map((infix) => infix.length)].reduce((a, b) => Math.max(a, b), 0),
    infixes,
  );
}

/** What every string that passes one of `tests` is known to be: what all the branches that some string passes share. */
function toldByAny(tests: readonly ValueTest[]): Told {
  const told: KnownParts[] = [];
  for (const each of tests) {
    const parts = toldBy(each);
    if (parts === undefined) return undefined;
    if (parts !== NONE) told.push(parts);
  }
  if (told.length === 0) return NONE;
  const lists = told.map((parts) => parts.oneOf);
  if (lists.every((list) => list !== undefined)) return knownPartsOfOneOf(lists.flat());
  return partsOf(
    commonPrefix(told.map((parts) => parts.prefix)),
    commonSuffix(told.map((parts) => parts.suffix)),
    told.map((parts) => parts.minLength).reduce((a, b) => Math.min(a, b)),
  );
}

function toldBy(test: ValueTest): Told {
  switch (test.kind) {
    case 'one-of':
      return knownPartsOfOneOf(test.values) ?? NONE;
    case 'starts-with':
      return partsOf(test.text, '', test.text.length);
    case 'ends-with':
      return partsOf('', test.text, test.text.length);
    case 'holds':
      return partsOf('', '', test.text.length, [test.text]);
    case 'matches':
      return patternKnownParts(test.pattern, 'find');
    case 'length':
      // A character Terraform counts is at least one UTF-16 code unit.
      return test.max !== undefined && test.max < test.min ? NONE : partsOf('', '', test.min);
    case 'all':
      return toldByAll(test, test.tests);
    case 'any':
      return toldByAny(test.tests);
    default:
      // A case mapping or a negation says nothing of the text itself (the test still rules names out).
      return undefined;
  }
}

/**
 * What a string that passes `test` is known to be, with the test kept to compare it with a name;
 * undefined when nothing is known, or when no string passes (a condition Terraform always refuses:
 * the plan never gets as far as the name).
 */
export function knownPartsOfTest(test: ValueTest): KnownParts | undefined {
  const told = toldBy(test);
  if (told === NONE) return undefined;
  // A list of the values that pass is exact: nothing else to keep.
  if (told?.oneOf !== undefined) return told;
  return { ...(told ?? { prefix: '', suffix: '', minLength: 0 }), passes: wholeValueTest(test) };
}
