import { describe, expect, it } from 'vitest';
import { extract, HEADER, span, stack, summarise as summary } from '../support/cdk-source-harness.js';

describe('CDK source extractor: recognising aws-cdk-lib IAM', () => {
  it('links a key to its user by object identity, with exact locations', () => {
    const { unit, diagnostics } = extract({
      'app.ts': stack(
        "    const ana = new iam.User(this, 'Ana', {\n      userName: 'ana',\n      password: cdk.SecretValue.unsafePlainText('x'),\n    });\n    new iam.AccessKey(this, 'AnaKey', { user: ana });\n",
      ),
    });
    expect(diagnostics).toEqual([]);
    const [user] = unit?.users ?? [];
    const [profile] = unit?.loginProfiles ?? [];
    const [key] = unit?.accessKeys ?? [];
    expect(unit?.format).toBe('cdk-source');
    expect(user?.address).toBe('People/Ana');
    expect(user?.constructPath).toBe('People/Ana');
    expect(span(user?.location)).toBe('7:17-10:7');
    expect(user?.name).toMatchObject({ known: true, value: 'ana', origin: 'written' });
    expect(span(user?.name?.location)).toBe('8:7-8:22');
    expect(span(user?.suppressionAnchors[0])).toBe('7:5-10:8');
    expect(profile?.address).toBe('People/Ana.password');
    expect(span(profile?.location)).toBe('9:7-9:53');
    expect(profile?.user).toMatchObject({ known: true, value: { kind: 'user', userId: user?.id } });
    expect(key?.address).toBe('People/AnaKey');
    expect(span(key?.location)).toBe('11:5-11:53');
    expect(key?.user).toMatchObject({ known: true, value: { kind: 'user', userId: user?.id } });
    expect(span(key?.user.location)).toBe('11:41-11:50');
    // A defaulted status points at the construct call.
    expect(key?.status).toMatchObject({ known: true, value: 'Active', origin: 'defaulted' });
    expect(span(key?.status.location)).toBe('11:5-11:53');
  });

  it('recognises every import style and alias, and ignores a class of the same name from elsewhere', () => {
    const files = {
      'namespace.ts': "import * as iam from 'aws-cdk-lib/aws-iam';\nnew iam.AccessKey(s, 'A', { user: iam.User.fromUserName(s, 'U', 'a') });\n",
      'named.ts': "import { AccessKey as Key, User } from 'aws-cdk-lib/aws-iam';\nnew Key(s, 'B', { user: User.fromUserName(s, 'U', 'b') });\n",
      'root-named.ts': "import { aws_iam as iam } from 'aws-cdk-lib';\nnew iam.AccessKey(s, 'C', { user: iam.User.fromUserName(s, 'U', 'c') });\n",
      'root-namespace.ts': "import * as cdk from 'aws-cdk-lib';\nnew cdk.aws_iam.AccessKey(s, 'D', { user: cdk.aws_iam.User.fromUserName(s, 'U', 'd') });\n",
      'require.ts': "import iam = require('aws-cdk-lib/aws-iam');\nconst I = iam;\nnew I.CfnAccessKey(s, 'E', { userName: 'e' });\n",
      'lookalike.ts':
        "import { AccessKey } from './my-constructs';\nnew AccessKey(s, 'F', { user: 'f' });\nfunction g(iam: any) { new iam.AccessKey(s, 'G', { user: 'g' }); }\n",
    };
    expect(summary(files).keys).toEqual([
      'namespace/A | name a | Active',
      'named/B | name b | Active',
      'root-named/C | name c | Active',
      'root-namespace/D | name d | Active',
      'require/E | name e | Active',
    ]);
  });

  it('names users by fromUserName, fromUserArn (last path segment) and fromUserAttributes', () => {
    const keys = summary({
      'app.ts': stack(
        "    new iam.AccessKey(this, 'A', { user: iam.User.fromUserName(this, 'A1', 'ana') });\n" +
          "    new iam.AccessKey(this, 'B', { user: iam.User.fromUserArn(this, 'B1', 'arn:aws:iam::123456789012:user/division/bob') });\n" +
          "    new iam.AccessKey(this, 'C', { user: iam.User.fromUserAttributes(this, 'C1', { userArn: 'arn:aws:iam::123456789012:user/carl' }) });\n" +
          "    new iam.AccessKey(this, 'D', { user: iam.User.fromUserArn(this, 'D1', `arn:aws:iam::${this.account}:user/dan`) });\n",
      ),
    }).keys;
    expect(keys).toEqual([
      'People/A | name ana | Active',
      'People/B | name bob | Active',
      'People/C | name carl | Active',
      // The name follows the ARN's last slash, which is in its known end: CDK parses it as text.
      'People/D | name dan | Active',
    ]);
  });

  it('names a user by the known end of an ARN only when the app holds the ARN as text starting with arn:', () => {
    const { unit } = extract({
      'app.ts': stack(
        "    new iam.AccessKey(this, 'A', { user: iam.User.fromUserArn(this, 'A1', `arn:aws:iam::123456789012:user/${this.node.id}/ana`) });\n" +
          "    new iam.AccessKey(this, 'B', { user: iam.User.fromUserArn(this, 'B1', cdk.Fn.join('', ['arn:aws:iam::', cdk.Aws.ACCOUNT_ID, ':user/bob'])) });\n" +
          "    new iam.AccessKey(this, 'C', { user: iam.User.fromUserArn(this, 'C1', `${cdk.Fn.sub('arn:${AWS::Partition}')}:iam::1:user/carl`) });\n" +
          "    new iam.AccessKey(this, 'D', { user: iam.User.fromUserArn(this, 'D1', `${this.node.id}:user/dan`) });\n" +
          "    new iam.AccessKey(this, 'E', { user: iam.User.fromUserAttributes(this, 'E1', { userArn: `arn:aws:iam::${this.account}:user/` }) });\n",
      ),
    });
    const names = (unit?.accessKeys ?? []).map((k) => (k.user.known ? JSON.stringify(k.user.value) : `? known parts ${JSON.stringify(k.user.knownParts)}`));
    expect(names).toEqual([
      '{"kind":"name","name":"ana"}',
      // Fn.join and Fn.sub are one token in the app: CDK leaves the name to deploy time. Nothing of the
      // ARN is known of the name either (`:user/bob` does not end it).
      '? known parts undefined',
      '? known parts undefined',
      '? known parts undefined',
      '? known parts undefined',
    ]);
  });

  it('reads L1 CfnUser and CfnAccessKey with names from refs, userName, consts and templates', () => {
    const result = summary({
      'app.ts': stack(
        "    const team = 'ops';\n" +
          "    const cfn = new iam.CfnUser(this, 'Cfn', { userName: `${team}-deploy`, loginProfile: { password: 'x' } });\n" +
          "    new iam.CfnAccessKey(this, 'ByRef', { userName: cfn.ref, status: 'Inactive' });\n" +
          "    const generated = new iam.User(this, 'Generated');\n" +
          "    new iam.CfnAccessKey(this, 'ByUserName', { userName: generated.userName });\n" +
          "    new iam.CfnAccessKey(this, 'ByConcat', { userName: team + '-deploy' });\n",
      ),
    });
    expect(result).toEqual({
      diagnostics: [],
      users: ['People/Cfn | ops-deploy', 'People/Generated'],
      profiles: ['People/Cfn.loginProfile'],
      keys: ['People/ByRef | name ops-deploy | Inactive', 'People/ByUserName | user People/Generated | Active', 'People/ByConcat | name ops-deploy | Active'],
    });
  });

  it('links user.userName and cfnUser.ref to the user itself when its name is not known statically', () => {
    const result = summary({
      'app.ts': stack(
        "    const ops = new iam.User(this, 'Ops', { userName: `${props.userName}-ops` });\n" +
          "    new iam.CfnAccessKey(this, 'OpsKey', { userName: ops.userName });\n" +
          "    const cfn = new iam.CfnUser(this, 'Cfn', { userName: props.userName });\n" +
          "    new iam.CfnAccessKey(this, 'CfnKey', { userName: cfn.ref });\n" +
          "    new iam.CfnAccessKey(this, 'Suffixed', { userName: `${ops.userName}-2` });\n",
      ),
    });
    expect(result.users).toEqual(['People/Ops | ? props.userName is not known statically', 'People/Cfn | ? props.userName is not known statically']);
    expect(result.keys).toEqual([
      'People/OpsKey | user People/Ops | Active',
      'People/CfnKey | user People/Cfn | Active',
      'People/Suffixed | ? props.userName is not known statically | Active',
    ]);
  });

  it('reads AccessKeyStatus through aliases and consts; serial does not make a second key', () => {
    const { keys } = summary({
      'app.ts': stack(
        '    const off = iam.AccessKeyStatus.INACTIVE;\n' +
          "    new iam.AccessKey(this, 'A', { user: iam.User.fromUserName(this, 'U', 'ana'), status: off, serial: 2 });\n" +
          "    new iam.AccessKey(this, 'B', { user: iam.User.fromUserName(this, 'V', 'ana'), status: iam.AccessKeyStatus.ACTIVE });\n" +
          "    new iam.AccessKey(this, 'C', { user: iam.User.fromUserName(this, 'W', 'ana'), status: props.withKey ? iam.AccessKeyStatus.ACTIVE : off });\n",
      ),
    });
    expect(keys).toEqual(['People/A | name ana | Inactive', 'People/B | name ana | Active', 'People/C | name ana | ? props.withKey is not known statically']);
  });
});

