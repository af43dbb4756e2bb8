/**
 * The IAM model of one root module instance tree: every instance of `aws_iam_user`,
 * `aws_iam_user_login_profile` and `aws_iam_access_key` in the root and every module it calls, with
 * full instance addresses and locations in the file that declares each block.
 */
import { FILE_START, type SourceLocation } from '../../core/location.js';
import type { AccessKey, Fact, IamUser, LoginProfile, UserRef } from '../../model/model.js';
import { knownFact, unknownFact } from '../../model/model.js';
import { findAttribute } from '../locate/find-located.js';
import type { ResourceDecl } from './module-config.js';
import type { ModuleInstance } from './module-instance.js';
import { switchesComplement, switchesExclude, type Switch } from './exclusive-counts.js';
import { indexedProviderReference, providerReference } from './provider-accounts.js';
import { appendAll } from '../../core/append-all.js';
import { instancesOf, type Instance } from './block-instances.js';
import { failedPrecondition } from './failed-preconditions.js';
import { stringFact, userFact, variableSymbol } from './terraform-facts.js';
import { keyedInstanceNote, oneInstanceNote } from './instance-read-notes.js';
import { acrossSwitches } from './switched-reads.js';
import { usersApartPerModuleKey } from './users-apart.js';
import { TfSet, isObject, type TfValue } from '../expr/value.js';

export interface IamResources {
  readonly users: IamUser[];
  readonly loginProfiles: LoginProfile[];
  readonly accessKeys: AccessKey[];
}

const MODELLED = new Set(['aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_access_key']);

function headerLocation(decl: ResourceDecl): SourceLocation {
  return { file: decl.file, range: decl.block?.headerRange ?? FILE_START, logicalPath: `resource.${decl.type}.${decl.name}` };
}

function attributeLocation(decl: ResourceDecl, name: string): SourceLocation {
  const attribute = decl.block === undefined ? undefined : findAttribute(decl.block, name);
  return { file: decl.file, range: attribute?.range ?? decl.block?.headerRange ?? FILE_START, logicalPath: `resource.${decl.type}.${decl.name}.${name}` };
}

/**
 * Reads of one module instance (`instance-read-notes.ts`) by blocks that
 * certainly exist, in any module instance: `proven` are those a first collection found, `found` those
 * this one finds, and `uncertain` those whose instance it collected as possibly absent.
 */
interface Proofs {
  readonly proven: ReadonlySet<string>;
  readonly found: Set<string>;
  readonly uncertain: Set<string>;
}

/**
 * Adds the modelled instances of `module` and of the modules it calls. `existence` is why `module`
 * may not exist (its own `existenceUnknown`, unless a read proved it exists as surely as its caller,
 * or a block that certainly exists read it, from whatever module instance: `proofs`).
 */
