/**
 * How the Status of an AWS::IAM::AccessKey is read, by the CloudFormation loader from a template and by
 * the CDK source analysis from the code that synthesizes one: the same value in the same template.
 */
import type { Fact } from './model.js';
import { unknownFact } from './model.js';

/**
 * The statuses an access key can have: CloudFormation documents `Active` and `Inactive`, and IAM also
 * reports `Expired` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html).
 */
const KEY_STATUSES = new Set(['Active', 'Inactive', 'Expired']);

/**
 * A written status that is none of them (`active`, `ACTIVE`, `Disabled`) is not known to give an
 * inactive key: whether CloudFormation refuses it, or creates the key active and leaves it so, is
 * not documented, so it is unknown rather than assumed inactive.
 */
export function documentedKeyStatus(status: Fact<string>): Fact<string> {
  if (!status.known || KEY_STATUSES.has(status.value)) return status;
  const shown = status.value.length > 32 ? `${status.value.slice(0, 32)}…` : status.value;
  return unknownFact(
    `Status "${shown}" is not Active or Inactive, the values CloudFormation documents (case matters), so what it deploys is not known`,
    status.location,
  );
}
