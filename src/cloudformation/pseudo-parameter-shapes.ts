/**
 * What is known of a pseudo parameter's value before deployment, from the forms AWS gives them
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html): none of
 * them is a name a rule compares with (`root` is no account id, Region, partition, URL suffix or stack ARN),
 * so a key of `!Ref AWS::AccountId` is not a possible root key. `AWS::StackName` may be any name that starts
 * with a letter, `root` included, and stays unknown without shape.
 */
import type { KnownParts } from '../core/known-parts.js';

/** An account id is a 12-digit number (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html). */
const TWELVE_DIGITS = /^\d{12}$/;

export const PSEUDO_PARAMETER_SHAPES: ReadonlyMap<string, KnownParts> = new Map<string, KnownParts>([
  [
    'AWS::AccountId',
    {
      prefix: '',
      suffix: '',
      minLength: 12,
      passes: { mayBe: (candidate) => TWELVE_DIGITS.test(candidate), mayBeIgnoringCase: (candidate) => TWELVE_DIGITS.test(candidate) },
    },
  ],
  // aws, aws-cn, aws-us-gov, aws-iso, ... (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
  ['AWS::Partition', { prefix: 'aws', suffix: '', minLength: 3 }],
  // A Region code: us-east-1, eu-central-2, us-gov-west-1 (https://docs.aws.amazon.com/general/latest/gr/rande.html).
  ['AWS::Region', { prefix: '', suffix: '', minLength: 3, infixes: ['-'] }],
  // A domain: amazonaws.com, amazonaws.com.cn.
  ['AWS::URLSuffix', { prefix: '', suffix: '', minLength: 3, infixes: ['.'] }],
  // The stack's ARN: arn:aws:cloudformation:us-west-2:123456789012:stack/teststack/51af3dc0-....
  ['AWS::StackId', { prefix: 'arn:aws', suffix: '', minLength: 7 }],
]);
