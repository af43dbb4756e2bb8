/**
 * Which user a login profile or key left undecided by `link-credentials.ts` (`Undecided`) may belong
 * to, and whether two of them may be one user's or are never counted together: what is known of
 * their users' names (compared as IAM compares names), their declared users, apps and conditions.
 */
import { mayBothEqualIgnoringCase, mayEqualIgnoringCase, type KnownParts } from '../core/known-parts.js';
import { foldUserName, sameUserName } from '../core/user-name-case.js';
import { activeState, inSourceOrder, nameIdentity, type Undecided, type UserCredentials } from './link-credentials.js';
import type { AccessKey, Fact, IamUser, ResourceInstance } from './model.js';

/** Whether the undecided resource's user is a declared user without a name (see `Undecided.declaredUser`). */
export function generatedName(item: Undecided): boolean {
  return item.declaredUser !== undefined && item.declaredUser.name === undefined;
}

/** What is known of a user name: the name itself (lower case), or its known parts. */
export type NameHint = { readonly name: string } | { readonly parts: KnownParts };

/** What is known of the name of an undecided resource's user: the name, what is known of it, or nothing. */
export function nameHint(item: Undecided): NameHint | undefined {
  if (item.identity?.startsWith('name:') === true) return { name: item.identity.slice('name:'.length) };
  const user = item.resource.user;
  if (user.known) return user.value.kind === 'name' ? { name: foldUserName(user.value.name) } : undefined;
  return user.knownParts === undefined ? undefined : { parts: user.knownParts };
}

/**
 * Whether IAM accepts `name` as a user name: "[\w+=,.@-]+", 1 to 64 characters
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html; `CreateAccessKey` and
 * `CreateLoginProfile` take the same pattern). IAM refuses a key or login profile for any other
 * name, so a value not known before deployment can only turn out to be a name IAM accepts.
 */
export function isIamUserName(name: string): boolean {
  return /^[\w+=,.@-]{1,64}$/.test(name);
}

/**
 * Whether the user of an undecided login profile or key may be named one of `names` (compared as IAM
 * compares names). Its user is what its `user` names: a literal, an unknown value (whose known parts
 * may rule a name out), or a declared user, whose own name decides, even where that user's existence
 * is unknown too (`for_each` of an unknown value). A user declared without a name has a generated
 * one, never a name written in code.
 */
export function mayBeNamed(item: Undecided, names: ReadonlySet<string>): boolean {
  const equals = (name: string) => [...names].some((n) => sameUserName(n, name));
  const ref = item.resource.user;
  let name: Fact<unknown> = ref;
  if (ref.known) {
    if (ref.value.kind === 'name') return equals(ref.value.name);
    const user = item.declaredUser;
    if (user === undefined) return true;
    if (user.name === undefined) return false;
    name = user.name;
  }
  if (name.known) return typeof name.value === 'string' && equals(name.value);
  const parts = name.knownParts;
  const accepted = [...names].filter(isIamUserName);
  return accepted.length > 0 && (parts === undefined || accepted.some((n) => mayEqualIgnoringCase(parts, n)));
}

/**
 * The identity a resource linked to a symbolic name (`Undecided.linkedTo`) is counted in, if any. The
 * whole group moves together whatever the name turns out to be, so where that identity already breaks a
 * rule, joining another identity only adds that identity's resources to the same finding.
 */
export function linkedIdentity(item: Undecided, identities: readonly UserCredentials[]): UserCredentials | undefined {
  return item.linkedTo === undefined ? undefined : identities.find((i) => i.identity === item.linkedTo);
}

/**
 * Whether an undecided login profile or key may belong to `identity`: not when what is known of its
 * user's name excludes the identity's name (`ci-${var.env}` is never user `ops`).
 */
