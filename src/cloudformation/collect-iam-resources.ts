/**
 * The IAM resources of a stack and of the stacks it nests, as model resources: `AWS::IAM::User` with
 * its `LoginProfile`, and `AWS::IAM::AccessKey` with its `UserName` and `Status`, each fact located at
 * the property that wrote it; and which of them are created under conditions that cannot both hold.
 * `build-template-unit.ts` builds the stacks of a unit and collects each root stack here.
 */
import type { SourceLocation } from '../core/location.js';
import { foldUserName } from '../core/user-name-case.js';
import { and, complementaryPairs, exclusivePairs, TRUE, type Condition, type Switched } from '../core/exclusive-conditions.js';
import { decidedByValues } from './condition-formulas.js';
import type { AccessKey, Fact, IamUser, LoginProfile, UserRef } from '../model/model.js';
import { knownFact, unknownFact } from '../model/model.js';
import { documentedKeyStatus } from '../model/documented-key-status.js';
import type { ResourceDecoration } from './resource-decoration.js';
import type { StackInstance } from './stack-instance.js';
import { noteModulesSection, noteStackSet, noteTopLevelIncludes, noteTransformedResource } from './stack-notes.js';
import type { MapEntry } from './template-node.js';
import { child, entryRange, fileOf, locationOf } from './template-node.js';
import type { TemplateValue } from './template-values.js';
import { NO_VALUE, Secret, Unknown, UserReference, secretUnknown } from './template-values.js';
import { metadataSuppressions } from './metadata-suppressions.js';
import { describePropertiesTransform, propertiesTransform } from './template-transforms.js';
import { moduleResourceNote } from './template-modules.js';
import { ANALYSED_TYPES, propertyEntry } from './resource-properties.js';

export interface UnitParts {
  readonly users: IamUser[];
  readonly loginProfiles: LoginProfile[];
  readonly accessKeys: AccessKey[];
  /**
   * Login profiles whose existence is unknown, and keys whose existence or status is, with when they
   * exist (keys: and are active), as formulas (`condition-formulas.ts`).
   */
  readonly switched: Switched[];
}

function propertyLocation(stack: StackInstance, resource: MapEntry, property: MapEntry): SourceLocation {
  return locationOf(fileOf(stack.file, property), entryRange(property), `Resources.${resource.key}.Properties.${property.key}`);
}

function common(stack: StackInstance, resource: MapEntry, decoration: ResourceDecoration, existence: true | Unknown) {
  const location = stack.resourceLocation(resource);
  const declaredSuppressions = metadataSuppressions(stack.file, resource);
  return {
    address: `${stack.addressPrefix}${resource.key}`,
    location,
    suppressionAnchors: [location, ...stack.enclosing],
    ...(declaredSuppressions.length > 0 ? { declaredSuppressions } : {}),
    ...(existence instanceof Unknown ? { existenceUnknown: existence.reason } : {}),
    // One resource for every copy a loop of unknown collection makes: maybe two keys of one user.
    ...(stack.placeholderOf(resource) !== undefined ? { instanceCountUnknown: true as const } : {}),
    ...decoration,
  };
}

/** `UserName` of a key: a name, a reference to a user whose name is generated or unknown, or unknown. */
function userRefFact(value: TemplateValue, location: SourceLocation): Fact<UserRef> {
  if (typeof value === 'string') return knownFact({ kind: 'name', name: value }, location);
  if (value instanceof UserReference) return knownFact({ kind: 'user', userId: value.userId }, location);
  if (value instanceof Unknown) return unknownFact(value.reason, location, value.known, value.symbol);
  if (value instanceof Secret) return unknownFact(secretUnknown(value).reason, location);
  return unknownFact(value === NO_VALUE ? 'UserName is AWS::NoValue' : 'UserName is not a string', location);
}

function stringFact(value: TemplateValue, location: SourceLocation, what: string): Fact<string> {
  if (typeof value === 'string') return knownFact(value, location);
  if (value instanceof Unknown) return unknownFact(value.reason, location, value.known, value.symbol);
  if (value instanceof UserReference) return unknownFact(value.reason, location);
  if (value instanceof Secret) return unknownFact(secretUnknown(value).reason, location);
  return unknownFact(`${what} is not a string`, location);
}

