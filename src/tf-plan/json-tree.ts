import { countJsonNodes } from '../core/count-structure.js';
import { jsonRange, jsonValue, parseJsonTree, type JsonNode } from '../core/json-tree.js';
import { limitReached, type Limits } from '../core/limits.js';
import type { Range, SourceLocation } from '../core/location.js';
import { LineIndex } from '../core/source-text.js';

/**
 * A strict JSON document kept as its syntax tree (`core/json-tree.ts`), so that every value found in it can be
 * located (plan JSON, CDK manifests and CDKTF output are machine-written JSON: no comments, no trailing
 * commas).
 */
export interface JsonDocument {
  readonly file: string;
  readonly root: JsonNode;
  readonly positions: LineIndex;
}

export type ParsedJson = { readonly ok: true; readonly document: JsonDocument } | { readonly ok: false; readonly message: string; readonly range: Range };

export function parseJsonDocument(file: string, text: string, limits: Limits): ParsedJson {
  const positions = new LineIndex(text);
  // Counted before the tree is built: the tree is what costs memory.
  const size = countJsonNodes(text, limits.parseNodes);
  if (!size.within) {
    const range = positions.range(size.offset, size.offset + 1);
    return {
      ok: false,
      message: limitReached({ file, range }, 'parseNodes', limits, 'the file has too many JSON values to parse; it is not analysed').message,
      range,
    };
  }
  const { root, error: first } = parseJsonTree(text, 'strict');
  if (first !== undefined || root === undefined) {
    const offset = first?.offset ?? 0;
    const message = first ? `invalid JSON: ${first.message}` : 'invalid JSON: empty document';
    return { ok: false, message, range: positions.range(offset, offset + Math.max(1, first?.length ?? 1)) };
  }
  return { ok: true, document: { file, root, positions } };
}

/** The value node of property `key` of an object node. */
export function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  for (const prop of node.children ?? []) {
    if (prop.children?.[0]?.value === key) return prop.children[1];
  }
  return undefined;
}

/** The `"key": value` property node (key and value) whose value is `valueNode`. */
export function propertyOf(valueNode: JsonNode): JsonNode | undefined {
  return valueNode.parent?.type === 'property' ? valueNode.parent : undefined;
}

/** The properties of an object node as `[key, value node]` pairs, in document order. */
export function entries(node: JsonNode | undefined): [string, JsonNode][] {
  if (node?.type !== 'object') return [];
  const result: [string, JsonNode][] = [];
  for (const prop of node.children ?? []) {
    const key: unknown = prop.children?.[0]?.value;
    const value = prop.children?.[1];
    if (typeof key === 'string' && value !== undefined) result.push([key, value]);
  }
  return result;
}

export function elements(node: JsonNode | undefined): JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

export function isTrue(node: JsonNode | undefined): boolean {
  return node?.type === 'boolean' && node.value === true;
}

/** The plain JavaScript value of a node (objects, arrays, scalars). */
export function plainValue(node: JsonNode): unknown {
  return jsonValue(node);
}

/** Where a node is: its whole span (for an object, from `{` to after `}`). */
export function locate(document: JsonDocument, node: JsonNode, logicalPath: string): SourceLocation {
  return { file: document.file, range: jsonRange(document.positions, node), logicalPath };
}
