import type * as ts from 'typescript';
import { CONSTRUCT_CLASSES, str, type ConstructClass, type IamEntity, type StaticValue, type UnknownValue } from './static-value.js';

/**
 * The parts of aws-cdk-lib v2 the extractor understands, by import path
 * (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_iam-readme.html):
 * `aws-cdk-lib/aws-iam` (namespace or named imports) and `aws-cdk-lib` (`aws_iam`, or the root
 * namespace used as `cdk.aws_iam.User`). Every other export of `aws-cdk-lib` (`Fn`, `Aws`, `Lazy`,
 * `Token`, `Stack.of(this).account`) yields CDK tokens, known only at deploy time.
 *
 * CDK v1 ships the same IAM constructs in `@aws-cdk/aws-iam` and the core classes in `@aws-cdk/core`
 * (https://docs.aws.amazon.com/cdk/api/v1/docs/aws-iam-readme.html); its other `@aws-cdk/*` modules
 * yield tokens like aws-cdk-lib's. Deno imports packages as `npm:<package>[@<version>][/<path>]`
 * (https://docs.deno.com/runtime/fundamentals/node/#using-npm-packages): the same module once the
 * prefix and the version are dropped (`cdkModule`).
 */
export const CDK_ROOT_MODULE = 'aws-cdk-lib';
export const IAM_MODULE = 'aws-cdk-lib/aws-iam';
const V1_IAM_MODULE = '@aws-cdk/aws-iam';
/** CDK v1's core module, which exports `CfnResource` as aws-cdk-lib does (https://docs.aws.amazon.com/cdk/api/v1/docs/@aws-cdk_core.CfnResource.html). */
const V1_CORE_MODULE = '@aws-cdk/core';
/** The generic L1 class of both root modules (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CfnResource.html). */
const GENERIC_RESOURCE = 'CfnResource';
const V1_SCOPE = '@aws-cdk/';

const IAM_EXPORTS: ReadonlySet<string> = new Set([...CONSTRUCT_CLASSES, 'AccessKeyStatus']);

/**
 * The module a specifier names with Deno's `npm:` prefix and any version dropped
 * (`npm:aws-cdk-lib@2.100.0/aws-iam` → `aws-cdk-lib/aws-iam`); other specifiers as they are.
 */
export function cdkModule(specifier: string): string {
  if (!specifier.startsWith('npm:')) return specifier;
  const match = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)(?:@[^/]*)?(\/.*)?$/.exec(specifier);
  return match ? `${match[1] ?? ''}${match[2] ?? ''}` : specifier;
}

/**
 * Whether a module is one whose exports are CDK tokens rather than analysed code: aws-cdk-lib's and
 * CDK v1's modules, except the experimental `@aws-cdk/*-alpha` modules of CDK v2, which are separate
 * packages with constructs of their own (https://docs.aws.amazon.com/cdk/v2/guide/versioning.html).
 */
function isCdkLibraryModule(module: string): boolean {
  if (module === CDK_ROOT_MODULE || module.startsWith(`${CDK_ROOT_MODULE}/`)) return true;
  if (!module.startsWith(V1_SCOPE)) return false;
  const name = module.slice(V1_SCOPE.length).split('/')[0] ?? '';
  return !name.endsWith('-alpha');
}

/** The value of an import from `aws-cdk-lib` (or CDK v1) or its IAM module, or undefined for another module. */
export function cdkImport(specifier: string, imported: string): StaticValue | 'token' | undefined {
  const module = cdkModule(specifier);
  if (module === IAM_MODULE || module === V1_IAM_MODULE) {
    if (imported === '*' || imported === 'default') return { kind: 'iam', entity: 'iam' };
    return IAM_EXPORTS.has(imported) ? { kind: 'iam', entity: imported as IamEntity } : 'token';
  }
  if (isCdkLibraryModule(module)) {
    const root = module === CDK_ROOT_MODULE || module === V1_CORE_MODULE;
    if (root && (imported === '*' || imported === 'default')) return { kind: 'iam', entity: module === CDK_ROOT_MODULE ? 'cdk' : 'core' };
    if (module === CDK_ROOT_MODULE && imported === 'aws_iam') return { kind: 'iam', entity: 'iam' };
    if (root && imported === GENERIC_RESOURCE) return { kind: 'iam', entity: GENERIC_RESOURCE };
    return 'token';
  }
  return undefined;
}

/**
 * Whether an import may bring an IAM user or key construct that is not analysed: one of the construct
 * class names (`User`, `AccessKey`, `CfnUser`, `CfnAccessKey`) imported from a module that is not a
 * recognised CDK IAM module (a package credlint does not read, `@aws-cdk/aws-iam-alpha`, a deep path
 * into `aws-cdk-lib/aws-iam/lib/...`), or a whole module whose name says IAM (`aws-iam`, `aws_iam`)
 * imported as a namespace. Other CDK modules' `CfnUser` (ElastiCache, Transfer, MemoryDB) are not IAM.
 * The caller rules out project files.
 */
export function unanalysedIamImport(specifier: string, imported: string): boolean {
  const module = cdkModule(specifier);
  if (module === IAM_MODULE || module === V1_IAM_MODULE || module === CDK_ROOT_MODULE) return false;
  const iamModule = /aws[-_]iam/i.test(module);
  if (isCdkLibraryModule(module) && !(iamModule && module.startsWith(`${IAM_MODULE}/`))) return false;
  if (imported === '*' || imported === 'default') return iamModule;
  return (CONSTRUCT_CLASSES as readonly string[]).includes(imported);
}

/** `cdk.aws_iam`, `iam.User`, `iam.AccessKeyStatus.INACTIVE`; undefined when the member is not one of them. */
export function iamMember(entity: IamEntity, name: string): StaticValue | undefined {
  if ((entity === 'cdk' || entity === 'core') && name === GENERIC_RESOURCE) return { kind: 'iam', entity: GENERIC_RESOURCE };
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

/** `CfnResource` of aws-cdk-lib or CDK v1's core, however it is reached (`generic-resources.ts`). */
export function isGenericResourceClass(value: StaticValue): boolean {
  return value.kind === 'iam' && value.entity === GENERIC_RESOURCE;
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

/**
 * The user name in an ARN of which only the start and end are known
 * (`` `arn:aws:iam::${this.account}:user/ci/deployer` `` → `deployer`). A string that starts with
 * `arn:` is parsed as text by CDK's `Arn.extractResourceName`, whatever tokens it holds, and the name
 * is what follows its last slash: when the known end holds a slash, that last slash is in it, so the
 * name is known. A string whose start is unknown, or built by `Fn.join`/`Fn.sub`, is one token in the
 * app, whose name CDK leaves to deploy time.
 */
export function userNameFromPartialArn(arn: UnknownValue): string | undefined {
  const known = arn.known;
  if (arn.builtAtDeploy === true || !known?.prefix.startsWith('arn:')) return undefined;
  const slash = known.suffix.lastIndexOf('/');
  const name = slash === -1 ? '' : known.suffix.slice(slash + 1);
  return name === '' ? undefined : name;
}

/** `SecretValue` or `cdk.SecretValue` (any module: aws-cdk-lib, CDK v1's core): a class whose every value is secret. */
export function isSecretValueClass(t: typeof import('typescript'), node: ts.Expression): boolean {
  return (t.isIdentifier(node) && node.text === 'SecretValue') || (t.isPropertyAccessExpression(node) && node.name.text === 'SecretValue');
}
