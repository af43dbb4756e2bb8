/**
 * Cheap scans that count the structure of a JSON or YAML text before a parser builds a tree of it.
 * A parser's tree costs hundreds of bytes per node, so 10 MB of `[1,1,1,...]` (five million nodes)
 * would cost gigabytes; a linear scan over the characters costs nothing and lets the caller refuse
 * the file (the `parseNodes` limit) before the tree exists.
 */

/** How many structural nodes a text holds, or where it passed `limit`. */
export type StructureCount = { readonly within: true; readonly nodes: number } | { readonly within: false; readonly offset: number };

/**
 * JSON: every value after the first is introduced by `[`, `{`, `,` or `:` outside a string, so their
 * count (plus one) bounds the values of the document (object members count once more, by their `:`).
 * Strings are skipped with their escapes; anything else (invalid JSON) is counted the same way and
 * left to the parser to reject.
 */
export function countJsonNodes(text: string, limit: number): StructureCount {
  let nodes = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = jsonStringEnd(text, i);
    else if (c === 0x5b || c === 0x7b || c === 0x2c || c === 0x3a) {
      nodes += 1;
      if (nodes > limit) return { within: false, offset: i };
    }
  }
  return { within: true, nodes };
}

/**
 * JSON: the offset of the first `[` or `{` that opens a level deeper than `max`, outside strings
 * (skipped with their escapes, as in `countJsonNodes`) and comments (`//` to the end of the line,
 * `/* *\/`, which jsonc-parser skips as it reads, in either dialect); undefined when none does.
 */
export function jsonNestingPast(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = jsonStringEnd(text, i);
    else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) i = lineEnd(text, i);
    else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) i = blockCommentEnd(text, i);
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return undefined;
}

/** The offset of the `"` closing the JSON string opened at `from`, its escapes skipped (or the text's end, unterminated). */
function jsonStringEnd(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i;
    // A backslash escapes the character after it.
    i += c === 0x5c ? 2 : 1;
  }
  return text.length;
}

/** The offset of the line break ending the line at `from` (or the text's end). */
function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i += 1;
  return i;
}

/** The offset of the `/` closing the block comment opened at `from` (or the text's end, unterminated). */
function blockCommentEnd(text: string, from: number): number {
  const end = text.indexOf('*/', from + 2);
  return end < 0 ? text.length : end + 1;
}

/**
 * YAML: a node of a flow collection is introduced by `[`, `{` or `,`, and a block collection has at
 * most a few nodes per line (`- key: value`), so flow indicators plus three per line bound the nodes
 * before aliases are expanded (aliases are the `yamlAliasNodes` limit's business). Quotes are not
 * tracked (a quote may stand inside a plain scalar), so commas inside strings count too: the count
 * only errs upward, and only a file far beyond any real template comes near the limit.
 */
export function countYamlNodes(text: string, limit: number): StructureCount {
  let nodes = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) nodes += 3;
    else if (c === 0x5b || c === 0x7b || c === 0x2c) nodes += 1;
    else continue;
    if (nodes > limit) return { within: false, offset: i };
  }
  return { within: true, nodes };
}

/** Whether a line holds only spaces and tabs from `from` on, or a comment after them. */
function restIsBlank(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x23) return true; // '#': a comment
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** A block collection open at a line of `yamlNestingPast`: the column its entries start at, and whether it is a sequence. */
interface BlockLevel {
  readonly column: number;
  readonly seq: boolean;
}

/** Whether `text[i]` is the indicator `c` of a block entry: followed by a space, a tab or the end of the line (`-`, `? `, `: `). */
function isIndicator(text: string, i: number, end: number, c: number): boolean {
  if (text.charCodeAt(i) !== c) return false;
  const next = text.charCodeAt(i + 1);
  return i + 1 >= end || next === 0x20 || next === 0x09;
}

/** Whether a line starting at `i` (column 0) is a document marker, `---` or `...`, which closes every block collection. */
function isDocumentMarker(text: string, i: number, end: number): boolean {
  const marker = text.slice(i, i + 3);
  if (marker !== '---' && marker !== '...') return false;
  const next = text.charCodeAt(i + 3);
  return i + 3 >= end || next === 0x20 || next === 0x09;
}

/** The offset past the spaces and tabs at `i`. */
function skipBlanks(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j += 1;
  return j;
}

/**
 * YAML: the offset of the first node nested deeper than `max` levels, where each block collection
 * (by indentation, or by block entries written on one line: `- - - x`, `? ? x`) and each flow
 * collection (`[`, `{`) around it is a level, the document's own collection included, as JSON's
 * brackets are (`json-tree.ts`); undefined when none is. The yaml package composes nesting
 * recursively: past about 800 levels it exhausts the stack (a megabyte of `{a: {a: ...`, or a
 * template indented 880 levels deep, which takes only 770 KB), so deeper text is refused before it
 * is parsed. Quoted scalars, comments and the lines of block scalars (`|`, `>`) are skipped; a line
 * indented deeper than the one before continues that line's plain scalar unless that line left a
 * node empty (`key:`, `-`, `key: !Tag`); and in block context a `[` or `{` opens a collection only
 * where a node starts (at the start of a line or entry, after `key: `, after a tag or anchor):
 * elsewhere it is part of a plain scalar (`^[a-z]+$`, `it's [draft]`). A sequence may stand at its
 * key's own indentation (`key:` then `- x`): it is a level of its own until a line that is not an
 * entry comes back to that column. Only LF ends a line, as for the yaml package.
 */
