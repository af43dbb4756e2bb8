import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { walkRules } from '../../src/formats/walk-rules.js';
import { discoverFiles } from '../../src/discover/discover-files.js';
import { findExcessiveNesting } from '../../src/terraform/check-nesting-depth.js';
import { closeHclParser, parseHcl } from '../../src/terraform/parse-hcl.js';

afterAll(async () => {
  await closeHclParser();
});

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

describe('findExcessiveNesting', () => {
  it('never throws on arbitrary text, and reports a position inside it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), hclSoup), fc.integer({ min: 0, max: 10 }), (text, limit) => {
        const hit = findExcessiveNesting(text, limit);
        if (hit === undefined) return;
        const lines = text.split('\n');
        expect(hit.line).toBeGreaterThanOrEqual(1);
        expect(hit.line).toBeLessThanOrEqual(lines.length);
        expect(hit.column).toBeGreaterThanOrEqual(1);
        expect(hit.column).toBeLessThanOrEqual((lines[hit.line - 1] ?? '').length);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches a plain bracket counter on text without strings, comments or heredocs', () => {
    const plain = fc.array(fc.constantFrom('{', '}', '[', ']', '(', ')', 'a', ' ', '\n'), { maxLength: 120 }).map((p) => p.join(''));
    fc.assert(
      fc.property(plain, fc.integer({ min: 0, max: 8 }), (text, limit) => {
        let depth = 0;
        let expected: { line: number; column: number } | undefined;
        let line = 1;
        let column = 1;
        for (const ch of text) {
          if ('{[('.includes(ch)) {
            depth += 1;
            if (depth > limit && !expected) expected = { line, column };
          } else if ('}])'.includes(ch) && depth > 0) depth -= 1;
          if (ch === '\n') {
            line += 1;
            column = 1;
          } else column += 1;
        }
        expect(findExcessiveNesting(text, limit)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotonic in the limit', () => {
    fc.assert(
      fc.property(hclSoup, fc.integer({ min: 0, max: 6 }), (text, limit) => {
        if (findExcessiveNesting(text, limit) === undefined) expect(findExcessiveNesting(text, limit + 1)).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseHcl on arbitrary input', () => {
  it('always resolves to a body or a parse-error naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(hclSoup, async (text) => {
        const result = await parseHcl('/p/soup.tf', text);
        if (!result.ok) {
          expect(result.diagnostic.kind).toBe('parse-error');
          expect(result.diagnostic.location.file).toBe('/p/soup.tf');
        }
      }),
      { numRuns: 60 },
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
