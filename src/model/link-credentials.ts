import { mayEqualIgnoringCase } from '../core/known-parts.js';
import type { SourceLocation } from '../core/location.js';
import { foldUserName } from '../core/user-name-case.js';
import {
  SENSITIVE_VALUE,
  type AccessKey,
  type DeploymentUnit,
  type Fact,
  type IamUser,
  type LoginProfile,
  type ResourceInstance,
  type UserRef,
} from './model.js';

/** Everything one IAM user identity has in a unit. Joins are one-to-many: nothing is first-match-only. */
export interface UserCredentials {
  /**
   * `name:<user name>`; `symbol:<key>` for a name that is unknown but written alike (a CloudFormation
   * parameter without a value, `Fact.symbol`); else `user:<id>` for a declared user whose name is
   * generated or unknown.
   */
  readonly identity: string;
  /** The user name when known. */
  readonly userName: string | undefined;
  /**
   * The account, when the unit's users of this name are in different known accounts and so are
   * different users (`splitByAccount`); absent otherwise.
   */
  readonly account?: string;
  /**
   * Why users of this name may be in different accounts although they are linked as one: their
   * resources come from stacks whose accounts differ or could not be told (`--report-unknown`).
   */
  readonly accountUnknown?: string;
  /**
   * What messages call the user: its name in quotes (`"ana"`), else the address of its declaration;
   * never a sensitive name (see `nameSensitive`).
   */
  readonly displayName: string;
  /** Some declaration or reference gave the name from a sensitive value: output never shows `userName`. */
  readonly nameSensitive: boolean;
  /** Declarations of this user (none when keys name a user declared elsewhere). */
  readonly users: readonly IamUser[];
  readonly loginProfiles: readonly LoginProfile[];
  readonly accessKeys: readonly AccessKey[];
}

/** A login profile or key left out of the joins because something about it is unknown. */
export interface Undecided {
  readonly resource: LoginProfile | AccessKey;
  /** Which value was unknown. */
  readonly reason: string;
  /** The identity it would belong to, when only its existence is unknown. */
  readonly identity: string | undefined;
  /**
   * The symbolic identity (`symbol:<key>`) the resource is linked to although its user's name is
   * unknown: it is counted there, and listed here only because that name may also be another
   * identity's name (`--report-unknown`).
   */
  readonly linkedTo?: string;
  /** The users declared with that symbolic name (`linkedTo`): the resource's user is one of them. */
  readonly linkedUsers?: readonly IamUser[];
  /**
   * The declared user its `user` refers to, when that user's existence (or its own) is what is unknown.
   * One declared without a name (`generatedName`, `undecided-owners.ts`) gets a unique generated one from CloudFormation, so
   * no other declaration and no written name is that user.
   */
  readonly declaredUser?: IamUser;
  /** Its user's name (`identity`, a name) is declared by a user that exists: no user of another declaration is it. */
  readonly nameDeclared?: true;
}

export interface LinkedUnit {
  readonly unit: DeploymentUnit;
  /** Sorted by identity for deterministic output. */
  readonly identities: readonly UserCredentials[];
  readonly undecided: readonly Undecided[];
}

/** The identity of a user named `name`: `Ops` and `ops` in one unit are one user (`foldUserName`). */
export function nameIdentity(name: string): string {
  return `name:${foldUserName(name)}`;
}

/** The identity of a name that is unknown but the same wherever its symbol is written. */
function symbolIdentity(fact: Fact<unknown>): string | undefined {
  return !fact.known && fact.symbol !== undefined ? `symbol:${fact.symbol.key}` : undefined;
}

function userIdentity(user: IamUser): string {
  if (user.name === undefined) return `user:${user.id}`;
  return user.name.known ? nameIdentity(user.name.value) : (symbolIdentity(user.name) ?? `user:${user.id}`);
}

/**
 * A name in quotes; an empty name (which IAM would refuse) by the user's address instead. A sensitive
 * name is described, never shown: by the user's address when the user is declared, else as Terraform
 * shows a sensitive value.
 */
