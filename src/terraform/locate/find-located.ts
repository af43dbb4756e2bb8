/** Lookups over a `LocatedFile`, used to join parsed values to their source positions. */
import type { LocatedAttribute, LocatedBlock, LocatedFile } from './located-file.js';

/**
 * Top-level blocks of `type` whose labels start with `labels` (pass all labels for an exact match,
 * fewer to get every block under a prefix, e.g. `['aws_iam_user']`). Source order; Terraform rejects
 * duplicates, but they are all returned so callers can decide.
 */
export function findBlocks(file: LocatedFile, type: string, labels: readonly string[]): LocatedBlock[] {
  return [...(blockIndex(file).get(indexKey(type, labels, labels.length)) ?? [])];
}

/**
 * Blocks by type and every prefix of their labels, built once per file: a module config looks up each
 * of its blocks, and a filter per lookup made that quadratic (15,000 blocks took 20 seconds).
 */
const indexes = new WeakMap<LocatedFile, Map<string, LocatedBlock[]>>();

function blockIndex(file: LocatedFile): Map<string, LocatedBlock[]> {
  let index = indexes.get(file);
  if (index) return index;
  index = new Map();
  for (const block of file.blocks) {
    for (let length = 0; length <= block.labels.length; length += 1) {
      const key = indexKey(block.type, block.labels, length);
      const list = index.get(key);
      if (list) list.push(block);
      else index.set(key, [block]);
    }
  }
  indexes.set(file, index);
  return index;
}

function indexKey(type: string, labels: readonly string[], length: number): string {
  return JSON.stringify([type, ...labels.slice(0, length)]);
}

/** The first attribute named `name` (HCL rejects duplicate attributes in one body). */
export function findAttribute(block: LocatedBlock, name: string): LocatedAttribute | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}

/**
 * The first attribute of each name over `blocks`, in order (the `locals` blocks of a file, say), in one
 * pass: a module config locates each of its locals, and a search per lookup made that quadratic
 * (200,000 locals in one block, or 20,000 `locals` blocks of one local each, took minutes).
 */
export function attributeIndex(blocks: readonly LocatedBlock[]): ReadonlyMap<string, LocatedAttribute> {
  const index = new Map<string, LocatedAttribute>();
  for (const block of blocks) {
    for (const attribute of block.attributes) if (!index.has(attribute.name)) index.set(attribute.name, attribute);
  }
  return index;
}

/** Direct nested blocks of `type` (`lifecycle`, `dynamic`, ...), source order. */
export function findNestedBlocks(block: LocatedBlock, type: string): LocatedBlock[] {
  return block.blocks.filter((nested) => nested.type === type);
}
