import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withOptionTable } from '../../scripts/cli-options-doc.js';
import { helpText } from '../../src/cli/help-text.js';
import { OPTION_GROUPS, OPTIONS, optionSynopsis } from '../../src/cli/option-definitions.js';
import { formatNames } from '../../src/reporters/format-names.js';
import { repoRoot } from '../support/fixture-cases.js';

describe('the CLI option table', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

  it('is what the README shows (run `npm run docs` after changing src/cli/option-definitions.ts)', () => {
    expect(readme).toBe(withOptionTable(readme));
  });

  it('lists every option in the README under its group, in the order --help gives', () => {
    const help = helpText();
    let lastHelp = -1;
    let lastReadme = -1;
    for (const group of OPTION_GROUPS) {
      for (const option of OPTIONS.filter((o) => o.group === group)) {
        const inHelp = help.indexOf(` ${optionSynopsis(option)}`, help.indexOf(`\n${group}:\n`));
        const inReadme = readme.indexOf(`| \`${optionSynopsis(option)}\` |`, readme.indexOf(`| **${group}** |`));
        expect(inHelp, option.name).toBeGreaterThan(lastHelp);
        expect(inReadme, option.name).toBeGreaterThan(lastReadme);
        lastHelp = inHelp;
        lastReadme = inReadme;
      }
    }
  });

  it('names the registered report formats, from the reporter registry', () => {
    const help = helpText();
    for (const name of formatNames) expect(help).toMatch(new RegExp(`report format: [^\\n]*\\b${name}\\b`));
  });

  it('gives each option one name and one short letter at most', () => {
    const names = OPTIONS.map((o) => o.name);
    const shorts = OPTIONS.flatMap((o) => (o.short === undefined ? [] : [o.short]));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(shorts).size).toBe(shorts.length);
  });
});
