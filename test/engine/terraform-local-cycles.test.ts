/**
 * Locals that refer to themselves: Terraform refuses the configuration ("Self-referencing local value",
 * "Cycle: ..."), whatever evaluation would reach, so credlint reports a `parse-error` at one local of
 * each cycle and leaves every local of it unknown (README, "Terraform evaluation").
 */
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { loadTree, removeTrees, summarise, writeTree } from '../support/terraform-loader-harness.js';

afterAll(removeTrees);

const KEY = 'resource "aws_iam_access_key" "k" {\n  user = local.a\n}\n';

async function cycleErrors(files: Record<string, string>): Promise<(string | number)[][]> {
  const result = await loadTree(await writeTree(files));
  return result.diagnostics.map((d) => [
    basename(d.location.file),
    d.location.range.start.line,
    d.location.range.start.column,
    d.location.range.end.column,
    d.message,
  ]);
}

describe('cyclic locals', () => {
  it('two locals, one through a branch no evaluation takes: every local of the cycle is unknown', async () => {
    const files = { 'main.tf': `locals {\n  a = local.b\n  b = true ? "ops" : local.a\n  ok = "ops"\n}\n${KEY}` };
    expect(await cycleErrors(files)).toEqual([['main.tf', 2, 3, 4, 'Cycle: local.a, local.b refer to each other; Terraform refuses the configuration']]);
    expect(summarise(await loadTree(await writeTree(files)))).toEqual([
      'terraform:. key aws_iam_access_key.k user=unknown(local.a is unknown: Cycle: local.a, local.b refer to each other; Terraform refuses the configuration) status=Active',
    ]);
  });

  it('a local that names itself, and a longer cycle through templates and lists, each reported once', async () => {
    const files = {
      'main.tf': `locals {\n  c = local.c\n  zz = "\${local.e}-x"\n  e = local.f\n  f = [local.zz]\n  a = local.e\n}\n${KEY}`,
    };
    expect(await cycleErrors(files)).toEqual([
      ['main.tf', 2, 3, 4, 'Self-referencing local value: local.c cannot use its own result as part of its expression; Terraform refuses it'],
      ['main.tf', 4, 3, 4, 'Cycle: local.e, local.f, local.zz refer to each other; Terraform refuses the configuration'],
    ]);
    // local.a reads the cycle without being in it: unknown, and not reported again.
    expect(summarise(await loadTree(await writeTree(files)))[0]).toMatch(/user=unknown\(local\.e is unknown: Cycle: local\.e, local\.f, local\.zz/);
  });

  it('in .tf.json, and in a module called twice: one report, at the module file', async () => {
    const json = JSON.stringify({ locals: { a: '${local.b}', b: '${local.a}' } }, null, 2);
    expect(await cycleErrors({ 'main.tf.json': json })).toEqual([
      ['main.tf.json', 3, 5, 8, 'Cycle: local.a, local.b refer to each other; Terraform refuses the configuration'],
    ]);
    const root = await writeTree({
      'main.tf': 'module "one" {\n  source = "./m"\n}\nmodule "two" {\n  source = "./m"\n}\n',
      'm/main.tf': `locals {\n  a = local.b\n  b = local.a\n}\n${KEY}`,
    });
    const result = await lint({ cwd: root, paths: ['.'] });
    expect(result.findings.map((f) => [f.ruleId, basename(f.location.file), f.location.range.start.line])).toEqual([['parse-error', 'main.tf', 2]]);
    expect(result.findings[0]?.location.file).toMatch(/[\\/]m[\\/]main\.tf$/);
  });

  it('locals that only read each other without a cycle are not one', async () => {
    const files = { 'main.tf': `locals {\n  a = "\${local.b}-\${local.c}"\n  b = local.c\n  c = "ops"\n}\n${KEY}` };
    expect(await cycleErrors(files)).toEqual([]);
    expect(summarise(await loadTree(await writeTree(files)))).toEqual(['terraform:. key aws_iam_access_key.k user=ops-ops status=Active']);
  });
});
