/**
 * Where blocks, attributes and comments sit in a Terraform file (`.tf` or `.tf.json`).
 * The parser (`../native/parse-native-hcl.ts`) gives values in Terraform's JSON shape, without
 * positions; these shapes give the positions, and loaders join the two by block type and labels. All ranges follow
 * `src/core/location.ts`: 1-based lines and UTF-16 columns, end exclusive, BOM not counted.
 */
import type { Range } from '../../core/location.js';

export interface LocatedAttribute {
  readonly name: string;
  /** The attribute name (in `.tf.json`: the key string, quotes included). */
  readonly nameRange: Range;
  /** The value expression, from its first character to the end of its last token (trailing comments excluded). */
  readonly valueRange: Range;
  /** From the start of the name to the end of the value. */
  readonly range: Range;
}

export interface LocatedBlock {
  readonly type: string;
  /** Label values, unquoted and unescaped. */
  readonly labels: readonly string[];
  readonly typeRange: Range;
  /** One range per label, quotes included. */
  readonly labelRanges: readonly Range[];
  /**
   * From the type keyword's start to the end of the last label (quotes included); the type keyword
   * alone when there are no labels. In `.tf.json`: the innermost label's key string (quotes included),
   * or the block type's key when there are no labels.
   */
  readonly headerRange: Range;
  /**
   * The whole block, through the closing brace. In `.tf.json`: from the header key through the body's
   * closing brace, or the body object alone when it is one element of an array of bodies.
   */
  readonly range: Range;
  /** Source order. */
  readonly attributes: readonly LocatedAttribute[];
  /** Nested blocks, source order (always empty in `.tf.json`, where they cannot be told from attributes). */
  readonly blocks: readonly LocatedBlock[];
}

export interface LocatedComment {
  /** The comment exactly as written, delimiters (`#`, `//`, `/* *\/`) included, line break excluded. */
  readonly text: string;
  readonly range: Range;
}

export interface LocatedFile {
  /** Top-level blocks, source order. */
  readonly blocks: readonly LocatedBlock[];
  /** Every comment in the file, source order (always empty for `.tf.json`, which has no comments). */
  readonly comments: readonly LocatedComment[];
}
