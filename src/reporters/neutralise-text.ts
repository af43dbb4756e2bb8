/**
 * Input-derived text (paths, names, addresses, messages, suppression reasons, construct paths, source
 * lines) made safe for the human media credlint writes to: a terminal and a CI log. A pull request
 * controls all of that text, so it must not be able to
 * - break a line (CR, LF, VT, FF, NEL, U+2028/U+2029) and so start a line of its own;
 * - send terminal control sequences (ESC for CSI/OSC, including OSC 8 hyperlinks; C1 controls such as
 *   U+009B CSI; BEL; DEL);
 * - reorder or hide what is shown (bidi controls U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069,
 *   "Trojan Source", CVE-2021-42574; zero-width and other default-ignorable characters, U+FEFF, tag
 *   characters U+E0000–U+E007F), which would let two different names look the same;
 * - issue a GitHub Actions workflow command. The runner treats a line as a command when, after its
 *   leading white space, it starts with `::`, and also when `##[` followed by a registered command name
 *   (`error`, `add-mask`, `stop-commands`, ...) appears anywhere in it (the legacy form, still parsed:
 *   actions/runner `ActionCommand.TryParse` after `TryParseV2`).
 *   https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 *
 * Each such character is replaced by a visible escape (`\n`, `\x1b`, `\u202e`, `\u{e0041}`) so the
 * reader sees that it is there; `##[` becomes `#\x23[`. A backslash is left as it is: text that
 * already reads `\x1b` is inert, and doubling every backslash would garble Windows-style strings
 * and regular expressions in code frames. Emoji sequences keep their joiners and presentation
 * selectors (U+200D between pictographs, U+FE0E/U+FE0F after an emoji), which only shape a visible
 * glyph. JSON and SARIF are structured and keep every string exact; this module is for the stylish
 * and github reporters and the CLI's standard error.
 */

/**
 * What is escaped: controls (Cc: C0, DEL, C1), format characters (Cf: bidi controls, zero-width
 * characters, U+FEFF, tag characters), line and paragraph separators (Zl, Zp), lone surrogates (Cs),
 * other default-ignorable code points (Hangul fillers, variation selectors, ...), and `##[`.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|##\[/gu;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const EMOJI = /\p{Emoji}/u;
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;

function escapeCharacter(character: string): string {
  const named = NAMED_ESCAPES[character];
  if (named !== undefined) return named;
  const code = character.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** Whether an otherwise escaped character is part of an emoji sequence and only shapes its glyph. */
function shapesEmoji(character: string, text: string, offset: number): boolean {
  if (character === '\uFE0E' || character === '\uFE0F') {
    const before = text.codePointAt(offset - 1);
    const previous = before !== undefined && before >= 0xdc00 && before <= 0xdfff ? text.slice(offset - 2, offset) : text.slice(offset - 1, offset);
    return previous !== '' && EMOJI.test(previous);
  }
  if (character === '\u200D') {
    return PICTOGRAPH_BEFORE.test(text.slice(Math.max(0, offset - 4), offset)) && PICTOGRAPH_AFTER.test(text.slice(offset + 1, offset + 3));
  }
  return false;
}

/** The replacement of one match of UNSAFE at `offset` in `text`. */
function replacementOf(match: string, text: string, offset: number, keepTabs: boolean): string {
  if (match === '##[') return '#\\x23[';
  if (keepTabs && match === '\t') return match;
  if (shapesEmoji(match, text, offset)) return match;
  return escapeCharacter(match);
}

function escapeUnsafe(text: string, keepTabs: boolean): string {
  return text.replace(UNSAFE, (match: string, offset: number) => replacementOf(match, text, offset, keepTabs));
}

/** A line starting, after white space, with `::` would be a workflow command; its first `:` is escaped. */
function guardLineStart(line: string): string {
  const command = /^(\s*):/.exec(line);
  if (command === null || line[command[0].length] !== ':') return line;
  return `${command[1] ?? ''}\\x3a${line.slice(command[0].length)}`;
}

/**
 * One field of one output line (a name, a message, a reason, a path): every unsafe character escaped,
 * TAB included (it would misalign the columns around it).
 */
export function neutraliseInline(text: string): string {
  return escapeUnsafe(text, false);
}

/**
 * A path printed at the start of a line (the file header of the stylish format): escaped like any
 * field, and given a `./` prefix when it would start with `::` or white space, so it stays a path a
 * reader can copy while never reading as a workflow command.
 */
export function neutralisePathAtLineStart(path: string): string {
  const escaped = neutraliseInline(path);
  return /^(\s|:)/.test(escaped) ? `./${escaped}` : escaped;
}

/**
 * A line of source text in a code frame: escaped like a field, except TAB, which a terminal renders as
 * white space and which the frame's caret line copies to stay aligned. `columnOf` maps a 1-based
 * column of the original line (UTF-16 code units) to the column of the same character in `text`.
 */
export interface NeutralisedSourceLine {
  readonly text: string;
  columnOf(column: number): number;
}

export function neutraliseSourceLine(line: string): NeutralisedSourceLine {
  // Where an escape ends in the original line, with the total growth up to there.
  const shifts: { readonly end: number; readonly growth: number }[] = [];
  let growth = 0;
  const text = line.replace(UNSAFE, (match: string, offset: number) => {
    const replacement = replacementOf(match, line, offset, true);
    if (replacement.length !== match.length) {
      growth += replacement.length - match.length;
      shifts.push({ end: offset + match.length, growth });
    }
    return replacement;
  });
  if (shifts.length === 0) return { text, columnOf: (column) => column };
  return {
    text,
    columnOf(column: number) {
      // A character moves right by the growth of every escape that ends at or before it, so a span
      // starting at an escaped character starts at its escape, and an end after it ends after it.
      let moved = 0;
      for (const shift of shifts) {
        if (shift.end > column - 1) break;
        moved = shift.growth;
      }
      return column + moved;
    },
  };
}

/**
 * Text of several lines for a medium read line by line (a stack trace on standard error): each line
 * escaped as a field and guarded against starting a workflow command; the line breaks themselves stay.
 */
export function neutraliseLines(text: string): string {
  return text
    .split('\n')
    .map((line) => guardLineStart(neutraliseInline(line.replace(/\r$/, ''))))
    .join('\n');
}

/**
 * The last line of defence for a whole human report: a line that, after its leading white space,
 * starts with `::` gets its first `:` escaped. Reporters already escape what they print; this keeps the
 * guarantee if a future field is forgotten.
 */
export function guardWorkflowCommands(report: string): string {
  return report.split('\n').map(guardLineStart).join('\n');
}

/**
 * Characters XML 1.0 does not allow in a document at all, not even as a character reference
 * (https://www.w3.org/TR/xml/#charsets: `Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]`): the other C0 controls, lone surrogates, U+FFFE and U+FFFF. The first are
 * already escaped by `neutraliseInline`; the two noncharacters are escaped here.
 */
const XML_NONCHARACTERS = /[\uFFFE\uFFFF]/g;

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Input-derived text in an XML attribute value or element content (JUnit, checkstyle): first made safe
 * like any field of human output (those reports end up in CI pages and logs read by people), so no
 * control, bidi or invisible character and no line break survives; then the five XML special
 * characters become entities. The result holds only characters XML 1.0 allows, and never `<`, `&` or
 * `]]>` (the reporters write no CDATA sections, so there is no section to break out of either).
 */
export function neutraliseXml(text: string): string {
  return neutraliseInline(text)
    .replace(XML_NONCHARACTERS, (character) => escapeCharacter(character))
    .replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
}
