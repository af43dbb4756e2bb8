/**
 * `bytesHoldSeed` searches the bytes for the seeds that hold no other seed (`src/core/seed-text.ts`):
 * whatever holds `aws_iam_user_login_profile` holds `aws_iam_user`. Its answer must be the one a
 * search for every seed gives, on texts holding each seed alone, pieces of them, or none.
 */
import { describe, expect, it } from 'vitest';
import { bytesHoldSeed, holdsSeed } from '../../src/core/seed-text.js';

const TERRAFORM = ['aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_access_key', 'credlint'];

describe('bytesHoldSeed', () => {
  it('answers as a search for every seed, with seeds that hold others, repeated seeds and none', () => {
    const texts = [
      'resource "aws_iam_user_login_profile" "p" {}',
      'resource "aws_iam_user" "u" {}',
      'resource "aws_iam_access_key" "k" {}',
      '# credlint-ignore',
      'aws_iam_use aws_iam_acces credlin',
      '',
      'resource "aws_s3_bucket" "b" {}',
      'aws_iam_\\u0075ser',
    ];
    const lists = [TERRAFORM, ['aws_iam_user_login_profile'], ['login', 'aws_iam_user_login_profile', 'login'], ['ab', 'abc', 'b'], []];
    for (const seeds of lists) {
      for (const text of texts) {
        const bytes = Buffer.from(text, 'utf8');
        expect(bytesHoldSeed(bytes, seeds), `${JSON.stringify(seeds)} in ${JSON.stringify(text)}`).toBe(holdsSeed(text, seeds));
      }
    }
  });

  it('finds a seed that holds another only where the longer one is', () => {
    expect(bytesHoldSeed(Buffer.from('aws_iam_user_login_profile'), ['aws_iam_user_login_profile'])).toBe(true);
    expect(bytesHoldSeed(Buffer.from('aws_iam_user'), ['aws_iam_user_login_profile'])).toBe(false);
    expect(bytesHoldSeed(Buffer.from('aws_iam_user'), TERRAFORM)).toBe(true);
  });
});
