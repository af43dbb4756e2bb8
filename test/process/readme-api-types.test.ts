/**
 * The README's API example compiles under `tsc --strict` against the built package, resolved as a user's
 * project resolves it (`node_modules/credlint`, its `exports` and declarations), so the types a user
 * meets are the ones the README shows.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixture-cases.js';
import { readmeSnippet } from '../support/readme-snippets.js';

const project = realpathSync(mkdtempSync(path.join(tmpdir(), 'credlint-api-types-')));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

function compile(source: string) {
  writeFileSync(path.join(project, 'api.mts'), source);
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the README API example', () => {
  mkdirSync(path.join(project, 'node_modules'));
  symlinkSync(repoRoot, path.join(project, 'node_modules', 'credlint'), 'dir');
  // As `npm init -y` writes it; the snippet's top-level `await` makes it an ES module (`.mts`), as the README says.
  writeFileSync(path.join(project, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        noEmit: true,
        // No Node types, as TypeScript 6 has by default: credlint's declarations must not need them.
        types: [],
      },
      files: ['api.mts'],
    }),
  );

  it('compiles under tsc --strict against the built package', () => {
    const { code, output } = compile(readmeSnippet('## Programmatic API', 'ts'));
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 180_000);

  it('is really type-checked: a wrong option type fails the same compilation', () => {
    const { code, output } = compile(readmeSnippet('## Programmatic API', 'ts').replace("paths: ['infra']", "paths: 'infra'"));
    expect(output).toMatch(/api\.mts\(\d+,\d+\): error TS2322/);
    expect(code).not.toBe(0);
  }, 180_000);
});
