/**
 * Attributes a provider computes for a resource or data source instance, beyond what the
 * configuration writes. Only what linking needs is derived; everything else is unknown until apply,
 * and the unknown remembers its instance address so that a key can still be joined to its user by
 * reference.
 */
import { Unknown, type TfValue } from '../expr/value.js';
import type { ResourceDecl } from './module-config.js';

function afterApply(address: string, name: string): () => TfValue {
  return () => new Unknown(`${address}.${name} is known only after apply`, address);
}

/**
 * `aws_iam_user`: `id` is the user name
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user#attribute-reference).
 * `data.aws_iam_user`: `id` and `user_name` are the requested name
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_user).
 */
export function computedAttributes(
  decl: ResourceDecl,
  address: string,
  written: (name: string) => TfValue | undefined,
): [string, () => TfValue][] {
  const unknownNamed = (names: readonly string[]): [string, () => TfValue][] => names.map((name) => [name, afterApply(address, name)]);
  const same = (source: string, name: string): [string, () => TfValue] => [name, () => written(source) ?? afterApply(address, name)()];
  if (decl.mode === 'managed' && decl.type === 'aws_iam_user') {
    return [same('name', 'id'), ...unknownNamed(['arn', 'unique_id', 'tags_all'])];
  }
  if (decl.mode === 'data' && decl.type === 'aws_iam_user') {
    return [same('user_name', 'id'), ...unknownNamed(['arn', 'user_id', 'path', 'permissions_boundary', 'tags'])];
  }
  return unknownNamed(['id', 'arn']);
}