describe('CDK source extractor: values that are not known statically', () => {
  it('says which value is unknown, in source terms', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    new iam.CfnAccessKey(this, 'A', { userName: props.userName });\n" +
          "    new iam.CfnAccessKey(this, 'B', { userName: process.env.DEPLOY_USER! });\n" +
          "    new iam.CfnAccessKey(this, 'C', { userName: this.node.tryGetContext('user') });\n" +
          "    new iam.CfnAccessKey(this, 'D', { userName: cdk.Fn.join('-', ['a', cdk.Aws.ACCOUNT_ID]) });\n" +
          "    new iam.CfnAccessKey(this, 'E', { userName: `${id}-ci` });\n" +
          "    new iam.CfnAccessKey(this, 'F', { userName: new iam.User(this, 'G').userName + '!' });\n",
      ),
    });
    expect(keys).toEqual([
      'People/A | ? props.userName is not known statically | Active',
      'People/B | ? process.env.DEPLOY_USER is not known statically | Active',
      "People/C | ? this.node.tryGetContext('user') is not known statically | Active",
      "People/D | ? cdk.Fn.join('-', ['a', cdk.Aws.ACCOUNT_ID]) comes from aws-cdk-lib and is known only when the app runs (synth or deploy) | Active",
      'People/E | ? id is not known statically | Active',
      'People/F | ? People/G has no userName: its name is generated at deploy time | Active',
    ]);
  });

  it('says that a construct of a class it does not analyse is such, not that it comes from aws-cdk-lib', () => {
    const { keys } = summary({
      'app.ts':
        `${HEADER}import { KeyedUser } from '@acme/keyed-user';\nimport { Local } from './not-here';\nconst s = new cdk.Stack(new cdk.App(), 'S');\n` +
        "const a = new KeyedUser(s, 'A', { userName: 'a' });\nnew iam.AccessKey(s, 'AK', { user: a });\n" +
        "new iam.CfnAccessKey(s, 'BK', { userName: new Local(s, 'B').userName });\n" +
        "new iam.CfnAccessKey(s, 'CK', { userName: new iam.Role(s, 'C', { assumedBy: new iam.AccountRootPrincipal() }).roleName });\n",
    });
    expect(keys).toEqual([
      "S/AK | ? new KeyedUser(s, 'A', { userName: 'a' }) creates an instance of KeyedUser, a class credlint does not analyse | Active",
      "S/BK | ? new Local(s, 'B').userName is not known statically | Active",
      "S/CK | ? new iam.Role(s, 'C', { assumedBy: new iam.AccountRootPrinci… comes from aws-cdk-lib and is known only when the app runs (synth or deploy) | Active",
    ]);
  });

  it('says why a called function is unknown when it is imported from a path credlint does not resolve', () => {
    const { keys } = summary({
      'app.ts': stack("    new iam.AccessKey(this, 'Alias', { user: makeOps(this) });\n").replace(HEADER, `${HEADER}import { makeOps } from '@users/ops';\n`),
    });
    expect(keys).toEqual(["People/Alias | ? makeOps(this) is not known statically: makeOps is imported from '@users/ops', which is not analysed | Active"]);
  });

  it('says that spread constructor arguments are not followed, rather than that the key has no user', () => {
    const { keys } = summary({ 'app.ts': stack("    const args = [this, 'K', { userName: 'root' }] as const;\n    new iam.CfnAccessKey(...args);\n") });
    const why = 'the arguments are spread (...args), which credlint does not follow';
    expect(keys).toEqual([`People/(no id) | ? ${why} | ? ${why}`]);
  });

  it('follows a let assigned once and refuses one assigned twice', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    let once;\n    once = 'ana';\n    let twice = 'bob';\n    twice = 'carl';\n" +
          "    new iam.CfnAccessKey(this, 'A', { userName: once });\n    new iam.CfnAccessKey(this, 'B', { userName: twice });\n",
      ),
    });
    expect(keys).toEqual(['People/A | name ana | Active', 'People/B | ? twice is assigned more than once | Active']);
  });

  it('follows class properties, destructuring, object and array literals, enums', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "enum Team { Ops = 'ops' }\nconst config = { users: [{ name: 'ana' }, { name: Team.Ops }] };\n" +
        "export class People extends cdk.Stack {\n  readonly user = new iam.User(this, 'Ana', { userName: config.users[0]!.name });\n  private deployer: iam.User;\n" +
        "  constructor(scope: cdk.App) {\n    super(scope, 'People');\n    this.deployer = new iam.User(this, 'Deployer');\n" +
        "    const { name } = config.users[1]!;\n    new iam.AccessKey(this, 'K1', { user: this.user });\n    new iam.AccessKey(this, 'K2', { user: this.deployer });\n    new iam.CfnAccessKey(this, 'K3', { userName: name });\n  }\n}\n",
    });
    expect(result.users).toEqual(['People/Ana | ana', 'People/Deployer']);
    expect(result.keys).toEqual(['People/K1 | user People/Ana | Active', 'People/K2 | user People/Deployer | Active', 'People/K3 | name ops | Active']);
  });

  it('reads static readonly class properties (S.NAME), and only readonly ones', () => {
    const result = summary({
      'app.ts':
        HEADER +
        "export class Names {\n  static readonly OPS = 'ops';\n  static mutable = 'bob';\n  readonly instance = 'carl';\n}\n" +
        "const s = new cdk.Stack(new cdk.App(), 'S');\n" +
        "new iam.CfnAccessKey(s, 'A', { userName: Names.OPS });\n" +
        "new iam.CfnAccessKey(s, 'B', { userName: Names.mutable });\n" +
        "new iam.CfnAccessKey(s, 'C', { userName: (Names as any).instance });\n",
    });
    expect(result.keys).toEqual([
      'S/A | name ops | Active',
      'S/B | ? Names.mutable is not known statically | Active',
      'S/C | ? (Names as any).instance is not known statically | Active',
    ]);
  });

  it('treats a password that may be undefined as a login profile of unknown existence', () => {
    const { profiles } = summary({
      'app.ts': stack(
        "    new iam.User(this, 'A', { password: props.withKey as any });\n    new iam.User(this, 'B', { password: undefined });\n    new iam.User(this, 'C', { password: cdk.SecretValue.secretsManager('pw') });\n",
      ),
    });
    expect(profiles).toEqual(['People/A.password | password: props.withKey is not known statically', 'People/C.password']);
  });
});

