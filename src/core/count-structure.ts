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
 * (skipped with their escapes, as in `countJsonNodes`); undefined when none does.
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
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return undefined;
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
