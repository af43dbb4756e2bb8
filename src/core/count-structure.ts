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
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
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
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) i = lineEnd(text, i);
    else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) i = blockCommentEnd(text, i);
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return undefined;
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

/**
 * YAML: the offset of the first node nested deeper than `max` levels by flow collections (`[`, `{`)
 * or by block entries written on one line (`- - - x`, `? ? x`); undefined when none is. The yaml
 * package composes such nesting recursively: past about 800 levels it exhausts the stack, and a
 * megabyte of `{a: {a: ...` takes it over ten seconds to fail, so deeper text is refused before it
 * is parsed. Quoted scalars, comments and the lines of block scalars (`|`, `>`) are skipped, and in
 * block context a `[` or `{` opens a collection only where a node starts (at the start of a line or
 * entry, after `key: `, after a tag or anchor): elsewhere it is part of a plain scalar (`^[a-z]+$`,
 * `it's [draft]`). Nesting by indentation needs a longer line for each level, so the size limit and
 * `countYamlNodes` bound it.
 */
export function yamlNestingPast(text: string, max: number): number | undefined {
  let flow = 0;
  let quote = 0; // the open quote character, or 0
  let blockScalarIndent = -1; // indentation of the line that opened a block scalar, or -1
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i += 1;
    const indent = i - start;
    if (blockScalarIndent >= 0 && (i === end || text.charCodeAt(i) === 0x0d || indent > blockScalarIndent)) {
      start = end + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (quote === 0 && flow === 0) {
      let entries = 0;
      for (;;) {
        const c = text.charCodeAt(i);
        const next = text.charCodeAt(i + 1);
        if ((c !== 0x2d && c !== 0x3f) || (next !== 0x20 && next !== 0x09)) break; // '- ' or '? '
        entries += 1;
        if (entries > max) return i;
        i += 2;
        while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i += 1;
      }
    }
    // Whether the next character starts a node (block context only; in a flow collection every bracket counts).
    let nodeStart = true;
    let inTag = false;
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
        if (flow > max) return i;
      } else if ((c === 0x5d || c === 0x7d) && flow > 0) flow -= 1;
      else if ((c === 0x7c || c === 0x3e) && flow === 0 && nodeStart) {
        let j = i + 1;
        while (j < end && /[-+0-9]/.test(text.charAt(j))) j += 1;
        if (restIsBlank(text, j, end)) {
          blockScalarIndent = indent;
          break;
        }
      }
      const next = text.charCodeAt(i + 1);
      // `key: ` ends a key and starts its value; a tag or anchor (`!Join `, `&a `) comes before the node it marks.
      nodeStart = flow === 0 && c === 0x3a && (next === 0x20 || next === 0x09 || i + 1 >= end);
      if ((c === 0x21 || c === 0x26) && afterSpace) inTag = true;
      else if (!inTag) inTag = false;
      if (c === 0x3a && nodeStart) inTag = false;
    }
    start = end + 1;
  }
  return undefined;
}
