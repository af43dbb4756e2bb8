/**
 * The glob patterns of Terraform's `fileset(path, pattern)`
 * (https://developer.hashicorp.com/terraform/language/functions/fileset), as the library Terraform
 * uses for it (`bmatcuk/doublestar` v1.1.5) reads them: the pattern is split into `/`-separated
 * components (a `\/` does not split), and each component matches one name in a directory:
 * - `*` any run of characters (dot files included), `?` one character;
 * - `[abc]`, `[a-z]`, `[^a-z]` one character of (or, with `^`, not of) a class; `\` escapes inside it;
 * - `{a,b}` either alternative (no nesting: the first `}` closes it);
 * - `\x` the character `x` itself;
 * - a component that is exactly `**` matches any number of directories (zero included).
 * A malformed pattern (an unclosed `[` or `{`, an empty class, a trailing `\`) throws `BadGlobPattern`
 * when a name is compared with it, as that library fails then.
 */

export class BadGlobPattern extends Error {}

/**
 * Matching a name spent more steps than credlint allows: comparisons that backtrack (patterns like
 * `*a*a*a*a*b`), and the characters of the pattern that the matcher copies or scans for a `{` or `[`
 * (two hundred thousand `{}` in a 400 KB pattern copied the pattern's rest at each, gigabytes for one
 * name), or recursion deeper than `MAX_MATCH_DEPTH` (each `*` or `{` may recurse).
 */
export class GlobStepsExceeded extends Error {}

export interface GlobSteps {
  left: number;
}

/** Nested comparisons of one name (one per `*` or `{` on the way), far beyond any real pattern. */
const MAX_MATCH_DEPTH = 1_000;

function spend(steps: GlobSteps, count: number): void {
  steps.left -= count;
  if (steps.left < 0) throw new GlobStepsExceeded();
}

/** Where `char` is in `text` from `from` on, skipping one preceded by a backslash; -1 when absent. */
function indexUnescaped(text: string, char: string, from: number): number {
  let at = text.indexOf(char, from);
  while (at > from && text[at - 1] === '\\') at = text.indexOf(char, at + 1);
  return at;
}

/**
 * Splits at every unescaped `separator`. A separator at the very end gives a last empty part
 * (`"a,"` is `a` and the empty alternative).
 */
export function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let endsWithSeparator = false;
  while (start < text.length) {
    const at = indexUnescaped(text, separator, start);
    const end = at === -1 ? text.length : at;
    endsWithSeparator = at !== -1;
    parts.push(text.slice(start, end));
    start = end + 1;
  }
  if (endsWithSeparator || parts.length === 0) parts.push('');
  return parts;
}

/** Whether a pattern component holds anything but literal characters. */
export function isLiteralComponent(component: string): boolean {
  return !/[*?[{\\]/.test(component);
}

/**
 * Whether one name (no `/`) matches one pattern component, given as written or as its code points
 * (`Array.from(component)`, made once for all the names of a directory).
 */
export function matchesComponent(pattern: string | readonly string[], name: string, steps: GlobSteps): boolean {
  // Compared by code point, as the library compares runes.
  return matchFrom(typeof pattern === 'string' ? Array.from(pattern) : pattern, 0, Array.from(name), 0, steps, 0);
}

function matchFrom(pattern: readonly string[], patStart: number, name: readonly string[], nameStart: number, steps: GlobSteps, depth: number): boolean {
  spend(steps, 1);
  if (depth > MAX_MATCH_DEPTH) throw new GlobStepsExceeded();
  const patLength = pattern.length - patStart;
  const nameLength = name.length - nameStart;
  if (patLength === 0) return nameLength === 0;
  if (nameLength === 0) return patLength === 1 && pattern[patStart] === '*';
  let p = patStart;
  let n = nameStart;
  while (p < pattern.length && n < name.length) {
    const char = pattern[p];
    if (char === '\\') {
      p += 1;
      if (p >= pattern.length) throw new BadGlobPattern('a "\\" ends the pattern');
      if (pattern[p] !== name[n]) return false;
      p += 1;
      n += 1;
    } else if (char === '*') {
      p += 1;
      if (p >= pattern.length) return true;
      for (; n < name.length; n += 1) if (matchFrom(pattern, p, name, n, steps, depth + 1)) return true;
      return false;
    } else if (char === '[') {
      const end = closing(pattern, p + 1, ']', steps);
      if (end === -1) throw new BadGlobPattern('a "[" is not closed');
      if (!inClass(pattern.slice(p + 1, end), name[n] ?? '')) return false;
      p = end + 1;
      n += 1;
    } else if (char === '{') {
      const end = closing(pattern, p + 1, '}', steps);
      if (end === -1) throw new BadGlobPattern('a "{" is not closed');
      const rest = pattern.slice(end + 1);
      for (const option of splitUnescaped(pattern.slice(p + 1, end).join(''), ',')) {
        // Each alternative is matched as a pattern of its own: the copy costs its length.
        spend(steps, option.length + rest.length);
        if (matchFrom([...Array.from(option), ...rest], 0, name, n, steps, depth + 1)) return true;
      }
      return false;
    } else if (char === '?' || char === name[n]) {
      p += 1;
      n += 1;
    } else {
      return false;
    }
  }
  if (p >= pattern.length && n >= name.length) return true;
  const left = pattern.length - p;
  const stars = left > 0 && left <= 2 && pattern.slice(p).every((char) => char === '*');
  return (n >= name.length && left === 1 && stars) || (left === 2 && stars);
}

/** The index of the first unescaped `char` from `from` on, in code points; -1 when absent. Each character looked at is a step. */
function closing(pattern: readonly string[], from: number, char: string, steps: GlobSteps): number {
  for (let i = from; i < pattern.length; i += 1) {
    if (pattern[i] === char && !(i > from && pattern[i - 1] === '\\')) {
      spend(steps, i - from + 1);
      return i;
    }
  }
  spend(steps, pattern.length - from);
  return -1;
}

function inClass(members: readonly string[], char: string): boolean {
  if (members.length === 0) throw new BadGlobPattern('a character class is empty');
  const negated = members[0] === '^';
  const code = char.codePointAt(0) ?? -1;
  let matched = false;
  let i = negated ? 1 : 0;
  const next = (): string => {
    const member = members[i];
    if (member === undefined) throw new BadGlobPattern('a character class ends early');
    i += 1;
    if (member !== '\\') return member;
    const escaped = members[i];
    if (escaped === undefined) throw new BadGlobPattern('a "\\" ends a character class');
    i += 1;
    return escaped;
  };
  while (i < members.length) {
    if (members[i] === '-') throw new BadGlobPattern('a range in a character class has no start');
    const low = next();
    let high = low;
    if (members[i] === '-') {
      i += 1;
      if (members[i] === '-' || members[i] === undefined) throw new BadGlobPattern('a range in a character class has no end');
      high = next();
    }
    if ((low.codePointAt(0) ?? 0) <= code && code <= (high.codePointAt(0) ?? 0)) matched = true;
  }
  return matched !== negated;
}
