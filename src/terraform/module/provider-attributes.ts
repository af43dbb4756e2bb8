/**
 * Attributes a provider derives from the configuration, known before apply. Every other attribute a
 * provider computes (`arn`, `unique_id`, `secret`, ...) is unknown until apply; the instance object
 * answers those itself (see `resourceObject` in module-instance.ts). An unknown one remembers `link`,
 * the address linking follows, if any.
 */
import type { KnownParts } from '../../core/known-parts.js';
import { Unknown, type TfValue } from '../expr/value.js';
import type { ResourceDecl } from './module-config.js';

/**
 * `aws_iam_user`: `id` is the user name
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user#attribute-reference).
 * `data.aws_iam_access_keys`: `id` is the `user` it lists the keys of (the provider sets it to that name).
 * `data.aws_iam_user` is not among them: the provider sets its `id` to the user's unique ID (the
 * `user_id` attribute), never the name; only `user_name` is the name
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_user). What is
 * known of it is kept: a user's unique ID starts with `AIDA` and has 16 characters at least
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html), so it is never `root`.
 */
const USER_ID: KnownParts = { prefix: 'AIDA', suffix: '', minLength: 16 };

export function computedAttributes(
  decl: ResourceDecl,
  address: string,
  link: string | undefined,
  written: (name: string) => TfValue | undefined,
): [string, () => TfValue][] {
  const sameAs = (source: string): [string, () => TfValue] => ['id', () => written(source) ?? new Unknown(`${address}.id is known only after apply`, link)];
  if (decl.mode === 'managed') return decl.type === 'aws_iam_user' ? [sameAs('name')] : [];
  if (decl.type === 'aws_iam_access_keys') return [sameAs('user')];
  if (decl.type === 'aws_iam_user')
    return [['id', () => new Unknown(`${address}.id is the user's unique ID, not its name, known only once the data source is read`, undefined, USER_ID)]];
  return [];
}
