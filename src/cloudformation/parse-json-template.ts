import type { Diagnostic } from '../core/diagnostic.js';
import { parseError } from '../core/diagnostic.js';
import { countJsonNodes } from '../core/count-structure.js';
import { jsonRange, parseJsonTree, type JsonNode, type JsonTree } from '../core/json-tree.js';
import { DEFAULT_LIMITS, limitReached, type Limits } from '../core/limits.js';
import { LineIndex } from '../core/source-text.js';
import type { MapEntry, TemplateDocument, TemplateNode } from './template-node.js';

export interface ParsedTemplateFile {
  /** The documents that parsed; a JSON file yields at most one. Not yet checked to be templates. */
  readonly documents: readonly TemplateDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

class DuplicateKey extends Error {
  constructor(
    readonly key: string,
    readonly offset: number,
    readonly length: number,
    readonly firstLine: number,
  ) {
    super(key);
  }
}

/** Deeper nesting than any template has; guards the recursive walk against stack exhaustion. */
const MAX_DEPTH = 200;

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

function convert(node: JsonNode, lines: LineIndex, depth = 0): TemplateNode {
  if (depth > MAX_DEPTH) throw new TooDeep(node.offset);
  const range = jsonRange(lines, node);
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      const seen = new Map<string, MapEntry>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const keyRange = jsonRange(lines, keyNode);
        const first = seen.get(key);
        // JSON.parse (and so CloudFormation) silently keeps the last duplicate; a linter must not
        // guess which one the author meant, so a duplicate makes the template unreadable (cfn-lint E0000 does the same).
        if (first) throw new DuplicateKey(key, keyNode.offset, keyNode.length, first.keyRange.start.line);
        const e: MapEntry = { key, keyRange, value: convert(valueNode, lines, depth + 1) };
        seen.set(key, e);
        entries.push(e);
      }
      return { kind: 'map', entries, range };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((c) => convert(c, lines, depth + 1)), range };
    case 'string':
    case 'number':
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
  let parsed: JsonTree;
  try {
    parsed = parseJsonTree(text, 'strict');
  } catch {
    // The parser recurses per nesting level; absurd nesting exhausts the stack.
    return { documents: [], diagnostics: [parseError({ file, range: lines.range(0, 1) }, 'invalid JSON: the parser failed (nesting too deep?)')] };
  }
  const { root: tree, error: firstError } = parsed;
  if (firstError || !tree) {
    const offset = firstError?.offset ?? 0;
    const length = Math.max(firstError?.length ?? 1, 1);
    const message = firstError ? `invalid JSON: ${firstError.message}` : 'invalid JSON: empty file';
    return { documents: [], diagnostics: [parseError({ file, range: lines.range(offset, offset + length) }, message)] };
  }
  let root: TemplateNode;
  try {
    root = convert(tree, lines);
  } catch (error) {
    if (error instanceof TooDeep) {
      return {
        documents: [],
        diagnostics: [parseError({ file, range: lines.range(error.offset, error.offset + 1) }, `invalid JSON: nesting deeper than ${MAX_DEPTH} levels`)],
      };
    }
    if (!(error instanceof DuplicateKey)) throw error;
    const location = { file, range: lines.range(error.offset, error.offset + error.length) };
    return { documents: [], diagnostics: [parseError(location, `duplicate key ${JSON.stringify(error.key)} (first written on line ${error.firstLine})`)] };
  }
  if (root.kind !== 'map') return { documents: [], diagnostics: [] };
  return { documents: [{ file, index: 1, documentCount: 1, root }], diagnostics: [] };
}
