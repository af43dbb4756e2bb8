/**
 * Locates blocks, attributes and comments in Terraform's native syntax (`.tf`). The values come from
 * the parser (`../native/parse-native-hcl.ts`); this only finds where things are, so it is a careful scanner rather than a parser: it
 * follows HCL's structural rules (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md,
 * "Structural Elements": `Identifier (StringLit|Identifier)* "{" ... "}"` for blocks, `Identifier
 * "=" Expression` for attributes) and leaves expressions to `scanHclExpression`, which knows the
 * strings, heredocs and comments that can hide braces. Never throws; on invalid input it does its best
 * and stays linear (the parser reports the syntax error).
 */
import type { Range } from '../../core/location.js';
import { LineIndex, withoutBom } from '../../core/source-text.js';
import { decodeQuoted, scanComment, scanIdentifier, scanQuotedLabel, skipInlineSpaceAndComments, type CommentSink, type CommentSpan } from './hcl-lexical.js';
import type { LocatedAttribute, LocatedBlock, LocatedComment, LocatedFile } from './located-file.js';
import { scanHclExpression } from './scan-hcl-expression.js';

interface OpenBlock {
  readonly type: string;
  readonly labels: string[];
  readonly typeRange: Range;
  readonly labelRanges: Range[];
  readonly headerRange: Range;
  readonly start: number;
  readonly attributes: LocatedAttribute[];
  readonly blocks: LocatedBlock[];
  /** Whether it is located (`locateHclBlocks`'s `onlyType`); a block not located is only skipped over. */
  readonly located: boolean;
}

interface BlockHeader {
  readonly labels: string[];
  readonly labelSpans: (readonly [number, number])[];
  /** Just after the `{`. */
  readonly bodyStart: number;
  /** Inline comments between the type, the labels and the `{`. */
  readonly comments: CommentSpan[];
}

/** Labels then `{` on the same line after a block type ending at `at`, or undefined when what follows is not a block header. */
function scanBlockHeader(text: string, at: number): BlockHeader | undefined {
  const labels: string[] = [];
  const labelSpans: (readonly [number, number])[] = [];
  const comments: CommentSpan[] = [];
  let i = skipInlineSpaceAndComments(text, at, comments);
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return { labels, labelSpans, bodyStart: i + 1, comments };
    let end: number;
    if (c === 0x22) {
      end = scanQuotedLabel(text, i);
      if (end === -1) return undefined;
      labels.push(decodeQuoted(text.slice(i + 1, end - 1)));
    } else {
      end = scanIdentifier(text, i);
      if (end === i) return undefined;
      labels.push(text.slice(i, end));
    }
    labelSpans.push([i, end]);
    i = skipInlineSpaceAndComments(text, end, comments);
  }
}

/** Spaces, line breaks and comments (recorded) from `at`; returns the next significant offset. */
function skipTrivia(text: string, at: number, comments: CommentSink): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const comment = scanComment(text, i);
    if (comment === undefined) return i;
    comments.push(comment);
    i = comment.end;
  }
}

/**
 * The comments of a file as offset pairs, located only when `LocatedFile.comments` is read: every
 * comment located up front (its text and range objects, some 170 bytes) cost 760 MB for a 9 MB file of
 * `#` lines, which crashed a 512 MB heap, and no scan reads them.
 */
class CommentOffsets implements CommentSink {
  readonly offsets: number[] = [];

  push(...spans: CommentSpan[]): number {
    for (const { start, end } of spans) this.offsets.push(start, end);
    return this.offsets.length / 2;
  }
}

/** A located file whose comments are located on first read, from `text` (the text located). */
function withLazyComments(blocks: LocatedBlock[], text: string, offsets: readonly number[]): LocatedFile {
  let comments: LocatedComment[] | undefined;
  return {
    blocks,
    get comments(): readonly LocatedComment[] {
      if (comments === undefined) {
        const positions = new LineIndex(text);
        comments = [];
        for (let i = 0; i + 1 < offsets.length; i += 2) {
          const start = offsets[i] ?? 0;
          const end = offsets[i + 1] ?? start;
          comments.push({ text: text.slice(start, end), range: positions.range(start, end) });
        }
      }
      return comments;
    },
  };
}

