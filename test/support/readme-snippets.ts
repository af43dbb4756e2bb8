/**
 * Snippets of README.md that tests run as they are written, so that what a user copies is what the
 * suite exercises. `readmeSnippet(marker, lang)` returns the first fenced block in `lang` after the
 * first line of README.md that starts with `marker`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './fixture-cases.js';

export function readmeSnippet(marker: string, lang: string): string {
  return docSnippet('README.md', marker, lang);
}

/** The same for another document of the repository (`docs/eslint-plugin.md`). */
export function docSnippet(document: string, marker: string, lang: string): string {
  const lines = readFileSync(path.join(repoRoot, document), 'utf8').split('\n');
  const at = lines.findIndex((line) => line.startsWith(marker));
  if (at < 0) throw new Error(`${document} has no line starting with ${marker}`);
  const open = lines.findIndex((line, i) => i > at && line === '```' + lang);
  const close = lines.findIndex((line, i) => i > open && line === '```');
  if (open < 0 || close < 0) throw new Error(`${document} has no \`\`\`${lang} block after ${marker}`);
  return `${lines.slice(open + 1, close).join('\n')}\n`;
}