describe('CDK source extractor: control flow', () => {
  it('skips false branches, and makes undecidable ones of unknown existence', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    const enabled = false;\n    const user = iam.User.fromUserName(this, 'U', 'ana');\n" +
          "    if (enabled) new iam.AccessKey(this, 'Never', { user });\n" +
          "    if (!enabled) { new iam.AccessKey(this, 'Always', { user }); }\n" +
          "    if (props.withKey) {\n      new iam.AccessKey(this, 'Maybe', { user });\n    } else {\n      new iam.AccessKey(this, 'Otherwise', { user });\n    }\n" +
          "    const k = props.withKey && new iam.AccessKey(this, 'Short', { user });\n" +
          "    if (props.userName === 'x') return;\n    new iam.AccessKey(this, 'After', { user });\n",
      ),
    });
    expect(keys).toEqual([
      'People/Always | name ana | Active',
      'People/Maybe | name ana | Active | created only if props.withKey, which is not known statically',
      'People/Otherwise | name ana | Active | created only if not props.withKey, which is not known statically',
      'People/Short | name ana | Active | created only if props.withKey, which is not known statically',
      "People/After | name ana | Active | created only if the early exit at line 17 of app.ts (when props.userName === 'x') is not taken, which is not known statically",
    ]);
  });

  it('creates nothing in a module-private function or class that nothing in its file names', () => {
    const { keys } = summary({
      'app.ts':
        HEADER +
        "function unused(scope: cdk.Stack) {\n  new iam.CfnAccessKey(scope, 'Dead', { userName: 'root' });\n}\n" +
        "const unusedArrow = (scope: cdk.Stack) => new iam.CfnAccessKey(scope, 'DeadArrow', { userName: 'root' });\n" +
        "class UnusedStack extends cdk.Stack {\n  constructor(scope: cdk.App) {\n    super(scope, 'U');\n    new iam.CfnAccessKey(this, 'DeadClass', { userName: 'root' });\n  }\n}\n" +
        "function passed(scope: cdk.Stack) {\n  new iam.CfnAccessKey(scope, 'Passed', { userName: 'ana' });\n}\n" +
        'export const hooks = [passed];\n' +
        "export function library(scope: cdk.Stack) {\n  new iam.CfnAccessKey(scope, 'Library', { userName: 'bob' });\n}\n" +
        "export default class DefaultStack extends cdk.Stack {\n  constructor(scope: cdk.App) {\n    super(scope, 'D');\n    new iam.CfnAccessKey(this, 'Default', { userName: 'carl' });\n  }\n}\n",
    });
    // Not exported and never named again: no code can call them, so they create nothing (count 0).
    // Referenced (passed as a value) or exported bodies may be called: walked once on their own.
    expect(keys).toEqual(['app/Passed | name ana | Active', 'app/Library | name bob | Active', 'DefaultStack/Default | name carl | Active']);
  });

  it('takes the matching case of a switch on a known value, falling through to the next break, else default', () => {
    const files = {
      'app.ts': stack(
        "    const team: string = 'ops';\n" +
          '    switch (team) {\n' +
          "      case 'dev':\n        new iam.CfnAccessKey(this, 'Dev', { userName: 'dev' });\n        break;\n" +
          "      case 'ops':\n        new iam.CfnAccessKey(this, 'Ops', { userName: 'ops' });\n" +
          "      case 'qa': {\n        new iam.CfnAccessKey(this, 'Qa', { userName: 'qa' });\n        break;\n      }\n" +
          "      default:\n        new iam.CfnAccessKey(this, 'Other', { userName: 'other' });\n" +
          '    }\n' +
          '    switch (1 + 1) {\n' +
          "      case 3:\n        new iam.CfnAccessKey(this, 'Three', { userName: 'three' });\n" +
          "      default:\n        new iam.CfnAccessKey(this, 'Default', { userName: 'd' });\n" +
          "      case 4:\n        if (props.withKey) break;\n        new iam.CfnAccessKey(this, 'Four', { userName: 'four' });\n" +
          '    }\n' +
          "    switch ('none') {\n      case 'x':\n        new iam.CfnAccessKey(this, 'X', { userName: 'x' });\n    }\n" +
          "    switch (props.userName) {\n      case 'a':\n        new iam.CfnAccessKey(this, 'A', { userName: 'a' });\n    }\n" +
          "    switch (team) {\n      case props.userName:\n        new iam.CfnAccessKey(this, 'B', { userName: 'b' });\n        break;\n      case 'ops':\n        new iam.CfnAccessKey(this, 'C', { userName: 'c' });\n    }\n",
      ),
    };
    expect(summary(files).keys).toEqual([
      'People/Ops | name ops | Active',
      'People/Qa | name qa | Active',
      'People/Default | name d | Active',
      'People/Four | name four | Active | created only if the early exit at line 27 of app.ts (when props.withKey) is not taken, which is not known statically',
      'People/A | name a | Active | created in one case of switch (props.userName), which credlint does not decide',
      // A case before the match that cannot be compared decides nothing: every case may run.
      'People/B | name b | Active | created in one case of switch (team), which credlint does not decide',
      'People/C | name c | Active | created in one case of switch (team), which credlint does not decide',
    ]);
    const keys = extract(files).unit?.accessKeys ?? [];
    expect(keys.slice(0, 3).map((k) => `${k.address} ${span(k.location)}`)).toEqual([
      'People/Ops 13:9-13:63',
      'People/Qa 15:9-15:61',
      'People/Default 25:9-25:65',
    ]);
  });

  it('expands loops over literal and const arrays, once per element', () => {
    const { users, keys } = summary({
      'app.ts': stack(
        "    const names = ['ana', 'bob'];\n" +
          '    for (const name of names) {\n      const user = new iam.User(this, `User-${name}`, { userName: name });\n      new iam.AccessKey(this, `Key-${name}`, { user });\n    }\n' +
          "    ['ops', 'ci'].forEach((team, i) => new iam.CfnAccessKey(this, 'Team', { userName: `${team}${i}` }));\n" +
          "    for (let i = 0; i < 2; i++) new iam.CfnAccessKey(this, `N${i}`, { userName: 'n' });\n" +
          "    for (const { who, off } of [{ who: 'x', off: true }, { who: 'y' }]) new iam.CfnAccessKey(this, who, { userName: who, status: off ? 'Inactive' : 'Active' });\n",
      ),
    });
    expect(users).toEqual(['People/User-ana | ana', 'People/User-bob | bob']);
    expect(keys).toEqual([
      'People/Key-ana | user People/User-ana | Active',
      'People/Key-bob | user People/User-bob | Active',
      'People/Team["ops"] | name ops0 | Active',
      'People/Team["ci"] | name ci1 | Active',
      'People/N0 | name n | Active',
      'People/N1 | name n | Active',
      'People/x | name x | Inactive',
      'People/y | name y | Active',
    ]);
  });

  it('keeps the elements .filter keeps, users with their identity, and leaves the result unknown on an unknown test', () => {
    const result = summary({
      'app.ts': stack(
        "    const people = [{ name: 'ana', key: true }, { name: 'bob', key: false }, { name: 'root', key: true }];\n" +
          '    const users = people.map((p) => ({ p, user: new iam.User(this, p.name, { userName: p.name }) }));\n' +
          "    users.filter(({ p }) => p.key && p.name !== 'root').forEach(({ user }, i) => new iam.AccessKey(this, `Key${i}`, { user }));\n" +
          "    people.filter((p, i) => i > 0 && p.name === props.only).forEach((p) => new iam.CfnAccessKey(this, 'Only', { userName: p.name }));\n",
      ),
    });
    expect(result.keys).toEqual([
      'People/Key0 | user People/ana | Active',
      'People/Only | ? p.name is not known statically | Active | created once per element of people.filter((p, i) => i > 0 && p.name === props.only), which is not known statically',
    ]);
  });

  it('evaluates slice, at, toReversed, find, findLast, some and every of a known array, users with their identity', () => {
    const result = summary({
      'app.ts': stack(
        "    const names = ['root', 'ana', 'bob', 'cy'];\n" +
          '    const users = names.map((n) => new iam.User(this, n, { userName: n }));\n' +
          "    for (const u of users.slice(1, -1)) new iam.AccessKey(this, 'S', { user: u });\n" +
          "    new iam.CfnAccessKey(this, 'At', { userName: names.at(-1) ?? 'none' });\n" +
          "    new iam.CfnAccessKey(this, 'Rev', { userName: names.toReversed()[0] });\n" +
          "    new iam.AccessKey(this, 'Find', { user: users.find((u, i) => i > 0 && names[i].length === 3) });\n" +
          "    new iam.CfnAccessKey(this, 'Last', { userName: `${names.findLast((n) => n.length === 3)}` });\n" +
          "    new iam.CfnAccessKey(this, 'None', { userName: `${names.find((n) => n === 'zed')}` });\n" +
          "    if (names.some((n) => n === 'root')) new iam.CfnAccessKey(this, 'Some', { userName: 'some' });\n" +
          "    if (names.every((n) => n.length > 2)) new iam.CfnAccessKey(this, 'Every', { userName: 'every' });\n" +
          "    new iam.CfnAccessKey(this, 'Open', { userName: `${names.find((n) => n === props.who)}` });\n" +
          "    new iam.CfnAccessKey(this, 'Past', { userName: `${names.slice(props.from)[0]}` });\n",
      ),
    });
    expect(result.keys).toEqual([
      'People/S[0] | user People/ana | Active',
      'People/S[1] | user People/bob | Active',
      'People/At | name cy | Active',
      'People/Rev | name cy | Active',
      'People/Find | user People/ana | Active',
      'People/Last | name bob | Active',
      'People/None | name undefined | Active',
      'People/Some | name some | Active',
      'People/Open | ? names.find((n) => n === props.who) is not known statically | Active',
      'People/Past | ? names.slice(props.from)[0] is not known statically | Active',
    ]);
  });

  it('evaluates indexOf and lastIndexOf of a known array: strict equality, users by identity, holes skipped', () => {
    const result = summary({
      'app.ts': stack(
        "    const machines = ['git01', 'mail01', 'sql01'];\n" +
          '    machines.forEach((m) => {\n' +
          '      const user = new iam.User(this, `${m}User`);\n' +
          '      if (machines.indexOf(m) === 0) new iam.AccessKey(this, `${m}First`, { user });\n' +
          '    });\n' +
          "    const users = ['ana', 'bob'].map((n) => new iam.User(this, n, { userName: n }));\n" +
          "    new iam.CfnAccessKey(this, 'Bob', { userName: `${users.indexOf(users[1])}` });\n" +
          "    const tags = ['a', 'b', 'a'];\n" +
          "    new iam.CfnAccessKey(this, 'Tags', { userName: `${tags.lastIndexOf('a')},${tags.indexOf('a', 1)},${tags.indexOf('x')},${[1, , 3].indexOf(undefined)}` });\n" +
          "    new iam.CfnAccessKey(this, 'Open', { userName: `${machines.indexOf(props.machine)}` });\n",
      ),
    });
    expect(result.keys).toEqual([
      'People/git01First | user People/git01User | Active',
      'People/Bob | name 1 | Active',
      'People/Tags | name 2,2,-1,-1 | Active',
      'People/Open | ? props.machine is not known statically | Active',
    ]);
  });

  it('evaluates includes of a known array by SameValueZero: a user is found only at its own place, a string never equals a user', () => {
    const result = summary({
      'app.ts': stack(
        "    const ana = new iam.User(this, 'Ana', { userName: 'ana' });\n" +
          "    const bob = new iam.User(this, 'Bob', { userName: 'bob' });\n" +
          '    const rotating = [ana];\n' +
          '    for (const user of [ana, bob]) {\n' +
          '      if (rotating.includes(user)) new iam.AccessKey(this, `${user.node.id}Next`, { user });\n' +
          '    }\n' +
          "    new iam.CfnAccessKey(this, 'Mixed', { userName: `${['ana'].includes(ana)},${[ana, NaN].includes(NaN)},${[, 1].includes(undefined)}` });\n" +
          "    new iam.CfnAccessKey(this, 'Objects', { userName: `${[{ a: 1 }].includes(props.x)}` });\n",
      ),
    });
    expect(result.keys).toEqual([
      'People/AnaNext | user People/Ana | Active',
      'People/Mixed | name false,true,true | Active',
      'People/Objects | ? props.x is not known statically | Active',
    ]);
  });

  it('links keys to users built by .map, per element, through forEach and for...of', () => {
    const files = {
      'app.ts': stack(
        "    const users = ['carl', 'dan'].map((n) => new iam.User(this, n, { userName: n, password: cdk.SecretValue.unsafePlainText('x') }));\n" +
          '    users.forEach((u, i) => new iam.AccessKey(this, `Key${i}`, { user: u }));\n' +
          "    for (const u of users) new iam.AccessKey(this, 'K', { user: u });\n" +
          "    const upper = ['eve'].map((n) => {\n      return n.toUpperCase();\n    });\n" +
          "    new iam.CfnAccessKey(this, 'Upper', { userName: upper[0] });\n" +
          "    const maybe = ['fay'].map((n) => (props.withKey ? n : 'x'));\n" +
          "    new iam.CfnAccessKey(this, 'Maybe', { userName: maybe[0] });\n",
      ),
    };
    const result = summary(files);
    expect(result.users).toEqual(['People/carl | carl', 'People/dan | dan']);
    expect(result.profiles).toEqual(['People/carl.password', 'People/dan.password']);
    // Every return known: the array of them; one unknown return: the whole result stays unknown, as before.
    expect(result.keys).toEqual([
      'People/Key0 | user People/carl | Active',
      'People/Key1 | user People/dan | Active',
      'People/K[0] | user People/carl | Active',
      'People/K[1] | user People/dan | Active',
      'People/Upper | name EVE | Active',
      'People/Maybe | ? maybe[0] is not known statically | Active',
    ]);
    const keys = extract(files).unit?.accessKeys ?? [];
    expect(keys.slice(0, 4).map((k) => `${span(k.location)} ${span(k.user.location)}`)).toEqual([
      '8:29-8:76 8:66-8:73',
      '8:29-8:76 8:66-8:73',
      '9:28-9:69 9:59-9:66',
      '9:28-9:69 9:59-9:66',
    ]);
  });

  it('makes keys in loops it cannot expand of unknown existence', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    for (const name of props.userName.split(',')) new iam.CfnAccessKey(this, name, { userName: name });\n" +
          "    while (Math.random() > 0.5) new iam.CfnAccessKey(this, 'W', { userName: 'w' });\n",
      ),
    });
    expect(keys).toEqual([
      "People/name | ? name is not known statically | Active | created once per element of props.userName.split(','), which is not known statically",
      'People/W | name w | Active | created in a loop that credlint does not expand',
    ]);
  });

  it('makes keys in callbacks passed to calls it does not follow of unknown existence (they may run any number of times)', () => {
    const { keys } = summary({
      'app.ts': stack(
        "    const user = iam.User.fromUserName(this, 'U', 'bob');\n" +
          '    Array.from({ length: Number(process.env.KEYS) }, (_, i) => new iam.AccessKey(this, `Key${i}`, { user }));\n' +
          "    (() => new iam.AccessKey(this, 'Once', { user }))();\n",
      ),
    });
    expect(keys).toEqual([
      'People/`Key${i}` | name bob | Active | created in a callback passed to Array.from(...), which credlint does not follow',
      'People/Once | name bob | Active',
    ]);
  });

  it('counts a key made in the same repeated code as its user once per user, and any other repeated key as several', () => {
    const { unit } = extract({
      'app.ts': stack(
        "    for (const name of props.userName.split(',')) {\n" +
          '      const user = new iam.User(this, `${name}User`);\n' +
          '      new iam.AccessKey(this, `${name}Key`, { user });\n' +
          "      for (const n of props.userName.split('-')) new iam.AccessKey(this, `${name}${n}Inner`, { user });\n" +
          '    }\n' +
          "    const shared = new iam.User(this, 'Shared');\n" +
          "    for (const name of props.userName.split(',')) new iam.AccessKey(this, `${name}Shared`, { user: shared });\n" +
          '    [props.userName].forEach((name) => {\n' +
          "      const named = new iam.CfnUser(this, 'Named', { userName: `smtp-${name}` });\n" +
          "      new iam.CfnAccessKey(this, 'NamedKey', { userName: named.userName });\n" +
          '    });\n' +
          '    Array.from({ length: Number(process.env.KEYS) }, () => {\n' +
          "      new iam.CfnUser(this, 'Fixed', { userName: 'fixed' });\n" +
          "      new iam.CfnAccessKey(this, 'FixedKey', { userName: 'FIXED' });\n" +
          '    });\n',
      ),
    });
    expect((unit?.accessKeys ?? []).map((k) => `${k.address}${k.instanceCountUnknown ? ' (several)' : ''}`)).toEqual([
      'People/`${name}Key`',
      'People/`${name}${n}Inner` (several)',
      'People/`${name}Shared` (several)',
      // A name that is unknown links by object (`generated-user-name`); a known one by the name.
      'People/NamedKey',
      'People/FixedKey',
    ]);
  });

  it('counts the key a user subclass makes for itself once per instance, in a callback it does not follow', () => {
    const { unit } = extract({
      'keyed.ts': `${HEADER}export class KeyedUser extends iam.User {\n  constructor(scope: cdk.Stack, id: string, props?: iam.UserProps) {\n    super(scope, id, props);\n    new iam.CfnAccessKey(this, 'Key', { userName: this.userName });\n  }\n}\n`,
      'keyed.test.ts': `${HEADER}import { KeyedUser } from './keyed';\ndescribe('KeyedUser', () => {\n  test('named', () => new KeyedUser(new cdk.Stack(), 'A', { userName: 'a' }));\n  test('generated', () => new KeyedUser(new cdk.Stack(), 'B'));\n});\n`,
    });
    expect((unit?.accessKeys ?? []).map((k) => `${k.existenceUnknown ?? ''}${k.instanceCountUnknown ? ' (several)' : ''}`)).toEqual([
      'created in a callback passed to describe(...), which credlint does not follow',
      'created in a callback passed to describe(...), which credlint does not follow',
    ]);
  });
});

