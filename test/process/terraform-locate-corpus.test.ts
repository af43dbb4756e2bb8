/**
 * Agreement with the parser of record on real Terraform: for a spread of files from the shared corpus,
 * the blocks, labels, attribute names and nested blocks located must be exactly those hcl2json parses.
 * Skips when `../shared` is not beside the checkout.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWithHcl2json } from '../../scripts/hcl2json-oracle.js';
import { locateHclBlocks } from '../../src/terraform/locate/locate-hcl-blocks.js';
import type { LocatedBlock } from '../../src/terraform/locate/located-file.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/perf/tf', import.meta.url));
const SAMPLE_SIZE = 60;

function sampleFiles(): string[] {
  const all = (readdirSync(CORPUS, { recursive: true }) as string[]).filter((name) => name.endsWith('.tf')).sort();
  const step = Math.max(1, Math.floor(all.length / SAMPLE_SIZE));
  return all.filter((_, index) => index % step === 0).slice(0, SAMPLE_SIZE);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Differences between a located body and hcl2json's body (`{ attribute: value, blockType: [...] }`). */
function compareBody(block: LocatedBlock, body: unknown, path: string, problems: string[]): void {
  if (!isObject(body)) {
    problems.push(`${path}: hcl2json has no body`);
    return;
  }
  const located = new Set([...block.attributes.map((a) => a.name), ...block.blocks.map((b) => b.type)]);
  for (const key of Object.keys(body)) if (!located.has(key)) problems.push(`${path}: ${key} not located`);
  for (const key of located) if (!(key in body)) problems.push(`${path}: ${key} located but not parsed`);
  compareBlocks(block.blocks, body, path, problems);
}

function compareBlocks(blocks: readonly LocatedBlock[], container: Json, path: string, problems: string[]): void {
  const seen = new Map<string, number>();
  for (const block of blocks) {
    const key = [block.type, ...block.labels].join('.');
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    let node: unknown = container[block.type];
    for (const label of block.labels) node = isObject(node) ? node[label] : undefined;
    const here = `${path}/${key}[${index}] (line ${block.headerRange.start.line})`;
    if (!Array.isArray(node) || node[index] === undefined) problems.push(`${here}: not parsed`);
    else compareBody(block, node[index], here, problems);
  }
}

describe.skipIf(!existsSync(CORPUS))('locateHclBlocks agrees with hcl2json on real files', () => {
  it(`locates exactly the structure hcl2json parses in ${SAMPLE_SIZE} corpus files`, async () => {
    const problems: string[] = [];
    let compared = 0;
    for (const name of sampleFiles()) {
      const text = readFileSync(`${CORPUS}/${name}`, 'utf8').replace(/^\uFEFF/, '');
      let parsed: Json;
      try {
        parsed = await parseWithHcl2json(name, text);
      } catch {
        continue; // invalid Terraform: hcl2json reports it, positions do not matter
      }
      compared++;
      const file = locateHclBlocks(text);
      const types = new Set(file.blocks.map((b) => b.type));
      for (const key of Object.keys(parsed)) {
        // Top-level attributes (tfvars-style content) are not blocks and are not located.
        const isTopLevelAttribute = new RegExp(`^${key}\\s*=`, 'mu').test(text);
        if (!types.has(key) && !isTopLevelAttribute) problems.push(`${name}: ${key} blocks not located`);
      }
      compareBlocks(file.blocks, parsed, name, problems);
    }
    expect(compared).toBeGreaterThan(SAMPLE_SIZE / 2);
    expect(problems).toEqual([]);
  });
});
