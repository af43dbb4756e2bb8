/**
 * Writes the README's option table from the CLI's option definitions (`src/cli/option-definitions.ts`),
 * between `<!-- generated:cli-options -->` markers; `test/unit/cli-options-doc.test.ts` fails when the
 * README and the definitions drift. Run by `npm run docs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionTableMarkdown } from '../src/cli/help-text.js';
import { packageRoot } from '../src/core/package-info.js';

const BEGIN = '<!-- generated:cli-options -->';
const END = '<!-- /generated:cli-options -->';

/** The README with a fresh option table between the markers. */
export function withOptionTable(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const stop = readme.indexOf(END);
  if (start === -1 || stop === -1 || stop < start) throw new Error(`missing ${BEGIN} … ${END} markers`);
  return `${readme.slice(0, start + BEGIN.length)}\n${optionTableMarkdown()}\n${readme.slice(stop)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = path.join(packageRoot(), 'README.md');
  writeFileSync(file, withOptionTable(readFileSync(file, 'utf8')));
  process.stdout.write(`updated ${file}\n`);
}
