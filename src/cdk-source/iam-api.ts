import type * as ts from 'typescript';
import { CONSTRUCT_CLASSES, str, type ConstructClass, type IamEntity, type StaticValue } from './static-value.js';

/**
 * The parts of aws-cdk-lib v2 the extractor understands, by import path
 * (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam-readme.html):
 * `aws-cdk-lib/aws-iam` (namespace or named imports) and `aws-cdk-lib` (`aws_iam`, or the root
 * namespace used as `cdk.aws_iam.User`). Every other export of `aws-cdk-lib` (`Fn`, `Aws`, `Lazy`,
 * `Token`, `Stack.of(this).account`) yields CDK tokens, known only at deploy time.
 */
export const CDK_ROOT_MODULE = 'aws-cdk-lib';
export const IAM_MODULE = 'aws-cdk-lib/aws-iam';

const IAM_EXPORTS: ReadonlySet<string> = new Set([...CONSTRUCT_CLASSES, 'AccessKeyStatus']);

/** The value of an import from `aws-cdk-lib` or its IAM module, or undefined for another module. */
export function cdkImport(module: string, imported: string): StaticValue | 'token' | undefined {
  if (module === IAM_MODULE) {
    if (imported === '*' || imported === 'default') return { kind: 'iam', entity: 'iam' };
    return IAM_EXPORTS.has(imported) ? { kind: 'iam', entity: imported as IamEntity } : 'token';
  }
  if (module === CDK_ROOT_MODULE || module.startsWith(`${CDK_ROOT_MODULE}/`)) {
    if (module === CDK_ROOT_MODULE && (imported === '*' || imported === 'default')) return { kind: 'iam', entity: 'cdk' };
    if (module === CDK_ROOT_MODULE && imported === 'aws_iam') return { kind: 'iam', entity: 'iam' };
    return 'token';
  }
  return undefined;
}

/** `cdk.aws_iam`, `iam.User`, `iam.AccessKeyStatus.INACTIVE`; undefined when the member is not one of them. */
export function iamMember(entity: IamEntity, name: string): StaticValue | undefined {
  if (entity === 'cdk') return name === 'aws_iam' ? { kind: 'iam', entity: 'iam' } : undefined;
  if (entity === 'iam') return IAM_EXPORTS.has(name) ? { kind: 'iam', entity: name as IamEntity } : undefined;
  // `enum AccessKeyStatus { ACTIVE = 'Active', INACTIVE = 'Inactive' }` in aws-iam/lib/access-key.ts:
  // the enum's values are the CloudFormation `Status` strings.
  if (entity === 'AccessKeyStatus') {
    if (name === 'ACTIVE') return str('Active');
    if (name === 'INACTIVE') return str('Inactive');
  }
  return undefined;
}

export function isConstructClass(value: StaticValue): value is { kind: 'iam'; entity: ConstructClass } {
  return value.kind === 'iam' && (CONSTRUCT_CLASSES as readonly string[]).includes(value.entity);
}

/** The static `User.from*` methods that name an existing user (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam.User.html). */
export const USER_IMPORT_METHODS: ReadonlySet<string> = new Set(['fromUserName', 'fromUserArn', 'fromUserAttributes']);

/**
 * The user name in a literal IAM user ARN (`arn:aws:iam::123456789012:user/division/ana` → `ana`).
 * CDK's `User.fromUserAttributes` does the same: "Resource name with path can have multiple elements
 * separated by slash. Therefore, use element after last slash as userName."
 */
export function userNameFromArn(arn: string): string | undefined {
  const match = /^arn:[^:]*:iam::[^:]*:user\/(.+)$/.exec(arn);
  return match?.[1]?.split('/').pop();
}

/** `SecretValue` or `cdk.SecretValue` (any module: aws-cdk-lib, CDK v1's core): a class whose every value is secret. */
export function isSecretValueClass(t: typeof import('typescript'), node: ts.Expression): boolean {
  return (t.isIdentifier(node) && node.text === 'SecretValue') || (t.isPropertyAccessExpression(node) && node.name.text === 'SecretValue');
}
