import { describe, expect, it } from 'vitest';
import { consoleUserWithAccessKey as rule } from '../../../rules/console-user-with-access-key/rule.js';
import { ModelBuilder, runRule } from './model-builder.js';

describe('console-user-with-access-key on built units', () => {
  it('reports an active key of a user with a login profile, at the key, with the profile and user as related locations', () => {
    const model = new ModelBuilder();
    const user = model.user('ops', 'ops');
    const profile = model.loginProfile('console', 'ops');
    const key = model.accessKey('k', 'ops');
    const { findings, failures } = runRule(rule, model);
    expect(failures).toEqual([]);
    expect(findings).toEqual([
      {
        ruleId: 'console-user-with-access-key',
        severity: 'error',
        messageId: 'consoleUserWithKey',
        data: { user: '"ops"', profile: 'aws_iam_user_login_profile.console', key: 'aws_iam_access_key.k' },
        message: 'IAM user "ops" has a console password (aws_iam_user_login_profile.console) and an active access key (aws_iam_access_key.k).',
        location: {
          file: '/repo/main.tf',
          range: { start: { line: 9, column: 1 }, end: { line: 9, column: 36 } },
          logicalPath: 'resource.aws_iam_access_key.k',
        },
        related: [
          { location: profile.location, message: 'console login profile aws_iam_user_login_profile.console' },
          { location: user.location, message: 'IAM user aws_iam_user.ops' },
        ],
        address: 'aws_iam_access_key.k',
        unknown: false,
        resource: key,
      },
    ]);
  });

  it('joins by name case-insensitively and by reference to a user whose name is generated', () => {
    const byName = new ModelBuilder();
    byName.loginProfile('p', 'Ops');
    byName.accessKey('k', 'ops');
    expect(runRule(rule, byName).findings.map((f) => f.message)).toEqual([
      'IAM user "Ops" has a console password (aws_iam_user_login_profile.p) and an active access key (aws_iam_access_key.k).',
    ]);

    const byReference = new ModelBuilder();
    const generated = byReference.user('app');
    byReference.loginProfile('p', generated);
    byReference.accessKey('k', generated);
    expect(runRule(rule, byReference).findings.map((f) => f.message)).toEqual([
      'IAM user aws_iam_user.app has a console password (aws_iam_user_login_profile.p) and an active access key (aws_iam_access_key.k).',
    ]);
  });

  it('says nothing of an inactive key, of a key of another user, or of a profile without keys', () => {
    const inactive = new ModelBuilder();
    inactive.loginProfile('p', 'ops');
    inactive.accessKey('k', 'ops', { status: 'Inactive' });
    const otherUser = new ModelBuilder();
    otherUser.loginProfile('p', 'ops');
    otherUser.accessKey('k', 'ci');
    const noKey = new ModelBuilder();
    noKey.user('ops', 'ops');
    noKey.loginProfile('p', 'ops');
    for (const model of [inactive, otherUser, noKey]) expect(runRule(rule, model)).toEqual({ findings: [], failures: [] });
  });

  it('reports the first active key in source order and names the other keys as related, with their status when it is not active', () => {
    const model = new ModelBuilder();
    model.loginProfile('p', 'ops');
    const old = model.accessKey('old', 'ops', { status: 'Inactive' });
    const current = model.accessKey('current', 'ops');
    const [finding, ...rest] = runRule(rule, model).findings;
    expect(rest).toEqual([]);
    expect(finding?.location).toEqual(current.location);
    expect(finding?.address).toBe('aws_iam_access_key.current');
    expect(finding?.related.map((r) => r.message)).toEqual([
      'console login profile aws_iam_user_login_profile.p',
      'other access key aws_iam_access_key.old (not active)',
    ]);
    expect(finding?.related[1]?.location).toEqual(old.location);
  });

  it('says "initial user setup" when a plan creates the user, its profile and its key together', () => {
    const model = new ModelBuilder('/repo/plan.json', 'tf-plan');
    model.user('ops', 'ops', { plannedAction: 'create' });
    model.loginProfile('p', 'ops', { plannedAction: 'create' });
    model.accessKey('k', 'ops', { plannedAction: 'create' });
    expect(runRule(rule, model).findings.map((f) => [f.messageId, f.message])).toEqual([
      [
        'initialSetup',
        'IAM user "ops" is created in this plan with a console password (aws_iam_user_login_profile.p) and an active access key (aws_iam_access_key.k): a key created during initial user setup.',
      ],
    ]);
  });

  it('takes the construct path from the key and names its creation site first', () => {
    const model = new ModelBuilder('/repo/app.ts', 'cdk-source');
    model.loginProfile('p', 'ops');
    const createdAt = model.at(42);
    model.accessKey('k', 'ops', { constructPath: 'App/People/Key', createdAt });
    const [finding] = runRule(rule, model).findings;
    expect(finding?.constructPath).toBe('App/People/Key');
    expect(finding?.related[0]).toEqual({ location: createdAt, message: 'aws_iam_access_key.k is created here' });
  });

  describe('with --report-unknown', () => {
    it('warns at the unknown status of the only key of a console user, only when asked', () => {
      const model = new ModelBuilder();
      model.loginProfile('p', 'ops');
      const key = model.accessKey('k', 'ops', { status: { unknown: 'var.status has no value' } });
      expect(runRule(rule, model).findings).toEqual([]);
      const [finding, ...rest] = runRule(rule, model, { reportUnknown: true }).findings;
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({
        severity: 'warning',
        unknown: true,
        messageId: 'unknownStatus',
        message:
          'IAM user "ops" has a console password (aws_iam_user_login_profile.p) and access key aws_iam_access_key.k may be active: var.status has no value.',
        address: 'aws_iam_access_key.k',
      });
      // At the status attribute, not at the key's declaration.
      expect(finding?.location).toEqual({
        file: '/repo/main.tf',
        range: { start: { line: 7, column: 12 }, end: { line: 7, column: 21 } },
        logicalPath: 'resource.aws_iam_access_key.k.status',
      });
      expect(finding?.location).not.toEqual(key.location);
    });

    it('warns of a key whose user is unknown when the unit has a login profile, at the key', () => {
      const model = new ModelBuilder();
      model.loginProfile('p', 'ops');
      const key = model.accessKey('k', { unknown: 'var.who has no value' });
      const [finding, ...rest] = runRule(rule, model, { reportUnknown: true }).findings;
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({
        severity: 'warning',
        unknown: true,
        messageId: 'unknownLink',
        message: 'Cannot tell whether aws_iam_access_key.k belongs to a console user with an active access key: var.who has no value.',
        location: key.location,
        address: key.address,
        related: [],
      });
    });

    it('warns of a login profile whose user is unknown when the unit has a key', () => {
      const model = new ModelBuilder();
      const profile = model.loginProfile('p', { unknown: 'var.who has no value' });
      model.accessKey('k', 'ops');
      expect(runRule(rule, model, { reportUnknown: true }).findings.map((f) => [f.location, f.message])).toEqual([
        [profile.location, 'Cannot tell whether aws_iam_user_login_profile.p belongs to a console user with an active access key: var.who has no value.'],
      ]);
    });

    it('says nothing of an Inactive key whose user is unknown, nor of a login profile whose only possible keys are Inactive', () => {
      const model = new ModelBuilder();
      model.loginProfile('p', 'ops');
      model.accessKey('k', { unknown: 'var.who has no value' }, { status: 'Inactive' });
      expect(runRule(rule, model, { reportUnknown: true }).findings).toEqual([]);
      const profileOnly = new ModelBuilder();
      profileOnly.loginProfile('p', { unknown: 'var.who has no value' });
      profileOnly.accessKey('k', 'ops', { status: 'Inactive' });
      profileOnly.accessKey('u', { unknown: 'var.other has no value' }, { status: 'Inactive' });
      expect(runRule(rule, profileOnly, { reportUnknown: true }).findings).toEqual([]);
    });

    it('says nothing of an undecided key in a unit without login profiles', () => {
      const model = new ModelBuilder();
      model.accessKey('k', { unknown: 'var.who has no value' });
      model.accessKey('other', 'ops');
      expect(runRule(rule, model, { reportUnknown: true }).findings).toEqual([]);
    });

    it('keeps a decided finding at its own severity', () => {
      const model = new ModelBuilder();
      model.loginProfile('p', 'ops');
      model.accessKey('k', 'ops');
      expect(runRule(rule, model, { reportUnknown: true }).findings.map((f) => [f.severity, f.unknown])).toEqual([['error', false]]);
    });
  });
});
