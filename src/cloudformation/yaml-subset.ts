/**
 * A reader for the YAML nearly every CloudFormation template is written in: one document of block
 * mappings and sequences, single-line plain and quoted scalars, literal and simple folded block
 * scalars, single-line flow collections and the short-form tags. It builds the same tree, ranges and
 * duplicate-key warnings as the `yaml` package does through `parse-yaml-template.ts`, about ten times
 * faster in a fresh process and without loading that package's 72 files: the one-file pre-commit run
 * and the full scan both pay for it (docs/performance.md, "CloudFormation YAML without the package").
 *
 * Anything outside that subset — anchors, aliases, merge keys, directives, several documents, tabs,
 * multi-line plain, quoted or flow scalars, explicit keys, block scalars with indentation indicators or
 * more-indented folded lines, unknown tags, and any syntax error — makes it give up (`undefined`), and the
 * caller parses the file with the `yaml` package as before. So the subset decides speed, never meaning:
 * `test/unit/yaml-subset-differential.test.ts` compares both readers on every YAML template of the
 * benchmark corpus and on hand-written edge cases.
 *
 * YAML 1.2 (https://yaml.org/spec/1.2.2/) with its core schema for untagged plain scalars, and
 * CloudFormation's YAML 1.1 booleans (`yes`, `off`, …; see `YAML_11_TRUE`).
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { warning } from '../core/diagnostic.js';
import { DUPLICATE_KEY } from '../core/finding.js';
import type { Range } from '../core/location.js';
import type { LineIndex } from '../core/source-text.js';
import { duplicateKeyMessage, keepLast } from './parse-json-template.js';
import type { MapEntry, MapNode, TemplateNode } from './template-node.js';
import { longFormOf, YAML_11_FALSE, YAML_11_TRUE } from './yaml-short-forms.js';

/** Thrown (one instance, no stack to build) where the text leaves the subset. */
const OUTSIDE = new Error('outside the YAML subset');

/**
 * Characters the subset does not read: control characters, a BOM, the Unicode line separators and a
 * carriage return not followed by a line feed. Tabs are read in comment lines only (`SubsetReader`).
 */
const UNREAD = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
const LONE_CR = /\r(?!\n)/;

/**
 * Collections nested deeper than this leave the subset. Each block or flow collection is at least one
 * level here, so a file the subset reads is nested far less than the 200 levels the `yaml` path refuses
 * (`yamlNestingPast`), which runs only when the subset gives up.
 */
export const MAX_SUBSET_DEPTH = 50;
/** YAML limits an implicit key to 1024 characters; longer ones are errors the `yaml` package reports. */
const MAX_KEY = 1000;

const LINE_BLANK = 0;
const LINE_COMMENT = 1;
const LINE_CONTENT = 2;

