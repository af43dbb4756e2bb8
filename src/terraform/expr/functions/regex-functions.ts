/**
 * regex, regexall and the regex form of replace. Terraform uses Go's RE2 syntax
 * (https://developer.hashicorp.com/terraform/language/functions/regex); patterns are translated to
 * JavaScript regular expressions (unicode mode) and anything without a faithful translation is refused,
 * so the call becomes unknown rather than silently matching differently.
 */
import type { TfValue } from '../value.js';
import { FunctionError, LimitError, fixed, stringArg, type FunctionTable } from './function-support.js';

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\u{0}-\\u{7f}', blank: '\\t ', cntrl: '\\u{0}-\\u{1f}\\u{7f}',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

function hexEscape(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

/** Translates an RE2 pattern to a JavaScript `RegExp` (flags `u` plus any leading `(?ims)`). */
function translateRe2(pattern: string, global = false): RegExp {
  let source = pattern;
  let flags = 'u' + (global ? 'g' : '');
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (leading !== null) {
    for (const flag of leading[1] ?? '') {
      if (flag === 'U') throw new LimitError('the ungreedy regular expression flag (?U) is not supported');
      if (!'ims'.includes(flag)) throw new FunctionError(`invalid regular expression: unknown flag "${flag}"`);
      if (!flags.includes(flag)) flags += flag;
    }
    source = source.slice(leading[0].length);
  }
  let out = '';
  let inClass = false;
  const chars = Array.from(source);
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index] as string;
    const rest = chars.slice(index).join('');
    if (char === '\\') {
      const next = chars[index + 1];
      if (next === undefined) throw new FunctionError('invalid regular expression: trailing backslash');
      index += 1;
      if (next === 'Q') {
        const end = rest.indexOf('\\E', 2);
        const literal = Array.from(end < 0 ? rest.slice(2) : rest.slice(2, end));
        out += literal.map(hexEscape).join('');
        index += literal.length + (end < 0 ? 0 : 2);
      } else if (next === 'z') out += '$(?![\\s\\S])';
      else if (next === 'A') out += '^';
      else if (next === 'x' && chars[index + 1] === '{') {
        const close = rest.indexOf('}');
        out += `\\u{${rest.slice(3, close)}}`;
        index += Array.from(rest.slice(3, close + 1)).length;
      } else if ((next === 'p' || next === 'P') && chars[index + 1] !== '{') {
        out += `\\${next}{${chars[index + 1] ?? ''}}`;
        index += 1;
      } else if (/[0-9A-Za-z]/.test(next)) {
        if (next === 'C') throw new FunctionError('invalid regular expression: \\C is not supported');
        out += `\\${next}`;
      } else out += hexEscape(next);
    } else if (inClass && char === '[' && chars[index + 1] === ':') {
      const match = /^\[:(\^?)([a-z]+):\]/.exec(rest);
      const body = match === null ? undefined : POSIX_CLASSES[match[2] ?? ''];
      if (match === null || body === undefined) throw new FunctionError('invalid regular expression: bad character class');
      if (match[1] === '^') throw new LimitError('negated POSIX character classes are not supported');
      out += body;
      index += match[0].length - 1;
    } else if (!inClass && char === '(' && rest.startsWith('(?P<')) {
      out += '(?<';
      index += 3;
    } else if (!inClass && char === '(' && /^\(\?[a-zA-Z-]+[:)]/.test(rest)) {
      throw new LimitError('inline regular expression flags are only supported at the start of the pattern');
    } else {
      if (char === '[' && !inClass) {
        inClass = true;
        out += char;
        if (chars[index + 1] === '^') { out += '^'; index += 1; }
        if (chars[index + 1] === ']') { out += '\\]'; index += 1; }
        continue;
      }
      if (char === ']' && inClass) inClass = false;
      else if (inClass && /[()[{}/|]/.test(char)) { out += hexEscape(char); continue; }
      out += char;
    }
  }
  try {
    return new RegExp(out, flags);
  } catch (error) {
    // Either the pattern is invalid RE2 or it uses RE2 syntax JavaScript lacks; credlint cannot tell which.
    throw new LimitError(`cannot evaluate regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

/** One match as Terraform returns it: an object for named groups, a list for unnamed groups, else the match. */
function matchResult(match: RegExpExecArray): TfValue {
  const groupCount = match.length - 1;
  if (groupCount === 0) return match[0];
  const named = match.groups === undefined ? [] : Object.keys(match.groups);
  if (named.length === 0) return match.slice(1).map((group) => group ?? null);
  if (named.length !== groupCount) throw new FunctionError('invalid regular expression: cannot mix both named and unnamed capture groups');
  const out: Record<string, TfValue> = {};
  for (const name of named) out[name] = match.groups?.[name] ?? null;
  return out;
}

function regex(args: readonly TfValue[]): TfValue {
  const match = translateRe2(stringArg(args, 0)).exec(stringArg(args, 1));
  if (match === null) throw new FunctionError('pattern did not match any part of the given string');
  return matchResult(match);
}

/**
 * Every successive non-overlapping match, with Go's rule that an empty match right where the previous
 * match ended is ignored (JavaScript reports it: "baaac" with the pattern `a*` gives four matches, Go three).
 */
function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '' && match.index === previousEnd) continue;
    matches.push(match as RegExpExecArray);
    previousEnd = match.index + match[0].length;
  }
  return matches;
}

function regexall(args: readonly TfValue[]): TfValue {
  return allMatches(translateRe2(stringArg(args, 0), true), stringArg(args, 1)).map(matchResult);
}

/** Expands Go's replacement template (`$1`, `${1}`, `$name`, `${name}`, `$$`) for one match. */
function expandTemplate(template: string, match: readonly (string | undefined)[], groups: Readonly<Record<string, string | undefined>> | undefined): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return groups?.[name] ?? '';
  });
}

/** The `/regex/` form of replace (https://developer.hashicorp.com/terraform/language/functions/replace). */
export function replaceRegex(text: string, pattern: string, replacement: string): string {
  let out = '';
  let copied = 0;
  for (const match of allMatches(translateRe2(pattern, true), text)) {
    out += text.slice(copied, match.index) + expandTemplate(replacement, match, match.groups);
    copied = match.index + match[0].length;
  }
  return out + text.slice(copied);
}

export const regexFunctions: FunctionTable = {
  regex: fixed(2, regex),
  regexall: fixed(2, regexall),
};
