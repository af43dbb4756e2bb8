// Compliant: no IAM user has both a console login profile and an access key that is Active.
import type { Rule } from '../../src/model/rule.js';
import { activeState, creationSite, inSourceOrder, mayBeActive, named, type UserCredentials } from '../../src/model/link-credentials.js';
import {
  complementaryKeyPairs,
  linkedIdentity,
  linkedMayBelongTo,
  mayBelongTo,
  mayShareUser,
  neverTogether,
  usersMaybeNamedInText,
} from '../../src/model/undecided-owners.js';
import { CIS_BENCHMARK_URL, cisMappings } from '../cis-mappings.js';
import { undecidedReport } from '../undecided-report.js';

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
        context.report({
          messageId: 'consoleUserWithEitherKey',
          data: { user: identity.displayName, profile: named(profile), key: named(one), other: named(other) },
          resource: one,
          related: [
            ...creationSite(one),
            { location: other.location, message: `access key ${named(other)}, which exists wherever ${named(one)} does not` },
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

    if (!context.reportUnknown) return;
    // Only where the other half may be of the same user (what is known of an unknown name can rule a user out),
    // and only for keys that may be active: an Inactive key is never the key this rule reports.
    for (const item of linked.undecided) {
      const resource = item.resource;
      // Counted in a user already reported (a login profile and an active key): whichever user its name turns
      // out to be, that user is the one reported.
      const counted = linkedIdentity(item, linked.identities);
      if (counted !== undefined && counted.loginProfiles.length > 0 && counted.accessKeys.some((k) => activeState(k) === 'active')) continue;
      if (reportedKeys.has(resource.id)) continue;
      if (resource.kind === 'access-key') {
        if (mayBeActive(resource) && linked.identities.some((i) => i.loginProfiles.length > 0 && mayBelongTo(item, i)))
          context.report(undecidedReport(item, 'unknownLink', { resource: named(resource) }));
        continue;
      }
      // A login profile matters through a key that may be active and of its user. The warning stays at the
      // login profile, and is the key's: the rule reports access keys (`reports`), whose words the prefilter keeps.
      const key =
        linked.identities
          .filter((i) => mayBelongTo(item, i))
          .flatMap((i) => i.accessKeys)
          .find((k) => mayBeActive(k) && !neverTogether(item, k)) ??
        linked.undecided.find((u) => u.resource.kind === 'access-key' && mayBeActive(u.resource) && mayShareUser(item, u) && !neverTogether(item, u))?.resource;
      if (!key) continue;
      context.report({
        ...undecidedReport(item, 'unknownLink', { resource: named(resource) }),
        resource: key,
        location: resource.location,
        related: [{ location: key.location, message: `access key ${named(key)}` }],
      });
    }
    // A user declared with a name not known statically may be the user that login profiles or keys elsewhere
    // name in text: one side has the console password, the other an access key that may be active.
    const reported = (identity: UserCredentials) =>
      identity.loginProfiles.length > 0 && (identity.accessKeys.some((k) => activeState(k) === 'active') || (eitherKeys.get(identity) ?? []).length > 0);
    for (const { identity, other, user, reason } of usersMaybeNamedInText(linked.identities, reported)) {
      const unknownName = `IAM user ${named(user)}, whose name is not known statically: ${reason}`;
      // The password is the declared user's, the key names a user in text; or the other way round. A login
      // profile or key written with the user's symbolic name has its own warning (above).
      const [profile] = inSourceOrder(identity.loginProfiles);
      const [key] = inSourceOrder(other.accessKeys.filter((k) => mayBeActive(k) && (profile === undefined || !neverTogether(profile, k))));
      if (profile !== undefined && key !== undefined && !linkedMayBelongTo(linked.undecided, identity, other, 'login-profile')) {
        context.report({
          messageId: 'unknownLink',
          data: { resource: named(key), reason: `its user ${other.displayName} may be ${unknownName}` },
          resource: key,
          related: [
            { location: profile.location, message: `console login profile ${named(profile)}` },
            { location: user.location, message: `IAM user ${named(user)}` },
          ],
          unknown: true,
        });
        continue;
      }
      const [otherProfile] = inSourceOrder(other.loginProfiles);
      const [ownKey] = inSourceOrder(identity.accessKeys.filter((k) => mayBeActive(k) && (otherProfile === undefined || !neverTogether(otherProfile, k))));
      if (otherProfile === undefined || ownKey === undefined || linkedMayBelongTo(linked.undecided, identity, other, 'access-key')) continue;
      context.report({
        messageId: 'unknownLink',
        data: { resource: named(ownKey), reason: `${unknownName}; it may be user ${other.displayName}, who has a console password` },
        resource: ownKey,
        related: [
          { location: otherProfile.location, message: `console login profile ${named(otherProfile)}` },
          { location: user.location, message: `IAM user ${named(user)}` },
        ],
        unknown: true,
      });
    }
  },
};
