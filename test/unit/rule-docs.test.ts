import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { regenerate } from '../../scripts/rule-docs.js';
import { repoRoot } from '../support/fixture-cases.js';

const HEADINGS = ['## Why', '## Examples', '## How to fix', '## Suppressing', '## Limitations', '## References'];

describe('rule READMEs', () => {
  for (const rule of rules) {
    const file = path.join(repoRoot, 'rules', rule.meta.id, 'README.md');
    it(`${rule.meta.id}: generated header and examples match the metadata and fixtures (run \`npm run docs\`)`, () => {
      const readme = readFileSync(file, 'utf8');
      expect(readme).toBe(regenerate(rule, readme, repoRoot));
    });

    it(`${rule.meta.id}: has the fixed headings in order`, () => {
      const readme = readFileSync(file, 'utf8');
      const positions = HEADINGS.map((h) => readme.indexOf(`\n${h}\n`));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it(`${rule.meta.id}: lists every reference of the metadata`, () => {
      const readme = readFileSync(file, 'utf8');
      for (const reference of rule.meta.references) expect(readme).toContain(reference.url);
    });
  }
});
