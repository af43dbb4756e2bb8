import type { RuleContext } from '../../src/model/rule.js';
import { activeState, inSourceOrder, mayBeActive, named, type Undecided, type UserCredentials } from '../../src/model/link-credentials.js';
import { identitiesMayOwn, undecidedMayShareUser } from '../../src/model/undecided-candidates.js';
import { linkedIdentity, linkedMayBelongTo, neverTogether, usersMaybeNamedInText } from '../../src/model/undecided-owners.js';
import { undecidedReport } from '../undecided-report.js';

/**
 * `--report-unknown`: the keys whose user is not known statically, and the users declared with such
 * a name, that may make a second active key of a user the rule did not report (`reported`, with the
 * keys it counted in `reportedKeys`).
 */
export function reportUnknownLinks(context: RuleContext, reportedKeys: ReadonlySet<string>, reported: ReadonlySet<UserCredentials>): void {
  const { linked } = context;
  // A second active key is possible only where the unit has two keys at least that may be active (undecided
  // login profiles and Inactive keys do not count); a placeholder for an unknown number of instances
  // (`for_each` unknown or invalid) may be two. Counted among the keys that may be of the same user: what is
  // known of an unknown name can rule a user out.
  const keys = (u: Undecided) => (u.resource.kind !== 'access-key' || !mayBeActive(u.resource) ? 0 : u.resource.instanceCountUnknown === true ? 2 : 1);
  // Counting stops at two: a unit may hold thousands of undecided keys (a `for_each` filtered by an
  // unknown condition gives one per element), and counting every one for each was keys x keys.
  const twoKeysAtLeast = (item: Undecided): boolean => {
    let count = 0;
    for (const i of identitiesMayOwn(item, linked.identities)) {
      for (const k of i.accessKeys) if (mayBeActive(k) && !neverTogether(item, k) && ++count >= 2) return true;
    }
    for (const u of undecidedMayShareUser(item, linked.undecided)) if ((u === item || !neverTogether(item, u)) && (count += keys(u)) >= 2) return true;
    return false;
  };
  for (const item of linked.undecided) {
    if (item.resource.kind !== 'access-key' || !mayBeActive(item.resource) || reportedKeys.has(item.resource.id)) continue;
    // Counted in a user that already has two active keys: whichever user its name turns out to be, that
    // user is the one reported, with both keys.
    const counted = linkedIdentity(item, linked.identities);
    if (counted !== undefined && counted.accessKeys.filter((k) => activeState(k) === 'active').length >= 2) continue;
    if (!twoKeysAtLeast(item)) continue;
    context.report(undecidedReport(item, 'unknownLink', { key: named(item.resource) }));
  }
  // A user declared with a name not known statically may be the user other keys name in text: each side
  // counted alone has one active key at most, together they may have two.
  const active = (identity: UserCredentials) => identity.accessKeys.filter((k) => mayBeActive(k));
  for (const { identity, other, user, reason } of usersMaybeNamedInText(linked.identities, (i) => reported.has(i))) {
    // A key written with the user's symbolic name, which may be `other`'s, has its own warning (above).
    if (linkedMayBelongTo(linked.undecided, identity, other, 'access-key')) continue;
    const [key] = inSourceOrder(active(other));
    if (key === undefined || active(identity).length + active(other).length < 2) continue;
    context.report({
      messageId: 'unknownLink',
      data: {
        key: named(key),
        reason: `its user ${other.displayName} may be IAM user ${named(user)}, whose name is not known statically: ${reason}`,
      },
      resource: key,
      related: [{ location: user.location, message: `IAM user ${named(user)}` }],
      unknown: true,
    });
  }
}
