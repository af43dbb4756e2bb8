import type { Diagnostic } from '../core/diagnostic.js';
import { parseError, warning } from '../core/diagnostic.js';
import { DUPLICATE_KEY } from '../core/finding.js';
import { countJsonNodes } from '../core/count-structure.js';
import { jsonRange, parseJsonTree, type JsonNode } from '../core/json-tree.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../core/limits.js';
import { LineIndex } from '../core/source-text.js';
import { exactInteger, type MapEntry, type TemplateDocument, type TemplateNode } from './template-node.js';

export interface ParsedTemplateFile {
  /** The documents that parsed; a JSON file yields at most one. Not yet checked to be templates. */
  readonly documents: readonly TemplateDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** What a duplicate key warning says; the YAML parser says the same. */
export function duplicateKeyMessage(key: string, firstLine: number): string {
  return `duplicate key ${JSON.stringify(key)} (first written on line ${firstLine}); CloudFormation keeps the last one, so everything under the first is ignored`;
}

/** A mapping's entries with each key's last value, where the first duplicate was written (as `JSON.parse` keeps them). */
export function keepLast(entries: MapEntry[], index: Map<string, number>, e: MapEntry): void {
  const at = index.get(e.key);
  if (at === undefined) {
    index.set(e.key, entries.length);
    entries.push(e);
  } else entries[at] = e;
}

/** Recursive: the tree is nested at most `MAX_JSON_NESTING` levels (core/json-tree.ts). */
function convert(node: JsonNode, lines: LineIndex, warnings: Diagnostic[], file: string, text: string): TemplateNode {
  const range = jsonRange(lines, node);
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      const index = new Map<string, number>();
      const firstLines = new Map<string, number>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const keyRange = jsonRange(lines, keyNode);
        // CloudFormation accepts a template with a duplicate key and keeps the last one (as
        // `JSON.parse` does): the template is analysed that way, and the second key gets a warning
        // at its own span, because what is written under the first is silently dropped.
        const firstLine = firstLines.get(key);
        if (firstLine === undefined) firstLines.set(key, keyRange.start.line);
        else warnings.push(warning({ file, range: keyRange }, DUPLICATE_KEY, duplicateKeyMessage(key, firstLine)));
        keepLast(entries, index, { key, keyRange, value: convert(valueNode, lines, warnings, file, text) });
      }
      return { kind: 'map', entries, range };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((c) => convert(c, lines, warnings, file, text)), range };
    case 'number':
      return { kind: 'scalar', value: exactInteger(text.slice(node.offset, node.offset + node.length), node.value as number), range };
    case 'string':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', value: node.value as string | number | boolean | null, range };
    default:
      return { kind: 'scalar', value: null, range };
  }
}

/**
 * Parses a JSON template strictly: CloudFormation accepts plain JSON only, so comments and trailing
 * commas are syntax errors (reported with their position).
 * See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
 */
export function parseJsonTemplate(file: string, text: string, limits: Limits = DEFAULT_LIMITS): ParsedTemplateFile {
  const lines = new LineIndex(text);
  // Counted before the tree is built: the tree is what costs memory.
  const size = countJsonNodes(text, limits.parseNodes);
  if (!size.within) {
    const location = { file, range: lines.range(size.offset, size.offset + 1) };
    return { documents: [], diagnostics: [limitReached(location, 'parseNodes', limits, 'the file has too many JSON values to parse; it is not analysed')] };
  }
  // Nesting deeper than the tree's readers recurse safely is a syntax error here (core/json-tree.ts).
  const { root: tree, error: firstError } = parseJsonTree(text, 'strict');
  if (firstError || !tree) {
    const offset = firstError?.offset ?? 0;
    const length = Math.max(firstError?.length ?? 1, 1);
    const message = firstError ? `invalid JSON: ${firstError.message}` : 'invalid JSON: empty file';
    return { documents: [], diagnostics: [parseError({ file, range: lines.range(offset, offset + length) }, message)] };
  }
  const warnings: Diagnostic[] = [];
  const root = convert(tree, lines, warnings, file, text);
  if (root.kind !== 'map') return { documents: [], diagnostics: [] };
  return { documents: [{ file, index: 1, documentCount: 1, root }], diagnostics: warnings };
}
