import { describe, expect, it } from 'vitest';
import { rootUserAccessKey as rule } from '../../../rules/root-user-access-key/rule.js';
import { ModelBuilder, runRule } from './model-builder.js';

const rootKey = (key: string, user: string) =>
  `Access key ${key} is for user "${user}": root access keys must not exist, and infrastructure code cannot create one for the real root user, so this is a mistake or an IAM user literally named "${user}".`;

describe('root-user-access-key on built units', () => {
  it('reports a key of a user named root, at the key, with the user as related location', () => {
    const model = new ModelBuilder();
    const user = model.user('admin', 'root');
    const key = model.accessKey('k', user);
    const { findings, failures } = runRule(rule, model);
    expect(failures).toEqual([]);
    expect(findings).toEqual([
      {
        ruleId: 'root-user-access-key',
        severity: 'error',
        messageId: 'rootKey',
        data: { key: 'aws_iam_access_key.k', user: 'root' },
        message: rootKey('aws_iam_access_key.k', 'root'),
        location: {
          file: '/repo/main.tf',
          range: { start: { line: 5, column: 1 }, end: { line: 5, column: 36 } },
          logicalPath: 'resource.aws_iam_access_key.k',
        },
        related: [{ location: user.location, message: 'IAM user aws_iam_user.admin' }],
        address: 'aws_iam_access_key.k',
        unknown: false,
        resource: key,
      },
    ]);
  });

  it('matches root and <root_account> exactly, in any case, and names the user as written first', () => {
    const model = new ModelBuilder();
    model.accessKey('a', 'Root');
    model.accessKey('b', 'root');
    model.accessKey('c', '<ROOT_ACCOUNT>');
    expect(runRule(rule, model).findings.map((f) => f.message)).toEqual([
      rootKey('aws_iam_access_key.c', '<ROOT_ACCOUNT>'),
      rootKey('aws_iam_access_key.a', 'Root'),
      rootKey('aws_iam_access_key.b', 'Root'),
    ]);
  });

  it('says nothing of groot, chroot, rootless or a user without a name', () => {
    const model = new ModelBuilder();
    for (const name of ['groot', 'chroot', 'rootless', 'root ']) model.accessKey(name.trim(), name);
    model.accessKey('generated', model.user('root'));
    expect(runRule(rule, model)).toEqual({ findings: [], failures: [] });
  });

  it('with ignoreInactive, warns of a root key whose status is unknown, at the status, only when asked', () => {
    const model = new ModelBuilder();
    const key = model.accessKey('k', 'root', { status: { unknown: 'var.status has no value' } });
    const options = { ignoreInactive: true };
    expect(runRule(rule, model, { options }).findings).toEqual([]);
    const [finding, ...rest] = runRule(rule, model, { reportUnknown: true, options }).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'warning',
      unknown: true,
      messageId: 'unknownStatus',
      message: 'Access key aws_iam_access_key.k is for user "root" and may be active: var.status has no value.',
      address: 'aws_iam_access_key.k',
      location: { logicalPath: 'resource.aws_iam_access_key.k.status' },
      resource: key,
    });
    // Without the option every root key is an error, whatever its status.
    expect(runRule(rule, model, { reportUnknown: true }).findings.map((f) => [f.severity, f.messageId])).toEqual([['error', 'rootKey']]);
  });

  it('reports an inactive root key unless ignoreInactive is set', () => {
    const model = new ModelBuilder();
    model.accessKey('off', 'root', { status: 'Inactive' });
    model.accessKey('on', 'root');
    expect(runRule(rule, model).findings.map((f) => f.address)).toEqual(['aws_iam_access_key.off', 'aws_iam_access_key.on']);
    expect(runRule(rule, model, { options: { ignoreInactive: true } }).findings.map((f) => f.address)).toEqual(['aws_iam_access_key.on']);
  });

  it('never shows a name that came from a sensitive value', () => {
    const undeclared = new ModelBuilder();
    undeclared.accessKey('k', { sensitive: 'root' });
    expect(runRule(rule, undeclared).findings.map((f) => f.data['user'])).toEqual(['(sensitive value)']);
    const declared = new ModelBuilder();
    declared.accessKey('k', declared.user('admin', { sensitive: 'root' }));
    expect(runRule(rule, declared).findings.map((f) => f.data['user'])).toEqual(['aws_iam_user.admin (its name is a sensitive value)']);
  });

  it('takes the construct path from the key and names its creation site first', () => {
    const model = new ModelBuilder('/repo/app.ts', 'cdk-source');
    const createdAt = model.at(7);
    model.accessKey('k', 'root', { constructPath: 'App/RootKey', createdAt });
    const [finding] = runRule(rule, model).findings;
    expect(finding?.constructPath).toBe('App/RootKey');
    expect(finding?.related).toEqual([{ location: createdAt, message: 'aws_iam_access_key.k is created here' }]);
  });

  describe('with --report-unknown', () => {
    it('warns of a key of a declared user whose name is unknown, at the key, only when asked', () => {
      const model = new ModelBuilder();
      const user = model.user('u', { unknown: 'var.who has no value' });
      const key = model.accessKey('k', user);
      expect(runRule(rule, model).findings).toEqual([]);
      expect(runRule(rule, model, { reportUnknown: true }).findings).toEqual([
        {
          ruleId: 'root-user-access-key',
          severity: 'warning',
          messageId: 'unknownLink',
          data: { key: 'aws_iam_access_key.k', reason: 'var.who has no value' },
          message: 'Cannot tell whether access key aws_iam_access_key.k is for the root user: var.who has no value.',
          location: key.location,
          related: [{ location: user.location, message: 'IAM user aws_iam_user.u' }],
          address: 'aws_iam_access_key.k',
          unknown: true,
          resource: key,
        },
      ]);
    });

    it('skips inactive keys of such a user with ignoreInactive', () => {
      const model = new ModelBuilder();
      const user = model.user('u', { unknown: 'var.who has no value' });
      model.accessKey('k', user, { status: 'Inactive' });
      expect(runRule(rule, model, { reportUnknown: true }).findings).toHaveLength(1);
      expect(runRule(rule, model, { reportUnknown: true, options: { ignoreInactive: true } }).findings).toEqual([]);
    });

    it('warns of a key whose user is unknown, or whose existence is unknown for a root user, but not for another user', () => {
      const model = new ModelBuilder();
      const noUser = model.accessKey('k', { unknown: 'var.who has no value' });
      const maybeRoot = model.accessKey('r', 'root', { existenceUnknown: 'count = var.n, and var.n has no value' });
      model.accessKey('o', 'ops', { existenceUnknown: 'count = var.n, and var.n has no value' });
      expect(runRule(rule, model, { reportUnknown: true }).findings.map((f) => [f.location, f.severity, f.message])).toEqual([
        [noUser.location, 'warning', 'Cannot tell whether access key aws_iam_access_key.k is for the root user: var.who has no value.'],
        [maybeRoot.location, 'warning', 'Cannot tell whether access key aws_iam_access_key.r is for the root user: count = var.n, and var.n has no value.'],
      ]);
    });

    it('with ignoreInactive, says nothing of an Inactive key whose user or existence is unknown', () => {
      const model = new ModelBuilder();
      model.accessKey('k', { unknown: 'var.who has no value' }, { status: 'Inactive' });
      model.accessKey('r', 'root', { status: 'Inactive', existenceUnknown: 'count = var.n, and var.n has no value' });
      expect(runRule(rule, model, { reportUnknown: true }).findings.map((f) => f.address)).toEqual(['aws_iam_access_key.k', 'aws_iam_access_key.r']);
      expect(runRule(rule, model, { reportUnknown: true, options: { ignoreInactive: true } }).findings).toEqual([]);
    });
  });
});