function displayNameOf(userName: string | undefined, address: string, declared: boolean, sensitive: boolean): string {
  if (sensitive) return declared ? `${address} (its name is a ${SENSITIVE_VALUE.slice(1, -1)})` : SENSITIVE_VALUE;
  if (userName === undefined) return address;
  return userName === '' ? `${address} (with an empty name)` : JSON.stringify(userName);
}

/** Groups a unit's login profiles and keys by the user identity they belong to. */
export function linkCredentials(unit: DeploymentUnit): LinkedUnit {
  const usersById = new Map(unit.users.map((u) => [u.id, u]));
  const groups = new Map<string, { users: IamUser[]; loginProfiles: LoginProfile[]; accessKeys: AccessKey[] }>();
  const undecided: Undecided[] = [];

  const group = (identity: string) => {
    let g = groups.get(identity);
    if (!g) {
      g = { users: [], loginProfiles: [], accessKeys: [] };
      groups.set(identity, g);
    }
    return g;
  };

  /** The first spelling met of each name identity, for messages. */
  const spellings = new Map<string, string>();
  /** How each symbolic identity is written (`${UserName}`), for messages when no user declares it. */
  const symbolTexts = new Map<string, string>();
  /** The symbolic identity of a fact (`symbolIdentity`), its written form remembered for messages. */
  const noteSymbol = (fact: Fact<unknown> | undefined): string | undefined => {
    const identity = fact === undefined ? undefined : symbolIdentity(fact);
    if (identity !== undefined && !fact?.known && fact?.symbol !== undefined && !symbolTexts.has(identity)) symbolTexts.set(identity, fact.symbol.text);
    return identity;
  };
  /** Name identities some sensitive value gave: shown nowhere, even where another spelling is plain. */
  const sensitiveNames = new Set<string>();
  const spell = (name: string, fact: Fact<unknown>): string => {
    const identity = nameIdentity(name);
    if (!spellings.has(identity)) spellings.set(identity, name);
    if (fact.known && fact.sensitive === true) sensitiveNames.add(identity);
    return identity;
  };

  const identityOf = (fact: Fact<UserRef> & { known: true }): string => {
    const ref = fact.value;
    if (ref.kind === 'name') return spell(ref.name, fact);
    const user = usersById.get(ref.userId);
    return user ? userIdentity(user) : `user:${ref.userId}`;
  };

  const place = (resource: LoginProfile | AccessKey, add: (g: ReturnType<typeof group>) => void) => {
    const symbol = noteSymbol(resource.user);
    // When whether the resource exists at all is unknown, that is the reason to report, even if its
    // user could not be evaluated either (a placeholder for an unknown for_each has no each.key).
    if (resource.existenceUnknown !== undefined) {
      const ref = resource.user.known ? resource.user.value : undefined;
      const declaredUser = ref?.kind === 'user' ? usersById.get(ref.userId) : undefined;
      undecided.push({
        resource,
        reason: resource.existenceUnknown,
        identity: resource.user.known ? identityOf(resource.user) : symbol,
        ...(declaredUser ? { declaredUser } : {}),
        ...(resource.user.known && (groups.get(identityOf(resource.user))?.users.length ?? 0) > 0 ? { nameDeclared: true as const } : {}),
      });
    } else if (symbol !== undefined && !resource.user.known) {
      add(group(symbol));
      // Users are grouped before any login profile or key is placed, so the group holds all of them.
      undecided.push({ resource, reason: resource.user.unknownReason, identity: undefined, linkedTo: symbol, linkedUsers: group(symbol).users });
    } else if (!resource.user.known) {
      undecided.push({ resource, reason: resource.user.unknownReason, identity: undefined });
    } else {
      add(group(identityOf(resource.user)));
    }
  };

  for (const user of unit.users) {
    if (user.name?.known) spell(user.name.value, user.name);
    noteSymbol(user.name);
    if (user.existenceUnknown === undefined) group(userIdentity(user)).users.push(user);
  }
  for (const profile of unit.loginProfiles) place(profile, (g) => g.loginProfiles.push(profile));
  for (const key of unit.accessKeys) place(key, (g) => g.accessKeys.push(key));

  const identities = [...groups.entries()]
    .flatMap(([identity, g]) =>
      identity.startsWith('name:')
        ? splitByApp(identity, g).flatMap((part) => splitByAccount(part.identity, identity, part.g))
        : [{ identity, base: identity, g }],
    )
    .sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0))
    .map(({ identity, base, g, account, accountUnknown }): UserCredentials => {
      const userName = base.startsWith('name:') ? (spellings.get(base) ?? base.slice('name:'.length)) : undefined;
      const firstUser = g.users[0];
      const nameSensitive = sensitiveNames.has(base);
      const address = firstUser?.address ?? (base.startsWith('symbol:') ? JSON.stringify(symbolTexts.get(base) ?? '') : base.slice('user:'.length));
      const displayName = displayNameOf(userName, address, firstUser !== undefined, nameSensitive);
      return {
        identity,
        userName,
        nameSensitive,
        displayName: account === undefined ? displayName : `${displayName} in account ${account}`,
        ...(account === undefined ? {} : { account }),
        ...(accountUnknown === undefined ? {} : { accountUnknown }),
        users: g.users,
        loginProfiles: g.loginProfiles,
        accessKeys: g.accessKeys,
      };
    });
  return { unit, identities, undecided };
}

