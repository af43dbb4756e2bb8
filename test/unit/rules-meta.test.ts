import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { exampleFile } from '../../scripts/rule-docs.js';
import { fixtureCases, repoRoot } from '../support/fixture-cases.js';

describe('rule registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('registers every rule folder explicitly', () => {
    const folders = readdirSync(path.join(repoRoot, 'rules'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(rules.map((r) => r.meta.id).sort());
  });

  const cases = fixtureCases();
  for (const rule of rules) {
    describe(rule.meta.id, () => {
      it('has a README', () => {
        expect(existsSync(path.join(repoRoot, 'rules', rule.meta.id, 'README.md'))).toBe(true);
      });

      it('states its compliant condition on its first line', () => {
        const source = readFileSync(path.join(repoRoot, 'rules', rule.meta.id, 'rule.ts'), 'utf8');
        expect(source.split('\n')[0]).toMatch(/^\/\/ Compliant: /);
      });

      it('has complete metadata', () => {
        const { meta } = rule;
        for (const text of [meta.title, meta.rationale, meta.remediation]) expect(text.length).toBeGreaterThan(10);
        expect(meta.mappings.length).toBeGreaterThan(0);
        expect(meta.references.every((r) => r.url.startsWith('https://'))).toBe(true);
        expect(meta.securitySeverity).toBeGreaterThan(0);
        expect(meta.securitySeverity).toBeLessThanOrEqual(10);
        for (const template of Object.values(meta.messages)) expect(template).toMatch(/\.$/);
      });

      for (const format of rule.meta.formats) {
        for (const polarity of ['positive', 'negative'] as const) {
          it(`has ${polarity} fixtures for ${format}`, () => {
            expect(cases.filter((c) => c.ruleId === rule.meta.id && c.format === format && c.polarity === polarity).length).toBeGreaterThan(0);
          });
        }
      }
    });
  }

  it('says what makes each positive case positive on its first line', () => {
    for (const fixture of cases.filter((c) => c.polarity === 'positive')) {
      // The file the rule README shows is the one that must say it.
      const file = exampleFile(fixture.dir);
      expect(file, `${fixture.dir} has a file to show`).toBeDefined();
      const head = readFileSync(file ?? '', 'utf8')
        .split('\n')
        .slice(0, 3)
        .join('\n');
      expect(head, fixture.dir).toMatch(/Positive/);
    }
  });
});