describe('CDK source extractor: files', () => {
  it('links across files through relative imports (.js specifiers, re-exports, namespaces)', () => {
    const result = summary({
      'lib/users.ts': `${HEADER}export const app = new cdk.App();\nexport const stack = new cdk.Stack(app, 'People');\nexport const ana = new iam.User(stack, 'Ana', { userName: 'ana' });\nexport const OPS = 'ops';\n`,
      'lib/index.ts': "export * from './users.js';\n",
      'bin/keys.ts': `${HEADER}import { ana, stack } from '../lib/index.js';\nimport * as users from '../lib/users';\nnew iam.AccessKey(stack, 'AnaKey', { user: ana });\nnew iam.CfnAccessKey(stack, 'OpsKey', { userName: users.OPS });\n`,
    });
    expect(result.users).toEqual(['People/Ana | ana']);
    expect(result.keys).toEqual(['People/AnaKey | user People/Ana | Active', 'People/OpsKey | name ops | Active']);
  });

  it('follows a class reached through a namespace import of a namespace re-export (`lib.keyed.KeyedUser`)', () => {
    const result = summary({
      'src/keyed.ts': `${HEADER}export class KeyedUser extends iam.User {\n  constructor(scope: cdk.Stack, id: string, props?: iam.UserProps) {\n    super(scope, id, props);\n    new iam.AccessKey(this, 'Key', { user: this });\n  }\n}\n`,
      'src/index.ts': "export * as keyed from './keyed';\n",
      'bin/app.ts': `${HEADER}import * as lib from '../src';\nconst stack = new cdk.Stack(new cdk.App(), 'S');\nnew lib.keyed.KeyedUser(stack, 'Ops', { userName: 'ops' });\n`,
    });
    expect(result.users).toEqual(['S/Ops | ops']);
    expect(result.keys).toEqual(['KeyedUser/Key | user S/Ops | Active']);
  });

  it('applies escape hatches written after a construct to its Status and LoginProfile', () => {
    const result = summary({
      'app.ts':
        `${HEADER}const s = new cdk.Stack(new cdk.App(), 'S');\n` +
        "const k1 = new iam.CfnAccessKey(s, 'K1', { userName: 'a' });\nk1.status = 'Inactive';\n" +
        "const k2 = new iam.AccessKey(s, 'K2', { user: iam.User.fromUserName(s, 'I', 'a') });\n(k2.node.defaultChild as iam.CfnAccessKey).addPropertyOverride('Status', 'Inactive');\n" +
        "const k3 = new iam.CfnAccessKey(s, 'K3', { userName: 'a', status: 'Inactive' });\nk3.addPropertyDeletionOverride('Status');\n" +
        "const k4 = new iam.CfnAccessKey(s, 'K4', { userName: 'a' });\nif (process.env.ROTATE) k4.addOverride('Properties.Status', 'Inactive');\n" +
        "const u1 = new iam.User(s, 'U1', { userName: 'u1' });\n(u1.node.defaultChild as iam.CfnUser).loginProfile = { password: 'x' };\n" +
        "const u2 = new iam.CfnUser(s, 'U2', { userName: 'u2' });\nu2.addPropertyOverride('LoginProfile.Password', 'x');\n" +
        "const u3 = new iam.CfnUser(s, 'U3', { userName: 'u3', loginProfile: { password: 'x' } });\nu3.addPropertyDeletionOverride('LoginProfile');\n" +
        "const u4 = new iam.CfnUser(s, 'U4', { userName: 'u4' });\n[1].some(() => u4.addPropertyOverride('LoginProfile', { Password: 'x' }));\n" +
        "const u5 = new iam.CfnUser(s, 'U5', { userName: 'u5' });\n[1].forEach(() => u5.addPropertyOverride('LoginProfile', { Password: 'x' }));\n" +
        "const other = new iam.CfnAccessKey(s, 'K5', { userName: 'a' });\nk1.addPropertyOverride('Status', 'Active');\n",
    });
    expect(result.keys).toEqual([
      'S/K1 | name a | Active',
      'S/K2 | name a | Inactive',
      'S/K3 | name a | Active',
      "S/K4 | name a | ? k4.addOverride('Properties.Status', 'Inactive'); may change its Status",
      'S/K5 | name a | Active',
    ]);
    expect(result.profiles).toEqual([
      'S/U1.password',
      'S/U2.loginProfile',
      "S/U4.loginProfile | u4.addPropertyOverride('LoginProfile', { Password:… }) may add it",
      // `forEach` over a known array runs its callback once per element (`loop-runs.ts`).
      'S/U5.loginProfile',
    ]);
  });

  it('takes what an Aspect may change of keys and users as unknown, whichever construct it visits', () => {
    const result = summary({
      'aspects.ts':
        `${HEADER}export class Deactivate implements cdk.IAspect {\n  visit(node: IConstruct): void {\n` +
        "    if (node instanceof iam.CfnAccessKey && node.node.id === 'Old') node.status = 'Inactive';\n  }\n}\n" +
        'export class Versioning implements cdk.IAspect {\n  visit(node: IConstruct): void {\n' +
        "    if (node instanceof s3.CfnBucket) node.addPropertyOverride('Status', 'Enabled');\n  }\n}\n",
      'app.ts':
        `${HEADER}import { Deactivate, Versioning } from './aspects';\nconst app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\n` +
        "new iam.CfnAccessKey(s, 'Old', { userName: 'a' });\n" +
        "new iam.CfnUser(s, 'U', { userName: 'u', loginProfile: { password: 'x' } });\n" +
        'cdk.Aspects.of(app).add(new Deactivate());\ncdk.Aspects.of(app).add(new Versioning());\n' +
        "cdk.Aspects.of(s).add({\n  visit: (node) => {\n    if (node instanceof iam.CfnUser && node.node.id !== 'Kept') node.addPropertyDeletionOverride('LoginProfile');\n  },\n});\n",
    });
    expect(result.keys).toEqual(["S/Old | name a | ? the Aspect Deactivate (node.status = 'Inactive') may change its Status"]);
    expect(result.profiles).toEqual([
      "S/U.loginProfile | the Aspect passed to Aspects.of(...).add (node.addPropertyDeletionOverride('LoginProfile')) may remove it",
    ]);
  });

  it('takes a CloudFormation condition put on a key or user after construction as unknown existence', () => {
    const result = summary({
      'app.ts':
        `${HEADER}const s = new cdk.Stack(new cdk.App(), 'S');\nconst prod = new cdk.CfnCondition(s, 'Prod', {});\n` +
        "const k1 = new iam.AccessKey(s, 'K1', { user: iam.User.fromUserName(s, 'I', 'a') });\n(k1.node.defaultChild as iam.CfnAccessKey).cfnOptions.condition = prod;\n" +
        "const k2 = new iam.CfnAccessKey(s, 'K2', { userName: 'a' });\nk2.addOverride('Condition', 'Prod');\n" +
        "const k3 = new iam.CfnAccessKey(s, 'K3', { userName: 'a' });\nk3.addOverride('Condition', 'Prod');\nk3.addDeletionOverride('Condition');\n" +
        "const k4 = new iam.CfnAccessKey(s, 'K4', { userName: 'a' });\nk4.cfnOptions.condition = undefined;\n" +
        "const k5 = new iam.CfnAccessKey(s, 'K5', { userName: 'a' });\nk1.addOverride('Condition', 'Prod');\n" +
        "const u1 = new iam.CfnUser(s, 'U1', { userName: 'u1', loginProfile: { password: 'x' } });\nu1.cfnOptions.condition = prod;\n",
    });
    expect(result.keys).toEqual([
      // In source order: the later override decides.
      "S/K1 | name a | Active | k1.addOverride('Condition', 'Prod'); puts it under a CloudFormation condition, which is known only at deploy time",
      "S/K2 | name a | Active | k2.addOverride('Condition', 'Prod'); puts it under a CloudFormation condition, which is known only at deploy time",
      'S/K3 | name a | Active',
      'S/K4 | name a | Active',
      'S/K5 | name a | Active',
    ]);
    expect(result.users).toEqual(['S/U1 | u1 | u1.cfnOptions.condition = prod; puts it under a CloudFormation condition, which is known only at deploy time']);
    expect(result.profiles).toEqual([
      'S/U1.loginProfile | u1.cfnOptions.condition = prod; puts it under a CloudFormation condition, which is known only at deploy time',
    ]);
  });

  it('takes a condition an Aspect may put on keys or users as unknown existence of each', () => {
    const result = summary({
      'app.ts':
        `${HEADER}const app = new cdk.App();\nconst s = new cdk.Stack(app, 'S');\nconst prod = new cdk.CfnCondition(s, 'Prod', {});\n` +
        "new iam.CfnAccessKey(s, 'K', { userName: 'a' });\nnew iam.CfnUser(s, 'U', { userName: 'u' });\n" +
        'cdk.Aspects.of(app).add({\n  visit: (node) => {\n    if (node instanceof iam.CfnAccessKey) node.cfnOptions.condition = prod;\n  },\n});\n',
    });
    expect(result.keys).toEqual([
      'S/K | name a | Active | the Aspect passed to Aspects.of(...).add (node.cfnOptions.condition = prod) puts it under a CloudFormation condition, which is known only at deploy time',
    ]);
    expect(result.users).toEqual(['S/U | u']);
  });

  it('marks a construct of code that may run any number of times as possibly several instances', () => {
    const counts = (body: string) =>
      (extract({ 'app.ts': `${HEADER}const s = new cdk.Stack(new cdk.App(), 'S');\n${body}\n` }).unit?.accessKeys ?? []).map(
        (k) => k.instanceCountUnknown === true,
      );
    expect(counts("Array.from({ length: Number(process.env.KEYS) }, (_, i) => new iam.CfnAccessKey(s, `K${i}`, { userName: 'a' }));")).toEqual([true]);
    expect(counts("for (const n of Object.keys(process.env)) new iam.CfnAccessKey(s, n, { userName: 'a' });")).toEqual([true]);
    expect(counts("let n = 0;\nwhile (n++ < 2) new iam.CfnAccessKey(s, `K${n}`, { userName: 'a' });")).toEqual([true]);
    // Once at most: an undecidable condition, a loop expanded element by element.
    expect(counts("if (process.env.KEY) new iam.CfnAccessKey(s, 'K', { userName: 'a' });")).toEqual([false]);
    expect(counts("for (const n of ['x', 'y']) new iam.CfnAccessKey(s, n, { userName: 'a' });")).toEqual([false, false]);
    expect(counts("Array.from({ length: 2 }, (_, i) => new iam.CfnAccessKey(s, `K${i}`, { userName: 'a' }));")).toEqual([false, false]);
  });

  it('names constructs with the same address, line and column in two files by their files', () => {
    const file = `${HEADER}const stack = new cdk.Stack(new cdk.App(), 'S');\nnew iam.CfnAccessKey(stack, 'K', { userName: 'ops' });\n`;
    const { keys } = summary({ 'app-a/lib/s.ts': file, 'app-b/lib/s.ts': file });
    expect(keys).toEqual(['S/K@app-a/lib/s.ts:4:1 | name ops | Active', 'S/K@app-b/lib/s.ts:4:1 | name ops | Active']);
  });

  it('reports the first syntax error of a file at its position and analyses the other files', () => {
    const result = summary({
      'broken.ts': `${HEADER}new iam.CfnAccessKey(s, 'A', { userName: 'a' );\nconst = 1;\n`,
      'good.ts': `${HEADER}new iam.CfnAccessKey(s, 'B', { userName: 'b' });\n`,
    });
    expect(result.diagnostics).toEqual(["3:46-3:47 TypeScript syntax error: ',' expected."]);
    expect(result.keys).toEqual(['good/B | name b | Active']);
  });

  it('gives no unit for files without IAM constructs', () => {
    expect(extract({ 'app.ts': `${HEADER}new cdk.App();\n` }).unit).toBeUndefined();
  });
});
