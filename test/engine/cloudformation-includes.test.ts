import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine.js';
import type { LintOptions } from '../../src/config/lint-options.js';
import { writeTree } from '../support/cloudformation-harness.js';

function at(location: { file: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }, dir: string): string {
  const { start, end } = location.range;
  return `${path.relative(dir, location.file)}:${start.line}:${start.column}-${end.line}:${end.column}`;
}

async function run(dir: string, options: Partial<LintOptions> = {}) {
  const result = await lint({ paths: ['.'], cwd: dir, env: {}, reportUnknown: true, ...options });
  return {
    findings: result.findings.map((f) => `${at(f.location, dir)} ${f.ruleId}${f.unknown ? ' (unknown)' : ''}: ${f.message}`),
    related: result.findings.map((f) => (f.related ?? []).map((r) => at(r.location, dir))),
    notes: result.notes.map((n) => `${at(n.location, dir)}: ${n.message}`),
  };
}

const USER_WITH_SNIPPET = (location: string) => `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform:
        Name: AWS::Include
        Parameters:
          Location: ${location}
  AdminKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: admin
`;

/** A snippet of resources: a user with a console password and its key (the key at line 5). */
const USERS_SNIPPET = `Ana:
  Type: AWS::IAM::User
  Properties: { UserName: ana, LoginProfile: { Password: x } }
  # the key
Key:
  Type: AWS::IAM::AccessKey
  Properties: { UserName: !Ref Ana }
`;

const CONSOLE = 'LoginProfile:\n  Password: "{{resolve:secretsmanager:admin}}"\n';

/**
 * `AWS::Include` with a local `Location`: `aws cloudformation package` uploads the file and
 * CloudFormation inserts the snippet's keys where the `Fn::Transform` is written
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html).
 */
