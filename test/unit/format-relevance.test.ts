/**
 * The prefilter's seed words are derived from what the rules report (`RuleMeta.reports`): every
 * format that claims files for a rule has words for each kind the rule reports, and the derivation
 * gives each format the words the prefilter has always searched for.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { formats } from '../../src/formats/index.js';
import { reportedKinds, seedWords } from '../../src/formats/relevance.js';
import type { ResourceKind } from '../../src/core/rule-meta.js';
import type { CredentialResource } from '../../src/model/model.js';

describe('relevance words per reported kind', () => {
  it('the kinds rules may declare are exactly the kinds the model holds', () => {
    // Checked by the type checker (`npm run typecheck` covers the tests): core declares the kinds
    // without importing the model, so this keeps the two lists equal.
    expectTypeOf<ResourceKind>().toEqualTypeOf<CredentialResource['kind']>();
  });

  it('every kind a rule reports has words in every format whose units the rule checks', () => {
    for (const rule of rules) {
      expect(rule.meta.reports.length, rule.meta.id).toBeGreaterThan(0);
      for (const format of formats.filter((f) => f.modelFormats.some((m) => rule.meta.formats.includes(m)))) {
        for (const kind of rule.meta.reports) expect(format.relevance.perKind[kind].length, `${format.id} has no words for ${kind}`).toBeGreaterThan(0);
      }
    }
  });

  it('every model format of the rules belongs to a registered format, once', () => {
    const modelFormats = formats.flatMap((f) => f.modelFormats);
    expect(new Set(modelFormats).size).toBe(modelFormats.length);
    for (const rule of rules) for (const format of rule.meta.formats) expect(modelFormats).toContain(format);
  });

  it('derives the seed words of the registered rules (all report access keys)', () => {
    const kinds = reportedKinds(rules);
    expect(kinds).toEqual(['access-key']);
    const seeds = Object.fromEntries(formats.map((format) => [format.id, seedWords(format, kinds)]));
    // The words the prefilter searched before they were derived (a new format adds its own).
    expect(seeds).toMatchObject({
      'cdk-assembly': [
        'AWS::IAM::AccessKey',
        'Fn::ForEach',
        'AWS::CloudFormation::Stack',
        'AWS::Serverless::Application',
        'Fn::Transform',
        '!Transform',
        'AWS::Include',
        '::MODULE',
        'Rain::Module',
        'Rain::Include',
        'Modules',
        'credlint',
      ],
      cdktf: ['aws_iam_access_key', 'credlint'],
      terraform: ['aws_iam_access_key', 'credlint'],
      'tf-plan': ['aws_iam_access_key'],
      cloudformation: [
        'AWS::IAM::AccessKey',
        'Fn::ForEach',
        'AWS::CloudFormation::Stack',
        'AWS::Serverless::Application',
        'Fn::Transform',
        '!Transform',
        'AWS::Include',
        '::MODULE',
        'Rain::Module',
        'Rain::Include',
        'Modules',
        'credlint',
      ],
      'cdk-source': ['AccessKey', 'credlint'],
    });
  });

  it('a rule reporting another kind adds that kind`s words, and only for that kind', () => {
    const withUsers = reportedKinds([...rules, { meta: { reports: ['user'] } }]);
    expect(withUsers).toEqual(['access-key', 'user']);
    const terraform = formats.find((f) => f.id === 'terraform');
    expect(terraform && seedWords(terraform, withUsers)).toEqual(['aws_iam_access_key', 'aws_iam_user', 'credlint']);
  });
});
