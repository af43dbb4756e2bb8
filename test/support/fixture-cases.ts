import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintOptions } from '../../src/engine.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesRoot = path.join(repoRoot, 'fixtures');

export interface FixtureCase {
  readonly ruleId: string;
  readonly format: string;
  readonly polarity: 'positive' | 'negative';
  readonly name: string;
  readonly dir: string;
  /** Extra lint options from the case's optional `fixture-options.json`. */
  readonly options: Partial<LintOptions>;
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort();
}

/** Every `fixtures/<rule-id>/<format>/{positive,negative}/<case>` directory. */
export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const ruleId of subdirs(fixturesRoot)) {
    for (const format of subdirs(path.join(fixturesRoot, ruleId))) {
      for (const polarity of ['positive', 'negative'] as const) {
        for (const name of subdirs(path.join(fixturesRoot, ruleId, format, polarity))) {
          const dir = path.join(fixturesRoot, ruleId, format, polarity, name);
          const optionsFile = path.join(dir, 'fixture-options.json');
          const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as Partial<LintOptions>) : {};
          cases.push({ ruleId, format, polarity, name, dir, options });
        }
      }
    }
  }
  return cases;
}
