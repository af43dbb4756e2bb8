/**
 * Attributes a provider derives from the configuration, known before apply. Every other attribute a
 * provider computes (`arn`, `unique_id`, `secret`, ...) is unknown until apply; the instance object
 * answers those itself (see `resourceObject` in module-instance.ts). An unknown one remembers `link`,
 * the address linking follows, if any.
 */
import { Unknown, type TfValue } from '../expr/value.js';
import type { ResourceDecl } from './module-config.js';

/**
 * `aws_iam_user`: `id` is the user name
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user#attribute-reference).
 * `data.aws_iam_user`: `id` is the requested `user_name`
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_user).
 */
export function computedAttributes(
  decl: ResourceDecl,
  address: string,
  link: string | undefined,
  written: (name: string) => TfValue | undefined,
): [string, () => TfValue][] {
  const sameAs = (source: string): [string, () => TfValue] => ['id', () => written(source) ?? new Unknown(`${address}.id is known only after apply`, link)];
  if (decl.type !== 'aws_iam_user') return [];
  return [sameAs(decl.mode === 'managed' ? 'name' : 'user_name')];
}
