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
import type { LineIndex } from '../core/source-text.js';
import type { MapNode, TemplateNode } from './template-node.js';
import { decodeDoubleQuoted, foldLines, OUTSIDE_SUBSET, plainValue } from './yaml-subset-scalars.js';
import { Entries, type Key, LINE_BLANK, LINE_COMMENT, LINE_CONTENT, longFormNode, MAX_KEY, MAX_SUBSET_DEPTH, SPACE } from './yaml-subset-text.js';
import { FlowReader } from './yaml-subset-flow.js';
import { oneOf, trailingRunStart, withoutTrailing } from '../core/trailing-run.js';

export { MAX_SUBSET_DEPTH } from './yaml-subset-text.js';

/**
 * Characters the subset does not read: control characters, a BOM, the Unicode line separators and a
 * carriage return not followed by a line feed. Tabs are read in comment lines only (`SubsetText`).
 */
const UNREAD = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
const LONE_CR = /\r(?!\n)/;
/** Counted at the end of a double-quoted value's line before it folds (`trailing-run.ts`: a regular expression would be quadratic). */
const BACKSLASH = oneOf('\\');

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

/** The block structure of a document: mappings, sequences and the scalars written in them. */
class SubsetReader extends FlowReader {
  /** The first line the node just read does not own. */
  private next = 0;

