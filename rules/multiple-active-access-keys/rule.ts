// Compliant: every IAM user has at most one access key instance whose status is Active.
import type { AccessKey } from '../../src/model/model.js';
import type { Rule } from '../../src/model/rule.js';
import { activeState, creationSite, inSourceOrder, named, type UserCredentials } from '../../src/model/link-credentials.js';
import { complementaryKeyPairs, neverTogether } from '../../src/model/undecided-owners.js';
import { CIS_BENCHMARK_URL, cisMappings } from '../cis-mappings.js';
import { reportUnknownLinks } from './unknown-links.js';

export const multipleActiveAccessKeys: Rule = {
  meta: {
    id: 'multiple-active-access-keys',
    title: 'IAM user has more than one active access key',
    rationale:
      'AWS allows two access keys per user so that a key can be rotated without downtime; keeping both active outside ' +
      'a rotation doubles the long-lived secrets that can leak and makes it unclear which key is in use. CIS asks for ' +
      'at most one active key per user.',
    remediation:
      'Keep one active key per user. During a rotation, mark the old key `Inactive` (Terraform `status = "Inactive"`, ' +
      'CloudFormation `Status: Inactive`, CDK `status: AccessKeyStatus.INACTIVE`) and delete it once the new key is in ' +
      'use; do not create keys with `count`/`for_each` greater than one for the same user.',
    defaultSeverity: 'error',
    securitySeverity: 4.3,
    mappings: cisMappings([
      ['v1.3.0–v4.0.1', '1.13'],
      ['v5.0.0', '1.12'],
      ['v6.0.0', '2.12'],
    ]),
    references: [
      { title: 'CIS AWS Foundations Benchmark', url: CIS_BENCHMARK_URL },
      {
        title: 'Rotating access keys',
        url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html',
      },
    ],
    formats: ['terraform', 'terraform-json', 'tf-plan', 'cdktf', 'cloudformation', 'cdk-assembly', 'cdk-source'],
    reports: ['access-key'],
    messages: {
      multipleActiveKeys: 'IAM user {{user}} has {{count}} active access keys ({{keys}}); at most one may be active.',
      unknownStatus: 'IAM user {{user}} has an active access key and access key {{key}} may be active too: {{reason}}.',
      unknownStatuses: 'IAM user {{user}} may have {{count}} active access keys ({{keys}}): {{reason}}.',
      unknownLink: 'Cannot tell whether {{key}} is a second active access key of a user: {{reason}}.',
      unknownAccount: 'The active access keys of IAM user {{user}} ({{keys}}) may be in different accounts, and so of different users: {{reason}}.',
    },
    defaultOptions: {},
  },
  check(context) {
    const { linked } = context;
    const reportedKeys = new Set<string>();
    const reported = new Set<UserCredentials>();
    for (const identity of linked.identities) {
      const keys = inSourceOrder(identity.accessKeys);
      const active = keys.filter((k) => activeState(k) === 'active');
      // Each pair of keys one of which always exists, although whether each does is unknown, is one active key.
      const either = active.length >= 2 ? [] : complementaryKeyPairs(identity, linked.undecided);
      const counted: (AccessKey | readonly [AccessKey, AccessKey])[] = [...active, ...either];
      const [first, second] = counted;
      if (first && second) {
        reported.add(identity);
        // The key that takes the count past one; for a single block with count >= 2 that is the block itself.
        const past = 'id' in second ? second : second[0];
        const all = [...keys, ...either.flat()];
        for (const key of either.flat()) reportedKeys.add(key.id);
        const names = counted.map((k) => ('id' in k ? named(k) : `either ${named(k[0])} or ${named(k[1])}`)).join(', ');
        context.report({
          messageId: 'multipleActiveKeys',
          data: { user: identity.displayName, count: counted.length, keys: names },
          resource: past,
          related: [
            ...creationSite(past),
            ...identity.users.map((u) => ({ location: u.location, message: `IAM user ${named(u)}` })),
            ...all.filter((k) => k !== past).map((k) => ({ location: k.location, message: `access key ${named(k)}` })),
          ],
        });
        // Linked as one user, as where accounts are not modelled; whether that is right depends on accounts not told apart.
        if (context.reportUnknown && identity.accountUnknown !== undefined)
          context.report({
            messageId: 'unknownAccount',
            data: { user: identity.displayName, keys: names, reason: identity.accountUnknown },
            resource: past,
            related: [],
            unknown: true,
          });
        continue;
      }
      if (!context.reportUnknown) continue;
      const undecided = keys.filter((k) => activeState(k) === 'unknown');
      const [maybe] = undecided;
      // No key is known to be active, but two may be: one unknown Status (a parameter) may make both active,
      // unless their statuses exclude each other (`!If [UseNew, Active, Inactive]` and the reverse).
      const alsoMaybe = active.length > 0 ? undefined : secondOfPair(undecided);
      if (alsoMaybe && !alsoMaybe.status.known) {
        context.report({
          messageId: 'unknownStatuses',
          data: {
            user: identity.displayName,
            count: undecided.length,
            keys: undecided.map(named).join(', '),
            reason: alsoMaybe.status.unknownReason,
          },
          resource: alsoMaybe,
          location: alsoMaybe.status.location,
          related: undecided.filter((k) => k !== alsoMaybe).map((k) => ({ location: k.location, message: `access key ${named(k)}` })),
          unknown: true,
        });
        continue;
      }
      const [known] = active;
      if (known && maybe && !maybe.status.known) {
        context.report({
          messageId: 'unknownStatus',
          data: { user: identity.displayName, key: named(maybe), reason: maybe.status.unknownReason },
          resource: maybe,
          // Shown at the status that could not be evaluated, not at the key's declaration.
          location: maybe.status.location,
          related: [{ location: known.location, message: `active access key ${named(known)}` }],
          unknown: true,
        });
      }
    }
    if (context.reportUnknown) reportUnknownLinks(context, reportedKeys, reported);
  },
};

/** The second key of the first two that may both be active (`neverTogether`), if any. */
function secondOfPair(keys: readonly AccessKey[]): AccessKey | undefined {
  for (const [i, key] of keys.entries()) {
    const other = keys.slice(i + 1).find((k) => !neverTogether(key, k));
    if (other) return other;
  }
  return undefined;
}
