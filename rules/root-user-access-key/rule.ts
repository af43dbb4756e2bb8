// Compliant: no access key belongs to a user named `root` or `<root_account>` (exact, case-insensitive).
import type { Rule } from '../../src/model/rule.js';
import type { Fact } from '../../src/model/model.js';
import { mayEqualIgnoringCase } from '../../src/core/known-parts.js';
import { activeState, creationSite, mayBeActive, named, type UserCredentials } from '../../src/model/link-credentials.js';
import { isIamUserName, mayBeNamed } from '../../src/model/undecided-owners.js';
import { CIS_BENCHMARK_URL, cisMappings } from '../cis-mappings.js';
import { undecidedReport } from '../undecided-report.js';

/**
 * The names that denote the account root user: `root` as people write it, and `<root_account>`, the
 * user name the IAM credential report uses for the root user
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
 * Exact matches only: `groot`, `chroot` and `rootless` are ordinary users.
 */
const ROOT_NAMES = new Set(['root', '<root_account>']);

/**
 * Whether an unknown name may still be a root name: not when what is known of it excludes every one
 * (`admin_${var.id}` never equals `root`, whatever `var.id` is; `${var.a}oot` may). Only `root` is
 * such a name: IAM refuses `<root_account>` as a user name (`isIamUserName`), so no key for it is
 * ever created from a value known only at deployment.
 */
function mayBeRoot(name: Fact<unknown>): boolean {
  if (name.known || name.knownParts === undefined) return true;
  const parts = name.knownParts;
  return [...ROOT_NAMES].some((root) => isIamUserName(root) && mayEqualIgnoringCase(parts, root));
}

function isRoot(identity: UserCredentials): boolean {
  return identity.userName !== undefined && ROOT_NAMES.has(identity.userName.toLowerCase());
}

export const rootUserAccessKey: Rule = {
  meta: {
    id: 'root-user-access-key',
    title: 'Access key for the root user',
    rationale:
      'The root user has unrestricted access to the account and cannot be limited by IAM policies; CIS and AWS Foundational ' +
      'Security Best Practices (IAM.4) require that it has no access keys at all, whatever their status. Infrastructure code ' +
      'cannot legitimately create root access keys: IAM resources act on IAM users, so a key for "root" is either a mistake ' +
      'or an IAM user literally named root, which misleads every reader and audit.',
    remediation:
      'Delete the access key. If an IAM user is really named "root", rename it. Prevent root keys across the organization ' +
      'with a service control policy denying `iam:CreateAccessKey` to the root principal, or with AWS Organizations ' +
      'centralized root access, which removes root credentials from member accounts.',
    defaultSeverity: 'error',
    securitySeverity: 9.1,
    mappings: cisMappings([
      ['v1.2.0', '1.12'],
      ['v1.3.0–v4.0.1', '1.4'],
      ['v5.0.0', '1.3'],
      ['v6.0.0', '2.3'],
    ]),
    references: [
      { title: 'CIS AWS Foundations Benchmark', url: CIS_BENCHMARK_URL },
      {
        title: 'AWS Security Hub control IAM.4: IAM root user access key should not exist',
        url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4',
      },
      {
        title: 'Centrally manage root access for member accounts',
        url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management',
      },
    ],
    formats: ['terraform', 'terraform-json', 'tf-plan', 'cdktf', 'cloudformation', 'cdk-assembly', 'cdk-source'],
    reports: ['access-key'],
    messages: {
      rootKey:
        'Access key {{key}} is for user "{{user}}": root access keys must not exist, and infrastructure code cannot create one for the real root user, so this is a mistake or an IAM user literally named "{{user}}".',
      unknownLink: 'Cannot tell whether access key {{key}} is for the root user: {{reason}}.',
      unknownStatus: 'Access key {{key}} is for user "{{user}}" and may be active: {{reason}}.',
    },
    defaultOptions: { ignoreInactive: false },
    optionDescriptions: { ignoreInactive: 'Report only root keys that are active; by default every root key is reported, whatever its status.' },
  },
  check(context) {
    const ignoreInactive = context.options['ignoreInactive'] === true;
    for (const identity of context.linked.identities) {
      if (!isRoot(identity)) continue;
      const user = identity.nameSensitive ? identity.displayName : (identity.userName ?? identity.displayName);
      const related = identity.users.map((u) => ({ location: u.location, message: `IAM user ${named(u)}` }));
      for (const key of identity.accessKeys) {
        const state = activeState(key);
        if (ignoreInactive && state === 'inactive') continue;
        if (ignoreInactive && state === 'unknown') {
          // A root key that may be active is what the narrowed rule is about: unknown, not absent.
          if (context.reportUnknown && !key.status.known)
            context.report({
              messageId: 'unknownStatus',
              data: { key: named(key), user, reason: key.status.unknownReason },
              resource: key,
              // Shown at the status that could not be evaluated, not at the key's declaration.
              location: key.status.location,
              related,
              unknown: true,
            });
          continue;
        }
        context.report({ messageId: 'rootKey', data: { key: named(key), user }, resource: key, related: [...creationSite(key), ...related] });
      }
    }
    if (!context.reportUnknown) return;
    // Keys linked (by reference) to a user whose name could not be evaluated: that name may be root.
    // A user without a name at all has a generated one, which is never root.
    for (const identity of context.linked.identities) {
      if (identity.userName !== undefined) continue;
      const name = identity.users.find((u) => u.name !== undefined && !u.name.known)?.name;
      if (name === undefined || name.known || !mayBeRoot(name)) continue;
      for (const key of identity.accessKeys) {
        if (ignoreInactive && !mayBeActive(key)) continue;
        // A key that names the user by the same unknown value (not by reference) is reported below, as undecided.
        if (!key.user.known) continue;
        context.report({
          messageId: 'unknownLink',
          data: { key: named(key), reason: name.unknownReason },
          resource: key,
          related: identity.users.map((u) => ({ location: u.location, message: `IAM user ${named(u)}` })),
          unknown: true,
        });
      }
    }
    for (const item of context.linked.undecided) {
      if (item.resource.kind !== 'access-key' || !mayBeNamed(item, ROOT_NAMES)) continue;
      if (ignoreInactive && !mayBeActive(item.resource)) continue;
      context.report(undecidedReport(item, 'unknownLink', { key: named(item.resource) }));
    }
  },
};