function collect(module: ModuleInstance, into: IamResources, existence: string | undefined, proofs: Proofs): void {
  // Calls of one instance at most whose instance a block that exists reads by index (`module.m[0]`),
  // and instances of calls that may make more read by key (`module.users["ana"]`) by such a block.
  const presumed = new Set<string>();
  const presumedReads = new Set<string>();
  const switched: Switched[] = [];
  for (const decl of module.config.resources.values()) {
    if (decl.mode !== 'managed' || !MODELLED.has(decl.type)) continue;
    const location = headerLocation(decl);
    const suppressionAnchors = [location, ...module.anchors];
    // `provider = aws.prod` selects a configuration; without it, the module's default `aws` one.
    // `aws.by_account[each.key]` selects one instance of a configuration repeated with `for_each`.
    const written: unknown = decl.body['provider'];
    const repeatedProvider = indexedProviderReference(written);
    const declAccount = repeatedProvider === undefined ? module.providerAccount(providerReference(written) ?? 'aws') : undefined;
    const blockExistence = existence ?? module.tree.refused.get(decl.address) ?? module.movedInstanceConflict(decl);
    for (const found of instancesOf(module, decl, blockExistence)) {
      const refused = found.existenceUnknown === undefined ? failedPrecondition(module, decl, found.context) : undefined;
      const instance = refused === undefined ? found : { ...found, existenceUnknown: refused, alongModule: false };
      if (instance.switchedBy !== undefined)
        switched.push({ id: instance.address, switchedBy: instance.switchedBy, alone: blockExistence === undefined && instance.awaitsVariables === true });
      const account =
        repeatedProvider === undefined ? declAccount : module.providerInstanceAccount(repeatedProvider, instance.context, attributeLocation(decl, 'provider'));
      const { calls, reads, anywhere } = module.readsOfOneInstance(() => {
        collectInstance(module, decl, instance, into, location, suppressionAnchors, account);
      });
      if (instance.alongModule) {
        for (const call of calls) presumed.add(call);
        for (const read of reads) presumedReads.add(read);
      }
      if (instance.existenceUnknown === undefined) for (const note of anywhere) proofs.found.add(note);
    }
  }
  markNeverTogether(into, switched);
  for (const name of module.config.moduleCalls.keys()) {
    const children = module.children(name);
    if (!('instances' in children)) continue;
    for (const child of children.instances) {
      // Terraform fails the plan where `module.m[0]` is evaluated and the instance does not exist.
      const inherits = child.existenceUnknown === module.existenceUnknown || presumed.has(name);
      const note = oneInstanceNote(module.addressPrefix, name);
      const childExistence = proofs.proven.has(note) ? undefined : inherits ? existence : child.existenceUnknown;
      if (childExistence !== undefined) proofs.uncertain.add(note);
      collect(child, into, childExistence, proofs);
    }
  }
  // An instance read by key that a block existing with this module reads exists as surely: what it
  // declares is modelled at its own address, beside the call's placeholder, which stands for the
  // instances no one reads (README, "Terraform").
  for (const [read, instance] of module.readModuleInstances()) {
    const note = keyedInstanceNote(module.addressPrefix, read);
    if (proofs.proven.has(note)) collect(instance, into, undefined, proofs);
    else if (presumedReads.has(read)) collect(instance, into, existence, proofs);
    if (!proofs.proven.has(note) && (existence !== undefined || !presumedReads.has(read))) proofs.uncertain.add(note);
  }
}

/**
 * An instance switched on by a condition; `alone` where nothing else may keep it from existing (its
 * module instance exists) and the condition waits only for variables nothing sets, so it turns out
 * true or false, never a failure of the plan (a `filebase64()` of a missing file).
 */
interface Switched {
  readonly id: string;
  readonly switchedBy: Switch;
  readonly alone: boolean;
}

/**
 * Sets `neverWith` on the login profiles and keys of one module instance that are switched on by
 * conditions that cannot both hold, and `complements` on those switched on by `count` alone
 * where one of the conditions always holds (`exclusive-counts.ts`).
 */
function markNeverTogether(into: IamResources, switched: readonly Switched[]): void {
  const never = new Map<string, string[]>();
  const either = new Map<string, string[]>();
  const pair = (pairs: Map<string, string[]>, a: string, b: string) => {
    pairs.set(a, [...(pairs.get(a) ?? []), b]);
    pairs.set(b, [...(pairs.get(b) ?? []), a]);
  };
  for (const [i, a] of switched.entries()) {
    for (const b of switched.slice(i + 1)) {
      if (switchesExclude(a.switchedBy, b.switchedBy)) pair(never, a.id, b.id);
      if (a.alone && b.alone && switchesComplement(a.switchedBy, b.switchedBy)) pair(either, a.id, b.id);
    }
  }
  if (never.size === 0 && either.size === 0) return;
  const marked = <T extends AccessKey | LoginProfile>(resource: T): T => {
    const [ids, complements] = [never.get(resource.id), either.get(resource.id)];
    return { ...resource, ...(ids === undefined ? {} : { neverWith: ids }), ...(complements === undefined ? {} : { complements }) };
  };
  into.accessKeys.splice(0, into.accessKeys.length, ...into.accessKeys.map(marked));
  into.loginProfiles.splice(0, into.loginProfiles.length, ...into.loginProfiles.map(marked));
}