export function mayBelongTo(item: Undecided, identity: UserCredentials): boolean {
  // Already counted in the identity it is linked to.
  if (item.linkedTo !== undefined && item.linkedTo === identity.identity) return false;
  if (declaredApart(item, identity.users)) return false;
  // The members are listed only where an app or an account can rule the identity out: an identity may
  // have thousands of them, and this is asked for every undecided resource.
  const { app, account } = item.resource;
  if (app !== undefined || account?.known === true) {
    const members = [...identity.users, ...identity.loginProfiles, ...identity.accessKeys];
    if (inOtherApp(item.resource, members) || inOtherAccount(item.resource, members)) return false;
  }
  if (item.identity !== undefined) {
    if (item.identity === identity.identity) return true;
    // An identity standing for a name not known statically is that name's only as far as the name
    // goes: it may turn out to be the name of another identity, unless both users are declared.
    const unknownName = unknownIdentityName(item);
    if (unknownName !== undefined) {
      if (item.declaredUser !== undefined && identity.users.length > 0) return false;
      const other = identityHint(identity);
      return unknownName.knownParts === undefined || other === undefined || hintsCompatible({ parts: unknownName.knownParts }, other);
    }
    // A name, where the identity's user is declared with a name not known statically, which may be it: not
    // where that name is declared too (IAM refuses a second user of a name).
    if (item.identity.startsWith('name:') && item.nameDeclared !== true && unknownUserName(identity) !== undefined) {
      const other = identityHint(identity);
      return other === undefined || hintsCompatible({ name: item.identity.slice('name:'.length) }, other);
    }
    // A name split per app or per account (`splitByApp`, `splitByAccount` of `link-credentials.ts`,
    // names only) is the item's name in each app and account: the same user where the item's account
    // may be that part's (README, "Accounts split identities").
    if (!item.identity.startsWith('name:') || identity.userName === undefined || nameIdentity(identity.userName) !== item.identity) return false;
    const account = item.resource.account;
    return identity.account === undefined || account === undefined || !account.known || account.value === identity.account;
  }
  const hint = nameHint(item);
  const other = identityHint(identity);
  return hint === undefined || other === undefined || hintsCompatible(hint, other);
}

/**
 * The name of an undecided resource's user where its identity (`user:<id>`, `symbol:<key>`) stands for a
 * name not known statically: the unknown name of the declared user it refers to (a `count` on that user
 * or on the resource itself left it undecided), or its own symbolic name. Undefined for a name identity
 * and a generated name (no name written in code is one).
 */
export function unknownIdentityName(item: Undecided): (Fact<unknown> & { known: false }) | undefined {
  if (item.identity === undefined || item.identity.startsWith('name:')) return undefined;
  const name: Fact<unknown> | undefined = item.declaredUser === undefined ? item.resource.user : item.declaredUser.name;
  return name !== undefined && !name.known ? name : undefined;
}

/**
 * Whether the user of a resource linked to a symbolic name (`Undecided.linkedUsers`) is declared there
 * and `others` are other declarations of the same account and app. Then they are other users, whatever
 * their unknown names: IAM refuses a second user of a name
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html), so `${var.team}-deployer`
 * and `auditor-${var.stage}`, both declared, are never one user although either pattern could match the
 * other's name.
 */
function declaredApart(item: Undecided, others: readonly IamUser[]): boolean {
  const own = item.linkedUsers ?? [];
  if (own.length === 0 || others.length === 0 || others.some((u) => own.includes(u))) return false;
  const scope = item.resource;
  return [...own, ...others].every((r) => r.app === scope.app && sameAccount(r.account, scope.account));
}

/**
 * Whether `resource` is in a known account none of `others` is in, every account being known
 * (`ResourceInstance.account`): a login profile or key belongs to a user of its own account, so
 * never to a user of another, whatever the names. An account not stated (the deploying credentials')
 * or not evaluated may be any.
 */
function inOtherAccount(resource: ResourceInstance, others: readonly ResourceInstance[]): boolean {
  const account = resource.account;
  if (account === undefined || !account.known || others.length === 0) return false;
  return others.every((other) => other.account !== undefined && other.account.known && other.account.value !== account.value);
}

/** Whether two instances are in one account: both stating none, or both the same known one. */
function sameAccount(a: Fact<string> | undefined, b: Fact<string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.known && b.known && a.value === b.value;
}

/** Whether `resource` belongs to a CDK app none of `others` belongs to, every app being known (`ResourceInstance.app`). */
function inOtherApp(resource: ResourceInstance, others: readonly ResourceInstance[]): boolean {
  const app = resource.app;
  return app !== undefined && others.length > 0 && others.every((other) => other.app !== undefined && other.app !== app);
}

/**
 * What is known of an identity's name: the name, else what is known of the one value its resources
 * share (a user's name its keys refer to, or a symbolic value written alike), else nothing.
 */
function identityHint(identity: UserCredentials): NameHint | undefined {
  if (identity.userName !== undefined) return { name: foldUserName(identity.userName) };
  const facts = [...identity.users.map((u) => u.name), ...identity.loginProfiles.map((p) => p.user), ...identity.accessKeys.map((k) => k.user)];
  for (const fact of facts) if (fact !== undefined && !fact.known && fact.knownParts !== undefined) return { parts: fact.knownParts };
  return undefined;
}

