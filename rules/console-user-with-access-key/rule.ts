// Compliant: no IAM user has both a console login profile and an access key that is Active.
import type { Rule } from '../../src/model/rule.js';
import { activeState, creationSite, inSourceOrder, named, type UserCredentials } from '../../src/model/link-credentials.js';
import { complementaryKeyPairs } from '../../src/model/undecided-owners.js';
import { CIS_BENCHMARK_URL, cisMappings } from '../cis-mappings.js';
import { reportUnknownLinks } from './unknown-links.js';

/**
 * What the related location of another key of the user says of its status: an Inactive key is listed
 * too (it is a credential of the user), but it is not what makes the finding.
 */
const OTHER_KEY_STATE = { active: '', inactive: ' (not active)', unknown: ' (its status is unknown)' } as const;

export const consoleUserWithAccessKey: Rule = {
  meta: {
    id: 'console-user-with-access-key',
    title: 'IAM user with a console password also has an active access key',
    rationale:
      'CIS asks that access keys are not created during initial user setup for users who have a console password: ' +
      'a person who signs in to the console rarely needs long-lived keys, and keys created "just in case" with the user ' +
      'are unused, unrotated secrets that outlive the person. Users should create their own keys when they need them, ' +
      'or (better) use IAM Identity Center or roles for programmatic access.',
    remediation:
      'Remove the access key from the code that creates the console user (or remove the login profile if the user is a ' +
      'machine identity). If programmatic access is really needed, let the person create a key later, or use roles.',
    defaultSeverity: 'error',
    securitySeverity: 5.3,
    mappings: cisMappings([
      ['v1.2.0', '1.21'],
      ['v1.3.0–v4.0.1', '1.11'],
      ['v5.0.0', '1.10'],
      ['v6.0.0', '2.10'],
    ]),
    references: [
      { title: 'CIS AWS Foundations Benchmark', url: CIS_BENCHMARK_URL },
      {
        title: 'AWS Security Hub: IAM user credentials checks',
        url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html',
      },
      {
        title: 'Managing access keys for IAM users',
        url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
      },
    ],
    formats: ['terraform', 'terraform-json', 'tf-plan', 'cdktf', 'cloudformation', 'cdk-assembly', 'cdk-source'],
    reports: ['access-key'],
    messages: {
      consoleUserWithKey: 'IAM user {{user}} has a console password ({{profile}}) and an active access key ({{key}}).',
      consoleUserWithEitherKey:
        'IAM user {{user}} has a console password ({{profile}}) and an active access key: {{key}} or {{other}}, one of which always exists.',
      consoleUserWithEitherActiveKey:
        'IAM user {{user}} has a console password ({{profile}}) and an active access key: {{key}} or {{other}}, one of which is always active.',
      initialSetup:
        'IAM user {{user}} is created in this plan with a console password ({{profile}}) and an active access key ({{key}}): a key created during initial user setup.',
      unknownStatus: 'IAM user {{user}} has a console password ({{profile}}) and access key {{key}} may be active: {{reason}}.',
      unknownLink: 'Cannot tell whether {{resource}} belongs to a console user with an active access key: {{reason}}.',
      unknownAccount:
        'The console password {{profile}} and the access key {{key}} of IAM user {{user}} may be in different accounts, and so of different users: {{reason}}.',
    },
    defaultOptions: {},
  },
  check(context) {
    const { linked } = context;
    // Keys surely of the user, one of each pair always existing although whether each does is unknown.
    const eitherKeys = new Map(linked.identities.map((identity) => [identity, complementaryKeyPairs(identity, linked.undecided)]));
    const reportedKeys = new Set<string>();
    for (const identity of linked.identities) checkIdentity(identity);

    function checkIdentity(identity: UserCredentials): void {
      const profile = inSourceOrder(identity.loginProfiles)[0];
      if (!profile) return;
      const keys = inSourceOrder(identity.accessKeys);
      const active = keys.filter((k) => activeState(k) === 'active');
      const related = [
        { location: profile.location, message: `console login profile ${named(profile)}` },
        ...identity.users.map((u) => ({ location: u.location, message: `IAM user ${named(u)}` })),
      ];
      const key = active[0];
      if (key) {
        const initialSetup = key.plannedAction === 'create' && profile.plannedAction === 'create' && identity.users.some((u) => u.plannedAction === 'create');
        context.report({
          messageId: initialSetup ? 'initialSetup' : 'consoleUserWithKey',
          data: { user: identity.displayName, profile: named(profile), key: named(key) },
          resource: key,
          related: [
            ...creationSite(key),
            ...related,
            ...keys.filter((k) => k !== key).map((k) => ({ location: k.location, message: `other access key ${named(k)}${OTHER_KEY_STATE[activeState(k)]}` })),
          ],
        });
        // Linked as one user, as where accounts are not modelled; whether that is right depends on accounts not told apart.
        if (context.reportUnknown && identity.accountUnknown !== undefined)
          context.report({
            messageId: 'unknownAccount',
            data: { user: identity.displayName, profile: named(profile), key: named(key), reason: identity.accountUnknown },
            resource: key,
            related: [],
            unknown: true,
          });
        return;
      }
      const [either] = eitherKeys.get(identity) ?? [];
      if (either) {
        const [one, other] = either;
        for (const k of either) reportedKeys.add(k.id);
        // Both declared keys exist where only their Status is unknown (`Status: !If [BlueActive, Active, Inactive]` and the reverse).
        const bothExist = one.existenceUnknown === undefined && other.existenceUnknown === undefined;
        context.report({
          messageId: bothExist ? 'consoleUserWithEitherActiveKey' : 'consoleUserWithEitherKey',
          data: { user: identity.displayName, profile: named(profile), key: named(one), other: named(other) },
          resource: one,
          related: [
            ...creationSite(one),
            { location: other.location, message: `access key ${named(other)}, which ${bothExist ? 'is active' : 'exists'} wherever ${named(one)} does not` },
            ...related,
            ...keys.map((k) => ({ location: k.location, message: `other access key ${named(k)}${OTHER_KEY_STATE[activeState(k)]}` })),
          ],
        });
        return;
      }
      if (!context.reportUnknown) return;
      const undecided = keys.find((k) => activeState(k) === 'unknown');
      if (undecided && !undecided.status.known) {
        context.report({
          messageId: 'unknownStatus',
          data: { user: identity.displayName, profile: named(profile), key: named(undecided), reason: undecided.status.unknownReason },
          resource: undecided,
          // Shown at the status that could not be evaluated, not at the key's declaration.
          location: undecided.status.location,
          related,
          unknown: true,
        });
      }
    }

    // Reported: a login profile and an active key, or one of a pair of keys one of which always exists.
    const reported = (identity: UserCredentials) =>
      identity.loginProfiles.length > 0 && (identity.accessKeys.some((k) => activeState(k) === 'active') || (eitherKeys.get(identity) ?? []).length > 0);
    if (context.reportUnknown) reportUnknownLinks(context, reportedKeys, reported);
  },
};