export function yamlNestingPast(text: string, max: number): number | undefined {
  let flow = 0;
  let quote = 0; // the open quote character, or 0
  let blockScalarIndent = -2; // lines indented deeper than this are a block scalar's (-1: a document that is one), -2 for none
  const block: BlockLevel[] = [];
  let childMayFollow = false; // the last line in block context left a node empty: a deeper line may nest in it
  let start = 0;
  while (start < text.length) {
    let lineBreak = text.indexOf('\n', start);
    if (lineBreak === -1) lineBreak = text.length;
    const end = lineBreak > start && text.charCodeAt(lineBreak - 1) === 0x0d ? lineBreak - 1 : lineBreak;
    let i = skipBlanks(text, start, end);
    const indent = i - start;
    if (blockScalarIndent > -2 && (i === end || indent > blockScalarIndent)) {
      start = lineBreak + 1;
      continue;
    }
    blockScalarIndent = -2;
    // Whether the next character starts a node (block context only; in a flow collection every bracket counts).
    let nodeStart = true;
    let inTag = false;
    // The column where a mapping starts if this line's first `key: ` is found.
    let keyColumn = -1;
    if (quote === 0 && flow === 0) {
      if (i === end || text.charCodeAt(i) === 0x23) {
        start = lineBreak + 1; // blank or comment only
        continue;
      }
      if (indent === 0 && (isDocumentMarker(text, i, end) || text.charCodeAt(i) === 0x25)) {
        block.length = 0;
        childMayFollow = false;
        if (!text.startsWith('---', i)) {
          start = lineBreak + 1; // `...` or a directive
          continue;
        }
        i = skipBlanks(text, i + 3, end);
      } else {
        const entry = isIndicator(text, i, end, 0x2d);
        while ((block.at(-1)?.column ?? -1) > indent) block.pop();
        if (block.at(-1)?.column === indent && block.at(-1)?.seq === true && !entry) block.pop();
        if ((block.at(-1)?.column ?? -1) < indent && block.length > 0 && !childMayFollow) nodeStart = false;
        else {
          for (;;) {
            const seq = isIndicator(text, i, end, 0x2d);
            if (!seq && !isIndicator(text, i, end, 0x3f) && !isIndicator(text, i, end, 0x3a)) break;
            const top = block.at(-1);
            if (top?.column !== i - start || top.seq !== seq) {
              block.push({ column: i - start, seq });
              if (block.length > max) return i;
            }
            i = skipBlanks(text, i + 1, end);
          }
          keyColumn = i - start;
        }
      }
    }
    for (; i < end; i += 1) {
      const c = text.charCodeAt(i);
      if (quote === 0x22) {
        if (c === 0x5c) i += 1;
        else if (c === 0x22) quote = 0;
        continue;
      }
      if (quote === 0x27) {
        if (c === 0x27 && text.charCodeAt(i + 1) === 0x27) i += 1;
        else if (c === 0x27) quote = 0;
        continue;
      }
      const prev = i > start ? text.charCodeAt(i - 1) : 0x20;
      const afterSpace = prev === 0x20 || prev === 0x09;
      if (c === 0x20 || c === 0x09) {
        if (inTag) nodeStart = true;
        inTag = false;
        continue;
      }
      if (c === 0x23 && afterSpace) break; // a comment
      const opens = flow > 0 ? prev === 0x5b || prev === 0x7b || prev === 0x2c || prev === 0x3a || afterSpace : nodeStart;
      if ((c === 0x22 || c === 0x27) && opens) quote = c;
      else if ((c === 0x5b || c === 0x7b) && (flow > 0 || nodeStart)) {
        flow += 1;
        if (block.length + flow > max) return i;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow -= 1;
      else if ((c === 0x7c || c === 0x3e) && flow === 0 && nodeStart) {
        let j = i + 1;
        while (j < end && /[-+0-9]/.test(text.charAt(j))) j += 1;
        if (restIsBlank(text, j, end)) {
          // Its lines are those indented deeper than the collection holding it (`key:` then `|` on a line of its own too).
          blockScalarIndent = block.at(-1)?.column ?? -1;
          break;
        }
      }
      const next = text.charCodeAt(i + 1);
      // `key: ` ends a key and starts its value; a tag or anchor (`!Join `, `&a `) comes before the node it marks.
      nodeStart = flow === 0 && c === 0x3a && (next === 0x20 || next === 0x09 || i + 1 >= end);
      if (nodeStart && keyColumn >= 0) {
        const top = block.at(-1);
        if (top?.column !== keyColumn || top.seq) {
          block.push({ column: keyColumn, seq: false });
          if (block.length > max) return start + keyColumn;
        }
        keyColumn = -1;
      }
      if ((c === 0x21 || c === 0x26) && afterSpace) inTag = true;
      else if (!inTag) inTag = false;
      if (c === 0x3a && nodeStart) inTag = false;
    }
    childMayFollow = quote === 0 && flow === 0 && blockScalarIndent === -2 && (nodeStart || inTag);
    start = lineBreak + 1;
  }
  return undefined;
}
