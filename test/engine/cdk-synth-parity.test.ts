import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Aspects, Stage, Validations } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { CredlintChecks } from '../../src/cdk/index.js';
import { repoRoot } from '../support/fixture-cases.js';
import { RecordingPlugin } from '../support/recording-cdk-plugin.js';
import { lint } from '../../src/engine.js';
import { CDK_FIXTURES, SYNTH_CONTEXT } from '../../scripts/synth-fixtures.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'credlint-cdk-parity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `credlint <dir>`'s unsuppressed rule findings, as rule, severity, message, template (relative to `outdir`) and construct path. */
async function cliFindings(dir: string, outdir: string): Promise<string[]> {
  const result = await lint({ paths: [dir], cwd: dir });
  return result.findings
    .filter((f) => !f.suppression)
    .map((f) => [f.ruleId, f.severity, f.message, path.relative(outdir, f.location.file), f.constructPath ?? ''].join(' | '))
    .sort();
}

describe.each(CDK_FIXTURES.map((f) => [`${f.ruleId}/${f.polarity}/${f.name}`, f] as const))('%s', (name, fixture) => {
  it('the plugin reports what `credlint cdk.out` reports on the same app', async () => {
    process.env.CDK_VALIDATION = 'false';
    const outdir = path.join(scratch, 'plugin', name);
    const plugin = new RecordingPlugin();
    const app = new App({ outdir, context: { ...SYNTH_CONTEXT } });
    Validations.of(app).addPlugins(plugin);
    fixture.define(app);
    let failed = false;
    try {
      app.synth();
    } catch {
      failed = true;
    }
    // The CDK makes each template path relative to the assembly directory before it prints the report.
    const reported = plugin.reports
      .flatMap((r) => r.violations)
      .flatMap((v) => v.violatingResources.map((r) => [v.ruleName, v.severity, v.description, r.templatePath, r.constructPath ?? ''].join(' | ')))
      .sort();
    const expected = await cliFindings(outdir, outdir);
    expect(reported).toEqual(expected);
    expect(failed).toBe(fixture.polarity === 'positive');
  });

  it('the Aspect annotates what `credlint` reports on each cloud assembly (the app, each Stage)', async () => {
    process.env.CDK_VALIDATION = 'false';
    const outdir = path.join(scratch, 'aspect', name);
    const app = new App({ outdir, context: { ...SYNTH_CONTEXT } });
    fixture.define(app);
    for (const scope of [app, ...app.node.findAll().filter((c) => Stage.isStage(c))]) Aspects.of(scope).add(new CredlintChecks());
    if (fixture.name === 'same-account-twice') {
      // One user keyed in two Stages: neither Stage's own check sees both keys, and the App's check,
      // which can no longer annotate inside a written Stage, fails synthesis with the CLI's finding.
      const committed = path.join(repoRoot, 'fixtures', fixture.ruleId, 'cdk-assembly', fixture.polarity, fixture.name, 'cdk.out');
      const [line, ...others] = await cliFindings(committed, committed);
      expect(others).toEqual([]);
      const [ruleId, , message, , constructPath] = (line ?? '').split(' | ');
      expect(() => app.synth()).toThrow(`credlint/${ruleId ?? ''} at /${constructPath ?? ''}: ${message ?? ''}`);
      return;
    }
    const assembly = app.synth();
    const annotated = assembly.stacksRecursively
      .flatMap((stack) => stack.messages.map((m) => `${m.id} | ${m.level} | ${String(m.entry.data)}`))
      .filter((line) => line.includes('credlint/'))
      .sort();
    // A Stage is a cloud assembly of its own, and the Aspect checks each one apart.
    const stageDirs = readdirSync(outdir).filter((entry) => entry.startsWith('assembly-'));
    const dirs = stageDirs.length > 0 ? stageDirs.map((d) => path.join(outdir, d)) : [outdir];
    const expected = (await Promise.all(dirs.map((dir) => cliFindings(dir, outdir))))
      .flat()
      .map((line) => {
        const [ruleId, severity, message, , constructPath] = line.split(' | ');
        return `/${(constructPath ?? '').replace(/\/Resource$/, '')} | ${severity ?? ''} | credlint/${ruleId ?? ''}: ${message ?? ''}`;
      })
      .sort();
    expect(annotated).toEqual(expected);
    expect(annotated.length > 0).toBe(fixture.polarity === 'positive');
  });
});