describe('local AWS::Include snippets', () => {
  it('inserts a snippet among properties and in Resources, located in the snippet files, YAML and JSON, with and without the prefilter', async () => {
    const dir = writeTree({
      'template.yaml': `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform:
        Name: AWS::Include
        Parameters:
          Location: snippets/console.yaml
  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: ./snippets/keys.json
`,
      'snippets/console.yaml': CONSOLE,
      'snippets/keys.json': `{
  "AdminKey": { "Type": "AWS::IAM::AccessKey", "Properties": { "UserName": "admin" } },
  "AdminKey2": {
    "Type": "AWS::IAM::AccessKey",
    "Properties": { "UserName": { "Ref": "Admin" } }
  }
}
`,
    });
    const expected = {
      findings: [
        'snippets/keys.json:2:3-2:13 console-user-with-access-key: IAM user "admin" has a console password (Admin.LoginProfile) and an active access key (AdminKey).',
        'snippets/keys.json:3:3-3:14 multiple-active-access-keys: IAM user "admin" has 2 active access keys (AdminKey, AdminKey2); at most one may be active.',
      ],
      related: [
        ['snippets/console.yaml:1:1-1:13', 'template.yaml:2:3-2:8', 'snippets/keys.json:3:3-3:14'],
        ['template.yaml:2:3-2:8', 'snippets/keys.json:2:3-2:13'],
      ],
      notes: [],
    };
    expect(await run(dir)).toEqual(expected);
    expect(await run(dir, { prefilter: false })).toEqual(expected);
  });

  it('inserts a snippet that is a whole resource, relative to the directory of the template that includes it, also in a nested stack', async () => {
    const dir = writeTree({
      'template.json': JSON.stringify(
        {
          Resources: {
            Admin: { Type: 'AWS::IAM::User', Properties: { UserName: 'admin' } },
            Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'stacks/child.yaml' } },
          },
        },
        null,
        2,
      ),
      'stacks/child.yaml': `Resources:
  Key:
    Fn::Transform: { Name: AWS::Include, Parameters: { Location: ../parts/key.yaml } }
  Profile:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: console.yaml } }
`,
      'stacks/console.yaml': CONSOLE,
      'parts/key.yaml': 'Type: AWS::IAM::AccessKey\nProperties:\n  UserName: admin\n',
    });
    expect((await run(dir)).findings).toEqual([
      'stacks/child.yaml:2:3-2:6 console-user-with-access-key: IAM user "admin" has a console password (Child/Profile.LoginProfile) and an active access key (Child/Key).',
    ]);
  });

  it('keeps an S3 snippet, a computed Location and a snippet in a cloud assembly or the Transform section as before: noted or unknown', async () => {
    const dir = writeTree({
      'template.yaml': `Transform:
  Name: AWS::Include
  Parameters: { Location: ./top.yaml }
${USER_WITH_SNIPPET('s3://bucket/console.yaml').slice('Resources:\n'.length).replace(/^/, 'Resources:\n')}`,
      'top.yaml': CONSOLE,
    });
    const result = await run(dir);
    expect(result.findings).toEqual([
      'template.yaml:9:7-12:45 console-user-with-access-key (unknown): Cannot tell whether Admin.LoginProfile belongs to a console user with an active access key: LoginProfile may be set by Fn::Transform AWS::Include (s3://bucket/console.yaml).',
    ]);
    expect(result.notes).toEqual([
      'template.yaml:2:3-3:39: Transform AWS::Include (./top.yaml): the snippet it inserts into the template is not analysed (aws cloudformation package uploads the local snippets of Fn::Transform, not of the Transform section, and CloudFormation reads only S3)',
    ]);
  });

  it('does not insert a snippet that sets a key also written beside it, nor one that is no map', async () => {
    const dir = writeTree({
      'template.yaml': `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: named.yaml } }
  Other:
    Type: AWS::IAM::User
    Properties:
      UserName: other
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: list.yaml } }
`,
      'named.yaml': `UserName: someone-else\n${CONSOLE}`,
      'list.yaml': '- LoginProfile\n',
    });
    expect((await run(dir)).notes).toEqual([
      'template.yaml:6:68-6:78: Fn::Transform AWS::Include (named.yaml): the snippet sets UserName, which is also written beside it, and which one CloudFormation keeps is not documented; what it inserts is not analysed',
      'template.yaml:11:68-11:77: Fn::Transform AWS::Include (list.yaml): the snippet is not a map of keys and values; what it inserts is not analysed',
    ]);
  });

  it("reads no snippet of a resource whose properties credlint does not read (an API's OpenAPI body): no note, no parse error", async () => {
    const dir = writeTree({
      'template.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform: { Name: AWS::Include, Parameters: { Location: openapi.yaml } }
  Docs:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        Fn::Transform: { Name: AWS::Include, Parameters: { Location: missing.yaml } }
  Ops:
    Type: AWS::IAM::User
    Properties: { UserName: ops }
`,
      'openapi.yaml': 'openapi: 3.0.1\npaths: [\n',
    });
    const result = await run(dir);
    expect(result).toEqual({ findings: [], related: [], notes: [] });
  });

  it('reads no snippet of such a resource in a Fn::ForEach body, nested loops too, but reads one of a type the loop spells', async () => {
    const dir = writeTree({
      'template.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Apis:
    - Name
    - [Orders, Users]
    - Api\${Name}:
        Type: AWS::ApiGateway::RestApi
        Properties:
          Body:
            Fn::Transform: { Name: AWS::Include, Parameters: { Location: openapi.yaml } }
      Fn::ForEach::Stages:
        - Stage
        - [dev, prod]
        - Docs\${Name}\${Stage}:
            Type: AWS::ApiGateway::DocumentationPart
            Properties:
              Fn::Transform: { Name: AWS::Include, Parameters: { Location: missing.yaml } }
  Fn::ForEach::Operators:
    - Kind
    - [User]
    - Operator\${Kind}:
        Type: AWS::IAM::\${Kind}
        Properties:
          UserName: operator
          Fn::Transform: { Name: AWS::Include, Parameters: { Location: console.yaml } }
  OperatorKey:
    Type: AWS::IAM::AccessKey
    Properties: { UserName: operator }
`,
      'openapi.yaml': 'openapi: 3.0.1\npaths: [\n',
      'console.yaml': CONSOLE,
    });
    const result = await run(dir);
    expect(result.notes).toEqual([]);
    expect(result.findings).toEqual([
      'template.yaml:27:3-27:14 console-user-with-access-key: IAM user "operator" has a console password (OperatorUser.LoginProfile) and an active access key (OperatorKey).',
    ]);
  });

  it('takes a file whose Resources holds only an include, without AWSTemplateFormatVersion, for a template (YAML and JSON)', async () => {
    const dir = writeTree({
      'yaml/template.yaml': 'Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: users.yaml\n',
      'yaml/users.yaml': USERS_SNIPPET,
      'json/template.json': JSON.stringify({ Resources: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 'users.yaml' } } } }),
      'json/users.yaml': USERS_SNIPPET,
      'flow/template.yaml': 'Resources: {Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://bucket/users.yaml}}}\n',
    });
    const result = await run(dir);
    expect(result.findings).toEqual([
      'json/users.yaml:5:1-5:4 console-user-with-access-key: IAM user "ana" has a console password (Ana.LoginProfile) and an active access key (Key).',
      'yaml/users.yaml:5:1-5:4 console-user-with-access-key: IAM user "ana" has a console password (Ana.LoginProfile) and an active access key (Key).',
    ]);
    expect(result.notes).toEqual([
      'flow/template.yaml:1:13-1:26: Resources: Fn::Transform AWS::Include (s3://bucket/users.yaml) adds resources; they are not analysed',
    ]);
  });

  it('takes no neighbour for a template: an include under a nested Resources (Serverless Framework), in an OpenAPI document, a macro, a list', async () => {
    const include = (indent: string) => `${indent}Fn::Transform:\n${indent}  Name: AWS::Include\n${indent}  Parameters:\n${indent}    Location: users.yaml\n`;
    const dir = writeTree({
      'serverless.yml': `service: users\nprovider:\n  name: aws\nresources:\n  Resources:\n${include('    ')}`,
      'openapi.json': JSON.stringify({
        openapi: '3.0.1',
        paths: { '/users': { get: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 'users.yaml' } } } } },
        components: { Resources: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 'users.yaml' } } } },
      }),
      'macro.yaml': 'Resources:\n  Fn::Transform:\n    Name: UsersMacro\n    Parameters:\n      Location: users.yaml\n',
      'list.yaml': `Resources:\n  -\n${include('    ')}`,
      'users.yaml': USERS_SNIPPET,
    });
    const result = await run(dir);
    expect(result).toEqual({ findings: [], related: [], notes: [] });
  });

  it('suppresses a resource of a snippet by a comment above it in the snippet file', async () => {
    const dir = writeTree({
      'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn::Transform: { Name: AWS::Include, Parameters: { Location: keys.yaml } }\n',
      'keys.yaml': `K1:
  Type: AWS::IAM::AccessKey
  Properties: { UserName: ops }
# credlint-ignore multiple-active-access-keys -- rotation window, K1 is retired on Friday
K2:
  Type: AWS::IAM::AccessKey
  Properties: { UserName: ops }
`,
    });
    const result = await lint({ paths: ['.'], cwd: dir, env: {}, reportUnusedSuppressions: true });
    expect(result.findings.map((f) => `${at(f.location, dir)} ${f.ruleId} ${f.suppression?.justification ?? 'not suppressed'}`)).toEqual([
      'keys.yaml:5:1-5:3 multiple-active-access-keys rotation window, K1 is retired on Friday',
    ]);
  });

  it('does not follow a nested stack written in a snippet to a local template: package leaves its path as written', async () => {
    const dir = writeTree({
      'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn::Transform: { Name: AWS::Include, Parameters: { Location: stacks.yaml } }\n',
      'stacks.yaml': 'Child:\n  Type: AWS::CloudFormation::Stack\n  Properties: { TemplateURL: child.yaml }\n',
      'child.yaml':
        'Resources:\n  K1: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }\n  K2: { Type: AWS::IAM::AccessKey, Properties: { UserName: ops } }\n',
    });
    const result = await run(dir);
    expect(result.notes).toEqual([
      'stacks.yaml:3:17-3:28: nested stack Child: written in an AWS::Include snippet, where aws cloudformation package does not upload its local template; not analysed',
    ]);
    // child.yaml is then a template of its own, as any template no scanned template nests.
    expect(result.findings.map((f) => f.split(' ')[0])).toEqual(['child.yaml:3:3-3:5']);
  });
});

