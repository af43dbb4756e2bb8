/**
 * Linear trims of a run of characters at the end (or start) of a string. A regular expression such as
 * `/ +$/` or `/\/+$/` is not: V8 tries it at each position of every run of those characters inside the
 * text and scans each attempt to the run's end, time quadratic in the run. Input a pull request writes
 * reaches these trims (Terraform's `trimspace`, `chomp`, `basename` and `dirname` of a 100,000-character
 * value took 30 to 70 s, past any scan deadline; a CloudFormation YAML quoted value over several lines),
 * so none is written as such a regular expression (docs/security.md, "What credlint bounds").
 */

/**
 * Where the run of characters `inRun` accepts that ends `text` starts (`text.length` when there is none);
 * with `from` and `end`, the run that ends `text.slice(from, end)`, as an offset in `text`.
 */
export function trailingRunStart(text: string, inRun: (code: number) => boolean, from = 0, end = text.length): number {
  let start = end;
  while (start > from && inRun(text.charCodeAt(start - 1))) start -= 1;
  return start;
}

/** A test of a UTF-16 code unit for white space as JavaScript's `\s` reads it (each such character is one code unit). */
export function isWhiteSpace(code: number): boolean {
  return /\s/.test(String.fromCharCode(code));
}

/** `text` without the run of characters `inRun` accepts at its end. */
export function withoutTrailing(text: string, inRun: (code: number) => boolean): string {
  return text.slice(0, trailingRunStart(text, inRun));
}

/** `text` without the run of characters `inRun` accepts at its start. */
export function withoutLeading(text: string, inRun: (code: number) => boolean): string {
  let end = 0;
  while (end < text.length && inRun(text.charCodeAt(end))) end += 1;
  return text.slice(end);
}

/** A test of a UTF-16 code unit for one of `characters` (each one code unit, as every caller's are). */
export function oneOf(characters: string): (code: number) => boolean {
  const codes = new Set<number>();
  for (let i = 0; i < characters.length; i += 1) codes.add(characters.charCodeAt(i));
  return (code) => codes.has(code);
}
