import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkRules } from '../../src/formats/walk-rules.js';
import { discoverFiles } from '../../src/discover/discover-files.js';
import { parseHcl } from '../../src/terraform/parse-hcl.js';

/** Pieces of HCL that change the lexer's state, mixed with plain text. */
const hclToken = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '${',
  '%{',
  '$${',
  '\\',
  '\n',
  '#',
  '//',
  '/*',
  '*/',
  '<<EOT\n',
  '<<-EOT\n',
  'EOT\n',
  'a',
  ' = ',
  'x',
  'é',
  '😀',
  '\r\n',
);
const hclSoup = fc.array(hclToken, { maxLength: 200 }).map((parts) => parts.join(''));

describe('parseHcl on arbitrary input', () => {
  it('always resolves to a body or a parse-error naming the file, at a position inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), hclSoup), async (text) => {
        const result = await parseHcl('/p/soup.tf', text);
        if (result.ok) return;
        expect(result.diagnostic.kind).toBe('parse-error');
        expect(result.diagnostic.location.file).toBe('/p/soup.tf');
        const { line, column } = result.diagnostic.location.range.start;
        const lines = text.split('\n');
        expect(line).toBeGreaterThanOrEqual(1);
        expect(line).toBeLessThanOrEqual(lines.length);
        expect(column).toBeGreaterThanOrEqual(1);
        expect(column).toBeLessThanOrEqual((lines[line - 1] ?? '').length + 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('discoverFiles on odd trees', () => {
  const name = fc.constantFrom(
    'main.tf',
    'x.tf',
    'a.tf.json',
    't.template.json',
    'c.yaml',
    'v.tfvars',
    'node_modules',
    '.terraform',
    '.git',
    'é 😀.tf',
    ' sp ace.yml',
    'dir',
    '..tf',
    '.gitignore',
  );
  const entry = fc.record({
    path: fc.array(name, { minLength: 1, maxLength: 4 }),
    kind: fc.constantFrom('file', 'dir', 'link'),
    target: fc.array(fc.constantFrom('..', '.', 'dir', 'x.tf', '/tmp', '/nonexistent'), { minLength: 1, maxLength: 3 }),
    content: fc.constantFrom('', '*.tf\n', '!x.tf\n', 'dir/\n', '**\n', '[\n'),
  });

  it('never throws and returns sorted, unique, absolute files with scanned suffixes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 12 }), fc.boolean(), async (entries, noIgnore) => {
        const root = realpathSync(mkdtempSync(join(tmpdir(), 'credlint-odd-')));
        try {
          for (const { path, kind, target, content } of entries) {
            const full = join(root, ...path);
            try {
              mkdirSync(dirname(full), { recursive: true });
              if (kind === 'dir') mkdirSync(full, { recursive: true });
              else if (kind === 'file') writeFileSync(full, content);
              else symlinkSync(target.join('/'), full);
            } catch {
              // a clash with an earlier entry: the tree is odd enough already
            }
          }
          const result = await discoverFiles(['.'], { rules: walkRules, cwd: root, noIgnore });
          expect([...result.files].sort()).toEqual(result.files);
          expect(new Set(result.files).size).toBe(result.files.length);
          for (const file of result.files) {
            expect(file.startsWith(root + '/')).toBe(true);
            expect(walkRules.collects(basename(file))).toBe(true);
            expect(file.split('/')).not.toContain('node_modules');
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    );
  });
});
