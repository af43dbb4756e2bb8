/**
 * What an RE2 pattern that finds a match in a string tells of the string: `^svc-` that it starts with
 * `svc-`, `-ci$` that it ends with `-ci`, `^(dev|prod)-ci$` that it is one of `dev-ci`, `prod-ci`.
 * The pattern is scanned, not run, once and in time linear in its length; whatever the scanner does
 * not follow (a flag, a top-level `|`, a repeated group) tells nothing, so what it says is sound.
 * Terraform's `regex` is Go's RE2: without the `m` flag `^` and `$` are the text's start and end
 * (https://github.com/google/re2/wiki/Syntax).
 */
import { knownPartsOfOneOf, type KnownParts } from './known-parts.js';

type Token = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'start' | 'end' | 'repeat' | 'open' | 'close' | 'or' | 'other' };

/** The most strings a pattern's alternatives are spelled out to. */
const MAX_CHOICES = 64;

const ESCAPED_CONTROLS: Readonly<Record<string, string>> = { a: '\x07', f: '\f', t: '\t', n: '\n', r: '\r', v: '\v' };

/** The tokens of `pattern`, or undefined where it sets a flag (which changes what `^`, `$` or a letter match). */
function tokenize(pattern: string): Token[] | undefined {
  // RE2 reads a pattern by code points.
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  const literal = (text: string) => tokens.push({ kind: 'literal', text });
  let at = 0;
  while (at < chars.length) {
    const char = chars[at] ?? '';
    at += 1;
    if (char === '\\') {
      const next = chars[at] ?? '';
      at += 1;
      if (next === 'Q') {
        const end = chars.indexOf('\\', at);
        const stop = end === -1 || chars[end + 1] !== 'E' ? chars.length : end;
        for (const quoted of chars.slice(at, stop)) literal(quoted);
        at = stop === chars.length ? stop : stop + 2;
      } else if (next === 'A') tokens.push({ kind: 'start' });
      else if (next === 'z') tokens.push({ kind: 'end' });
      else if (/^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(next)) literal(next);
      else if (ESCAPED_CONTROLS[next] !== undefined) literal(ESCAPED_CONTROLS[next]);
      else {
        // `\p{Greek}`, `\x{41}`, `\pL`, `\x41`, octal `\123`, `\d`, `\b`...: something other than known text.
        if ((next === 'p' || next === 'P' || next === 'x') && chars[at] === '{') at = Math.max(at, chars.indexOf('}', at) + 1);
        else if (next === 'p' || next === 'P') at += 1;
        else if (next === 'x') at += 2;
        else if (/^[0-7]$/.test(next)) while (at < chars.length && /^[0-7]$/.test(chars[at] ?? '')) at += 1;
        tokens.push({ kind: 'other' });
      }
    } else if (char === '[') {
      // A class: `]` first is a member, `[:alpha:]` a named class, `\]` an escaped member.
      if (chars[at] === '^') at += 1;
      if (chars[at] === ']') at += 1;
      while (at < chars.length && chars[at] !== ']') {
        if (chars[at] === '\\') at += 2;
        else if (chars[at] === '[' && chars[at + 1] === ':') at = Math.max(at + 2, chars.indexOf(']', at + 2) + 1);
        else at += 1;
      }
      at += 1;
      tokens.push({ kind: 'other' });
    } else if (char === '(') {
      if (chars[at] === '?') {
        if (chars[at + 1] === ':') at += 2;
        else if (chars[at + 1] === '<' || (chars[at + 1] === 'P' && chars[at + 2] === '<')) at = Math.max(at, chars.indexOf('>', at) + 1);
        else return undefined;
      }
      tokens.push({ kind: 'open' });
    } else if (char === '*' || char === '+' || char === '?') {
      if (chars[at] === '?') at += 1;
      tokens.push({ kind: 'repeat' });
    } else if (char === '{' && /^\{\d+(,\d*)?\}/.test(chars.slice(at - 1, at + 24).join(''))) {
      at = chars.indexOf('}', at) + 1;
      if (chars[at] === '?') at += 1;
      tokens.push({ kind: 'repeat' });
    } else if (char === ')') tokens.push({ kind: 'close' });
    else if (char === '|') tokens.push({ kind: 'or' });
    else if (char === '^') tokens.push({ kind: 'start' });
    else if (char === '$') tokens.push({ kind: 'end' });
    else if (char === '.') tokens.push({ kind: 'other' });
    else literal(char);
  }
  return tokens;
}

/** Whether `tokens` have a `|` outside every group: then what one branch says, another need not. */
function hasTopLevelOr(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'open') depth += 1;
    else if (token.kind === 'close') depth -= 1;
    else if (token.kind === 'or' && depth === 0) return true;
  }
  return false;
}

/** The text of the literal tokens from `from` on, stopping before any token that is not one, or is repeated. */
function literalRun(tokens: readonly Token[], from: number): string {
  let text = '';
  for (let at = from; at < tokens.length; at += 1) {
    const token = tokens[at];
    if (token?.kind !== 'literal' || tokens[at + 1]?.kind === 'repeat') break;
    text += token.text;
  }
  return text;
}

/** The literal run that ends at the last token before `end` (exclusive), read backwards. */
function literalRunBefore(tokens: readonly Token[], end: number): string {
  let text = '';
  for (let at = end - 1; at >= 0; at -= 1) {
    const token = tokens[at];
    if (token?.kind !== 'literal') break;
    text = token.text + text;
  }
  return text;
}

/**
 * Every string a pattern anchored at both ends, made of literal text and groups of literal
 * alternatives (`^(dev|prod)-ci$`), matches; undefined for any other pattern or too many strings.
 */
function spelledOut(tokens: readonly Token[]): string[] | undefined {
  if (tokens[0]?.kind !== 'start' || tokens[tokens.length - 1]?.kind !== 'end') return undefined;
  let choices = [''];
  let at = 1;
  while (at < tokens.length - 1) {
    const token = tokens[at];
    if (token?.kind === 'literal' && tokens[at + 1]?.kind !== 'repeat') {
      choices = choices.map((before) => before + token.text);
      at += 1;
      continue;
    }
    if (token?.kind !== 'open') return undefined;
    const options: string[] = [];
    let option = '';
    at += 1;
    for (; tokens[at]?.kind !== 'close'; at += 1) {
      const inner = tokens[at];
      if (inner?.kind === 'or') {
        options.push(option);
        option = '';
      } else if (inner?.kind === 'literal' && tokens[at + 1]?.kind !== 'repeat') option += inner.text;
      else return undefined;
    }
    options.push(option);
    at += 1;
    if (tokens[at]?.kind === 'repeat' || choices.length * options.length > MAX_CHOICES) return undefined;
    choices = choices.flatMap((before) => options.map((option) => before + option));
  }
  return choices;
}

/** What a string in which RE2 `pattern` finds a match is known to be, or undefined when the scan says nothing. */
export function patternKnownParts(pattern: string): KnownParts | undefined {
  const tokens = tokenize(pattern);
  if (tokens === undefined || hasTopLevelOr(tokens)) return undefined;
  const choices = spelledOut(tokens);
  if (choices !== undefined) return knownPartsOfOneOf(choices);
  const prefix = tokens[0]?.kind === 'start' ? literalRun(tokens, 1) : '';
  const suffix = tokens[tokens.length - 1]?.kind === 'end' ? literalRunBefore(tokens, tokens.length - 1) : '';
  if (prefix === '' && suffix === '') return undefined;
  return { prefix, suffix, minLength: Math.max(prefix.length, suffix.length) };
}
