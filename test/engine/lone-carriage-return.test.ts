/**
 * Files whose lines end with a lone `\r` (YAML 1.2 and SARIF 2.1.0 §3.30.2 count it as a line break, as
 * editors do) read as their `\n` twins: the same findings at the same lines and columns, in every
 * format positioned by `LineIndex`. Generated here, never committed.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { lint } from '../../src/engine.js';
import { writeTree } from '../support/cloudformation-harness.js';

const YAML_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  User:
    Type: AWS::IAM::User
    Properties:
      LoginProfile:
        Password: hunter2hunter2
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref User
`;

const JSON_TEMPLATE = `{
  "Resources": {
    "User": {
      "Type": "AWS::IAM::User",
      "Properties": { "LoginProfile": { "Password": "hunter2hunter2" } }
    },
    "Key": {
      "Type": "AWS::IAM::AccessKey",
      "Properties": { "UserName": { "Ref": "User" } }
    }
  }
}
`;

const TF_JSON = `{
  "resource": {
    "aws_iam_user": {
      "u": { "name": "ana" }
    },
    "aws_iam_access_key": {
      "k": { "user": "ana" }
    },
    "aws_iam_user_login_profile": {
      "p": { "user": "ana" }
    }
  }
}
`;

const PLAN = `{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_iam_access_key.a",
          "mode": "managed",
          "type": "aws_iam_access_key",
          "name": "a",
          "values": { "user": "bob", "status": "Active" }
        },
        {
          "address": "aws_iam_access_key.b",
          "mode": "managed",
          "type": "aws_iam_access_key",
          "name": "b",
          "values": { "user": "bob", "status": "Active" }
        }
      ]
    }
  }
}
`;

const FILES: Readonly<Record<string, string>> = {
  'cfn/template.yaml': YAML_TEMPLATE,
  'cfn/template.json': JSON_TEMPLATE,
  'tf/main.tf.json': TF_JSON,
  'plan/plan.json': PLAN,
};

/** Every finding of a file, as rule, start and end: what an editor, an annotation and a SARIF viewer place. */
function placed(findings: readonly Finding[], root: string): string[] {
  return findings.map((f) => {
    const { start, end } = f.location.range;
    return `${f.location.file.slice(root.length + 1)} ${f.ruleId} ${start.line}:${start.column}-${end.line}:${end.column}`;
  });
}

async function scan(files: Readonly<Record<string, string>>): Promise<string[]> {
  const root = writeTree(files);
  const result = await lint({ paths: [root], cwd: root });
  return placed(result.findings, root).sort();
}

describe('lone \\r line breaks', () => {
  it('each format reads a \\r-only file as its \\n twin: same verdicts, same lines and columns', async () => {
    const lf = await scan(FILES);
    // The twin's findings, pinned: the rule fired in every file.
    expect(lf).toEqual([
      'cfn/template.json console-user-with-access-key 7:5-7:10',
      'cfn/template.yaml console-user-with-access-key 8:3-8:6',
      'plan/plan.json multiple-active-access-keys 13:9-19:10',
      'tf/main.tf.json console-user-with-access-key 7:7-7:10',
    ]);
    const cr = await scan(Object.fromEntries(Object.entries(FILES).map(([name, text]) => [name, text.replaceAll('\n', '\r')])));
    // Before: the YAML template was one line to the yaml package (a parse-error at 1:27), the JSON files had every position on line 1.
    expect(cr).toEqual(lf);
    const crlf = await scan(Object.fromEntries(Object.entries(FILES).map(([name, text]) => [name, text.replaceAll('\n', '\r\n')])));
    expect(crlf).toEqual(lf);
  });

  it('a YAML block scalar broken by lone \\r reads as its \\n twin (YAML 1.2 normalises line breaks to \\n)', async () => {
    const yaml = `Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: |\n        ana\n        bob\n`;
    const root = writeTree({ 'lf/t.yaml': yaml, 'cr/t.yaml': yaml.replaceAll('\n', '\r') });
    const result = await lint({ paths: [root], cwd: root });
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });

  it('an inline suppression above a resource of a \\r-only file suppresses it, as in its \\n twin', async () => {
    const suppressed = YAML_TEMPLATE.replace('  Key:\n', '  # credlint-ignore console-user-with-access-key -- test account\n  Key:\n');
    const root = writeTree({ 'lf/t.yaml': suppressed, 'cr/t.yaml': suppressed.replaceAll('\n', '\r') });
    const result = await lint({ paths: [root], cwd: root });
    // Before: the directive's lines were split at \n only, so the \r-only file had no directive line.
    expect(result.findings.map((f) => [f.location.file.slice(root.length + 1), f.ruleId, f.suppression?.kind])).toEqual([
      ['cr/t.yaml', 'console-user-with-access-key', 'inline'],
      ['lf/t.yaml', 'console-user-with-access-key', 'inline'],
    ]);
  });
});
