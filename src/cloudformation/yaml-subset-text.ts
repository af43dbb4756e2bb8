/**
 * The lines and tokens of the YAML subset credlint reads itself (`yaml-subset.ts`): each line's start,
 * end, indentation and kind, and the scans within one line (quotes, plain scalars, comments) that the
 * block and flow readers share. Every scan stays within its line, so a file without the character
 * searched for stays linear.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { warning } from '../core/diagnostic.js';
import { DUPLICATE_KEY } from '../core/finding.js';
import type { Range } from '../core/location.js';
import type { LineIndex } from '../core/source-text.js';
import { duplicateKeyMessage, keepLast } from './parse-json-template.js';
import type { MapEntry, TemplateNode } from './template-node.js';
import { decodeDoubleQuoted, OUTSIDE_SUBSET } from './yaml-subset-scalars.js';
import { longFormOf } from './yaml-short-forms.js';
import { isWhiteSpace, oneOf, trailingRunStart } from '../core/trailing-run.js';

/**
 * Collections nested deeper than this leave the subset. Each block or flow collection is at least one
 * level here, so a file the subset reads is nested far less than the 200 levels the `yaml` path refuses
 * (`yamlNestingPast`), which runs only when the subset gives up.
 */
export const MAX_SUBSET_DEPTH = 50;
/** YAML limits an implicit key to 1024 characters; longer ones are errors the `yaml` package reports. */
export const MAX_KEY = 1000;

export const LINE_BLANK = 0;
export const LINE_COMMENT = 1;
export const LINE_CONTENT = 2;

