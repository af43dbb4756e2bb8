import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../src/core/finding.js';
import { range } from '../src/core/location.js';
import { escapeData, escapeProperty } from '../src/reporters/github-reporter.js';
import { formatNames, getReporter, isFormatName } from '../src/reporters/index.js';
import { directoryFileUri, isOutsideCwd, outputPath, uriReference } from '../src/reporters/relative-path.js';
import { sampleProject } from './reporters-sample-result.js';

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
      findings: [
        finding('warning', 'a,b:c.tf', '100% sure:\r\nline two, really'),
        finding('note', 'dir/x.yaml', 'plain'),
      ],
      notes: [],
      rules: [],
      filesScanned: 2,
      cwd,
    };
    expect(github(result, { cwd, color: false, readSource: () => undefined })).toBe(
      '::warning file=a%2Cb%3Ac.tf,line=2,endLine=4,title=multiple-active-access-keys::100%25 sure:%0D%0Aline two, really\n' +
        '::notice file=dir/x.yaml,line=2,endLine=4,title=multiple-active-access-keys::plain\n',
    );
  });

  it('escapes % before anything else so escapes survive', () => {
    expect(escapeData('%0A\n')).toBe('%250A%0A');
    expect(escapeProperty('a:b,c%\r')).toBe('a%3Ab%2Cc%25%0D');
  });

  it('prints nothing when nothing is unsuppressed', () => {
    expect(github({ findings: [], notes: [], rules: [], filesScanned: 0, cwd: '/' }, { cwd: '/', color: false, readSource: () => undefined })).toBe('');
  });
});

describe('paths in output', () => {
  it('are relative to cwd with / separators on POSIX and Windows', () => {
    expect(outputPath('/work/repo', '/work/repo/infra/prod/main.tf', path.posix)).toBe('infra/prod/main.tf');
    expect(outputPath('C:\\work\\repo', 'C:\\work\\repo\\infra\\prod\\main.tf', path.win32)).toBe('infra/prod/main.tf');
    expect(outputPath('C:\\work\\repo', 'C:\\work\\other\\main.tf', path.win32)).toBe('../other/main.tf');
    expect(outputPath('C:\\work\\repo', 'D:\\x\\main.tf', path.win32)).toBe('D:/x/main.tf');
  });

  it('know when a path leaves cwd', () => {
    expect(isOutsideCwd('../other/main.tf')).toBe(true);
    expect(isOutsideCwd('D:/x/main.tf')).toBe(true);
    expect(isOutsideCwd('..hidden/main.tf')).toBe(false);
    expect(isOutsideCwd('infra/main.tf')).toBe(false);
  });

  it('become URI references segment by segment', () => {
    expect(uriReference('my dir/100%/a#b?.tf')).toBe('my%20dir/100%25/a%23b%3F.tf');
    expect(directoryFileUri(path.resolve('/repo'))).toMatch(/^file:\/\/\/.*repo\/$/);
  });
});

describe('reporter registry', () => {
  it('has a reporter for every format name and rejects others', () => {
    expect(formatNames).toEqual(['stylish', 'json', 'sarif', 'github']);
    for (const name of formatNames) expect(typeof getReporter(name)).toBe('function');
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('junit')).toBe(false);
  });
});
