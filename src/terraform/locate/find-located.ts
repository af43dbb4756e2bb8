/** Lookups over a `LocatedFile`, used to join hcl2json's values to their source positions. */
import type { LocatedAttribute, LocatedBlock, LocatedFile } from './located-file.js';

/**
 * Top-level blocks of `type` whose labels start with `labels` (pass all labels for an exact match,
 * fewer to get every block under a prefix, e.g. `['aws_iam_user']`). Source order; Terraform rejects
 * duplicates, but they are all returned so callers can decide.
 */
export function findBlocks(file: LocatedFile, type: string, labels: readonly string[]): LocatedBlock[] {
  return file.blocks.filter(
    (block) =>
      block.type === type &&
      block.labels.length >= labels.length &&
      labels.every((label, index) => block.labels[index] === label),
  );
}

/** The first attribute named `name` (HCL rejects duplicate attributes in one body). */
export function findAttribute(block: LocatedBlock, name: string): LocatedAttribute | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}

/** Direct nested blocks of `type` (`lifecycle`, `dynamic`, ...), source order. */
export function findNestedBlocks(block: LocatedBlock, type: string): LocatedBlock[] {
  return block.blocks.filter((nested) => nested.type === type);
}
