/**
 * Templates: literal text with `${ expr }` interpolations, `%{ if }`/`%{ else }`/`%{ endif }` and
 * `%{ for k, v in coll }`/`%{ endfor }` directives, `~` strip markers and the `$${`/`%%{` escapes
 * (https://developer.hashicorp.com/terraform/language/expressions/strings).
 */
import type { Expr, TemplatePart } from './ast.js';
import type { SourceCursor } from './source-cursor.js';
import { isEncodable } from '../locate/hcl-lexical.js';
import { nfc } from './normalize-strings.js';

type Flat =
  | { readonly t: 'text'; value: string }
  | { readonly t: 'interpolation'; readonly expr: Expr; readonly strip: Strip }
  | { readonly t: 'if'; readonly condition: Expr; readonly strip: Strip; readonly offset: number }
  | ClosingDirective<'else'>
  | ClosingDirective<'endif'>
  | ClosingDirective<'endfor'>
  | {
      readonly t: 'for';
      readonly keyVar: string | undefined;
      readonly valueVar: string;
      readonly collection: Expr;
      readonly strip: Strip;
      readonly offset: number;
    };

/** One member per keyword, so that ruling out the three keywords rules out the member. */
interface ClosingDirective<T extends 'else' | 'endif' | 'endfor'> {
  readonly t: T;
  readonly strip: Strip;
  readonly offset: number;
}

interface Strip {
  readonly before: boolean;
  readonly after: boolean;
}

/**
 * `quoted`: a `"..."` string inside native syntax; it ends at the closing quote (consumed) and
 * understands backslash escapes. `whole`: a JSON-syntax string value, already unescaped by JSON; it
 * runs to the end of the source.
 */
export type TemplateMode = 'quoted' | 'whole' | HeredocMode;

/**
 * A heredoc read in place, in the source that holds it (the native `.tf` parser, which renders
 * interpolations from their source text): it starts after the opening line and ends before the
 * closing marker's line end. `flush` is `<<-`: the smallest indentation of the literal lines is removed.
 */
export interface HeredocMode {
  readonly marker: string;
  readonly flush: boolean;
}