/** Characters that cannot start a plain scalar (YAML 1.2 `c-indicator`), but `-`, `?` and `:` followed by a non-space. */
const NOT_PLAIN_START = new Set(['#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',', '[', ']', '{', '}']);
const FLOW_INDICATOR = new Set([',', '[', ']', '{', '}']);

const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The YAML 1.2 core schema's plain scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution), in its order. */
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
const CORE_OCTAL = /^0o[0-7]+$/;
const CORE_DECIMAL = /^[-+]?[0-9]+$/;
const CORE_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_INFINITY_OR_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Plain scalars that may be anything but a string: those that start like a number, null or boolean, or a YAML 1.1 boolean. */
const MAYBE_NOT_STRING = /^(?:[-+.0-9~]|[Nn]ull$|NULL$|[Tt]rue$|TRUE$|[Ff]alse$|FALSE$|[YyNnOo])/;

/** An untagged plain scalar's value: CloudFormation's YAML 1.1 booleans, then the YAML 1.2 core schema. */
function plainValue(raw: string): string | number | boolean | null {
  if (!MAYBE_NOT_STRING.test(raw)) return raw === '' ? null : raw;
  if (YAML_11_TRUE.test(raw)) return true;
  if (YAML_11_FALSE.test(raw)) return false;
  if (CORE_NULL.test(raw)) return null;
  if (CORE_TRUE.test(raw)) return true;
  if (CORE_FALSE.test(raw)) return false;
  if (CORE_OCTAL.test(raw)) return parseInt(raw.slice(2), 8);
  if (CORE_DECIMAL.test(raw)) return parseInt(raw, 10);
  if (CORE_HEX.test(raw)) return parseInt(raw.slice(2), 16);
  if (CORE_INFINITY_OR_NAN.test(raw))
    return raw.endsWith('nan') || raw.endsWith('NaN') || raw.endsWith('NAN') ? NaN : raw.startsWith('-') ? -Infinity : Infinity;
  if (CORE_FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}

interface Parsed {
  readonly node: TemplateNode;
  /** Offset just past the node's last character (its range's end). */
  readonly end: number;
  /**
   * Where the `yaml` package ends the node with its comments (its `range[2]`), which is where it ends a
   * block collection whose last value this is: a scalar's comment on its line and the comment lines
   * below indented deeper than its collection; a block collection's comment lines below at its own
   * indentation or deeper; nothing after a block scalar.
   */
  readonly nodeEnd: number;
  /** The last line of the node's own text. */
  readonly lastLine: number;
}

/** A node inside a flow collection, and the offset just past it. */
interface InFlow {
  readonly node: TemplateNode;
  readonly end: number;
}

interface Key {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Offset just past the `:` indicator. */
  readonly after: number;
}

/** A mapping being built: entries with the last value of each key, and where each key was first written. */
class Entries {
  readonly list: MapEntry[] = [];
  private readonly index = new Map<string, number>();
  private readonly firstOffsets = new Map<string, number>();

  constructor(private readonly reader: SubsetReader) {}

  /** A key as it is read, before its value (the order the `yaml` path warns in): its range, and a warning if it is written again. */
  key(key: Key): Range {
    const keyRange = this.reader.range(key.start, key.end);
    const first = this.firstOffsets.get(key.value);
    if (first === undefined) this.firstOffsets.set(key.value, key.start);
    else this.reader.duplicate(key.value, first, keyRange);
    return keyRange;
  }

  add(key: string, keyRange: Range, value: TemplateNode): void {
    keepLast(this.list, this.index, { key, keyRange, value });
  }
}

class SubsetReader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  private readonly kinds: number[] = [];
  /** The first line the node just read does not own. */
  private next = 0;
  /** Lines that start or end a document. */
  private markers = 0;
  readonly warnings: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly positions: LineIndex,
  ) {
    const hasTabs = text.includes('\t');
    for (let start = 0; start <= text.length;) {
      // The text after a final line break is no line.
      if (start === text.length && start > 0) break;
      const newline = text.indexOf('\n', start);
      const after = newline === -1 ? text.length : newline;
      const end = after > start && text.charCodeAt(after - 1) === 13 ? after - 1 : after;
      let indent = 0;
      while (start + indent < end && text.charCodeAt(start + indent) === 32) indent += 1;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(indent);
      const kind = start + indent === end ? LINE_BLANK : text[start + indent] === '#' ? LINE_COMMENT : LINE_CONTENT;
      // A tab in indentation or between tokens is where YAML's rules are subtle; in a comment it is text.
      if (hasTabs && kind !== LINE_COMMENT && this.find('\t', start, end) !== -1) throw OUTSIDE;
      this.kinds.push(kind);
      // `---` or `...` at column 0, alone or before a space, starts or ends a document wherever it is.
      if ((text.startsWith('---', start) || text.startsWith('...', start)) && (start + 3 === end || text.charCodeAt(start + 3) === 32)) this.markers += 1;
      if (newline === -1) break;
      start = newline + 1;
    }
  }

  /** The file's one document: a block mapping, optionally after `---`. */
  document(): MapNode {
    let line = this.contentFrom(0);
    if (line < 0) throw OUTSIDE;
    const first = this.text.slice(this.starts[line], this.ends[line]);
    let markers = this.markers;
    if (first.startsWith('---')) {
      if (!/^---(?: +(?:#.*)?)?$/.test(first)) throw OUTSIDE;
      markers -= 1;
      line = this.contentFrom(line + 1);
      if (line < 0) throw OUTSIDE;
    }
    if (markers !== 0) throw OUTSIDE;
    const indent = this.at(this.indents, line);
    if (this.isSeqItem(line, indent)) throw OUTSIDE;
    const root = this.blockMap(line, indent, 0);
    if (this.contentFrom(this.next) >= 0) throw OUTSIDE;
    return root.node as MapNode;
  }

  range(start: number, end: number) {
    let trimmed = end;
    while (trimmed > start && /\s/.test(this.text[trimmed - 1] ?? '')) trimmed -= 1;
    return this.positions.range(start, trimmed);
  }

  duplicate(key: string, firstOffset: number, keyRange: Range): void {
    const line = this.positions.range(firstOffset, firstOffset).start.line;
    this.warnings.push(warning({ file: this.file, range: keyRange }, DUPLICATE_KEY, duplicateKeyMessage(key, line)));
  }

  private at(list: readonly number[], line: number): number {
    return list[line] ?? 0;
  }

  /** The first line from `line` on that holds something other than blanks and a comment, or -1. */
  private contentFrom(line: number): number {
    for (let i = line; i < this.kinds.length; i += 1) if (this.kinds[i] === LINE_CONTENT) return i;
    return -1;
  }

  /**
   * A value written on `line` that ends at `end`, in a collection at `column`, with its comments
   * (`Parsed.nodeEnd`): one on its line, and the comment lines below indented deeper than `column`,
   * up to the first that is not (blank lines between them too). An empty value takes every comment line
   * up to the next content, however indented: the package reads them before it knows the value is empty.
   */
  private onLine(node: TemplateNode, line: number, end: number, column: number, empty = false): Parsed {
    const lineEnd = this.at(this.ends, line);
    let nodeEnd = this.skipSpaces(end, lineEnd) < lineEnd ? lineEnd : end;
    let lastLine = line;
    for (let i = line + 1; i < this.kinds.length; i += 1) {
      if (this.kinds[i] === LINE_BLANK) continue;
      if (this.kinds[i] !== LINE_COMMENT || (!empty && this.at(this.indents, i) <= column)) break;
      nodeEnd = this.at(this.ends, i);
      lastLine = i;
    }
    return { node, end, nodeEnd, lastLine };
  }

  /**
   * A block collection at `column` whose last value is `last`, with its comments (`Parsed.nodeEnd`):
   * the comment lines between that value and the next content keep to the innermost collection, not at
   * column 0, that one of them is indented as deep as; the others pass them to their parent.
   */
  private collection(node: TemplateNode, last: Parsed, column: number): Parsed {
    let kept = false;
    let lastComment = last.lastLine;
    for (let i = last.lastLine + 1; i < this.kinds.length; i += 1) {
      if (this.kinds[i] === LINE_BLANK) continue;
      if (this.kinds[i] !== LINE_COMMENT) break;
      if (this.at(this.indents, i) >= column) kept = true;
      lastComment = i;
    }
    if (!kept || column === 0) return { node, end: last.nodeEnd, nodeEnd: last.nodeEnd, lastLine: last.lastLine };
    return { node, end: last.nodeEnd, nodeEnd: this.at(this.ends, lastComment), lastLine: lastComment };
  }

  /** Whether `line` holds a sequence entry's `-` at `column`. */
  private isSeqItem(line: number, column: number): boolean {
    const at = this.at(this.starts, line) + column;
    return this.text[at] === '-' && (at + 1 === this.at(this.ends, line) || this.text[at + 1] === ' ');
  }

  /** The offset of `char` in `[from, end)`, or -1: bounded to one line, so a file without the character stays linear. */
  private find(char: string, from: number, end: number): number {
    const code = char.charCodeAt(0);
    for (let at = from; at < end; at += 1) if (this.text.charCodeAt(at) === code) return at;
    return -1;
  }

  /** The offset of a `#` that starts a comment (after a space) in `[from, end)`, or -1. */
  private commentIn(from: number, end: number): number {
    for (let at = this.find('#', from, end); at !== -1; at = this.find('#', at + 1, end)) if (at > from && this.text.charCodeAt(at - 1) === 32) return at - 1;
    return -1;
  }

  private skipSpaces(offset: number, end: number): number {
    let at = offset;
    while (at < end && this.text.charCodeAt(at) === 32) at += 1;
    return at;
  }

  /** Only blanks and a comment may follow a value on its line. */
  private lineRestEmpty(offset: number, end: number): void {
    const at = this.skipSpaces(offset, end);
    if (at < end && !(this.text[at] === '#' && at > offset)) throw OUTSIDE;
  }

  /** A block mapping whose first key starts at `column` of `line` (mid-line for a sequence entry's mapping). */
  private blockMap(firstLine: number, column: number, depth: number): Parsed {
    if (depth > MAX_SUBSET_DEPTH) throw OUTSIDE;
    const entries = new Entries(this);
    const start = this.at(this.starts, firstLine) + column;
    let line = firstLine;
    let last: Parsed;
    for (;;) {
      const key = this.key(line, column);
      if (key === undefined) throw OUTSIDE;
      const keyRange = entries.key(key);
      last = this.valueAfter(line, key.after, column, true, depth);
      entries.add(key.value, keyRange, last.node);
      const following = this.contentFrom(this.next);
      if (following < 0 || this.at(this.indents, following) < column) break;
      if (this.at(this.indents, following) > column) throw OUTSIDE;
      if (this.isSeqItem(following, column)) break;
      line = following;
    }
    return this.collection({ kind: 'map', entries: entries.list, range: this.range(start, last.nodeEnd) }, last, column);
  }

  /** A block sequence whose first `-` is at `column` of `line`. */
  private blockSeq(firstLine: number, column: number, depth: number): Parsed {
    if (depth > MAX_SUBSET_DEPTH) throw OUTSIDE;
    const items: TemplateNode[] = [];
    const start = this.at(this.starts, firstLine) + column;
    let line = firstLine;
    let last: Parsed;
    for (;;) {
      last = this.seqItem(line, this.at(this.starts, line) + column + 1, column, depth);
      items.push(last.node);
      const following = this.contentFrom(this.next);
      if (following < 0 || this.at(this.indents, following) < column) break;
      if (this.at(this.indents, following) > column) throw OUTSIDE;
      if (!this.isSeqItem(following, column)) break;
      line = following;
    }
    return this.collection({ kind: 'seq', items, range: this.range(start, last.nodeEnd) }, last, column);
  }

  private seqItem(line: number, offset: number, column: number, depth: number): Parsed {
    const lineStart = this.at(this.starts, line);
    const at = this.skipSpaces(offset, this.at(this.ends, line));
    if (at < this.at(this.ends, line) && this.text[at] !== '#') {
      if (this.isSeqItem(line, at - lineStart)) return this.blockSeq(line, at - lineStart, depth + 1);
      if (this.key(line, at - lineStart) !== undefined) return this.blockMap(line, at - lineStart, depth + 1);
    }
    return this.valueAfter(line, offset, column, false, depth);
  }

  /**
   * The key of a block mapping entry at `column` of `line`: a plain or quoted scalar followed by `:`
   * and a space or the line's end, or undefined when the line holds no such key.
   */
  private key(line: number, column: number): Key | undefined {
    const start = this.at(this.starts, line) + column;
    const end = this.at(this.ends, line);
    const first = this.text[start] ?? '';
    let value: string;
    let keyEnd: number;
    let colon: number;
    if (first === '"' || first === "'") {
      // A quoted scalar that goes on to the next line is a value, never a key.
      if (this.closingQuote(start + 1, end, first === "'") === -1) return undefined;
      const quoted = this.quoted(start, end);
      keyEnd = quoted.end;
      value = quoted.value;
      colon = this.skipSpaces(keyEnd, end);
      if (this.text[colon] !== ':' || (colon + 1 < end && this.text[colon + 1] !== ' ')) return undefined;
    } else {
      if (!this.plainStarts(start, end, false)) return undefined;
      colon = start;
      for (;;) {
        colon = this.find(':', colon + 1, end);
        if (colon === -1) return undefined;
        if (colon + 1 === end || this.text[colon + 1] === ' ') break;
      }
      const comment = this.commentIn(start, colon);
      if (comment !== -1) return undefined;
      keyEnd = colon;
      while (keyEnd > start && this.text.charCodeAt(keyEnd - 1) === 32) keyEnd -= 1;
      const raw = this.text.slice(start, keyEnd);
      if (raw === '<<') throw OUTSIDE;
      value = String(plainValue(raw));
    }
    if (colon - start > MAX_KEY) throw OUTSIDE;
    return { value, start, end: keyEnd, after: colon + 1 };
  }

  /** Whether a plain scalar may start at `offset` (in flow collections, not at a flow indicator either). */
  private plainStarts(offset: number, end: number, flow: boolean): boolean {
    const first = this.text[offset] ?? '';
    if (offset >= end || NOT_PLAIN_START.has(first)) return false;
    if (first === '-' || first === '?' || first === ':') {
      const next = this.text[offset + 1];
      return offset + 1 < end && next !== ' ' && !(flow && FLOW_INDICATOR.has(next ?? ''));
    }
    return true;
  }

  /**
   * The value after a mapping's `:` or a sequence's `-` ending at `offset` of `line`: on the same line,
   * or a block collection on the lines below, or null. `column` is the parent collection's.
   */
  private valueAfter(line: number, offset: number, column: number, inMap: boolean, depth: number): Parsed {
    const end = this.at(this.ends, line);
    const at = this.skipSpaces(offset, end);
    if (at === end || this.text[at] === '#') {
      const below = this.below(line, column, inMap, depth);
      if (below !== undefined) return below;
      this.next = line + 1;
      return this.onLine({ kind: 'scalar', value: null, range: this.range(at, at) }, line, at, column, true);
    }
    if (this.text[at] !== '!') return this.inline(line, at, column, false, depth);
    let tagEnd = at;
    while (tagEnd < end && this.text.charCodeAt(tagEnd) !== 32) tagEnd += 1;
    const longForm = longFormOf(this.text.slice(at, tagEnd));
    if (longForm === undefined) throw OUTSIDE;
    const valueAt = this.skipSpaces(tagEnd, end);
    let tagged: Parsed | undefined;
    if (valueAt === end || this.text[valueAt] === '#') tagged = this.below(line, column, inMap, depth, true);
    else if (this.text[valueAt] !== '!') tagged = this.inline(line, valueAt, column, true, depth);
    else throw OUTSIDE;
    if (tagged === undefined) {
      // A tag on nothing tags an empty string (`!GetAZs` for the stack's region).
      this.next = line + 1;
      tagged = this.onLine({ kind: 'scalar', value: '', range: this.range(valueAt, valueAt) }, line, valueAt, column, true);
    }
    const range = tagged.node.range;
    return { ...tagged, node: { kind: 'map', entries: [{ key: longForm, keyRange: range, value: tagged.node }], range } };
  }

  /**
   * The value on the lines after `line`: a block collection more indented than `column` (or a sequence
   * at it, for a mapping's value), or a node written alone on the next line, deeper than `column`.
   */
  private below(line: number, column: number, inMap: boolean, depth: number, tagged = false): Parsed | undefined {
    const following = this.contentFrom(line + 1);
    if (following < 0) return undefined;
    const indent = this.at(this.indents, following);
    // A second tag for one node is an error the `yaml` package reports.
    if (tagged && this.text[this.at(this.starts, following) + indent] === '!') throw OUTSIDE;
    if (this.isSeqItem(following, indent) && (indent > column || (inMap && indent === column))) return this.blockSeq(following, indent, depth + 1);
    if (indent <= column) return undefined;
    if (this.key(following, indent) !== undefined) return this.blockMap(following, indent, depth + 1);
    return this.valueAfter(following, this.at(this.starts, following) + indent, column, inMap, depth + 1);
  }

  /** A value that starts at `offset` of `line` and is written on that line (a block scalar: below it). */
  private inline(line: number, offset: number, column: number, tagged: boolean, depth: number): Parsed {
    const end = this.at(this.ends, line);
    const first = this.text[offset] ?? '';
    this.next = line + 1;
    if (first === '"' || first === "'") return this.quotedValue(line, offset, column);
    if (first === '[' || first === '{') {
      const flow = this.flow(offset, end, depth + 1);
      this.lineRestEmpty(flow.end, end);
      return this.onLine(flow.node, line, flow.end, column);
    }
    if (first === '|' || first === '>') return this.blockScalar(line, offset, column);
    if (!this.plainStarts(offset, end, false)) throw OUTSIDE;
    const comment = this.commentIn(offset, end);
    const stop = this.plainLineEnd(offset, comment === -1 ? end : comment);
    let raw = this.text.slice(offset, stop);
    let lastLine = line;
    let lastStop = stop;
    if (comment === -1) {
      // Continuation lines deeper than the collection fold into the scalar: a line break is a space, each empty line a line feed.
      let empty = 0;
      for (let i = line + 1; i < this.kinds.length; i += 1) {
        if (this.kinds[i] === LINE_BLANK) {
          empty += 1;
          continue;
        }
        if (this.kinds[i] !== LINE_CONTENT || this.at(this.indents, i) <= column) break;
        const from = this.at(this.starts, i) + this.at(this.indents, i);
        const lineEnd = this.at(this.ends, i);
        if (!this.plainStarts(from, lineEnd, false) || this.commentIn(from, lineEnd) !== -1) throw OUTSIDE;
        lastStop = this.plainLineEnd(from, lineEnd);
        raw += (empty === 0 ? ' ' : '\n'.repeat(empty)) + this.text.slice(from, lastStop);
        lastLine = i;
        empty = 0;
      }
    }
    this.next = lastLine + 1;
    return this.onLine({ kind: 'scalar', value: tagged ? raw : plainValue(raw), range: this.range(offset, lastStop) }, lastLine, lastStop, column);
  }

  /** The end of a plain scalar's text on one line, before `stop` and trailing spaces; a `: ` in it leaves the subset. */
  private plainLineEnd(offset: number, stop: number): number {
    let end = stop;
    while (end > offset && this.text.charCodeAt(end - 1) === 32) end -= 1;
    // `a: b` here is a mapping where none may start, and `a:` at the end one without a value.
    for (let colon = this.find(':', offset, end); colon !== -1; colon = this.find(':', colon + 1, end)) {
      if (colon + 1 === end || this.text[colon + 1] === ' ') throw OUTSIDE;
    }
    return end;
  }

  /** A single- or double-quoted scalar that closes on its line. */
  private quoted(offset: number, end: number): { value: string; end: number } {
    const close = this.closingQuote(offset + 1, end, this.text[offset] === "'");
    if (close === -1) throw OUTSIDE;
    const raw = this.text.slice(offset + 1, close);
    return { value: this.text[offset] === "'" ? raw.replaceAll("''", "'") : decodeDoubleQuoted(raw), end: close + 1 };
  }

  /** Where a quoted scalar's closing quote is in `[from, end)`, or -1; a backslash at the line's end leaves the subset. */
  private closingQuote(from: number, end: number, single: boolean): number {
    for (let at = from; at < end; at += 1) {
      const c = this.text.charCodeAt(at);
      if (single && c === 39) {
        if (this.text.charCodeAt(at + 1) !== 39 || at + 1 >= end) return at;
        at += 1;
      } else if (!single && c === 92) {
        if (at + 1 >= end) throw OUTSIDE;
        at += 1;
      } else if (!single && c === 34) return at;
    }
    return -1;
  }

  /**
   * A quoted scalar in block context, which may go on over lines deeper than `column`: each line break
   * folds into a space, each empty line between into a line feed, and the spaces around the breaks go
   * (https://yaml.org/spec/1.2.2/#73-flow-scalar-styles).
   */
  private quotedValue(line: number, offset: number, column: number): Parsed {
    const single = this.text[offset] === "'";
    const segments: string[] = [];
    let from = offset + 1;
    let i = line;
    let close = this.closingQuote(from, this.at(this.ends, line), single);
    while (close === -1) {
      segments.push(this.text.slice(from, this.at(this.ends, i)));
      i += 1;
      if (i >= this.kinds.length) throw OUTSIDE;
      if (this.kinds[i] !== LINE_BLANK && this.at(this.indents, i) <= column) throw OUTSIDE;
      from = this.at(this.starts, i) + this.at(this.indents, i);
      close = this.closingQuote(from, this.at(this.ends, i), single);
    }
    segments.push(this.text.slice(from, close));
    this.lineRestEmpty(close + 1, this.at(this.ends, i));
    this.next = i + 1;
    let value = '';
    let empty = 0;
    segments.forEach((segment, index) => {
      if (segment.includes('\t')) throw OUTSIDE;
      const last = index === segments.length - 1;
      const raw = last ? segment : segment.replace(/ +$/, '');
      // An escaped space or backslash before the break is where folding and escapes meet: left to the package.
      if (!single && !last && (/\\+$/.exec(raw)?.[0].length ?? 0) % 2 === 1) throw OUTSIDE;
      const decoded = single ? raw.replaceAll("''", "'") : decodeDoubleQuoted(raw);
      if (index === 0) value = decoded;
      else if (raw === '' && !last) empty += 1;
      else {
        value += (empty === 0 ? ' ' : '\n'.repeat(empty)) + decoded;
        empty = 0;
      }
    });
    return this.onLine({ kind: 'scalar', value, range: this.range(offset, close + 1) }, i, close + 1, column);
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `offset` of `line`, with an optional
   * chomping indicator and no indentation indicator; folded only where no line is more indented than
   * the first (https://yaml.org/spec/1.2.2/#81-block-scalar-styles).
   */
  private blockScalar(line: number, offset: number, column: number): Parsed {
    const header = /^([|>])([-+]?)(?: +#.*| *)$/.exec(this.text.slice(offset, this.at(this.ends, line)));
    if (header === null) throw OUTSIDE;
    const folded = header[1] === '>';
    const chomping = header[2];
    let indent = -1;
    for (let i = line + 1; i < this.kinds.length; i += 1) {
      if (this.kinds[i] !== LINE_BLANK) {
        indent = this.at(this.indents, i);
        break;
      }
    }
    if (indent <= column) throw OUTSIDE;
    const lines: string[] = [];
    let last = line;
    let lastText = offset;
    for (let i = line + 1; i < this.kinds.length; i += 1) {
      const start = this.at(this.starts, i);
      const end = this.at(this.ends, i);
      if (this.kinds[i] === LINE_BLANK && end - start <= indent) {
        lines.push('');
        continue;
      }
      // A line of spaces deeper than the content is text, its spaces past the indentation (an error before the first line of text).
      if (this.kinds[i] === LINE_BLANK && (folded || last === line)) throw OUTSIDE;
      if (this.at(this.indents, i) < indent) break;
      if (folded && this.at(this.indents, i) > indent) throw OUTSIDE;
      lines.push(this.text.slice(start + indent, end));
      last = i;
      lastText = end;
    }
    const trailing = lines.length - (last - line);
    const body = lines.slice(0, last - line);
    if (folded && body[0] === '') throw OUTSIDE;
    let value = folded ? foldLines(body) : body.join('\n');
    if (chomping === '') value += '\n';
    else if (chomping === '+') value += '\n'.repeat(trailing + 1);
    this.next = last + 1 + trailing;
    return { node: { kind: 'scalar', value, range: this.range(offset, lastText) }, end: lastText, nodeEnd: lastText, lastLine: last };
  }

  /** A flow sequence or mapping that closes on its line, starting at `offset`. */
  private flow(offset: number, end: number, depth: number): InFlow {
    if (depth > MAX_SUBSET_DEPTH) throw OUTSIDE;
    const isSeq = this.text[offset] === '[';
    const close = isSeq ? ']' : '}';
    const items: TemplateNode[] = [];
    const entries = new Entries(this);
    let at = this.skipSpaces(offset + 1, end);
    if (this.text[at] !== close) {
      for (;;) {
        if (isSeq) {
          const item = this.flowValue(at, end, depth);
          items.push(item.node);
          at = this.skipSpaces(item.end, end);
        } else {
          const key = this.flowKey(at, end);
          const keyRange = entries.key(key);
          const value = this.flowValue(this.skipSpaces(key.after, end), end, depth);
          entries.add(key.value, keyRange, value.node);
          at = this.skipSpaces(value.end, end);
        }
        if (this.text[at] === close) break;
        if (this.text[at] !== ',') throw OUTSIDE;
        at = this.skipSpaces(at + 1, end);
        if (this.text[at] === close) throw OUTSIDE;
      }
    }
    const range = this.range(offset, at + 1);
    const node: TemplateNode = isSeq ? { kind: 'seq', items, range } : { kind: 'map', entries: entries.list, range };
    return { node, end: at + 1 };
  }

  /** A flow mapping's key and its `:` (after a quoted key the value may follow at once, as in JSON). */
  private flowKey(offset: number, end: number): Key {
    const first = this.text[offset];
    if (first === '"' || first === "'") {
      const quoted = this.quoted(offset, end);
      const colon = this.skipSpaces(quoted.end, end);
      if (this.text[colon] !== ':') throw OUTSIDE;
      return { value: quoted.value, start: offset, end: quoted.end, after: colon + 1 };
    }
    const plain = this.flowPlain(offset, end);
    const colon = this.skipSpaces(plain.end, end);
    if (this.text[colon] !== ':' || this.text[colon + 1] !== ' ') throw OUTSIDE;
    const raw = this.text.slice(offset, plain.end);
    if (raw === '<<' || plain.end - offset > MAX_KEY) throw OUTSIDE;
    return { value: String(plainValue(raw)), start: offset, end: plain.end, after: colon + 1 };
  }

  /** A value inside a flow collection. */
  private flowValue(offset: number, end: number, depth: number, tagged = false): InFlow {
    const first = this.text[offset] ?? '';
    if (first === '[' || first === '{') return this.flow(offset, end, depth + 1);
    if (first === '"' || first === "'") {
      const quoted = this.quoted(offset, end);
      if (this.text[this.skipSpaces(quoted.end, end)] === ':') throw OUTSIDE;
      return { node: { kind: 'scalar', value: quoted.value, range: this.range(offset, quoted.end) }, end: quoted.end };
    }
    if (first === '!') {
      let tagEnd = offset;
      while (tagEnd < end && this.text.charCodeAt(tagEnd) !== 32) tagEnd += 1;
      const tag = this.text.slice(offset, tagEnd);
      const longForm = longFormOf(tag);
      const valueAt = this.skipSpaces(tagEnd, end);
      if (longForm === undefined || valueAt === tagEnd || this.text[valueAt] === '!') throw OUTSIDE;
      const tagged = this.flowValue(valueAt, end, depth, true);
      const range = tagged.node.range;
      return { node: { kind: 'map', entries: [{ key: longForm, keyRange: range, value: tagged.node }], range }, end: tagged.end };
    }
    const plain = this.flowPlain(offset, end);
    if (this.text[this.skipSpaces(plain.end, end)] === ':') throw OUTSIDE;
    const raw = this.text.slice(offset, plain.end);
    return { node: { kind: 'scalar', value: tagged ? raw : plainValue(raw), range: this.range(offset, plain.end) }, end: plain.end };
  }

  /** A plain scalar inside a flow collection: up to a flow indicator, a `: `, a comment or the line's end. */
  private flowPlain(offset: number, end: number): { end: number } {
    if (!this.plainStarts(offset, end, true)) throw OUTSIDE;
    let at = offset;
    while (at < end) {
      const c = this.text[at] ?? '';
      if (FLOW_INDICATOR.has(c)) break;
      if (c === ':') {
        const next = this.text[at + 1] ?? '';
        if (at + 1 === end || next === ' ' || FLOW_INDICATOR.has(next)) break;
      }
      if (c === '#' && this.text[at - 1] === ' ') throw OUTSIDE;
      at += 1;
    }
    if (at === end) throw OUTSIDE;
    while (at > offset && this.text.charCodeAt(at - 1) === 32) at -= 1;
    if (at === offset) throw OUTSIDE;
    return { end: at };
  }
}

/** The text of a double-quoted scalar with its escapes (https://yaml.org/spec/1.2.2/#57-escaped-characters); an unknown one leaves the subset. */
function decodeDoubleQuoted(raw: string): string {
  let value = '';
  let at = 0;
  for (let escape = raw.indexOf('\\'); escape !== -1; escape = raw.indexOf('\\', at)) {
    value += raw.slice(at, escape);
    const code = raw[escape + 1] ?? '';
    const simple = DOUBLE_QUOTED_ESCAPES[code];
    if (simple !== undefined) {
      value += simple;
      at = escape + 2;
      continue;
    }
    const length = HEX_ESCAPE_LENGTH[code];
    const hex = length === undefined ? '' : raw.slice(escape + 2, escape + 2 + length);
    if (length === undefined || hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw OUTSIDE;
    const point = parseInt(hex, 16);
    if (point > 0x10ffff) throw OUTSIDE;
    value += String.fromCodePoint(point);
    at = escape + 2 + length;
  }
  return value + raw.slice(at);
}

/** Folded lines (none more indented): a line break between two lines is a space, each empty line between them a line feed. */
function foldLines(lines: readonly string[]): string {
  let value = '';
  let empty = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      empty += 1;
      continue;
    }
    if (started) value += empty === 0 ? ' ' : '\n'.repeat(empty);
    value += line;
    started = true;
    empty = 0;
  }
  return value;
}

/**
 * The one document of a YAML template written in the subset this file reads, with the duplicate-key
 * warnings, or undefined when the text leaves the subset (then the `yaml` package reads it).
 */
export function readYamlSubset(file: string, text: string, positions: LineIndex): { root: MapNode; warnings: Diagnostic[] } | undefined {
  if (UNREAD.test(text) || (text.includes('\r') && LONE_CR.test(text))) return undefined;
  try {
    const reader = new SubsetReader(text, file, positions);
    return { root: reader.document(), warnings: reader.warnings };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}
