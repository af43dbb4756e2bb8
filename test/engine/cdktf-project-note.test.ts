/**
 * A CDKTF project scanned before `cdktf synth` (or with its git-ignored `cdktf.out` skipped): credlint
 * reads CDKTF output, not the app's source, so its `cdktf.json` gets a note saying so and how to check
 * it, where before the scan passed it without a word ("No problems found").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const NOTE =
  'cdktf.json makes a CDKTF app, whose source credlint does not analyse (it reads the Terraform JSON that cdktf synth writes): run cdktf synth, then credlint cdktf.out';

const MAIN_TS =
  "import { App, TerraformStack } from 'cdktf';\nimport { IamAccessKey } from '@cdktf/provider-aws/lib/iam-access-key';\n" +
  "class Ci extends TerraformStack {\n  constructor(scope: App, id: string) {\n    super(scope, id);\n    new IamAccessKey(this, 'a', { user: 'ci' });\n    new IamAccessKey(this, 'b', { user: 'ci' });\n  }\n}\nnew Ci(new App(), 'ci');\n";

const STACK = JSON.stringify({
  '//': { metadata: { stackName: 'ci', version: '0.21.0' } },
  resource: {
    aws_iam_access_key: {
      a: { '//': { metadata: { path: 'ci/a', uniqueId: 'a' } }, user: 'ci' },
      b: { '//': { metadata: { path: 'ci/b', uniqueId: 'b' } }, user: 'ci' },
    },
  },
});

async function scan(files: Record<string, string>, paths: readonly string[] = ['.']) {
  const root = tempTree(files, 'credlint-cdktf-project-');
  const result = await lint({ paths: paths.map((p) => `${root}/${p}`), cwd: root });
  return {
    notes: result.notes.map((n) => `${n.location.file.slice(root.length + 1)}:${String(n.location.range.start.line)}: ${n.message}`),
    findings: result.findings.map((f) => `${f.ruleId} ${f.location.file.slice(root.length + 1)}`),
  };
}

describe('a CDKTF project', () => {
  it('gets a note at its cdktf.json when no synthesized stack of it is scanned (its cdktf.out git-ignored, or not there)', async () => {
    const project = { 'cdktf.json': '{ "language": "typescript", "app": "npx ts-node main.ts" }', 'main.ts': MAIN_TS };
    expect(await scan(project)).toEqual({ notes: [`cdktf.json:1: ${NOTE}`], findings: [] });
    // In a git work tree: outside one no `.gitignore` applies.
    expect(await scan({ ...project, '.git/HEAD': '', '.gitignore': 'cdktf.out\n', 'cdktf.out/stacks/ci/cdk.tf.json': STACK })).toEqual({
      notes: [`cdktf.json:1: ${NOTE}`],
      findings: [],
    });
    expect(await scan({ 'infra/cdktf.json': '{ "language": "python", "app": "python3 main.py" }', 'infra/main.py': '' })).toEqual({
      notes: [`infra/cdktf.json:1: ${NOTE}`],
      findings: [],
    });
  });

  it('gets none when its synthesized stacks are scanned with it, which give the findings', async () => {
    const project = {
      'cdktf.json': '{ "language": "typescript", "app": "npx ts-node main.ts" }',
      'main.ts': MAIN_TS,
      'cdktf.out/stacks/ci/cdk.tf.json': STACK,
    };
    const findings = ['multiple-active-access-keys cdktf.out/stacks/ci/cdk.tf.json'];
    expect(await scan(project)).toEqual({ notes: [], findings });
    expect(await scan({ ...project, '.git/HEAD': '', '.gitignore': 'cdktf.out\n' }, ['.', 'cdktf.out'])).toEqual({ notes: [], findings });
  });
});
