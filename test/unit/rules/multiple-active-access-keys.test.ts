import { describe, expect, it } from 'vitest';
import { multipleActiveAccessKeys as rule } from '../../../rules/multiple-active-access-keys/rule.js';
import { ModelBuilder, runRule } from './model-builder.js';

describe('multiple-active-access-keys on built units', () => {
  it('reports the second active key of a user, at that key, naming the user and the other key as related', () => {
    const model = new ModelBuilder();
    const user = model.user('ops', 'ops');
    const first = model.accessKey('a', 'ops');
    const second = model.accessKey('b', 'ops');
    const { findings, failures } = runRule(rule, model);
    expect(failures).toEqual([]);
    expect(findings).toEqual([
      {
        ruleId: 'multiple-active-access-keys',
        severity: 'error',
        messageId: 'multipleActiveKeys',
        data: { user: '"ops"', count: 2, keys: 'aws_iam_access_key.a, aws_iam_access_key.b' },
        message: 'IAM user "ops" has 2 active access keys (aws_iam_access_key.a, aws_iam_access_key.b); at most one may be active.',
        location: {
          file: '/repo/main.tf',
          range: { start: { line: 9, column: 1 }, end: { line: 9, column: 36 } },
          logicalPath: 'resource.aws_iam_access_key.b',
        },
        related: [
          { location: user.location, message: 'IAM user aws_iam_user.ops' },
          { location: first.location, message: 'access key aws_iam_access_key.a' },
        ],
        address: 'aws_iam_access_key.b',
        unknown: false,
        resource: second,
      },
    ]);
  });

  it('counts every active key of one user, joined by name and by reference alike', () => {
    const model = new ModelBuilder();
    const user = model.user('ops', 'ops');
    model.accessKey('a', 'OPS');
    model.accessKey('b', user);
    model.accessKey('c', 'ops', { status: 'Inactive' });
    model.accessKey('d', 'ops');
    const [finding, ...rest] = runRule(rule, model).findings;
    expect(rest).toEqual([]);
    expect(finding?.message).toBe(
      'IAM user "ops" has 3 active access keys (aws_iam_access_key.a, aws_iam_access_key.b, aws_iam_access_key.d); at most one may be active.',
    );
    expect(finding?.address).toBe('aws_iam_access_key.b');
  });

  it('says nothing of one active key beside inactive or expired ones, or of keys of different users', () => {
    const rotated = new ModelBuilder();
    rotated.accessKey('old', 'ops', { status: 'Inactive' });
    rotated.accessKey('older', 'ops', { status: 'Expired' });
    rotated.accessKey('new', 'ops');
    const apart = new ModelBuilder();
    apart.accessKey('a', 'ops');
    apart.accessKey('b', 'ci');
    const generated = new ModelBuilder();
    const first = generated.user('one');
    const second = generated.user('two');
    generated.accessKey('a', first);
    generated.accessKey('b', second);
    for (const model of [rotated, apart, generated]) expect(runRule(rule, model)).toEqual({ findings: [], failures: [] });
  });

  it('takes the construct path from the second key', () => {
    const model = new ModelBuilder('/repo/app.ts', 'cdk-source');
    model.accessKey('a', 'ops', { constructPath: 'App/Ops/KeyA' });
    model.accessKey('b', 'ops', { constructPath: 'App/Ops/KeyB' });
    expect(runRule(rule, model).findings.map((f) => f.constructPath)).toEqual(['App/Ops/KeyB']);
  });

  it('does not count a key whose existence is unknown', () => {
    const model = new ModelBuilder();
    model.accessKey('a', 'ops');
    model.accessKey('b', 'ops', { existenceUnknown: 'count = var.n, and var.n has no value' });
    expect(runRule(rule, model).findings).toEqual([]);
  });

  describe('with --report-unknown', () => {
    it('warns at the unknown status of a key beside an active one, only when asked', () => {
      const model = new ModelBuilder();
      const active = model.accessKey('a', 'ops');
      model.accessKey('b', 'ops', { status: { unknown: 'var.status has no value' } });
      expect(runRule(rule, model).findings).toEqual([]);
      const [finding, ...rest] = runRule(rule, model, { reportUnknown: true }).findings;
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({
        severity: 'warning',
        unknown: true,
        messageId: 'unknownStatus',
        message: 'IAM user "ops" has an active access key and access key aws_iam_access_key.b may be active too: var.status has no value.',
        address: 'aws_iam_access_key.b',
        location: {
          file: '/repo/main.tf',
          range: { start: { line: 7, column: 12 }, end: { line: 7, column: 21 } },
          logicalPath: 'resource.aws_iam_access_key.b.status',
        },
        related: [{ location: active.location, message: 'active access key aws_iam_access_key.a' }],
      });
    });

    it('says nothing of an unknown status when no other key is active', () => {
      const model = new ModelBuilder();
      model.accessKey('a', 'ops', { status: 'Inactive' });
      model.accessKey('b', 'ops', { status: { unknown: 'var.status has no value' } });
      expect(runRule(rule, model, { reportUnknown: true }).findings).toEqual([]);
    });

    it('warns when no key is known to be active but two may be, at the second unknown status, only when asked', () => {
      const model = new ModelBuilder();
      model.accessKey('retired', 'ops', { status: 'Inactive' });
      const old = model.accessKey('old', 'ops', { status: { unknown: 'var.status has no value' } });
      model.accessKey('new', 'ops', { status: { unknown: 'var.status has no value' } });
      expect(runRule(rule, model).findings).toEqual([]);
      const [finding, ...rest] = runRule(rule, model, { reportUnknown: true }).findings;
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({
        severity: 'warning',
        unknown: true,
        messageId: 'unknownStatuses',
        message: 'IAM user "ops" may have 2 active access keys (aws_iam_access_key.old, aws_iam_access_key.new): var.status has no value.',
        address: 'aws_iam_access_key.new',
        location: { logicalPath: 'resource.aws_iam_access_key.new.status' },
        related: [{ location: old.location, message: 'access key aws_iam_access_key.old' }],
      });
    });

    it('warns of a key whose user or existence is unknown, at the key, when the unit has two keys at least', () => {
      const model = new ModelBuilder();
      model.accessKey('known', 'ops');
      const noUser = model.accessKey('k', { unknown: 'var.who has no value' });
      const maybe = model.accessKey('m', 'ops', { existenceUnknown: 'count = var.n, and var.n has no value' });
      expect(runRule(rule, model, { reportUnknown: true }).findings.map((f) => [f.location, f.address, f.message])).toEqual([
        [noUser.location, 'aws_iam_access_key.k', 'Cannot tell whether aws_iam_access_key.k is a second active access key of a user: var.who has no value.'],
        [
          maybe.location,
          'aws_iam_access_key.m',
          'Cannot tell whether aws_iam_access_key.m is a second active access key of a user: count = var.n, and var.n has no value.',
        ],
      ]);
    });

    it('says nothing of an Inactive key whose user or existence is unknown, nor counts Inactive keys as possible firsts', () => {
      const model = new ModelBuilder();
      model.accessKey('known', 'ops');
      model.accessKey('retired', 'ops', { status: 'Inactive' });
      model.accessKey('k', { unknown: 'var.who has no value' }, { status: 'Inactive' });
      model.accessKey('m', 'ops', { status: 'Inactive', existenceUnknown: 'count = var.n, and var.n has no value' });
      expect(runRule(rule, model, { reportUnknown: true }).findings).toEqual([]);
      // One key of unknown user that may be active, beside Inactive keys only: it would be the only active one.
      const alone = new ModelBuilder();
      alone.accessKey('retired', 'ops', { status: 'Inactive' });
      alone.accessKey('k', { unknown: 'var.who has no value' });
      expect(runRule(rule, alone, { reportUnknown: true }).findings).toEqual([]);
    });

    it('says nothing of the only key of a unit, even beside a login profile whose user is unknown', () => {
      const model = new ModelBuilder();
      model.loginProfile('p', { unknown: 'var.who has no value' });
      model.accessKey('k', { unknown: 'var.who has no value' });
      expect(runRule(rule, model, { reportUnknown: true }).findings).toEqual([]);
    });
  });
});