/**
 * A property not written among a resource's properties but possibly set by a `Fn::Transform` written
 * there, or by the `!Rain::Include` that stands for them (`template-transforms.ts`): unknown, at the
 * transform; undefined without one.
 */
function setByTransform<T>(stack: StackInstance, resource: MapEntry, property: string): Fact<T> | undefined {
  const transform = propertiesTransform(resource);
  if (!transform) return undefined;
  return unknownFact(`${property} may be set by ${describePropertiesTransform(transform)}`, propertyLocation(stack, resource, transform));
}

/** `AWS::IAM::User`, and its `LoginProfile` property (the console password). */
function addUser(stack: StackInstance, resource: MapEntry, base: ReturnType<typeof common>, parts: UnitParts): void {
  const id = stack.resourceId(resource.key);
  const nameEntry = propertyEntry(resource, 'UserName');
  const nameValue = nameEntry ? stack.evaluator.evaluate(nameEntry.value) : NO_VALUE;
  // Without UserName, CloudFormation generates the name; the logical id is not the name.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-user.html
  const name = nameEntry
    ? nameValue !== NO_VALUE
      ? stringFact(nameValue, propertyLocation(stack, resource, nameEntry), 'UserName')
      : undefined
    : setByTransform<string>(stack, resource, 'UserName');
  parts.users.push({ kind: 'user', id, ...base, ...(name ? { name } : {}) });

  const profileEntry = propertyEntry(resource, 'LoginProfile');
  let location: SourceLocation;
  let presenceUnknown: string | undefined;
  let when: Condition | undefined;
  if (profileEntry) {
    const presence = stack.conditions.presence(profileEntry.value);
    if (presence === 'absent') return;
    location = locationOf(fileOf(stack.file, profileEntry), profileEntry.keyRange, `Resources.${resource.key}.Properties.LoginProfile`);
    // Written in both branches of an `Fn::If` whose condition is undecided, the profile is there in every
    // deployment: CloudFormation evaluates every condition to true or false.
    const always = presence instanceof Unknown && stack.conditions.alwaysPresent(profileEntry.value);
    presenceUnknown = presence instanceof Unknown && !always ? `LoginProfile: ${presence.reason}` : undefined;
    if (base.existenceUnknown !== undefined || presenceUnknown !== undefined)
      when = and(stack.conditions.existsWhen(resource), stack.conditions.presentWhen(profileEntry.value));
  } else {
    const transformed = setByTransform<never>(stack, resource, 'LoginProfile');
    if (!transformed || transformed.known) return;
    location = transformed.location;
    presenceUnknown = transformed.unknownReason;
  }
  const unknownReasons = [base.existenceUnknown, presenceUnknown].filter((r) => r !== undefined);
  // The profile is part of the user resource: its metadata suppressions are the user's, declared once.
  const profileBase = { ...base };
  delete profileBase.declaredSuppressions;
  const owners = name?.known ? [{ when: TRUE, name: foldUserName(name.value) }] : undefined;
  if (when !== undefined) parts.switched.push({ id: `${id}.LoginProfile`, when, ...(owners ? { owners } : {}) });
  parts.loginProfiles.push({
    ...profileBase,
    kind: 'login-profile',
    id: `${id}.LoginProfile`,
    address: `${base.address}.LoginProfile`,
    location,
    user: knownFact({ kind: 'user', userId: id }, location),
    ...(unknownReasons.length > 0 ? { existenceUnknown: unknownReasons.join('; ') } : {}),
  });
}

/**
 * `AWS::IAM::AccessKey`. `Status` defaults to `Active`; `Serial` only forces a replacement (rotation),
 * so one resource is one key whatever its value.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-accesskey.html
 */