/**
 * Whether two undecided resources may be of one user: not when what is known of their names rules
 * it out (two names with different known prefixes are different users).
 */
export function mayShareUser(a: Undecided, b: Undecided): boolean {
  // Two resources linked to one symbolic identity are of one user, and counted there already.
  if (a !== b && a.linkedTo !== undefined && a.linkedTo === b.linkedTo) return false;
  if (a !== b && (inOtherApp(a.resource, [b.resource]) || inOtherAccount(a.resource, [b.resource]))) return false;
  // A user with a generated name is no other resource's whose user is known otherwise.
  if ((generatedName(a) || generatedName(b)) && a.identity !== undefined && b.identity !== undefined) return a.identity === b.identity;
  // Users of two declarations are two users, whatever their unknown names: IAM refuses a second user of a
  // name (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html), and users of one
  // name in two accounts are two users. Instances of one declaration (a placeholder for an unknown
  // for_each) may be one user.
  if (a.declaredUser !== undefined && b.declaredUser !== undefined && a.declaredUser.id !== b.declaredUser.id) return false;
  if (a !== b && (declaredApart(a, b.linkedUsers ?? []) || declaredApart(b, a.linkedUsers ?? []))) return false;
  const [x, y] = [nameHint(a), nameHint(b)];
  return x === undefined || y === undefined || hintsCompatible(x, y);
}

/**
 * Whether two login profiles or keys, undecided or not, are never counted together
 * (`ResourceInstance.neverWith`): they never both exist, keys being active.
 */
export function neverTogether(a: Undecided | ResourceInstance, b: Undecided | ResourceInstance): boolean {
  const [x, y] = [resourceOf(a), resourceOf(b)];
  return x.neverWith?.includes(y.id) === true;
}

/**
 * Pairs of active access keys of `identity` whose existence alone is unknown, or keys of it that exist
 * whose status alone is, one of each pair existing and active whatever the unknown values turn out to be
 * (`ResourceInstance.complements`), no key in two pairs, in source order: each pair is one active key
 * the user has, although which one is unknown.
 */
export function complementaryKeyPairs(identity: UserCredentials, undecided: readonly Undecided[]): [AccessKey, AccessKey][] {
  const keys = inSourceOrder([
    ...keysSurelyOf(identity, undecided),
    // Keys of the user that exist, whose status alone is unknown (a rotation's `Status: !If [BlueActive, Active, Inactive]`).
    ...identity.accessKeys.filter((k) => activeState(k) === 'unknown' && k.existenceUnknown === undefined && k.complements !== undefined),
  ]);
  const used = new Set<string>();
  const pairs: [AccessKey, AccessKey][] = [];
  for (const key of keys) {
    if (used.has(key.id) || key.complements === undefined || key.complements.length === 0) continue;
    const complements = new Set(key.complements);
    const other = keys.find((k) => !used.has(k.id) && k !== key && complements.has(k.id));
    if (other === undefined) continue;
    used.add(key.id).add(other.id);
    pairs.push([key, other]);
  }
  return pairs;
}

/**
 * The active undecided keys of each identity they are surely of (`surelyOf`), indexed once per list:
 * each rule asks for every identity of a unit, and a `for_each` filtered by an unknown condition gives
 * one undecided key per element (thousands), so looking through the whole list per identity was
 * identities x keys (9,000 of each: 49 s).
 */
const surelyOfIndex = new WeakMap<readonly Undecided[], ReadonlyMap<string, readonly { item: Undecided; at: number }[]>>();

function keysSurelyOf(identity: UserCredentials, undecided: readonly Undecided[]): AccessKey[] {
  let index = surelyOfIndex.get(undecided);
  if (index === undefined) {
    const built = new Map<string, { item: Undecided; at: number }[]>();
    for (const [at, item] of undecided.entries()) {
      if (item.resource.kind !== 'access-key' || activeState(item.resource) !== 'active' || item.identity === undefined || item.linkedTo !== undefined)
        continue;
      const list = built.get(item.identity) ?? [];
      list.push({ item, at });
      built.set(item.identity, list);
    }
    index = built;
    surelyOfIndex.set(undecided, index);
  }
  const own = index.get(identity.identity) ?? [];
  // Of a name split per account, the keys of that name in the identity's account too (`surelyOf`).
  const byName = identity.userName === undefined ? [] : (index.get(nameIdentity(identity.userName)) ?? []);
  const candidates = byName === own ? own : [...own, ...byName].sort((a, b) => a.at - b.at);
  // In the list's order, as the keys were taken before the list was indexed.
  return candidates.flatMap(({ item }) => (item.resource.kind === 'access-key' && surelyOf(item, identity) ? [item.resource] : []));
}

