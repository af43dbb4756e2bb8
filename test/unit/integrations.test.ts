import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/fixture-cases.js';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };

describe('pre-commit hook', () => {
  const hooks = parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string }[];
  const hook = hooks.find((h) => h.id === 'credlint');

  it('runs the credlint binary with node', () => {
    expect(hook).toMatchObject({ entry: 'credlint', language: 'node' });
    expect(Object.keys(pkg.bin)).toContain(hook?.entry);
  });

  it('passes Terraform, CloudFormation/plan JSON/YAML and TypeScript files, nothing else', () => {
    // pre-commit matches `files` with Python's re.search; this pattern means the same in JavaScript.
    const files = new RegExp(hook?.files ?? '^$');
    for (const name of [
      'main.tf',
      'stack/cdk.tf.json',
      'prod.tfvars',
      'template.yaml',
      'sam.yml',
      'x.template',
      'tfplan.json',
      'cdk.out/App.template.json',
      'bin/app.ts',
      'samconfig.toml',
      'services/api/samconfig.toml',
    ]) {
      expect(files.test(name), name).toBe(true);
    }
    for (const name of ['README.md', 'main.go', 'Dockerfile', 'script.sh', 'pyproject.toml', 'mysamconfig.toml']) expect(files.test(name), name).toBe(false);
  });
});
