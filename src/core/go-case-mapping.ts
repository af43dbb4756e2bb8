/**
 * Go's case mappings, which Terraform's `upper`, `lower` and `title` are (cty's stdlib calls
 * `strings.ToUpper`, `strings.ToLower` and `strings.Title`): one code point to one, by the simple
 * mappings of Unicode's UnicodeData.txt (Go's `unicode.ToUpper`, `ToLower`, `ToTitle`), never
 * looking at the neighbouring characters. JavaScript's `toUpperCase` and `toLowerCase` apply the
 * full mappings of SpecialCasing.txt instead: `"ß".toUpperCase()` is "SS" where Go keeps "ß",
 * `"İ".toLowerCase()` is "i" with a combining dot where Go gives "i", and a final capital sigma
 * lowercases to "ς" where Go gives "σ". JavaScript's mapping of a single code point is the simple one
 * wherever it is a single code point; where it is longer, the simple mapping is the code point
 * itself except for the few listed here (checked against terraform console 1.11.4).
 */

/**
 * Greek letters with a subscript iota (ypogegrammeni): their full uppercase is two letters ("ᾀ" is
 * "ἈΙ"), their simple uppercase and titlecase the capital with a subscript iota (prosgegrammeni).
 */
function iotaSubscriptCapital(code: number): number | undefined {
  if ((code >= 0x1f80 && code <= 0x1f87) || (code >= 0x1f90 && code <= 0x1f97) || (code >= 0x1fa0 && code <= 0x1fa7)) return code + 8;
  if (code === 0x1fb3 || code === 0x1fc3 || code === 0x1ff3) return code + 9;
  return undefined;
}

/** Latin digraphs whose titlecase (capital then small letter, "ǅ") differs from their uppercase ("Ǆ"). */
function digraphTitle(code: number): number | undefined {
  if (code >= 0x01c4 && code <= 0x01cc) return 0x01c5 + 3 * Math.floor((code - 0x01c4) / 3);
  if (code >= 0x01f1 && code <= 0x01f3) return 0x01f2;
  return undefined;
}

/** Georgian Mkhedruli letters have an uppercase (Mtavruli) but are their own titlecase. */
const isGeorgianSmall = (code: number): boolean => (code >= 0x10d0 && code <= 0x10fa) || (code >= 0x10fd && code <= 0x10ff);

const isOneCodePoint = (text: string): boolean => text.length === 1 || (text.length === 2 && (text.codePointAt(0) ?? 0) > 0xffff);

const ASCII = /^[\x00-\x7f]*$/;

function upperOf(character: string): string {
  const mapped = character.toUpperCase();
  if (isOneCodePoint(mapped)) return mapped;
  const capital = iotaSubscriptCapital(character.codePointAt(0) ?? 0);
  return capital === undefined ? character : String.fromCodePoint(capital);
}

function lowerOf(character: string): string {
  const mapped = character.toLowerCase();
  if (isOneCodePoint(mapped)) return mapped;
  // U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE: its only lowercase longer than one code point.
  return character === '\u0130' ? 'i' : character;
}

function titleOf(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const digraph = digraphTitle(code);
  if (digraph !== undefined) return String.fromCodePoint(digraph);
  return isGeorgianSmall(code) ? character : upperOf(character);
}

/** Go's strings.ToUpper. */
export function goToUpper(text: string): string {
  if (ASCII.test(text)) return text.toUpperCase();
  let out = '';
  for (const character of text) out += upperOf(character);
  return out;
}

/** Go's strings.ToLower. */
export function goToLower(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const character of text) out += lowerOf(character);
  return out;
}

/** Go's unicode.IsSpace. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

/**
 * Go's isSeparator in strings.Title: an ASCII character other than a letter, digit or underscore, or
 * a non-ASCII space (letters and decimal digits never are).
 */
function isSeparator(character: string): boolean {
  if (character.length === 1 && character.charCodeAt(0) <= 0x7f) return !/^[0-9A-Za-z_]$/.test(character);
  if (/^[\p{L}\p{Nd}]$/u.test(character)) return false;
  return GO_SPACE.test(character);
}

/** Go's strings.Title: every code point after a separator (or first) to its titlecase, whatever its category. */
export function goTitle(text: string): string {
  let out = '';
  let previous = ' ';
  for (const character of text) {
    out += isSeparator(previous) ? titleOf(character) : character;
    previous = character;
  }
  return out;
}