/** Adds the model object of one instance of a modelled block. */
function collectInstance(
  module: ModuleInstance,
  decl: ResourceDecl,
  instance: Instance,
  into: IamResources,
  location: SourceLocation,
  suppressionAnchors: readonly SourceLocation[],
  account: Fact<string> | undefined,
): void {
  const read = (name: string) => module.evaluate(decl.body[name], instance.context, attributeLocation(decl, name));
  const base = {
    id: instance.address,
    address: instance.address,
    location,
    suppressionAnchors,
    ...(instance.existenceUnknown === undefined ? {} : { existenceUnknown: instance.existenceUnknown }),
    ...(account === undefined ? {} : { account }),
  };
  if (decl.type === 'aws_iam_user') {
    const repeated = instance.existenceUnknown !== undefined && (instance.ownCountUnknown || module.instanceCountUnknown);
    // `name` is required by the provider; without it the user is only reachable by reference.
    const name = Object.hasOwn(decl.body, 'name')
      ? stringFact(read('name'), attributeLocation(decl, 'name'), `${instance.address}.name`, variableSymbol(module, decl.body['name']))
      : undefined;
    into.users.push({ kind: 'user', ...base, ...(repeated ? { instanceCountUnknown: true as const } : {}), ...(name === undefined ? {} : { name }) });
    return;
  }
  const userLocation = attributeLocation(decl, 'user');
  const user =
    instance.userPlaceholder !== undefined
      ? knownFact<UserRef>({ kind: 'user', userId: instance.userPlaceholder }, userLocation)
      : Object.hasOwn(decl.body, 'user')
        ? userFact(readUser(module, decl, instance), userLocation, `${instance.address}.user`, variableSymbol(module, decl.body['user']))
        : unknownFact<UserRef>(`${instance.address} has no user`, location);
  // An enclosing module's instances repeat the block, but not for one user where that user is
  // declared in the same module instance: each module instance makes its own user, and IAM
  // refuses a second user of a name.
  const ownUser = user.known && user.value.kind === 'user' && user.value.userId.startsWith(module.addressPrefix);
  // `for_each = { for k, v in var.users : k => v if contains(["ci", "deploy"], k) }` on the call: one
  // module instance of each allowed key at most, each naming its own user.
  const repeated =
    instance.existenceUnknown !== undefined && (instance.ownCountUnknown || (module.instanceCountUnknown && !ownUser && !usersApartPerModuleKey(module, decl)));
  const counted = repeated ? { ...base, instanceCountUnknown: true as const } : base;
  if (decl.type === 'aws_iam_user_login_profile') {
    into.loginProfiles.push({ kind: 'login-profile', ...counted, user });
    return;
  }
  // An omitted (or null) status is the provider default, Active
  // (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key#status).
  const statusValue = Object.hasOwn(decl.body, 'status') ? read('status') : null;
  const status =
    statusValue === null
      ? knownFact('Active', location, 'defaulted')
      : acceptedStatus(stringFact(statusValue, attributeLocation(decl, 'status'), `${instance.address}.status`), instance.address);
  into.accessKeys.push({ kind: 'access-key', ...counted, user, status });
}

/**
 * The `user` of a login profile or key, decided over the blocks switched by an unknown `count` it
 * reads where the ways they can turn out agree (`switched-reads.ts`). The provider requires it, a
 * string: null or a collection fails the plan.
 */
function readUser(module: ModuleInstance, decl: ResourceDecl, instance: Instance): TfValue {
  const at = attributeLocation(decl, 'user');
  const refused = (value: TfValue) => value === null || Array.isArray(value) || value instanceof TfSet || isObject(value);
  return acrossSwitches(module, instance.switchedBy, refused, (where) => where.evaluate(decl.body['user'], instance.context, at));
}

/**
 * The statuses the AWS provider takes for an access key, compared case-sensitively: its schema
 * validates `status` against them and fails the plan on any other
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key#status).
 */
const PROVIDER_KEY_STATUSES = new Set(['Active', 'Inactive', 'Expired']);

/**
 * A written status the provider refuses (`active`, `INACTIVE`) creates no key, inactive or not: it is
 * unknown, saying why, rather than a status other than `Active` taken as inactive.
 */
function acceptedStatus(status: Fact<string>, address: string): Fact<string> {
  if (!status.known || PROVIDER_KEY_STATUSES.has(status.value)) return status;
  const shown = status.sensitive === true ? '(sensitive)' : JSON.stringify(status.value.length > 32 ? `${status.value.slice(0, 32)}…` : status.value);
  return unknownFact(
    `${address}.status is ${shown}, which the AWS provider refuses (it takes Active, Inactive or Expired, case-sensitive), so Terraform stops the plan`,
    status.location,
  );
}

/**
 * A user whose existence is unknown exists where a login profile or key that exists refers to it by
 * reference: Terraform evaluates the reference wherever the referring instance exists, and fails the
 * plan when the user instance does not (`aws_iam_user.this[0]` of a user switched by
 * `count = var.create ? 1 : 0`, `module.user[0].name` of such a module call; README, "Terraform").
 * A placeholder standing for an unknown number of users is left as it is.
 */