interface Group {
  readonly users: IamUser[];
  readonly loginProfiles: LoginProfile[];
  readonly accessKeys: AccessKey[];
}

/** Where a resource's account is the same as another's: a known account, one unknown expression, or the deploying account. */
function accountScope(resource: ResourceInstance): string {
  const account = resource.account;
  if (account === undefined) return 'agnostic';
  if (account.known) return `known:${account.value}`;
  // An unknown account that is the same wherever it is written (configurations naming one profile).
  if (account.symbol !== undefined) return `symbol:${account.symbol.key}`;
  const { file, range } = account.location;
  return `unknown:${file}:${range.start.line}:${range.start.column}:${account.unknownReason}`;
}

/**
 * IAM users live in an account: users named alike in two accounts are two users
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users.html). A name group whose resources all
 * have known accounts is split per account. Where some account is unknown, or environment-agnostic
 * beside a known one, the group stays one user (as without accounts) and says why that may be wrong.
 */
function splitByAccount(identity: string, base: string, g: Group): { identity: string; base: string; g: Group; account?: string; accountUnknown?: string }[] {
  const members: ResourceInstance[] = [...g.users, ...g.loginProfiles, ...g.accessKeys];
  const scopes = new Set(members.map(accountScope));
  if (scopes.size < 2) return [{ identity, base, g }];
  const declaredApart = apartByDeclaredUsers(identity, base, g);
  if (declaredApart !== undefined) return declaredApart;
  const unknownAccount = members.find((m) => m.account !== undefined && !m.account.known)?.account;
  if (unknownAccount && !unknownAccount.known) return [{ identity, base, g, accountUnknown: unknownAccount.unknownReason }];
  const agnostic = members.find((m) => m.account === undefined);
  if (agnostic)
    return [
      {
        identity,
        base,
        g,
        // No account stated: a CDK environment-agnostic stack, a Terraform provider without assume_role, allowed_account_ids or credentials of its own.
        accountUnknown: `${agnostic.address} states no account (it goes to the account of the credentials it is deployed with), which may differ from the others' (${[
          ...scopes,
        ]
          .filter((s) => s.startsWith('known:'))
          .map((s) => s.slice('known:'.length))
          .sort()
          .join(', ')})`,
      },
    ];
  const byAccount = partition(g, (resource) => (resource.account?.known ? resource.account.value : ''));
  return [...byAccount].map(([account, group]) => ({ identity: `${identity}@${account}`, base, g: group, account }));
}

/**
 * A name group spread over account scopes of which some is not a known account (not stated, or not
 * evaluated), where every scope declares a user of the name: IAM refuses a second user of a name in
 * one account ("EntityAlreadyExists", https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html),
 * so wherever the deployment succeeds those scopes are different accounts, and each is a user of its
 * own (a `ci` user under the default `aws` provider and another under one assuming a role in account
 * 111111111111, each with its key, are two users with one key each). Undefined where all accounts are
 * known (`splitByAccount` splits them), or some scope declares no user of the name: a key there that
 * names the user may be in any of the others' accounts.
 */
