/**
 * The AWS account an `aws` provider configuration deploys to, where the configuration says it: the
 * account of the role in `assume_role { role_arn = ... }` (resources are created with the assumed
 * role's credentials; without it, of `assume_role_with_web_identity`'s), else the one account of
 * `allowed_account_ids`
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#assuming-an-iam-role,
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs#allowed_account_ids). Without
 * either, a configuration that selects credentials of its own (`profile`, `access_key`, ...) deploys
 * to their account, unknown here; one that does not deploys to the account of the credentials
 * Terraform runs with, which the code does not tell: `undefined`, like an environment-agnostic CDK
 * stack (`account` in `src/model/model.ts`). Users of one name under configurations of two known,
 * different accounts are two users; every other case stays linked as one user.
 */
import { FILE_START, type SourceLocation } from '../../core/location.js';
import { knownFact, unknownFact, type Fact } from '../../model/model.js';
import { findAttribute } from '../locate/find-located.js';
import type { EvalBudget } from '../expr/eval-budget.js';
import { isUnknown, unmark, type TfValue } from '../expr/value.js';
import { expandForEach, type InstanceContext } from './expand-instances.js';
import { unwrapInterpolation, type JsonObject, type ProviderDecl } from './module-config.js';

/** The arguments by which a configuration takes credentials other than the ones Terraform runs with. */
const OWN_CREDENTIALS = [
  'profile',
  'access_key',
  'shared_credentials_files',
  'shared_credentials_file',
  'shared_config_files',
  'assume_role_with_web_identity',
] as const;

/** `arn:aws:iam::123456789012:role/name` (any partition). */
const ROLE_ARN_ACCOUNT = /^arn:[a-z-]+:iam::(\d{12}):/;

/** `aws`, `aws.prod`: the provider configuration a `provider = aws.prod` or `providers = { aws = aws.prod }` names. */
export function providerReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const key = unwrapInterpolation(value).trim();
  return /^aws(?:\.[A-Za-z_][\w-]*)?$/.test(key) ? key : undefined;
}

/** `aws.by_account[each.key]`: one instance of a configuration repeated with `for_each`, and its index as an expression. */
export interface IndexedProviderReference {
  readonly key: string;
  readonly index: string;
}

export function indexedProviderReference(value: unknown): IndexedProviderReference | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(aws\.[A-Za-z_][\w-]*)\[(.+)\]$/s.exec(unwrapInterpolation(value).trim());
  const [, key, index] = match ?? [];
  return key === undefined || index === undefined ? undefined : { key, index: `\${${index}}` };
}

/** How a caller's provider configurations' accounts are read: by key (`aws.prod`), or one instance of a repeated one. */
export interface CallerAccounts {
  account(key: string): Fact<string> | undefined;
  instanceAccount(reference: IndexedProviderReference): Fact<string> | undefined;
}

/**
 * The accounts of the `aws` configurations a module call gives its child, by the child's key: its
 * `providers = { aws = aws.prod }` map (`passed`, as written) maps the child's configurations to the
 * caller's, and the default `aws` configuration is passed on without it
 * (https://developer.hashicorp.com/terraform/language/modules/develop/providers#passing-providers-explicitly).
 */
export function passedProviderAccounts(passed: unknown, caller: CallerAccounts): Map<string, () => Fact<string> | undefined> {
  const accounts = new Map<string, () => Fact<string> | undefined>([['aws', () => caller.account('aws')]]);
  if (typeof passed !== 'object' || passed === null || Array.isArray(passed)) return accounts;
  for (const [childKey, reference] of Object.entries(passed as Record<string, unknown>)) {
    const parentKey = providerReference(reference);
    const parentInstance = indexedProviderReference(reference);
    if (providerReference(childKey) !== undefined)
      accounts.set(childKey, () =>
        parentInstance !== undefined ? caller.instanceAccount(parentInstance) : parentKey === undefined ? undefined : caller.account(parentKey),
      );
  }
  return accounts;
}

function firstBody(value: unknown): JsonObject | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as JsonObject) : undefined;
}

function attributeAt(decl: ProviderDecl, name: string): SourceLocation {
  const attribute = decl.block === undefined ? undefined : findAttribute(decl.block, name);
  return { file: decl.file, range: attribute?.range ?? decl.block?.headerRange ?? FILE_START, logicalPath: `provider.${decl.key}.${name}` };
}

