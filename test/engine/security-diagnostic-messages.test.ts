/**
 * A message about the input quotes at most a bounded part of it (docs/security.md, "What credlint
 * prints"). Parsers' own messages quote what they met: the yaml package's `Block scalar header includes
 * extra characters: |xxx…`, the SAM configuration reader's `xxx… is not a
 * TOML value` and `key xxx… is defined twice` quoted a whole line of any length, so one line of a
 * committed file made a 300,000-character parse error, in every format and in a GitHub annotation.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../src/config/load-config.js';
import { FileReader } from '../../src/io/file-reader.js';
import { hostileWorkspaces, scanHostile } from '../support/hostile-workspace.js';

const workspace = hostileWorkspaces('credlint-messages-');
const LONG = 'x'.repeat(300_000);
const KEY = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  K:\n    Type: AWS::IAM::AccessKey\n    Properties:\n';

describe('a parse error quoting the input is bounded', () => {
  it.each([
    ['a YAML template block scalar header', { 'cfn/t.yaml': `${KEY}      UserName: |${LONG}\n        ana\n` }, /Block scalar header includes extra characters/],
    [
      'a samconfig.toml value',
      { 'sam/template.yaml': `${KEY}      UserName: ana\n`, 'sam/samconfig.toml': `[default.deploy.parameters]\nx = ${LONG}\n` },
      /is not a TOML value/,
    ],
    [
      'a samconfig.toml key defined twice',
      { 'sam/template.yaml': `${KEY}      UserName: ana\n`, 'sam/samconfig.toml': `[default.deploy.parameters]\n${LONG} = 1\n${LONG} = 2\n` },
      /is defined twice/,
    ],
    [
      'a samconfig.yaml block scalar header',
      { 'sam/template.yaml': `${KEY}      UserName: ana\n`, 'sam/samconfig.yaml': `default: |${LONG}\n  x\n` },
      /Block scalar header/,
    ],
    [
      'yamldecode in Terraform',
      { 'tf/main.tf': 'resource "aws_iam_access_key" "k" {\n  user = yamldecode(file("${path.module}/u.yaml"))\n}\n', 'tf/u.yaml': `|${LONG}\n  ana\n` },
      /Block scalar header/,
    ],
  ])('%s', async (_what, files, expected) => {
    const root = workspace(files);
    const result = await scanHostile(root);
    // A parse error, or (yamldecode's error leaves the value unknown) the --report-unknown warning naming it.
    const messages = [...result.findings.filter((f) => !f.location.file.endsWith('good/main.tf')), ...result.notes].map((d) => d.message);
    expect(messages.filter((m) => expected.test(m) && m.includes('characters cut)'))).toHaveLength(1);
    for (const message of messages) expect(message.length).toBeLessThan(1_200);
  });

  it('in a YAML configuration file', () => {
    const root = workspace({});
    const file = join(root, '.credlintrc.yaml');
    writeFileSync(file, `rules: |${LONG}\n  x\n`);
    let message = '';
    try {
      loadConfigFile(file, new FileReader([root], 1 << 24));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      message = error.message;
    }
    expect(message).toMatch(/Block scalar header/);
    expect(message.length).toBeLessThan(1_200);
  });
});