function referredUsersExist(model: IamResources): IamResources {
  const referred = new Set<string>();
  for (const resource of [...model.loginProfiles, ...model.accessKeys]) {
    if (resource.existenceUnknown === undefined && resource.user.known && resource.user.value.kind === 'user') referred.add(resource.user.value.userId);
  }
  const users = model.users.map((user): IamUser => {
    if (user.existenceUnknown === undefined || user.instanceCountUnknown === true || !referred.has(user.id)) return user;
    const exists: IamUser & { existenceUnknown?: string } = { ...user };
    delete exists.existenceUnknown;
    return exists;
  });
  return { ...model, users };
}

/** Every module instance of the tree under `module`, with those built to read one instance by key. */
function moduleInstances(module: ModuleInstance, into: ModuleInstance[]): ModuleInstance[] {
  into.push(module);
  for (const name of module.config.moduleCalls.keys()) {
    const children = module.children(name);
    if ('instances' in children) for (const child of children.instances) moduleInstances(child, into);
  }
  for (const read of module.readModuleInstances().values()) moduleInstances(read, into);
  return into;
}

/** `aws_iam_user.x` or `aws_iam_user.x[0]` of a module instance: a user that module instance declares. */
const OWN_USER = /^aws_iam_user\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?$/;

/**
 * The users a login profile or key refers to by reference in an instance of a module call whose
 * `count`/`for_each` is unknown, read by a known key (`user = module.users["ana"].user_name` where
 * that user's name is unknown, or `.arn`): the model holds only the call's placeholder, so the
 * instance read gets a user of its own, with the name it has there, so that the rules ask what they
 * ask of any user (whether it is root's: README, "Terraform"). It may not exist
 * (`ModuleInstance.existenceUnknown`), except where a key or login profile that exists refers to it
 * (`referredUsersExist`).
 */
function readInstanceUsers(root: ModuleInstance, model: IamResources): IamUser[] {
  const declared = new Set(model.users.map((user) => user.id));
  const referred = new Set<string>();
  for (const resource of [...model.loginProfiles, ...model.accessKeys]) {
    if (resource.user.known && resource.user.value.kind === 'user' && !declared.has(resource.user.value.userId)) referred.add(resource.user.value.userId);
  }
  if (referred.size === 0) return [];
  const reads = moduleInstances(root, []).filter((module) => module.existenceUnknown !== undefined);
  const users: IamUser[] = [];
  for (const id of [...referred].sort()) {
    for (const module of reads) {
      const own = id.startsWith(module.addressPrefix) ? OWN_USER.exec(id.slice(module.addressPrefix.length)) : null;
      const decl = own?.[1] === undefined ? undefined : module.config.resources.get(`aws_iam_user.${own[1]}`);
      if (own === null || decl === undefined || !Object.hasOwn(decl.body, 'name')) continue;
      const location = headerLocation(decl);
      const nameAt = attributeLocation(decl, 'name');
      const written: unknown = decl.body['provider'];
      const account = indexedProviderReference(written) === undefined ? module.providerAccount(providerReference(written) ?? 'aws') : undefined;
      users.push({
        kind: 'user',
        id,
        address: id,
        location,
        suppressionAnchors: [location, ...module.anchors],
        name: stringFact(module.evaluate(`\${${own[0]}.name}`, {}, nameAt), nameAt, `${id}.name`),
        ...(module.existenceUnknown === undefined ? {} : { existenceUnknown: module.existenceUnknown }),
        ...(account === undefined ? {} : { account }),
      });
      break;
    }
  }
  return users;
}

/**
 * The model of the tree under `root`. A block that certainly exists proves the module instance it
 * reads (`module.m[0]`, `module.users["ana"]`) exists wherever it reads it from: through an input of
 * the module instance it is in, or an output of one it calls (README, "Terraform"). Such a proof can
 * come after the instance was collected, so where one would change what was collected, the tree is
 * collected again with the proofs known (the evaluations are memoised).
 */
export function buildIamModel(root: ModuleInstance): IamResources {
  const collected = (proven: ReadonlySet<string>) => {
    const into: IamResources = { users: [], loginProfiles: [], accessKeys: [] };
    const proofs: Proofs = { proven, found: new Set(), uncertain: new Set() };
    collect(root, into, root.existenceUnknown, proofs);
    return { into, proofs };
  };
  const first = collected(new Set());
  const { found, uncertain } = first.proofs;
  const { into } = [...found].some((note) => uncertain.has(note)) ? collected(found) : first;
  appendAll(into.users, readInstanceUsers(root, into));
  return referredUsersExist(into);
}