/** Finds the next character that can start an escape, interpolation, directive or closing quote. */
const PLAIN_RUN = /[$%"\\]/g;
/** The same in a quoted string, where a line break or a carriage return is refused. */
const QUOTED_PLAIN_RUN = /[$%"\\\r\n]/g;

export function parseTemplateParts(cursor: SourceCursor, mode: TemplateMode, parseExpr: (cursor: SourceCursor) => Expr): TemplatePart[] {
  // Inside `${ }` and `%{ }` newlines mean nothing, even in an object's item (HCL's template parser).
  const outer = cursor.bracketed;
  cursor.bracketed = true;
  const flat = typeof mode === 'string' ? readFlat(cursor, mode, parseExpr) : readHeredocFlat(cursor, mode, parseExpr);
  cursor.bracketed = outer;
  // HCL trims at strip markers while it reads the parts, and removes a flush heredoc's indentation
  // after (hashicorp/hcl `hclsyntax/parser_template.go`, `parseTemplateInner`): a line that follows a
  // `~}` no longer starts a line, so it keeps its indentation, and a line-leading text a `%{~` empties
  // is a line of indentation 0.
  applyStripMarkers(flat);
  if (typeof mode !== 'string' && mode.flush) flushIndentation(flat);
  const state = { index: 0 };
  const parts = buildTree(cursor, flat, state, undefined);
  return parts;
}

function readFlat(cursor: SourceCursor, mode: TemplateMode, parseExpr: (cursor: SourceCursor) => Expr): Flat[] {
  const flat: Flat[] = [];
  let text = '';
  const flushText = (): void => {
    if (text !== '') flat.push({ t: 'text', value: text });
    text = '';
  };
  for (;;) {
    if (cursor.atEnd()) {
      if (mode === 'quoted') cursor.fail('unterminated string: expected a closing "');
      break;
    }
    if (mode === 'quoted' && cursor.eat('"')) break;
    const token = readTemplateToken(cursor, parseExpr);
    if (typeof token === 'string') {
      text += token;
    } else if (token !== undefined) {
      flushText();
      flat.push(token);
    } else if (mode === 'quoted' && cursor.peek() === '\\') {
      text += readEscape(cursor);
    } else if (mode === 'quoted' && (cursor.peek() === '\r' || cursor.peek() === '\n')) {
      // HCL's scanner ends a quoted string's text at "\r" as at "\n" ("Invalid multi-line string"),
      // so a lone carriage return, which ends no line here, is refused too.
      cursor.fail('a quoted string cannot hold a line break or a carriage return: write the \\n or \\r escape, or use a heredoc');
    } else {
      // Copy the run of ordinary characters up to the next one that may start something.
      const run = mode === 'quoted' ? QUOTED_PLAIN_RUN : PLAIN_RUN;
      run.lastIndex = cursor.pos + 1;
      const end = run.test(cursor.source) ? run.lastIndex - 1 : cursor.source.length;
      text += cursor.source.slice(cursor.pos, end);
      cursor.pos = end;
    }
  }
  flushText();
  return flat;
}

/**
 * What starts at the cursor in any template: an escape (`$${`, `%%{`: the literal text it stands for),
 * an interpolation or a directive (read whole), or nothing (undefined, the cursor unmoved).
 */
function readTemplateToken(cursor: SourceCursor, parseExpr: (cursor: SourceCursor) => Expr): string | Flat | undefined {
  if (cursor.eat('$${')) return '${';
  if (cursor.eat('%%{')) return '%{';
  if (cursor.startsWith('${')) {
    cursor.pos += 2;
    const before = cursor.eat('~');
    cursor.skipSpace();
    const expr = parseExpr(cursor);
    cursor.skipSpace();
    const after = cursor.eat('~');
    cursor.expect('}', '"}" to close the interpolation');
    return { t: 'interpolation', expr, strip: { before, after } };
  }
  if (cursor.startsWith('%{')) return readDirective(cursor, parseExpr);
  return undefined;
}

/** Where the heredoc's closing line (spaces, the marker, spaces, then a line break or the end) ends its marker, or -1. */
function closingMarkerEnd(source: string, at: number, marker: string): number {
  let i = at;
  while (source[i] === ' ' || source[i] === '\t') i += 1;
  if (!source.startsWith(marker, i)) return -1;
  const end = i + marker.length;
  let after = end;
  while (source[after] === ' ' || source[after] === '\t') after += 1;
  if (after === source.length || source[after] === '\n' || (source[after] === '\r' && source[after + 1] === '\n')) return end;
  return -1;
}

/**
 * A heredoc's body, one text item per line (each ending with its line break, `\r\n` kept), so that
 * `flushIndentation` sees where lines start. Backslashes are plain text in heredocs.
 */
function readHeredocFlat(cursor: SourceCursor, mode: HeredocMode, parseExpr: (cursor: SourceCursor) => Expr): Flat[] {
  const flat: Flat[] = [];
  const source = cursor.source;
  let text = '';
  // Each line is a part of its own, so each spends a node: 4.5 million lines of a 9 MB heredoc built
  // some 100 bytes each and crashed a 512 MB heap.
  const flushText = (): void => {
    if (text !== '') {
      cursor.spend();
      flat.push({ t: 'text', value: text });
    }
    text = '';
  };
  let lineStart = true;
  const start = cursor.pos;
  // The next line break and the next `$` or `%` at or after the cursor (the source's length: none).
  let newline = -1;
  let special = -1;
  // The next carriage return not followed by "\n" (the source's length: none).
  let carriageReturn = -1;
  for (;;) {
    if (lineStart) {
      const end = closingMarkerEnd(source, cursor.pos, mode.marker);
      if (end !== -1) {
        cursor.pos = end;
        break;
      }
      lineStart = false;
    }
    if (cursor.atEnd()) cursor.fail(`heredoc without its closing marker ${mode.marker}`, start);
    const token = readTemplateToken(cursor, parseExpr);
    if (typeof token === 'string') {
      text += token;
    } else if (token !== undefined) {
      flushText();
      flat.push(token);
    } else {
      // The next line break and `$`/`%` are searched for again only once the cursor has passed them:
      // searching per line from the cursor made a heredoc of many lines without one `$` (or a long
      // line of `$`s) quadratic, 200,000 lines running for minutes.
      if (newline < cursor.pos) newline = indexOrEnd(source, source.indexOf('\n', cursor.pos));
      if (special < cursor.pos) {
        PLAIN_HEREDOC_RUN.lastIndex = cursor.pos;
        special = PLAIN_HEREDOC_RUN.test(source) ? PLAIN_HEREDOC_RUN.lastIndex - 1 : source.length;
      }
      if (carriageReturn < cursor.pos) carriageReturn = loneCarriageReturn(source, cursor.pos);
      // HCL's scanner takes "\r" in a heredoc only before "\n" (a CRLF line end); a lone one is an
      // "Invalid character".
      if (carriageReturn < Math.min(newline, special))
        cursor.fail('a heredoc cannot hold a carriage return that is not followed by a line break', carriageReturn);
      if (newline < special) {
        text += source.slice(cursor.pos, newline + 1);
        cursor.pos = newline + 1;
        flushText();
        lineStart = true;
      } else {
        const end = Math.max(special, cursor.pos + 1);
        text += source.slice(cursor.pos, end);
        cursor.pos = end;
      }
    }
  }
  flushText();
  return flat;
}

/** The first "\r" at or after `from` that no "\n" follows, or the source's length. */
function loneCarriageReturn(source: string, from: number): number {
  for (let at = source.indexOf('\r', from); at !== -1; at = source.indexOf('\r', at + 1)) if (source[at + 1] !== '\n') return at;
  return source.length;
}

function indexOrEnd(source: string, index: number): number {
  return index === -1 ? source.length : index;
}

/** A `$` or `%` that may start an interpolation, a directive or an escape. */
const PLAIN_HEREDOC_RUN = /[$%]/g;

/**
 * `<<-`: the smallest indentation among the lines that start with text is removed from each of them.
 * A line holding only spaces does not count; a line that starts with an interpolation or directive
 * makes the indentation zero (https://developer.hashicorp.com/terraform/language/expressions/strings#indented-heredocs).
 */
function flushIndentation(flat: Flat[]): void {
  let smallest = Number.POSITIVE_INFINITY;
  let newline = true;
  const starts: { t: 'text'; value: string }[] = [];
  for (const item of flat) {
    if (newline) {
      newline = false;
      if (item.t === 'text') {
        const trimmed = item.value.trimStart();
        if (trimmed !== '' || !item.value.endsWith('\n')) {
          smallest = Math.min(smallest, item.value.length - trimmed.length);
          starts.push(item);
        }
      } else {
        smallest = 0;
      }
    }
    if (item.t === 'text' && item.value.endsWith('\n')) newline = true;
  }
  if (smallest === Number.POSITIVE_INFINITY || smallest === 0) return;
  // Leading whitespace is made of single code units, so `smallest` code units are that many characters.
  for (const item of starts) item.value = item.value.slice(smallest);
}

function readDirective(cursor: SourceCursor, parseExpr: (cursor: SourceCursor) => Expr): Flat {
  const offset = cursor.pos;
  cursor.pos += 2;
  const before = cursor.eat('~');
  cursor.skipSpace();
  const keyword = cursor.readIdentifier();
  cursor.skipSpace();
  let flat: Flat;
  const closeStrip = (): Strip => {
    cursor.skipSpace();
    const after = cursor.eat('~');
    cursor.expect('}', '"}" to close the template directive');
    return { before, after };
  };
  if (keyword === 'if') {
    const condition = parseExpr(cursor);
    flat = { t: 'if', condition, strip: closeStrip(), offset };
  } else if (keyword === 'else' || keyword === 'endif' || keyword === 'endfor') {
    flat = { t: keyword, strip: closeStrip(), offset };
  } else if (keyword === 'for') {
    let valueVar = cursor.readIdentifier();
    if (valueVar === undefined) cursor.fail('expected a variable name after "for"');
    let keyVar: string | undefined;
    cursor.skipSpace();
    if (cursor.eat(',')) {
      cursor.skipSpace();
      keyVar = valueVar;
      valueVar = cursor.readIdentifier();
      if (valueVar === undefined) cursor.fail('expected a value variable name after ","');
      cursor.skipSpace();
    }
    if (cursor.readIdentifier() !== 'in') cursor.fail('expected "in" in the for directive');
    cursor.skipSpace();
    const collection = parseExpr(cursor);
    flat = { t: 'for', keyVar, valueVar, collection, strip: closeStrip(), offset };
  } else {
    cursor.fail(`unknown template directive "${keyword ?? cursor.peek()}"`, offset);
  }
  return flat;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** HCL quoted-string escapes: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`. */
function readEscape(cursor: SourceCursor): string {
  const start = cursor.pos;
  const letter = cursor.peek(1);
  const simple = SIMPLE_ESCAPES[letter];
  if (simple !== undefined) {
    cursor.pos += 2;
    return simple;
  }
  const digits = letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  const hex = cursor.source.slice(start + 2, start + 2 + digits);
  if (digits > 0 && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
    const codePoint = Number.parseInt(hex, 16);
    if (isEncodable(codePoint)) {
      cursor.pos += 2 + digits;
      return String.fromCodePoint(codePoint);
    }
  }
  return cursor.fail(`invalid escape sequence "\\${letter}"`, start);
}

/** `~` removes all whitespace (newlines included) on that side of the interpolation or directive. */
function applyStripMarkers(flat: Flat[]): void {
  for (let i = 0; i < flat.length; i += 1) {
    const item = flat[i];
    if (item === undefined || item.t === 'text') continue;
    const previous = flat[i - 1];
    const next = flat[i + 1];
    if (item.strip.before && previous?.t === 'text') previous.value = previous.value.trimEnd();
    if (item.strip.after && next?.t === 'text') next.value = next.value.trimStart();
  }
}

/** Nests the flat list: reads parts until the directive named by `until` (or the end). */
function buildTree(cursor: SourceCursor, flat: readonly Flat[], state: { index: number }, until: 'if' | 'for' | undefined): TemplatePart[] {
  const parts: TemplatePart[] = [];
  while (state.index < flat.length) {
    const item = flat[state.index];
    if (item === undefined) break;
    if (item.t === 'else' || item.t === 'endif' || item.t === 'endfor') {
      const expected = until === 'if' ? item.t !== 'endfor' : until === 'for' && item.t === 'endfor';
      if (!expected) cursor.fail(`unexpected "${item.t}" directive`, item.offset);
      return parts;
    }
    state.index += 1;
    if (item.t === 'text') {
      // Terraform's strings are NFC (`normalize-strings.ts`).
      if (item.value !== '') parts.push({ kind: 'text', value: nfc(item.value) });
    } else if (item.t === 'interpolation') {
      parts.push({ kind: 'interpolation', expr: item.expr });
    } else if (item.t === 'if') {
      cursor.enter(item.offset);
      const thenParts = buildTree(cursor, flat, state, 'if');
      let elseParts: TemplatePart[] = [];
      if (flat[state.index]?.t === 'else') {
        state.index += 1;
        elseParts = buildTree(cursor, flat, state, 'if');
        if (flat[state.index]?.t === 'else') cursor.fail('more than one "else" directive', offsetOf(flat[state.index]));
      }
      if (flat[state.index]?.t !== 'endif') cursor.fail('"if" directive without "endif"', item.offset);
      state.index += 1;
      parts.push({ kind: 'if', condition: item.condition, then: thenParts, else: elseParts });
      cursor.leave();
    } else {
      // A "for" directive, the last kind of part.
      cursor.enter(item.offset);
      const body = buildTree(cursor, flat, state, 'for');
      if (flat[state.index]?.t !== 'endfor') cursor.fail('"for" directive without "endfor"', item.offset);
      state.index += 1;
      parts.push({ kind: 'for', keyVar: item.keyVar, valueVar: item.valueVar, collection: item.collection, body });
      cursor.leave();
    }
  }
  // An unclosed directive is reported by the caller, at the directive's own offset.
  return parts;
}

function offsetOf(item: Flat | undefined): number {
  return item !== undefined && 'offset' in item ? item.offset : 0;
}
