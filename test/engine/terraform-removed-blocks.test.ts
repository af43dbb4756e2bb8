// A `removed` block with `lifecycle { destroy = false }` forgets a resource: Terraform stops managing it,
// and it stays in AWS (https://developer.hashicorp.com/terraform/language/block/removed). The configuration
// no longer says a forgotten key's user or status: a note, never a guess (README, "What is analysed").
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterEach(removeTempTrees);

const REMOVED = (from: string, lifecycle = '\n  lifecycle {\n    destroy = false\n  }') => `removed {\n  from = ${from}${lifecycle}\n}\n`;

async function scan(files: Readonly<Record<string, string>>): Promise<{ findings: string[]; notes: string[] }> {
  const root = tempTree(files, 'credlint-removed-');
  const out = { findings: [] as string[], notes: [] as string[] };
  for (const prefilter of [true, false]) {
    const result = await lint({ paths: [root], cwd: root, prefilter, reportUnknown: true });
    const where = (location: { file: string; range: { start: { line: number; column: number } } }) =>
      `${location.file.slice(root.length + 1)}:${location.range.start.line}:${location.range.start.column}`;
    const findings = result.findings.map((f) => `${where(f.location)} ${f.ruleId} ${f.message}`);
    const notes = result.notes.map((n) => `${where(n.location)} ${n.message}`);
    if (prefilter) Object.assign(out, { findings, notes });
    else expect({ findings, notes }).toEqual(out);
  }
  return out;
}

const NOTE = (from: string) =>
  `${from}: forgotten by a removed block with destroy = false, Terraform stops managing it but it stays in AWS; its user and status are only in Terraform state, so it is not counted (a plan, terraform show -json, counts it)`;

describe('removed blocks in Terraform', () => {
  it('notes a key, login profile or user a removed block forgets, at the block, in the root module and a called one', async () => {
    const result = await scan({
      'main.tf': `resource "aws_iam_access_key" "new" {\n  user = "ci"\n}\n\n${REMOVED('aws_iam_access_key.old')}\nmodule "people" {\n  source = "./people"\n}\n`,
      'people/main.tf': `${REMOVED('aws_iam_user_login_profile.ana')}${REMOVED('aws_iam_user.ana')}${REMOVED('module.old_team.module.member.aws_iam_access_key.k')}`,
      'legacy.tf.json': JSON.stringify({ removed: [{ from: 'aws_iam_access_key.legacy', lifecycle: [{ destroy: false }] }] }),
    });
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([
      `legacy.tf.json:1:2 ${NOTE('aws_iam_access_key.legacy')}`,
      `main.tf:5:1 ${NOTE('aws_iam_access_key.old')}`,
      `people/main.tf:1:1 ${NOTE('aws_iam_user_login_profile.ana')}`,
      `people/main.tf:7:1 ${NOTE('aws_iam_user.ana')}`,
      `people/main.tf:13:1 ${NOTE('module.old_team.module.member.aws_iam_access_key.k')}`,
    ]);
  });

  it('says nothing of a removed block that destroys, or forgets a module or another type', async () => {
    const result = await scan({
      'main.tf': [
        REMOVED('aws_iam_access_key.destroyed', ''),
        REMOVED('aws_iam_access_key.also_destroyed', '\n  lifecycle {\n    destroy = true\n  }'),
        REMOVED('module.keys'),
        REMOVED('module.keys.aws_s3_bucket.logs'),
        REMOVED('aws_s3_bucket.logs'),
      ].join('\n'),
    });
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([]);
  });
});