/** `evaluate(value, at)` evaluates a value of the configuration in its module instance. */
export function providerAccount(decl: ProviderDecl, evaluate: (value: unknown, at: SourceLocation) => TfValue): Fact<string> | undefined {
  // The role last assumed gives the credentials: `assume_role`, made with those of
  // `assume_role_with_web_identity` where both are written, else the web identity's role.
  const block = ['assume_role', 'assume_role_with_web_identity'].find((name) => Object.hasOwn(firstBody(decl.body[name]) ?? {}, 'role_arn'));
  const assumeRole = block === undefined ? undefined : firstBody(decl.body[block]);
  if (block !== undefined && assumeRole !== undefined) {
    // The located block keeps the attributes of the provider block itself: point at the block.
    const at = { ...attributeAt(decl, block), logicalPath: `provider.${decl.key}.${block}.role_arn` };
    const arn = unmark(evaluate(assumeRole['role_arn'], at));
    if (isUnknown(arn)) return unknownFact(`the account of provider ${decl.key}: ${arn.reason}`, at);
    const account = typeof arn === 'string' ? ROLE_ARN_ACCOUNT.exec(arn)?.[1] : undefined;
    return account === undefined ? unknownFact(`the account of provider ${decl.key}: its ${block}.role_arn names no account`, at) : knownFact(account, at);
  }
  if (Object.hasOwn(decl.body, 'allowed_account_ids')) {
    const at = attributeAt(decl, 'allowed_account_ids');
    const ids = unmark(evaluate(decl.body['allowed_account_ids'], at));
    if (isUnknown(ids)) return unknownFact(`the account of provider ${decl.key}: ${ids.reason}`, at);
    const list: readonly TfValue[] = Array.isArray(ids) ? (ids as readonly TfValue[]).map((id) => unmark(id)) : [];
    const [only] = list;
    if (list.length === 1 && typeof only === 'string') return knownFact(only, at);
    return unknownFact(`the account of provider ${decl.key}: allowed_account_ids does not name exactly one account`, at);
  }
  // A configuration that selects credentials of its own deploys to their account, which need not be
  // the account of the credentials Terraform runs with, nor that of another configuration's
  // (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration).
  const written = OWN_CREDENTIALS.filter((name) => Object.hasOwn(decl.body, name));
  const [credentials] = written;
  if (credentials === undefined) return undefined;
  const at = attributeAt(decl, credentials);
  const reason = `the account of provider ${decl.key}: its ${credentials} selects credentials of its own, whose account the code does not state`;
  // Configurations that name the same profile alone (an alias for another region) share credentials, and so an account.
  const profile = written.length === 1 && credentials === 'profile' ? evaluate(decl.body['profile'], at) : undefined;
  return typeof profile === 'string' ? unknownFact(reason, at, undefined, { key: `aws-profile:${profile}`, text: profile }) : unknownFact(reason, at);
}

/**
 * The account of the instance `instanceKey` of the configuration `key`, which OpenTofu repeats with
 * `for_each` (`provider "aws" { for_each = local.accounts ... }`, named `aws.by_account[each.key]`):
 * its arguments read with that instance's `each`
 * (https://opentofu.org/docs/language/providers/configuration/#for_each-multiple-instances-of-a-provider-configuration).
 * `evaluate(value, context, at)` evaluates a value of the configuration in its module instance.
 */
export function providerInstanceAccount(
  key: string,
  decl: ProviderDecl | undefined,
  instanceKey: TfValue,
  at: SourceLocation,
  evaluate: (value: unknown, context: InstanceContext, at: SourceLocation) => TfValue,
  budget: EvalBudget,
): Fact<string> | undefined {
  if (decl === undefined || !Object.hasOwn(decl.body, 'for_each'))
    return unknownFact(`the account of provider ${key}: an instance of it is named, but it has no for_each here`, at);
  const wanted = unmark(instanceKey);
  if (isUnknown(wanted)) return unknownFact(`the account of provider ${key}: the instance named is unknown: ${wanted.reason}`, at);
  const forEachAt = { ...attributeAt(decl, 'for_each'), logicalPath: `provider.${key}.for_each` };
  const expansion = expandForEach(evaluate(decl.body['for_each'], {}, forEachAt), budget);
  if (expansion.kind === 'unknown') return unknownFact(`the account of provider ${key}: ${expansion.reason}`, forEachAt);
  const instance = expansion.kind === 'for_each' ? expansion.instances.find((each) => unmark(each.context.each?.key ?? null) === wanted) : undefined;
  if (instance === undefined) return unknownFact(`the account of provider ${key}: it has no instance ${JSON.stringify(wanted)}`, at);
  return providerAccount(decl, (value, valueAt) => evaluate(value, instance.context, valueAt));
}
