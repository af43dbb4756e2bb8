/**
 * A built-in result (no rule README of its own) points its reader at sections of the package README:
 * `credlint cdk-app`'s `docs:` line and the CDK plugin's fix named "Parse errors", a section the README
 * has never had. Each section named must be one of the README's `##` headings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as finding from '../../src/core/finding.js';
import { readmeSectionsOf } from '../../src/reporters/tool-info.js';

const headings = new Set(
  readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('## '))
    .map((line) => line.slice(3).trim()),
);
const builtIn: string[] = Object.values(finding).filter((value: unknown) => typeof value === 'string' && /^[a-z]+(-[a-z]+)+$/.test(value));

describe('README sections named for built-in results', () => {
  it.each(builtIn)('%s names headings the README has', (id) => {
    const named = [...readmeSectionsOf(id).matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const section of named) expect(headings).toContain(section);
  });
});
