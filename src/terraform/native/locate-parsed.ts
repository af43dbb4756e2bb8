/**
 * Where the native parser's blocks and attributes are, taken from its own offsets as it parses, in the
 * shape `locateHclBlocks` gives (`../locate/locate-hcl-blocks.ts`): the file is not scanned a second
 * time for positions. Only a file that parses is located this way; the locator stays for the rest.
 */
import type { Range } from '../../core/location.js';
import { LineIndex } from '../../core/source-text.js';
import { locateHclBlocks } from '../locate/locate-hcl-blocks.js';
import type { LocatedAttribute, LocatedBlock, LocatedComment, LocatedFile } from '../locate/located-file.js';

/** What a located block's `LocatedBlock` needs before its end is known. */
export interface Locating {
  /** Where the finished block goes: the file's blocks or its parent's. */
  readonly into: LocatedBlock[];
  readonly start: number;
  readonly type: string;
  readonly labels: readonly string[];
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
  readonly headerRange: Range;
  readonly attributes: LocatedAttribute[];
  readonly blocks: LocatedBlock[];
}

/** The blocks of one parse as they are located, and the positions of its text. */
export class ParsedLocations {
  readonly blocks: LocatedBlock[] = [];
  readonly positions: LineIndex;

  constructor(
    private readonly text: string,
    /** Only the top-level blocks of this type are located (with everything in them), and no comment. */
    readonly onlyType?: string,
  ) {
    this.positions = new LineIndex(text);
  }

  /**
   * A block of type `type` (written from `start` to `nameEnd`, its labels at `spans`), when it is
   * located: inside a located block, or at the top level (of the selected type, if any).
   */
  open(
    parent: Locating | undefined,
    atTop: boolean,
    type: string,
    start: number,
    nameEnd: number,
    labels: readonly string[],
    spans: readonly (readonly [number, number])[],
  ): Locating | undefined {
    if (parent === undefined && !(atTop && (this.onlyType === undefined || type === this.onlyType))) return undefined;
    const positions = this.positions;
    return {
      into: parent?.blocks ?? this.blocks,
      start,
      type,
      labels,
      typeRange: positions.range(start, nameEnd),
      labelRanges: spans.map(([from, to]) => positions.range(from, to)),
      headerRange: positions.range(start, spans[spans.length - 1]?.[1] ?? nameEnd),
      attributes: [],
      blocks: [],
    };
  }

  attribute(locating: Locating, name: string, start: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const positions = this.positions;
    locating.attributes.push({
      name,
      nameRange: positions.range(start, nameEnd),
      valueRange: positions.range(valueStart, valueEnd),
      range: positions.range(start, valueEnd),
    });
  }

  /** A located block ends at `end` (just after its `}`). */
  close(locating: Locating, end: number): void {
    // Written out: a rest and a spread of the same object took 4 % of a parse (CPU profile).
    locating.into.push({
      type: locating.type,
      labels: locating.labels,
      typeRange: locating.typeRange,
      labelRanges: locating.labelRanges,
      headerRange: locating.headerRange,
      range: this.positions.range(locating.start, end),
      attributes: locating.attributes,
      blocks: locating.blocks,
    });
  }

  /**
   * The located file. Its comments, which no scan reads, are located by the locator on first read
   * (a full parse), as `locateHclBlocks` gives them; a selection has none, as there.
   */
  file(): LocatedFile {
    if (this.onlyType !== undefined) return { blocks: this.blocks, comments: [] };
    const source = this.text;
    let comments: readonly LocatedComment[] | undefined;
    return {
      blocks: this.blocks,
      get comments(): readonly LocatedComment[] {
        comments ??= locateHclBlocks(source).comments;
        return comments;
      },
    };
  }
}