function addKey(stack: StackInstance, resource: MapEntry, base: ReturnType<typeof common>, parts: UnitParts): void {
  const userEntry = propertyEntry(resource, 'UserName');
  const evaluated = userEntry ? userRefFact(stack.evaluator.evaluate(userEntry.value), propertyLocation(stack, resource, userEntry)) : undefined;
  const agreeing = userEntry && evaluated?.known === false ? agreeingUserName(stack, userEntry, evaluated.location) : undefined;
  const user =
    agreeing ?? evaluated ?? setByTransform<UserRef>(stack, resource, 'UserName') ?? unknownFact<UserRef>('the access key has no UserName', base.location);
  const statusEntry = propertyEntry(resource, 'Status');
  const statusValue = statusEntry ? stack.evaluator.evaluate(statusEntry.value) : NO_VALUE;
  const status =
    statusEntry && statusValue !== NO_VALUE
      ? (agreeingStatus(stack, statusEntry, propertyLocation(stack, resource, statusEntry)) ??
        documentedKeyStatus(stringFact(statusValue, propertyLocation(stack, resource, statusEntry), 'Status')))
      : ((statusEntry ? undefined : setByTransform<string>(stack, resource, 'Status')) ?? knownFact('Active', base.location, 'defaulted'));
  const id = stack.resourceId(resource.key);
  const owners = userEntry && !agreeing ? keyOwners(stack, userEntry.value) : undefined;
  // Counted where it may exist and be active (`ResourceInstance.neverWith`); a status a transform may set is anything.
  if (base.existenceUnknown !== undefined || !status.known || (owners !== undefined && owners.length > 1)) {
    const active: Condition = statusEntry || status.known ? stack.conditions.activeWhen(statusEntry?.value) : { kind: 'atom', key: `status:${id}` };
    parts.switched.push({ id, when: and(stack.conditions.existsWhen(resource), active), ...(owners ? { owners } : {}) });
  }
  parts.accessKeys.push({ kind: 'access-key', id, ...withoutCopies(stack, resource, base, user), user, status });
}

/**
 * A key placeholder of a loop of unknown collection (`expand-for-each.ts`) naming a user placeholder of
 * the same loops (`UserName: !Ref User${Name}`) is one key per copy of that user: its number is unknown
 * only as the user's is, so it is not two keys of one user.
 */
function withoutCopies(stack: StackInstance, resource: MapEntry, base: ReturnType<typeof common>, user: Fact<UserRef>): ReturnType<typeof common> {
  const loop = stack.placeholderOf(resource);
  if (loop === undefined || !user.known || user.value.kind !== 'user') return base;
  const prefix = stack.resourceId('');
  const userId = user.value.userId;
  const owner = userId.startsWith(prefix) ? stack.resource(userId.slice(prefix.length)) : undefined;
  const ownerLoop = owner === undefined ? undefined : stack.placeholderOf(owner);
  if (ownerLoop === undefined || ownerLoop.chain.join('\0') !== loop.chain.join('\0')) return base;
  const once = { ...base };
  delete once.instanceCountUnknown;
  return once;
}

/**
 * A `Status` written through `Fn::If` whose condition is undecided, where every branch gives a key
 * of one state: `AWS::NoValue` leaves the property out, which is `Active`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-accesskey.html),
 * so `!If [Rotating, !Ref AWS::NoValue, Active]` is active whichever branch the condition picks.
 * Undefined where the branches differ, one is not a documented status, or the value is no `Fn::If`.
 */
function agreeingStatus(stack: StackInstance, entry: MapEntry, location: SourceLocation): Fact<string> | undefined {
  const branches = stack.conditions.branches(entry.value);
  if (branches.length < 2) return undefined;
  const states = new Set<string>();
  for (const { value } of branches) {
    const status = value === NO_VALUE ? 'Active' : value;
    if (typeof status !== 'string' || !documentedKeyStatus(knownFact(status, location)).known) return undefined;
    states.add(status === 'Active' ? 'Active' : 'Inactive');
  }
  const [only] = states;
  return states.size === 1 && only !== undefined ? knownFact(only, location) : undefined;
}

/**
 * A key's `UserName` written through `Fn::If` whose condition is undecided, where every branch names
 * one user: IAM compares user names case aside
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html),
 * so `!If [Legacy, Root, root]` is a key of root whichever branch the condition picks. The first
 * branch's spelling is shown. Undefined where the branches name different users or one is not a name.
 */