  /** The file's one document: a block mapping, optionally after `---`. */
  document(): MapNode {
    let line = this.contentFrom(0);
    if (line < 0) throw OUTSIDE_SUBSET;
    const first = this.text.slice(this.starts[line], this.ends[line]);
    let markers = this.markers;
    if (first.startsWith('---')) {
      if (!/^---(?: +(?:#.*)?)?$/.test(first)) throw OUTSIDE_SUBSET;
      markers -= 1;
      line = this.contentFrom(line + 1);
      if (line < 0) throw OUTSIDE_SUBSET;
    }
    if (markers !== 0) throw OUTSIDE_SUBSET;
    const indent = this.at(this.indents, line);
    if (this.isSeqItem(line, indent)) throw OUTSIDE_SUBSET;
    const root = this.blockMap(line, indent, 0);
    if (this.contentFrom(this.next) >= 0) throw OUTSIDE_SUBSET;
    return root.node as MapNode;
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
  /** A block mapping whose first key starts at `column` of `line` (mid-line for a sequence entry's mapping). */
  private blockMap(firstLine: number, column: number, depth: number): Parsed {
    if (depth > MAX_SUBSET_DEPTH) throw OUTSIDE_SUBSET;
    const entries = new Entries(this);
    const start = this.at(this.starts, firstLine) + column;
    let line = firstLine;
    let last: Parsed;
    for (;;) {
      const key = this.key(line, column);
      if (key === undefined) throw OUTSIDE_SUBSET;
      const keyRange = entries.key(key);
      last = this.valueAfter(line, key.after, column, true, depth);
      entries.add(key.value, keyRange, last.node);
      const following = this.contentFrom(this.next);
      if (following < 0 || this.at(this.indents, following) < column) break;
      if (this.at(this.indents, following) > column) throw OUTSIDE_SUBSET;
      if (this.isSeqItem(following, column)) break;
      line = following;
    }
    return this.collection({ kind: 'map', entries: entries.list, range: this.range(start, last.nodeEnd) }, last, column);
  }
  /** A block sequence whose first `-` is at `column` of `line`. */
  private blockSeq(firstLine: number, column: number, depth: number): Parsed {
    if (depth > MAX_SUBSET_DEPTH) throw OUTSIDE_SUBSET;
    const items: TemplateNode[] = [];
    const start = this.at(this.starts, firstLine) + column;
    let line = firstLine;
    let last: Parsed;
    for (;;) {
      last = this.seqItem(line, this.at(this.starts, line) + column + 1, column, depth);
      items.push(last.node);
      const following = this.contentFrom(this.next);
      if (following < 0 || this.at(this.indents, following) < column) break;
      if (this.at(this.indents, following) > column) throw OUTSIDE_SUBSET;
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
      keyEnd = trailingRunStart(this.text, SPACE, start, colon);
      const raw = this.text.slice(start, keyEnd);
      if (raw === '<<') throw OUTSIDE_SUBSET;
      value = String(plainValue(raw));
    }
    if (colon - start > MAX_KEY) throw OUTSIDE_SUBSET;
    return { value, start, end: keyEnd, after: colon + 1 };
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
    const { longForm, valueAt } = this.tag(at, end);
    let tagged = valueAt === end || this.text[valueAt] === '#' ? this.below(line, column, inMap, depth, true) : this.inline(line, valueAt, column, true, depth);
    if (tagged === undefined) {
      // A tag on nothing tags an empty string (`!GetAZs` for the stack's region).
      this.next = line + 1;
      tagged = this.onLine({ kind: 'scalar', value: '', range: this.range(valueAt, valueAt) }, line, valueAt, column, true);
    }
    return { ...tagged, node: longFormNode(longForm, tagged.node) };
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
    if (tagged && this.text[this.at(this.starts, following) + indent] === '!') throw OUTSIDE_SUBSET;
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
    if (!this.plainStarts(offset, end, false)) throw OUTSIDE_SUBSET;
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
        // A continuation line may start with any character a plain scalar holds: the indicators that
        // may not start one (`!`, `-`, `*`, quotes, ...) are indicators at its start only
        // (https://yaml.org/spec/1.2.2/#rule-s-ns-plain-next-line). A `#` there starts a comment line,
        // which ends the scalar above; a `: ` leaves the subset (`plainLineEnd`).
        if (this.commentIn(from, lineEnd) !== -1) throw OUTSIDE_SUBSET;
        lastStop = this.plainLineEnd(from, lineEnd);
        raw += (empty === 0 ? ' ' : '\n'.repeat(empty)) + this.text.slice(from, lastStop);
        lastLine = i;
        empty = 0;
      }
    }
    this.next = lastLine + 1;
    return this.onLine({ kind: 'scalar', value: tagged ? raw : plainValue(raw), range: this.range(offset, lastStop) }, lastLine, lastStop, column);
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
      if (i >= this.kinds.length) throw OUTSIDE_SUBSET;
      if (this.kinds[i] !== LINE_BLANK && this.at(this.indents, i) <= column) throw OUTSIDE_SUBSET;
      from = this.at(this.starts, i) + this.at(this.indents, i);
      close = this.closingQuote(from, this.at(this.ends, i), single);
    }
    segments.push(this.text.slice(from, close));
    this.lineRestEmpty(close + 1, this.at(this.ends, i));
    this.next = i + 1;
    let value = '';
    let empty = 0;
    segments.forEach((segment, index) => {
      if (segment.includes('\t')) throw OUTSIDE_SUBSET;
      const last = index === segments.length - 1;
      const raw = last ? segment : withoutTrailing(segment, SPACE);
      // An escaped space or backslash before the break is where folding and escapes meet: left to the package.
      if (!single && !last && (raw.length - trailingRunStart(raw, BACKSLASH)) % 2 === 1) throw OUTSIDE_SUBSET;
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
    if (header === null) throw OUTSIDE_SUBSET;
    const folded = header[1] === '>';
    const chomping = header[2];
    let indent = -1;
    for (let i = line + 1; i < this.kinds.length; i += 1) {
      if (this.kinds[i] !== LINE_BLANK) {
        indent = this.at(this.indents, i);
        break;
      }
    }
    if (indent <= column) throw OUTSIDE_SUBSET;
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
      if (this.kinds[i] === LINE_BLANK && (folded || last === line)) throw OUTSIDE_SUBSET;
      if (this.at(this.indents, i) < indent) break;
      if (folded && this.at(this.indents, i) > indent) throw OUTSIDE_SUBSET;
      lines.push(this.text.slice(start + indent, end));
      last = i;
      lastText = end;
    }
    const trailing = lines.length - (last - line);
    const body = lines.slice(0, last - line);
    if (folded && body[0] === '') throw OUTSIDE_SUBSET;
    let value = folded ? foldLines(body) : body.join('\n');
    if (chomping === '') value += '\n';
    else if (chomping === '+') value += '\n'.repeat(trailing + 1);
    this.next = last + 1 + trailing;
    return { node: { kind: 'scalar', value, range: this.range(offset, lastText) }, end: lastText, nodeEnd: lastText, lastLine: last };
  }
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
    if (error === OUTSIDE_SUBSET) return undefined;
    throw error;
  }
}