/**
 * Whether an undecided resource, whose existence alone is unknown, is of `identity` wherever it
 * exists: of its name, and where the name is split per account (`splitByAccount`), of that known account.
 */
function surelyOf(item: Undecided, identity: UserCredentials): boolean {
  if (item.identity === undefined || item.linkedTo !== undefined) return false;
  if (item.identity === identity.identity) return true;
  const account = item.resource.account;
  return (
    identity.account !== undefined &&
    identity.userName !== undefined &&
    item.identity === nameIdentity(identity.userName) &&
    account?.known === true &&
    account.value === identity.account
  );
}

function resourceOf(item: Undecided | ResourceInstance): ResourceInstance {
  return 'resource' in item ? item.resource : item;
}

/** Whether two names, of which these are known, can be one (compared as IAM compares names). */
function hintsCompatible(x: NameHint, y: NameHint): boolean {
  if ('name' in x && 'name' in y) return x.name === y.name;
  if ('name' in x) return 'parts' in y && mayEqualIgnoringCase(y.parts, x.name);
  if ('name' in y) return mayEqualIgnoringCase(x.parts, y.name);
  return mayBothEqualIgnoringCase(x.parts, y.parts);
}

/**
 * The name of an identity's declared user when it is written but not known (`${stack.stackName}-ci`
 * where the stack's name is not told, a value of the environment, a CloudFormation parameter without a
 * value): the user is counted by its own identity (`user:<id>`, or `symbol:<key>` for a name written
 * alike, `link-credentials.ts`), yet its name may be one that login profiles and keys elsewhere name in
 * text. Undefined for a known or generated name, and for a symbolic identity no declaration names.
 */
export function unknownUserName(identity: UserCredentials): Fact<string> | undefined {
  if (!identity.identity.startsWith('user:') && !identity.identity.startsWith('symbol:')) return undefined;
  return identity.users.map((u) => u.name).find((name): name is Fact<string> => name !== undefined && !name.known);
}

/**
 * Whether `other`, an identity no declaration names (its login profiles and keys name the user in
 * text), may be the user of `identity`, whose declared name is not known (`unknownUserName`): what is
 * known of the two names, their apps and accounts do not rule it out. An identity with a declaration of
 * its own is another user: IAM refuses a second user of a name
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html). A symbolic identity no
 * declaration names (`symbol:<key>`) is not `other` here: its login profiles and keys are undecided
 * themselves (`Undecided.linkedTo`), compared with every identity where they are.
 */
export function mayBeUserNamedIn(identity: UserCredentials, other: UserCredentials): boolean {
  if (other === identity || other.users.length > 0 || !other.identity.startsWith('name:') || unknownUserName(identity) === undefined) return false;
  const members = [...identity.users, ...identity.loginProfiles, ...identity.accessKeys];
  const named = [...other.loginProfiles, ...other.accessKeys];
  if (named.every((r) => inOtherApp(r, members) || inOtherAccount(r, members))) return false;
  const [x, y] = [identityHint(identity), identityHint(other)];
  return x === undefined || y === undefined || hintsCompatible(x, y);
}

/**
 * Each user declared with a name not known statically (`unknownUserName`) and each identity naming a user
 * in text that may be that user (`mayBeUserNamedIn`), skipping identities a rule has `reported` already:
 * the pairs whose warnings both rules give, with the reason the name is not known.
 */
export function* usersMaybeNamedInText(
  identities: readonly UserCredentials[],
  reported: (identity: UserCredentials) => boolean,
): Generator<{ identity: UserCredentials; other: UserCredentials; user: IamUser; reason: string }> {
  for (const identity of identities) {
    const name = unknownUserName(identity);
    const user = identity.users[0];
    if (name === undefined || name.known || user === undefined || reported(identity)) continue;
    for (const other of identities) {
      if (mayBeUserNamedIn(identity, other) && !reported(other)) yield { identity, other, user, reason: name.unknownReason };
    }
  }
}

/**
 * Whether a login profile or key that names `identity`'s user by its symbolic name, undecided for that
 * (`Undecided.linkedTo`), may be `other`'s: the warning of that resource then tells of the pair already.
 */
export function linkedMayBelongTo(
  undecided: readonly Undecided[],
  identity: UserCredentials,
  other: UserCredentials,
  kind: 'login-profile' | 'access-key',
): boolean {
  return undecided.some((u) => u.linkedTo === identity.identity && u.resource.kind === kind && mayBelongTo(u, other));
}
