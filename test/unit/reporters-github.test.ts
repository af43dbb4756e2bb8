import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/core/finding.js';
import { range } from '../../src/core/location.js';
import { escapeData, escapeProperty } from '../../src/reporters/github-reporter.js';
import { getReporter } from '../../src/reporters/index.js';
import { removeSampleProjects, sampleProject } from '../support/reporters-sample-result.js';

afterAll(removeSampleProjects);

const github = getReporter('github');

describe('github reporter', () => {
  it('writes one workflow command per unsuppressed finding', () => {
    const project = sampleProject();
    expect(github(project.result, project.context(false))).toBe(
      '::error file=broken/main.tf,line=3,col=1,endLine=3,endColumn=2,title=parse-error::' +
        'Invalid expression: expected the start of an expression, but found "}".\n' +
        '::error file=infra/main.tf,line=9,col=1,endLine=9,endColumn=36,title=console-user-with-access-key::' +
        'IAM user "ops" has a console password (aws_iam_user_login_profile.ops) and an active access key (aws_iam_access_key.ops).\n',
    );
  });

  // Line breaks in a message are shown escaped (`\r\n`), like every control character, before the
  // runner's own encoding of data and properties.
  it('maps severities to error, warning and notice, escapes properties and data, and drops columns of multi-line spans', () => {
    const cwd = path.resolve('/repo');
    const finding = (severity: Finding['severity'], file: string, message: string): Finding => ({
      ruleId: 'multiple-active-access-keys',
      severity,
      message,
      location: { file: path.join(cwd, file), range: range(2, 5, 4, 1) },
      related: [],
      fingerprint: 'f',
    });
    const result: LintResult = {
      findings: [finding('warning', 'a,b:c.tf', '100% sure:\r\nline two, really'), finding('note', 'dir/x.yaml', 'plain')],
      notes: [],
      rules: [],
      filesScanned: 2,
      cwd,
    };
    expect(github(result, { cwd, color: false, readSource: () => undefined })).toBe(
      '::warning file=a%2Cb%3Ac.tf,line=2,endLine=4,title=multiple-active-access-keys::100%25 sure:\\r\\nline two, really\n' +
        '::notice file=dir/x.yaml,line=2,endLine=4,title=multiple-active-access-keys::plain\n',
    );
  });

  it('escapes % before anything else so escapes survive', () => {
    expect(escapeData('%0A\n')).toBe('%250A%0A');
    expect(escapeProperty('a:b,c%\r')).toBe('a%3Ab%2Cc%25%0D');
  });

  it('names the CDK construct path in the message, since annotations show nothing else', () => {
    const cwd = path.resolve('/repo');
    const finding: Finding = {
      ruleId: 'root-user-access-key',
      severity: 'error',
      message: 'Access key RootKey is for user "root".',
      location: { file: path.join(cwd, 'cdk.out/App.template.json'), range: range(3, 3, 3, 12) },
      related: [],
      constructPath: 'App/RootKey/Resource',
      fingerprint: 'f',
    };
    const result: LintResult = { findings: [finding], notes: [], rules: [], filesScanned: 1, cwd };
    expect(github(result, { cwd, color: false, readSource: () => undefined })).toBe(
      '::error file=cdk.out/App.template.json,line=3,col=3,endLine=3,endColumn=12,title=root-user-access-key::' +
        'Access key RootKey is for user "root". (construct App/RootKey/Resource)\n',
    );
  });

  it('prints nothing when nothing is unsuppressed', () => {
    expect(github({ findings: [], notes: [], rules: [], filesScanned: 0, cwd: '/' }, { cwd: '/', color: false, readSource: () => undefined })).toBe('');
  });
});