describe('hostile AWS::Include snippets end in a note or a parse error, never a hang', () => {
  it('follows no include inside a snippet: a cycle, a chain and a template including itself stop at the first snippet', async () => {
    const dir = writeTree({
      'template.yaml': `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: itself/template.yaml } }
  Fn::Transform: { Name: AWS::Include, Parameters: { Location: a.yaml } }
`,
      'itself/template.yaml': 'Fn::Transform: { Name: AWS::Include, Parameters: { Location: template.yaml } }\n',
      'a.yaml':
        'KeyA:\n  Type: AWS::IAM::AccessKey\n  Properties: { UserName: admin }\nFn::Transform: { Name: AWS::Include, Parameters: { Location: b.yaml } }\n',
      'b.yaml':
        'KeyB:\n  Type: AWS::IAM::AccessKey\n  Properties: { UserName: admin }\nFn::Transform: { Name: AWS::Include, Parameters: { Location: a.yaml } }\n',
    });
    const result = await run(dir);
    // The snippet inserted into Admin's properties holds an include that stays: what it may set is unknown.
    expect(result.findings).toEqual([
      'itself/template.yaml:1:1-1:79 console-user-with-access-key (unknown): Cannot tell whether Admin.LoginProfile belongs to a console user with an active access key: LoginProfile may be set by Fn::Transform AWS::Include (template.yaml).',
    ]);
    expect(result.notes).toEqual([
      'a.yaml:4:1-4:14: Fn::Transform in included snippet a.yaml: CloudFormation does not process an AWS::Include inside an included snippet; not followed',
      'itself/template.yaml:1:1-1:14: Fn::Transform in included snippet itself/template.yaml: CloudFormation does not process an AWS::Include inside an included snippet; not followed',
    ]);
    const self = writeTree({ 'template.yaml': USER_WITH_SNIPPET('template.yaml') });
    expect((await run(self)).notes).toEqual([
      'template.yaml:9:21-9:34: Fn::Transform AWS::Include (template.yaml): the snippet is the template that includes it; what it inserts is not analysed',
    ]);
  });

  it('refuses a Location outside the repository, through a symlink or not, whether the target exists or not, naming only the Location', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'credlint-outside-'));
    writeFileSync(path.join(outside, 'console.yaml'), CONSOLE);
    const locations = [
      '..',
      '../outside.yaml',
      `${outside}/console.yaml`,
      'links/present.yaml',
      'links/absent.yaml',
      'links/dir/console.yaml',
      'links/dir/absent.yaml',
    ];
    const template = `Resources:\n${locations
      .map(
        (location, i) => `  U${i}:
    Type: AWS::IAM::User
    Properties:
      UserName: u${i}
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: ${location} } }
`,
      )
      .join('')}`;
    const root = mkdtempSync(path.join(tmpdir(), 'credlint-repo-'));
    const dir = path.join(root, 'repo');
    mkdirSync(path.join(dir, 'links'), { recursive: true });
    writeFileSync(path.join(root, 'outside.yaml'), CONSOLE);
    writeFileSync(path.join(dir, 'template.yaml'), template);
    symlinkSync(path.join(outside, 'console.yaml'), path.join(dir, 'links/present.yaml'));
    symlinkSync(path.join(outside, 'absent.yaml'), path.join(dir, 'links/absent.yaml'));
    symlinkSync(outside, path.join(dir, 'links/dir'));
    const result = await run(dir);
    expect(result.findings).toEqual([]);
    const refused = result.notes.filter((n) => n.startsWith('template.yaml'));
    expect(refused).toEqual(
      locations.map(
        (location, i) =>
          `template.yaml:${6 + 5 * i}:68-${6 + 5 * i}:${68 + location.length}: Fn::Transform AWS::Include (${location}): the snippet leads outside the repository being scanned; what it inserts is not analysed`,
      ),
    );
    // The links' targets are named nowhere: only what the template writes.
    expect(refused.filter((n) => n.includes('links/')).join('\n')).not.toContain(outside);
  });

  it('follows a symlink inside the repository, and says what is missing, unreadable or too large', async () => {
    const dir = writeTree({
      'template.yaml': `Resources:
  Admin:
    Type: AWS::IAM::User
    Properties:
      UserName: admin
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: links/console.yaml } }
  AdminKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: admin
  U1:
    Type: AWS::IAM::User
    Properties:
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: missing.yaml } }
  U2:
    Type: AWS::IAM::User
    Properties:
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: links } }
  U3:
    Type: AWS::IAM::User
    Properties:
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: big.yaml } }
  U4:
    Type: AWS::IAM::User
    Properties:
      Fn::Transform: { Name: AWS::Include, Parameters: { Location: broken.yaml } }
`,
      'shared/console.yaml': CONSOLE,
      'big.yaml': `LoginProfile:\n  Password: "${'x'.repeat(4000)}"\n`,
      'broken.yaml': 'LoginProfile: [\n',
    });
    mkdirSync(path.join(dir, 'links'));
    symlinkSync('../shared/console.yaml', path.join(dir, 'links', 'console.yaml'));
    const result = await run(dir, { maxFileBytes: 2000 });
    expect(result.findings.filter((f) => !f.includes('(unknown)'))).toEqual([
      'big.yaml:1:1-1:2 parse-error: file is 4029 bytes, over the 2000-byte limit (--max-file-size)',
      'broken.yaml:2:1-2:2 parse-error: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'template.yaml:7:3-7:11 console-user-with-access-key: IAM user "admin" has a console password (Admin.LoginProfile) and an active access key (AdminKey).',
    ]);
    expect(result.notes).toEqual([
      'template.yaml:14:68-14:80: Fn::Transform AWS::Include (missing.yaml): the snippet does not exist; what it inserts is not analysed',
      'template.yaml:18:68-18:73: Fn::Transform AWS::Include (links): the snippet is not a regular file; what it inserts is not analysed',
      'template.yaml:22:68-22:76: Fn::Transform AWS::Include (big.yaml): the snippet cannot be read; what it inserts is not analysed',
      'template.yaml:26:68-26:79: Fn::Transform AWS::Include (broken.yaml): the snippet cannot be parsed; what it inserts is not analysed',
    ]);
  });

  it('stops inserting when the snippets of one template pass the parseNodes limit', async () => {
    const snippet = Array.from({ length: 50 }, (_, i) => `B${i}: { Type: AWS::S3::Bucket }`).join('\n');
    const resources = Array.from(
      { length: 40 },
      (_, i) => `  T${i}:\n    Type: AWS::IAM::User\n    Properties:\n      Fn::Transform: { Name: AWS::Include, Parameters: { Location: big.yaml } }\n`,
    ).join('');
    const dir = writeTree({ 'template.yaml': `Resources:\n  U:\n    Type: AWS::IAM::User\n${resources}`, 'big.yaml': `${snippet}\n` });
    const result = await run(dir, { limits: { parseNodes: 2000 } });
    expect(result.findings).toEqual([
      // Each insertion of the snippet costs its 101 nodes: the 20th passes 2,000.
      'template.yaml:83:68-83:76 parse-error: analysis limit reached: AWS::Include snippets insert too many nodes into this template; this one and the rest are not inserted (limit parseNodes = 2000; raise it with --limit parseNodes=N)',
    ]);
  });
});
