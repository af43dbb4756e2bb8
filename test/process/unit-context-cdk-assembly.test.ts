/**
 * A file of a CDK cloud assembly given alone (pre-commit passes a changed template) scans the whole
 * assembly it belongs to, as `credlint cdk.out` does: a Stage's template under `assembly-*` and a
 * nested stack's `.nested.template.json` are deployed only through the assembly, so read as plain
 * CloudFormation they lost the nested stacks the CDK names by a computed TemplateURL, the manifest's
 * accounts and the app's other stacks. Run through the real CLI on copies of the committed
 * cdk-assembly fixtures, from the repository root and from the file's directory.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureCases, repoRoot } from '../support/fixture-cases.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const CLI = path.join(repoRoot, 'dist', 'src', 'cli.cjs');

interface JsonFinding {
  readonly ruleId: string;
  readonly location: { readonly file: string; readonly startLine: number };
  readonly unitId: string;
}

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name), base) : [path.relative(base, path.join(dir, entry.name))]))
    .sort();
}

/** A scratch git work tree holding a copy of a fixture case (its `cdk.out`), plus `extra` files. */
function repositoryOf(caseDir: string, extra: Readonly<Record<string, string>> = {}): string {
  const files: Record<string, string> = { '.git/HEAD': 'ref: refs/heads/main\n', ...extra };
  for (const file of filesUnder(caseDir)) files[file] = readFileSync(path.join(caseDir, file), 'utf8');
  return tempTree(files, 'credlint-assembly-context-');
}

/** Findings as `rule file:line unit`, their files (and the unit's) relative to the repository whatever the run's directory. */
function scan(repo: string, cwd: string, arg: string) {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', arg], { cwd, encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
  const fromRepo = (file: string) => path.relative(repo, path.resolve(cwd, file));
  const unit = (id: string) => id.replace(/^([a-z-]+):(.*)$/, (_, kind: string, dir: string) => `${kind}:${fromRepo(dir)}`);
  const lines = findings.map((f) => `${f.ruleId} ${fromRepo(f.location.file)}:${f.location.startLine} ${unit(f.unitId)}`);
  return { code: result.status, findings: lines.sort() };
}

const assemblyCases = fixtureCases().filter((c) => c.format === 'cdk-assembly');
const caseNamed = (name: string) => assemblyCases.find((c) => c.name === name)?.dir ?? '';

describe('a file of a cloud assembly scans the whole assembly', () => {
  it('the nested stack template of a Stage alone: the finding of the whole assembly (a console user in the parent, its key in the nested stack)', () => {
    const repo = repositoryOf(caseNamed('key-in-nested-stack-of-stage'));
    const nested = 'cdk.out/assembly-Prod/ProdPlatformKeysAAC7598A.nested.template.json';
    const expected = ['console-user-with-access-key cdk.out/assembly-Prod/ProdPlatformKeysAAC7598A.nested.template.json:3 cdk-assembly:cdk.out'];
    expect(scan(repo, repo, '.')).toEqual({ code: 1, findings: expected });
    expect(scan(repo, repo, nested)).toEqual({ code: 1, findings: expected });
    expect(scan(repo, path.join(repo, 'cdk.out', 'assembly-Prod'), path.basename(nested))).toEqual({ code: 1, findings: expected });
    expect(scan(repo, repo, 'cdk.out/assembly-Prod/ProdPlatformE645C080.template.json')).toEqual({ code: 1, findings: expected });
  });

  it('negative: the same with the key inactive passes, file by file as a whole', () => {
    const repo = repositoryOf(caseNamed('stage-nested-stack-key-inactive'));
    expect(scan(repo, repo, 'cdk.out/assembly-Prod/ProdPlatformKeysAAC7598A.nested.template.json')).toEqual({ code: 0, findings: [] });
    expect(scan(repo, repo, 'cdk.out/assembly-Prod/ProdPlatformE645C080.template.json')).toEqual({ code: 0, findings: [] });
  });

  it.each(assemblyCases.map((c) => [`${c.ruleId}/${c.polarity}/${c.name}`, c.dir] as const))(
    '%s: each template and manifest alone gives what the scan of the repository gives',
    (_, dir) => {
      const repo = repositoryOf(dir);
      const whole = scan(repo, repo, '.');
      const parts = filesUnder(path.join(repo, 'cdk.out')).filter((f) => f.endsWith('.template.json') || path.basename(f) === 'manifest.json');
      for (const part of parts) expect(scan(repo, repo, path.join('cdk.out', part)), part).toEqual(whole);
    },
  );

  it('negative: a file beside the assembly, or in a directory of it that cdk synth does not write, is not taken for it', () => {
    const template = JSON.stringify({ Resources: { K: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ops' } } } });
    const repo = repositoryOf(caseNamed('key-in-nested-stack-of-stage'), { 'template.json': template, 'cdk.out/extra/template.json': template });
    expect(scan(repo, repo, '.').findings).toHaveLength(1);
    expect(scan(repo, repo, 'template.json')).toEqual({ code: 0, findings: [] });
    expect(scan(repo, repo, 'cdk.out/extra/template.json')).toEqual({ code: 0, findings: [] });
  });
});
