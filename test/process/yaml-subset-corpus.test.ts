/**
 * The YAML subset reader (`src/cloudformation/yaml-subset.ts`) against the `yaml` package on every YAML
 * template of the shared performance corpus (about 3,200 files written by hundreds of authors): where
 * the subset reads a file, `parseYamlTemplate` gives exactly what the package alone gives — documents,
 * every range, duplicate-key warnings — and the subset reads most of the corpus, so the fast path is what
 * real templates take. Skips when `../shared` is not beside the checkout.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseYamlTemplate, parseYamlTemplateWithPackage } from '../../src/cloudformation/parse-yaml-template.js';
import { readYamlSubset } from '../../src/cloudformation/yaml-subset.js';
import { LineIndex, loneCarriageReturnsAsLineFeeds } from '../../src/core/source-text.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/perf', import.meta.url));

/** What `parseTemplateText` reads as YAML: `.yaml`/`.yml`, and a `.template` that does not start with `{`. */
function yamlTemplates(): { file: string; text: string }[] {
  const names = (readdirSync(CORPUS, { recursive: true }) as string[]).filter((name) => /\.(?:ya?ml|template)$/.test(name)).sort();
  return names
    .map((name) => ({ file: join(CORPUS, name), text: readFileSync(join(CORPUS, name), 'utf8') }))
    .filter(({ file, text }) => !file.endsWith('.template') || !text.trimStart().startsWith('{'));
}

/** JSON with the numbers JSON cannot hold spelled out, so that NaN, infinities and -0 are compared too. */
const comparable = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `number:${Object.is(v, -0) ? '-0' : String(v)}` : v,
  );

describe.skipIf(!existsSync(CORPUS))('the YAML subset reader on the performance corpus', () => {
  it('reads most templates, each exactly as the yaml package does', { timeout: 300_000 }, () => {
    const templates = yamlTemplates();
    const differing: string[] = [];
    let read = 0;
    let bytesRead = 0;
    let bytes = 0;
    for (const { file, text } of templates) {
      bytes += text.length;
      const normalised = loneCarriageReturnsAsLineFeeds(text);
      if (readYamlSubset(file, normalised, new LineIndex(normalised)) === undefined) continue;
      read += 1;
      bytesRead += text.length;
      if (comparable(parseYamlTemplate(file, text)) !== comparable(parseYamlTemplateWithPackage(file, text))) differing.push(file);
    }
    expect(differing).toEqual([]);
    expect(templates.length).toBeGreaterThan(3000);
    // 3,115 of 3,237 files and 92 % of the bytes when this test was written.
    expect(read / templates.length).toBeGreaterThan(0.9);
    expect(bytesRead / bytes).toBeGreaterThan(0.85);
  });
});