/** A range not computed: that of a block `locateHclBlocks` skips over (never returned). */
const SKIPPED: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

/**
 * With `onlyType`, only the top-level blocks of that type are located (with everything in them), and
 * no comment: the same scan, without computing the positions nobody reads (the notes of module calls
 * need their `module` blocks only, `src/formats/terraform/remote-call-notes.ts`).
 */
export function locateHclBlocks(input: string, onlyType?: string): LocatedFile {
  const text = withoutBom(input);
  const positions = new LineIndex(text);
  const comments = new CommentOffsets();
  const topLevel: LocatedBlock[] = [];
  const open: OpenBlock[] = [];

  const close = (end: number): void => {
    const block = open.pop();
    if (block === undefined || !block.located) return;
    const parent = open[open.length - 1];
    (parent === undefined ? topLevel : parent.blocks).push({
      type: block.type,
      labels: block.labels,
      typeRange: block.typeRange,
      labelRanges: block.labelRanges,
      headerRange: block.headerRange,
      range: positions.range(block.start, end),
      attributes: block.attributes,
      blocks: block.blocks,
    });
  };

  for (let i = skipTrivia(text, 0, comments); i < text.length; i = skipTrivia(text, i, comments)) {
    if (text.charCodeAt(i) === 0x7d) {
      close(i + 1); // a stray `}` at the top level is skipped
      i++;
      continue;
    }
    const nameEnd = scanIdentifier(text, i);
    if (nameEnd > i) {
      const nameComments: CommentSpan[] = [];
      const afterName = skipInlineSpaceAndComments(text, nameEnd, nameComments);
      if (text.charCodeAt(afterName) === 0x3d && text.charCodeAt(afterName + 1) !== 0x3d) {
        for (const span of nameComments) comments.push(span); // one by one: a line may hold a million
        const valueStart = skipInlineSpaceAndComments(text, afterName + 1, comments);
        const value = scanHclExpression(text, valueStart, comments);
        const valueEnd = Math.max(value.end, valueStart);
        const owner = open[open.length - 1];
        if (owner?.located === true)
          owner.attributes.push({
            name: text.slice(i, nameEnd),
            nameRange: positions.range(i, nameEnd),
            valueRange: positions.range(valueStart, valueEnd),
            range: positions.range(i, valueEnd),
          });
        i = Math.max(value.next, afterName + 1);
        continue;
      }
      const header = scanBlockHeader(text, nameEnd);
      if (header !== undefined) {
        for (const span of header.comments) comments.push(span);
        const lastSpan = header.labelSpans[header.labelSpans.length - 1];
        const type = text.slice(i, nameEnd);
        const parent = open[open.length - 1];
        const located = onlyType === undefined || (parent === undefined ? type === onlyType : parent.located);
        open.push({
          type,
          labels: header.labels,
          typeRange: located ? positions.range(i, nameEnd) : SKIPPED,
          labelRanges: located ? header.labelSpans.map(([from, to]) => positions.range(from, to)) : [],
          headerRange: located ? positions.range(i, lastSpan === undefined ? nameEnd : lastSpan[1]) : SKIPPED,
          start: i,
          attributes: [],
          blocks: [],
          located,
        });
        i = header.bodyStart;
        continue;
      }
    }
    // Not an attribute or a block header: skip the rest of the statement as an expression, so that
    // strings and heredocs in it cannot be mistaken for structure.
    const skipped = scanHclExpression(text, i, comments);
    i = Math.max(skipped.next, i + 1);
  }
  while (open.length > 0) close(text.length);

  if (onlyType !== undefined) return { blocks: topLevel, comments: [] };
  return withLazyComments(topLevel, text, comments.offsets);
}