function apartByDeclaredUsers(identity: string, base: string, g: Group): { identity: string; base: string; g: Group; account?: string }[] | undefined {
  if ([...g.users, ...g.loginProfiles, ...g.accessKeys].every((resource) => resource.account?.known === true)) return undefined;
  const byScope = partition(g, accountScope);
  if (![...byScope.values()].every((part) => part.users.length > 0)) return undefined;
  return [...byScope].map(([scope, part]) => {
    const account = scope.startsWith('known:') ? scope.slice('known:'.length) : undefined;
    return { identity: `${identity}@${scope}`, base, g: part, ...(account === undefined ? {} : { account }) };
  });
}

/**
 * Each `App` of a CDK project is synthesized and deployed on its own (`src/cdk-source/construct-app.ts`):
 * a name group whose resources belong to two or more apps, every one of them known, is one user per
 * app. Where the app of some resource is not known, the group stays one user, as before apps were told.
 */
function splitByApp(identity: string, g: Group): { identity: string; g: Group }[] {
  const apps = new Set([...g.users, ...g.loginProfiles, ...g.accessKeys].map((resource) => resource.app));
  if (apps.size < 2 || apps.has(undefined)) return [{ identity, g }];
  return [...partition(g, (resource) => resource.app ?? '')].map(([app, group]) => ({ identity: `${identity}#${app}`, g: group }));
}

/** The group's resources by `keyOf`, each kind in its order. */
function partition(g: Group, keyOf: (resource: ResourceInstance) => string): Map<string, Group> {
  const parts = new Map<string, Group>();
  const add = <T extends ResourceInstance>(resource: T, pick: (group: Group) => T[]): void => {
    const key = keyOf(resource);
    let group = parts.get(key);
    if (!group) {
      group = { users: [], loginProfiles: [], accessKeys: [] };
      parts.set(key, group);
    }
    pick(group).push(resource);
  };
  for (const user of g.users) add(user, (group) => group.users);
  for (const profile of g.loginProfiles) add(profile, (group) => group.loginProfiles);
  for (const key of g.accessKeys) add(key, (group) => group.accessKeys);
  return parts;
}

/** Whether a key counts as active: CIS counts keys whose status is `Active` (the default everywhere). */
export function activeState(key: AccessKey): 'active' | 'inactive' | 'unknown' {
  // A status not known but known not to be `Active` in any case (one of `Inactive` and `Expired`) is not active either.
  if (!key.status.known) return key.status.knownParts !== undefined && !mayEqualIgnoringCase(key.status.knownParts, 'Active') ? 'inactive' : 'unknown';
  return key.status.value === 'Active' ? 'active' : 'inactive';
}

/** Whether the key may be active: its status is Active or unknown (an Inactive key never is). */
export function mayBeActive(key: AccessKey): boolean {
  return activeState(key) !== 'inactive';
}

/** Resources in declaration order (file, line, column); instances of one block keep their order. */
export function inSourceOrder<
  T extends { readonly location: { readonly file: string; readonly range: { readonly start: { readonly line: number; readonly column: number } } } },
>(resources: readonly T[]): T[] {
  return [...resources].sort((a, b) => {
    if (a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
    return a.location.range.start.line - b.location.range.start.line || a.location.range.start.column - b.location.range.start.column;
  });
}

/** Related locations that explain where a resource came from: the code that created it (CDK). */
export function creationSite(resource: ResourceInstance): { location: SourceLocation; message: string }[] {
  return resource.createdAt ? [{ location: resource.createdAt, message: `${resource.address} is created here` }] : [];
}

/** How messages name a resource: its address, and what became of it where it stays unmanaged (`ResourceInstance.unmanaged`). */
export function named(resource: ResourceInstance): string {
  return resource.unmanaged === undefined ? resource.address : `${resource.address} (${resource.unmanaged})`;
}
