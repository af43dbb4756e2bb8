/**
 * Locates blocks and attributes in Terraform's JSON syntax (`.tf.json`,
 * https://developer.hashicorp.com/terraform/language/syntax/json). The root object's properties are
 * block types; each label is one level of nested object keys, then comes the body. Following the
 * HCL JSON spec (https://github.com/hashicorp/hcl/blob/main/json/spec.md), any of those levels may be
 * an array of objects, each processed as if it stood there alone (the root too). `"//"` is a comment at
 * the root (and in a body, whose properties are all read); at a label level it is a label, as HCL reads it.
 * Nested blocks cannot be told from object-valued attributes without the provider schema, so body
 * properties are all attributes. Offsets
 * come from the JSON syntax tree (`core/json-tree.ts`); never throws (the parser reports syntax errors).
 */
import { jsonRange, parseJsonTree, type JsonNode } from '../../core/json-tree.js';
import { LineIndex, withoutBom } from '../../core/source-text.js';
import type { LocatedAttribute, LocatedBlock, LocatedFile } from './located-file.js';

/**
 * How many label levels each Terraform block type has (the same counts as its native syntax);
 * types not listed (`locals`, `terraform`, `moved`, `import`, `removed`, unknown ones) have none.
 */
export const LABEL_COUNTS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
};

/** Terraform JSON's comment property: ignored where block types are expected. */
const COMMENT_KEY = '//';

interface Label {
  readonly value: string;
  readonly keyNode: JsonNode;
}

function propertyParts(property: JsonNode): { key: JsonNode; value: JsonNode } | undefined {
  const [key, value] = property.children ?? [];
  return key !== undefined && value !== undefined && typeof key.value === 'string' ? { key, value } : undefined;
}

/** `value` itself, or each element when it is an array (the HCL JSON spec's array form). */
function objectsOf(value: JsonNode): JsonNode[] {
  const candidates = value.type === 'array' ? (value.children ?? []) : [value];
  return candidates.filter((node) => node.type === 'object');
}

export function locateTfJson(input: string): LocatedFile {
  const text = withoutBom(input);
  const root = parseJsonTree(text, 'lenient').root;
  if (root === undefined) return { blocks: [], comments: [] };
  const positions = new LineIndex(text);
  const nodeRange = (node: JsonNode) => jsonRange(positions, node);
  const blocks: LocatedBlock[] = [];

  const bodyBlock = (typeKey: JsonNode, labels: readonly Label[], body: JsonNode, rangeStart: number): LocatedBlock => {
    const attributes: LocatedAttribute[] = [];
    for (const property of body.children ?? []) {
      const parts = propertyParts(property);
      if (parts === undefined) continue;
      attributes.push({
        name: parts.key.value as string,
        nameRange: nodeRange(parts.key),
        valueRange: nodeRange(parts.value),
        range: positions.range(parts.key.offset, parts.value.offset + parts.value.length),
      });
    }
    const header = labels[labels.length - 1]?.keyNode ?? typeKey;
    return {
      type: typeKey.value as string,
      labels: labels.map((label) => label.value),
      typeRange: nodeRange(typeKey),
      labelRanges: labels.map((label) => nodeRange(label.keyNode)),
      headerRange: nodeRange(header),
      range: positions.range(rangeStart, body.offset + body.length),
      attributes,
      blocks: [],
    };
  };

  /** `value` sits under `labels` (keyed by the last of them, or the type); `remaining` label levels follow. */
  const visit = (typeKey: JsonNode, labels: readonly Label[], value: JsonNode, remaining: number): void => {
    const keyNode = labels[labels.length - 1]?.keyNode ?? typeKey;
    for (const object of objectsOf(value)) {
      if (remaining === 0) {
        // A body written directly under its key spans from that key; one inside an array, from its `{`.
        blocks.push(bodyBlock(typeKey, labels, object, object === value ? keyNode.offset : object.offset));
        continue;
      }
      for (const property of object.children ?? []) {
        const parts = propertyParts(property);
        if (parts === undefined) continue;
        visit(typeKey, [...labels, { value: parts.key.value as string, keyNode: parts.key }], parts.value, remaining - 1);
      }
    }
  };

  for (const property of objectsOf(root).flatMap((object) => object.children ?? [])) {
    const parts = propertyParts(property);
    if (parts === undefined || parts.key.value === COMMENT_KEY) continue;
    visit(parts.key, [], parts.value, LABEL_COUNTS[parts.key.value as string] ?? 0);
  }
  return { blocks, comments: [] };
}