function agreeingUserName(stack: StackInstance, entry: MapEntry, location: SourceLocation): Fact<UserRef> | undefined {
  const names = stack.conditions.branches(entry.value).map(({ value }) => value);
  const [first] = names;
  if (names.length < 2 || typeof first !== 'string' || !names.every((name) => typeof name === 'string' && foldUserName(name) === foldUserName(first)))
    return undefined;
  return knownFact({ kind: 'name', name: first }, location);
}

/**
 * Whose a key is: its user's name, compared as IAM compares names (case aside), also where its
 * `UserName` is an `Fn::If` whose condition cannot be decided (`!If [IsProd, ops, ci]` is ops's key
 * when IsProd holds); anyone's where the name is not known, and undefined when it is never known.
 */
function keyOwners(stack: StackInstance, node: MapEntry['value']): Switched['owners'] {
  const owners = stack.conditions.branches(node).map(({ when, value }) => ({ when, name: typeof value === 'string' ? foldUserName(value) : undefined }));
  return owners.some((owner) => owner.name !== undefined) ? owners : undefined;
}

export function collectIamResources(stack: StackInstance, parts: UnitParts): void {
  noteTopLevelIncludes(stack);
  noteModulesSection(stack);
  for (const resource of stack.resources()) {
    if (noteTransformedResource(stack, resource)) continue;
    const module = moduleResourceNote(resource);
    if (module !== undefined) {
      if (stack.conditions.existence(resource) !== false) stack.noteResource(resource, module);
      continue;
    }
    const type = child(resource.value, 'Type');
    const typeName = type?.kind === 'scalar' ? type.value : undefined;
    if (typeof typeName !== 'string' || !ANALYSED_TYPES.has(typeName)) continue;
    const existence = stack.conditions.existence(resource);
    if (existence === false) continue;
    if (typeName === 'AWS::CloudFormation::StackSet') {
      noteStackSet(stack, resource);
      continue;
    }
    if (typeName === 'AWS::CloudFormation::Stack' || typeName === 'AWS::Serverless::Application') {
      const nested = stack.nested(resource.key);
      if (nested) collectIamResources(nested, parts);
      continue;
    }
    const base = common(stack, resource, stack.decoration(resource), existence);
    if (typeName === 'AWS::IAM::User') addUser(stack, resource, base, parts);
    else addKey(stack, resource, base, parts);
  }
}

/**
 * Sets `neverWith` on the login profiles and keys that are created (keys: and active) under
 * conditions that cannot both hold although whether each is cannot be decided
 * (`condition-formulas.ts`), or never as one user's (keys whose `UserName` is an `Fn::If`); across
 * the stacks of the unit, as a parameter a parent passes to a nested stack is one value in both.
 * Sets `complements` on keys created and active under conditions one of which always holds
 * (`HasPgp` and `NoPgp: !Not [!Condition HasPgp]`) where both wait only for parameter values
 * (`decidedByValues`): CloudFormation evaluates every condition to true or false
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html),
 * so one of the two keys is created.
 */
export function markNeverTogether(resources: Omit<UnitParts, 'switched'>, switched: UnitParts['switched']): Omit<UnitParts, 'switched'> {
  // Owners tell instances apart only beside a key whose user is chosen by a condition; elsewhere the
  // rules tell users apart, and instances of one condition stay one group to compare.
  const chosen = switched.some((item) => (item.owners?.length ?? 0) > 1);
  const never = exclusivePairs(chosen ? switched : switched.map(({ id, when }) => ({ id, when })));
  const keyIds = new Set(resources.accessKeys.map((key) => key.id));
  const either = complementaryPairs(
    switched.filter((item) => keyIds.has(item.id)),
    decidedByValues,
  );
  if (never.size === 0 && either.size === 0) return resources;
  const marked = <T extends AccessKey | LoginProfile>(resource: T): T => {
    const [ids, complements] = [never.get(resource.id), either.get(resource.id)];
    return { ...resource, ...(ids === undefined ? {} : { neverWith: ids }), ...(complements === undefined ? {} : { complements }) };
  };
  return { ...resources, loginProfiles: resources.loginProfiles.map(marked), accessKeys: resources.accessKeys.map(marked) };
}