/** Characters that cannot start a plain scalar (YAML 1.2 `c-indicator`), but `-`, `?` and `:` followed by a non-space. */
const NOT_PLAIN_START = new Set(['#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',', '[', ']', '{', '}']);
export const FLOW_INDICATOR = new Set([',', '[', ']', '{', '}']);
/** Trimmed from the end of a plain scalar, a key, and a quoted value's line before it folds (`trailing-run.ts`: a regular expression would be quadratic). */
export const SPACE = oneOf(' ');

/** A node written `!Tag value`, as the long form the tag stands for (`{ "Fn::Tag": value }`) at the value's range. */
export function longFormNode(longForm: string, node: TemplateNode): TemplateNode {
  return { kind: 'map', entries: [{ key: longForm, keyRange: node.range, value: node }], range: node.range };
}

export interface Key {
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Offset just past the `:` indicator. */
  readonly after: number;
}

/** A mapping being built: entries with the last value of each key, and where each key was first written. */
export class Entries {
  readonly list: MapEntry[] = [];
  private readonly index = new Map<string, number>();
  private readonly firstOffsets = new Map<string, number>();

  constructor(private readonly reader: SubsetText) {}

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

export class SubsetText {
  protected readonly starts: number[] = [];
  protected readonly ends: number[] = [];
  protected readonly indents: number[] = [];
  protected readonly kinds: number[] = [];
  /** Lines that start or end a document. */
  protected markers = 0;
  readonly warnings: Diagnostic[] = [];

  constructor(
    protected readonly text: string,
    protected readonly file: string,
    protected readonly positions: LineIndex,
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
      if (hasTabs && kind !== LINE_COMMENT && this.find('\t', start, end) !== -1) throw OUTSIDE_SUBSET;
      this.kinds.push(kind);
      // `---` or `...` at column 0, alone or before a space, starts or ends a document wherever it is.
      if ((text.startsWith('---', start) || text.startsWith('...', start)) && (start + 3 === end || text.charCodeAt(start + 3) === 32)) this.markers += 1;
      if (newline === -1) break;
      start = newline + 1;
    }
  }
  /** A node's range as the `yaml` path gives it (`nodeRange` of `parse-yaml-template.ts`): ending at its last character. */
  range(start: number, end: number): Range {
    return this.positions.range(start, trailingRunStart(this.text, isWhiteSpace, start, end));
  }

  /**
   * The local tag at `offset` (`!Ref`, `!Rain::Embed`) and where its value starts; any other tag, or one
   * followed by another, leaves the subset.
   */
  protected tag(offset: number, end: number): { longForm: string; valueAt: number } {
    let tagEnd = offset;
    while (tagEnd < end && this.text.charCodeAt(tagEnd) !== 32) tagEnd += 1;
    const longForm = longFormOf(this.text.slice(offset, tagEnd));
    const valueAt = this.skipSpaces(tagEnd, end);
    if (longForm === undefined || this.text[valueAt] === '!') throw OUTSIDE_SUBSET;
    return { longForm, valueAt };
  }
  duplicate(key: string, firstOffset: number, keyRange: Range): void {
    const line = this.positions.range(firstOffset, firstOffset).start.line;
    this.warnings.push(warning({ file: this.file, range: keyRange }, DUPLICATE_KEY, duplicateKeyMessage(key, line)));
  }
  protected at(list: readonly number[], line: number): number {
    return list[line] ?? 0;
  }
  /** The first line from `line` on that holds something other than blanks and a comment, or -1. */
  protected contentFrom(line: number): number {
    for (let i = line; i < this.kinds.length; i += 1) if (this.kinds[i] === LINE_CONTENT) return i;
    return -1;
  }
  /** Whether `line` holds a sequence entry's `-` at `column`. */
  protected isSeqItem(line: number, column: number): boolean {
    const at = this.at(this.starts, line) + column;
    return this.text[at] === '-' && (at + 1 === this.at(this.ends, line) || this.text[at + 1] === ' ');
  }
  /** The offset of `char` in `[from, end)`, or -1: bounded to one line, so a file without the character stays linear. */
  protected find(char: string, from: number, end: number): number {
    const code = char.charCodeAt(0);
    for (let at = from; at < end; at += 1) if (this.text.charCodeAt(at) === code) return at;
    return -1;
  }
  /** The offset of a `#` that starts a comment (after a space) in `[from, end)`, or -1. */
  protected commentIn(from: number, end: number): number {
    for (let at = this.find('#', from, end); at !== -1; at = this.find('#', at + 1, end)) if (at > from && this.text.charCodeAt(at - 1) === 32) return at - 1;
    return -1;
  }
  protected skipSpaces(offset: number, end: number): number {
    let at = offset;
    while (at < end && this.text.charCodeAt(at) === 32) at += 1;
    return at;
  }
  /** Only blanks and a comment may follow a value on its line. */
  protected lineRestEmpty(offset: number, end: number): void {
    const at = this.skipSpaces(offset, end);
    if (at < end && !(this.text[at] === '#' && at > offset)) throw OUTSIDE_SUBSET;
  }
  /** Whether a plain scalar may start at `offset` (in flow collections, not at a flow indicator either). */
  protected plainStarts(offset: number, end: number, flow: boolean): boolean {
    const first = this.text[offset] ?? '';
    if (offset >= end || NOT_PLAIN_START.has(first)) return false;
    if (first === '-' || first === '?' || first === ':') {
      const next = this.text[offset + 1];
      return offset + 1 < end && next !== ' ' && !(flow && FLOW_INDICATOR.has(next ?? ''));
    }
    return true;
  }
  /** The end of a plain scalar's text on one line, before `stop` and trailing spaces; a `: ` in it leaves the subset. */
  protected plainLineEnd(offset: number, stop: number): number {
    const end = trailingRunStart(this.text, SPACE, offset, stop);
    // `a: b` here is a mapping where none may start, and `a:` at the end one without a value.
    for (let colon = this.find(':', offset, end); colon !== -1; colon = this.find(':', colon + 1, end)) {
      if (colon + 1 === end || this.text[colon + 1] === ' ') throw OUTSIDE_SUBSET;
    }
    return end;
  }
  /** Where a quoted scalar's closing quote is in `[from, end)`, or -1; a backslash at the line's end leaves the subset. */
  protected closingQuote(from: number, end: number, single: boolean): number {
    for (let at = from; at < end; at += 1) {
      const c = this.text.charCodeAt(at);
      if (single && c === 39) {
        if (this.text.charCodeAt(at + 1) !== 39 || at + 1 >= end) return at;
        at += 1;
      } else if (!single && c === 92) {
        if (at + 1 >= end) throw OUTSIDE_SUBSET;
        at += 1;
      } else if (!single && c === 34) return at;
    }
    return -1;
  }
  /** A single- or double-quoted scalar that closes on its line. */
  protected quoted(offset: number, end: number): { value: string; end: number } {
    const close = this.closingQuote(offset + 1, end, this.text[offset] === "'");
    if (close === -1) throw OUTSIDE_SUBSET;
    const raw = this.text.slice(offset + 1, close);
    return { value: this.text[offset] === "'" ? raw.replaceAll("''", "'") : decodeDoubleQuoted(raw), end: close + 1 };
  }
}
