/**
 * regex, regexall and the regex form of replace. Terraform uses Go's RE2 syntax and semantics
 * (https://developer.hashicorp.com/terraform/language/functions/regex), so patterns run on re2js, a
 * JavaScript port of RE2: the same syntax (`(?P<name>...)`, `\z`, `\Q...\E`, POSIX classes, inline
 * flags anywhere, `(?U)`), the same refusals (backreferences, lookaround), and matching in time linear
 * in the input. JavaScript's backtracking engine would take exponential time on `(a+)+$` against
 * "aaa…!", a pattern any pull request can write; the work of one match is also bounded by the
 * `regexSteps` limit (program size times input length).
 */
import { re2Library } from '../../../core/re2-library.js';
import type { RE2JS } from 're2js';
import { objectFrom } from '../convert-value.js';
import type { TfValue } from '../value.js';
import { BudgetExceeded, activeBudget } from '../eval-budget.js';
import { FunctionError, fixed, stringArg, type FunctionTable } from './function-support.js';

interface Match {
  readonly index: number;
  readonly end: number;
  /** Group 0 is the whole match; an unmatched group is undefined. */
  readonly groups: readonly (string | undefined)[];
  readonly named: ReadonlyMap<string, string | undefined>;
}

interface Compiled {
  readonly pattern: RE2JS;
  readonly names: readonly string[];
  readonly groupCount: number;
}

function compile(source: string): Compiled {
  let pattern: RE2JS;
  try {
    pattern = re2Library().compile(source);
  } catch (error) {
    // RE2's own message names the problem and quotes the pattern, which is source text or a value: only
    // the kind of problem is kept, so a sensitive value used as a pattern is not echoed.
    const message = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '').replace(/:\s*`[\s\S]*`$/, '') : 'invalid pattern';
    throw new FunctionError(`invalid regular expression: ${message}`);
  }
  return { pattern, names: Object.keys(pattern.namedGroups()), groupCount: pattern.groupCount() };
}

/** RE2 matches in linear time, but a huge pattern against a huge string is still a lot of work. */
function checkWork(compiled: Compiled, text: string): void {
  const budget = activeBudget();
  const work = compiled.pattern.programSize() * (text.length + 1);
  if (work > budget.limits.regexSteps) throw new BudgetExceeded('regexSteps', `a regular expression match needs about ${work} steps`);
}

/**
 * Every successive non-overlapping match, with Go's rule that an empty match right where the previous
 * match ended is ignored ("baaac" with the pattern `a*` gives three matches).
 */
function allMatches(compiled: Compiled, text: string, limit = Infinity): Match[] {
  checkWork(compiled, text);
  const matcher = compiled.pattern.matcher(text);
  const matches: Match[] = [];
  let previousEnd = -1;
  const budget = activeBudget();
  // Each search is bounded by checkWork, but successive searches can each scan to the end of the text
  // (`a(?:.*b)?` over 40,000 "a"s: 40,000 matches, 150 s), so the scan deadline is read before each.
  while (matches.length < limit && !budget.pastDeadline() && matcher.find()) {
    const index = matcher.start();
    const end = matcher.end();
    if (end === index && index === previousEnd) continue;
    const groups: (string | undefined)[] = [];
    for (let group = 0; group <= compiled.groupCount; group += 1) groups.push(matcher.group(group) ?? undefined);
    const named = new Map(compiled.names.map((name) => [name, matcher.group(name) ?? undefined]));
    matches.push({ index, end, groups, named });
    previousEnd = end;
  }
  if (budget.pastDeadline()) throw new BudgetExceeded('scanSeconds', 'the scan deadline passed; the evaluation of this root module stopped');
  return matches;
}

/** One match as Terraform returns it: an object for named groups, a list for unnamed groups, else the match. */
function matchResult(compiled: Compiled, match: Match): TfValue {
  if (compiled.groupCount === 0) return match.groups[0] ?? '';
  if (compiled.names.length === 0) return match.groups.slice(1).map((group) => group ?? null);
  if (compiled.names.length !== compiled.groupCount) throw new FunctionError('invalid regular expression: cannot mix both named and unnamed capture groups');
  return objectFrom(compiled.names.map((name) => [name, match.named.get(name) ?? null]));
}

function regex(args: readonly TfValue[]): TfValue {
  const compiled = compile(stringArg(args, 0));
  const [match] = allMatches(compiled, stringArg(args, 1), 1);
  if (match === undefined) throw new FunctionError('pattern did not match any part of the given string');
  return matchResult(compiled, match);
}

function regexall(args: readonly TfValue[]): TfValue {
  const compiled = compile(stringArg(args, 0));
  return allMatches(compiled, stringArg(args, 1)).map((match) => matchResult(compiled, match));
}

/** Expands Go's replacement template (`$1`, `${1}`, `$name`, `${name}`, `$$`) for one match. */
function expandTemplate(template: string, match: Match): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return match.groups[Number(name)] ?? '';
    return match.named.get(name) ?? '';
  });
}

/** The `/regex/` form of replace (https://developer.hashicorp.com/terraform/language/functions/replace). */
export function replaceRegex(text: string, pattern: string, replacement: string): string {
  const budget = activeBudget();
  const maxLength = budget.limits.valueNodes * 16;
  let out = '';
  let copied = 0;
  for (const match of allMatches(compile(pattern), text)) {
    out += text.slice(copied, match.index) + expandTemplate(replacement, match);
    copied = match.end;
    if (out.length > maxLength) throw new BudgetExceeded('valueNodes', 'the result would be too large');
  }
  return out + text.slice(copied);
}

export const regexFunctions: FunctionTable = {
  regex: fixed(2, regex),
  regexall: fixed(2, regexall),
};
