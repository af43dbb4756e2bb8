import type { RuleContext } from '../../src/model/rule.js';
import { activeState, inSourceOrder, mayBeActive, named, type UserCredentials } from '../../src/model/link-credentials.js';
import { identitiesMayOwn, undecidedMayShareUser } from '../../src/model/undecided-candidates.js';
import { linkedIdentity, linkedMayBelongTo, neverTogether, usersMaybeNamedInText } from '../../src/model/undecided-owners.js';
import { undecidedReport } from '../undecided-report.js';

/**
 * `--report-unknown`: the login profiles and keys whose user is not known statically, and the users
 * declared with such a name, that may make a console user with an active access key the rule did not
 * report (`reported`; the keys it counted in `reportedKeys`).
 */
export function reportUnknownLinks(context: RuleContext, reportedKeys: ReadonlySet<string>, reported: (identity: UserCredentials) => boolean): void {
  const { linked } = context;
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
      if (mayBeActive(resource) && someOf(identitiesMayOwn(item, linked.identities), (i) => i.loginProfiles.length > 0))
        context.report(undecidedReport(item, 'unknownLink', { resource: named(resource) }));
      continue;
    }
    // A login profile matters through a key that may be active and of its user. The warning stays at the
    // login profile, and is the key's: the rule reports access keys (`reports`), whose words the prefilter keeps.
    const key =
      firstOf(
        [...identitiesMayOwn(item, linked.identities)].flatMap((i) => i.accessKeys),
        (k) => mayBeActive(k) && !neverTogether(item, k),
      ) ??
      firstOf(
        undecidedMayShareUser(item, linked.undecided),
        (u) => u !== item && u.resource.kind === 'access-key' && mayBeActive(u.resource) && !neverTogether(item, u),
      )?.resource;
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
}

/** The first of `items` that `test` holds for, reading no further (the lists are generated lazily). */
function firstOf<T>(items: Iterable<T>, test: (item: T) => boolean): T | undefined {
  for (const item of items) if (test(item)) return item;
  return undefined;
}

function someOf<T>(items: Iterable<T>, test: (item: T) => boolean): boolean {
  return firstOf(items, test) !== undefined;
}
