import type { AccessKey, IamUser } from '../model/model.js';
import { nameIdentity } from '../model/link-credentials.js';
import type { ConstructInstance, Repetition } from './static-value.js';

/**
 * Access keys whose number of instances is unknown only because their code may run several times (a
 * loop credlint does not expand, a test's callback), made exact where that code creates their user
 * too: each run then creates a user and that user's key, so the repetition never gives a user a
 * second key. The user is the key's by object (`{ user }`, `this.userName` of a generated name) or by
 * a name that a user created in the same run has (`this.userName` of `userName: 'smtp'`); a run that
 * created two users of one name would fail to deploy, since IAM user names are unique in an account.
 */
export function keysCountedPerUser(
  users: readonly (readonly [ConstructInstance, IamUser])[],
  keys: readonly (readonly [ConstructInstance, AccessKey])[],
): AccessKey[] {
  const usersOfRun = new Map<Repetition, Set<string>>();
  for (const [instance, user] of users) {
    const run = instance.context.repeated;
    if (run === undefined) continue;
    const names = usersOfRun.get(run) ?? new Set<string>();
    names.add(`user:${user.id}`);
    if (user.name?.known === true) names.add(nameIdentity(user.name.value));
    usersOfRun.set(run, names);
  }
  return keys.map(([instance, key]) => {
    const { instanceCountUnknown, ...once } = key;
    const run = instance.context.repeated;
    if (instanceCountUnknown === undefined || run === undefined || !key.user.known) return key;
    const ref = key.user.value;
    const identity = ref.kind === 'user' ? `user:${ref.userId}` : nameIdentity(ref.name);
    return usersOfRun.get(run)?.has(identity) === true ? once : key;
  });
}
