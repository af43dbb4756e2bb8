/**
 * A Serverless Framework service file (`serverless.yml`) is no template: the framework resolves its own
 * `${...}` variables in the `resources.Resources` section and merges it into the template it writes
 * (`serverless package`). credlint does not analyse it, and said nothing about it: a service whose
 * resources declared a console user and its access key gave "No problems found in 1 file", with
 * `--verbose` listing the file as analysed. Such a file is now listed as skipped with the reason, and
 * one whose resources declare an access key gets a note saying how to check it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import { removeTempTrees, tempTree } from '../support/temp-tree.js';

afterAll(removeTempTrees);

const NOTE =
  'serverless.yml is a Serverless Framework service, whose resources credlint does not analyse (the framework resolves its ${...} variables and writes the template): run serverless package, then credlint .serverless';

const SERVICE = [
  'service: reports',
  'provider:',
  '  name: aws',
  'resources:',
  '  Resources:',
  '    Ops:',
  '      Type: AWS::IAM::User',
  '      Properties:',
  '        UserName: ops-${sls:stage}',
  '        LoginProfile:',
  '          Password: ${ssm:/ops/password}',
  '    OpsKey:',
  '      Type: AWS::IAM::AccessKey',
  '      Properties:',
  '        UserName: !Ref Ops',
  '',
].join('\n');

/** What `serverless package` writes for SERVICE (stage dev), abridged to the IAM resources. */
const PACKAGED = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Ops: { Type: 'AWS::IAM::User', Properties: { UserName: 'ops-dev', LoginProfile: { Password: 'resolved' } } },
    OpsKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Ops' } } },
  },
});

async function scan(files: Record<string, string>, options: { paths?: readonly string[]; prefilter?: boolean } = {}) {
  const root = tempTree(files, 'credlint-serverless-');
  const decided: { file: string; analysed: boolean; reason?: string }[] = [];
  const result = await lint({
    paths: (options.paths ?? ['.']).map((p) => `${root}/${p}`),
    cwd: root,
    ...(options.prefilter === false ? { prefilter: false } : {}),
    observer: { filesDecided: (decisions) => decided.push(...decisions) },
  });
  const relative = (file: string) => file.slice(root.length + 1);
  return {
    notes: result.notes.map((n) => `${relative(n.location.file)}:${String(n.location.range.start.line)}: ${n.message}`),
    findings: result.findings.map((f) => `${f.ruleId} ${relative(f.location.file)}`),
    filesScanned: result.filesScanned,
    decided: decided.map((d) => [relative(d.file), d.analysed, d.reason]),
  };
}

const SKIPPED = 'a Serverless Framework service file: its resources are merged into the template serverless package writes';

describe('a Serverless Framework service', () => {
  it('gets a note at serverless.yml when its resources declare an access key, and is listed as skipped', async () => {
    for (const prefilter of [true, false]) {
      expect(await scan({ 'serverless.yml': SERVICE }, { prefilter })).toEqual({
        notes: [`serverless.yml:1: ${NOTE}`],
        findings: [],
        filesScanned: 0,
        decided: [['serverless.yml', false, SKIPPED]],
      });
    }
    // The other names the framework reads, in a subdirectory, and the file given alone (pre-commit).
    const yaml = await scan({ 'api/serverless.yaml': SERVICE });
    expect(yaml.notes).toEqual([`api/serverless.yaml:1: ${NOTE.replace('serverless.yml is', 'serverless.yaml is')}`]);
    const alone = await scan({ 'api/serverless.yml': SERVICE }, { paths: ['api/serverless.yml'] });
    expect(alone.notes).toEqual([`api/serverless.yml:1: ${NOTE}`]);
  });

  it('gets no note when its resources declare no access key', async () => {
    const noKey = SERVICE.split('\n').slice(0, 11).join('\n') + '\n';
    expect(await scan({ 'serverless.yml': noKey }, { prefilter: false })).toMatchObject({ notes: [], findings: [], filesScanned: 0 });
  });

  it('gets no note when the template serverless package wrote is scanned with it, which gives the findings', async () => {
    const files = { 'serverless.yml': SERVICE, '.serverless/cloudformation-template-update-stack.json': PACKAGED };
    expect(await scan(files)).toMatchObject({
      notes: [],
      findings: ['console-user-with-access-key .serverless/cloudformation-template-update-stack.json'],
      filesScanned: 1,
    });
  });

  it('is told from a template that is named serverless.yml, which is analysed as before', async () => {
    const sam = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Ops:',
      '    Type: AWS::IAM::User',
      '    Properties:',
      '      LoginProfile:',
      '        Password: "{{resolve:secretsmanager:ops}}"',
      '  OpsKey:',
      '    Type: AWS::IAM::AccessKey',
      '    Properties:',
      '      UserName: !Ref Ops',
      '',
    ].join('\n');
    expect(await scan({ 'serverless.yml': sam })).toMatchObject({
      notes: [],
      findings: ['console-user-with-access-key serverless.yml'],
      filesScanned: 1,
      decided: [['serverless.yml', true, undefined]],
    });
  });
});
