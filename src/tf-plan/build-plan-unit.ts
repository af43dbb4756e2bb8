import type { Diagnostic } from '../core/diagnostic.js';
import { limitReached, type Limits } from '../core/limits.js';
import type { SourceLocation } from '../core/location.js';
import {
  knownFact,
  sensitiveFact,
  unknownFact,
  type AccessKey,
  type DeploymentUnit,
  type Fact,
  type IamUser,
  type LoginProfile,
  type ResourceInstance,
  type UserRef,
} from '../model/model.js';
import { collectPlanResources, FORGOTTEN, type PlanResource } from './collect-plan-resources.js';
import { isTrue, locate, property, propertyOf, stringValue, type JsonDocument } from './json-tree.js';
import { PlanReferences } from './resolve-plan-references.js';

/** The unit's identity and file; the loader chooses the id. */
export interface PlanUnitIdentity {
  readonly id: string;
  readonly format: 'tf-plan';
}

/**
 * Models one plan (`terraform show -json`): one deployment unit, because a plan is one root module
 * applied to one account.
 */
export function buildPlanUnit(document: JsonDocument, identity: PlanUnitIdentity, limits: Limits): { unit: DeploymentUnit; diagnostics: Diagnostic[] } {
  const resources = collectPlanResources(document);
  const users = new Set(resources.filter((r) => r.type === 'aws_iam_user').map((r) => r.address));
  const references = new PlanReferences(property(document.root, 'configuration'), users, limits.planReferenceSteps);
  const diagnostics: Diagnostic[] = [];
  const unit = {
    id: identity.id,
    format: identity.format,
    root: document.file,
    users: [] as IamUser[],
    loginProfiles: [] as LoginProfile[],
    accessKeys: [] as AccessKey[],
  };

  for (const resource of resources) {
    const base = baseInstance(document, resource);
    if (resource.type === 'aws_iam_user') {
      unit.users.push({ ...base, kind: 'user', name: stringAttribute(document, resource, 'name') });
    } else if (resource.type === 'aws_iam_user_login_profile') {
      unit.loginProfiles.push({ ...base, kind: 'login-profile', user: userRef(document, resource, references) });
    } else {
      unit.accessKeys.push({ ...base, kind: 'access-key', user: userRef(document, resource, references), status: status(document, resource, references) });
    }
    if (references.exhausted && diagnostics.length === 0) {
      const what = `following the configuration references of ${resource.address} takes too many steps; its user is unknown`;
      diagnostics.push(limitReached(base.location, 'planReferenceSteps', limits, what));
    }
  }
  return { unit, diagnostics };
}

function baseInstance(document: JsonDocument, resource: PlanResource): ResourceInstance {
  const location = locate(document, resource.node, resource.logicalPath);
  return {
    id: resource.address,
    address: resource.address,
    location,
    suppressionAnchors: [location],
    ...(resource.plannedAction === undefined ? {} : { plannedAction: resource.plannedAction }),
    ...(resource.forgotten === true ? { unmanaged: FORGOTTEN } : {}),
  };
}

function resourceAddress(resource: PlanResource): string {
  return `${resource.type}.${resource.name}`;
}

/** The `"attribute": value` property in the resource's values, located at key and value. */
function attributeLocation(document: JsonDocument, resource: PlanResource, attribute: string): SourceLocation | undefined {
  const value = property(resource.values, attribute);
  if (value === undefined) return undefined;
  return locate(document, propertyOf(value) ?? value, `${resource.valuesPath}.${attribute}`);
}

/**
 * Whether Terraform marks the attribute sensitive: a value from a `sensitive` variable or output, or
 * a provider-sensitive attribute (`sensitive_values`, `after_sensitive`:
 * https://developer.hashicorp.com/terraform/internals/json-format#values-representation). The mark
 * hides nothing in plan JSON, whose values are shown in plain text
 * (https://developer.hashicorp.com/terraform/cli/commands/show): such a value links like any other,
 * and credlint's output never shows it.
 */
function isSensitive(resource: PlanResource, attribute: string): boolean {
  return isTrue(resource.sensitive) || isTrue(property(resource.sensitive, attribute));
}

function isUnknownAfterApply(resource: PlanResource, attribute: string): boolean {
  return isTrue(property(resource.afterUnknown, attribute));
}

/** A string attribute as the plan knows it: its value, or unknown until apply. */
function stringAttribute(document: JsonDocument, resource: PlanResource, attribute: string): Fact<string> {
  const value = stringValue(property(resource.values, attribute));
  const location = attributeLocation(document, resource, attribute);
  if (value !== undefined && location !== undefined) return (isSensitive(resource, attribute) ? sensitiveFact<string> : knownFact<string>)(value, location);
  const at = location ?? locate(document, resource.node, resource.logicalPath);
  const why = isUnknownAfterApply(resource, attribute) ? 'is known only after apply' : 'has no value in the plan';
  return unknownFact(`${attribute} of ${resource.address} ${why}`, at);
}

/**
 * The `user` of a key or login profile: the name the plan shows; when the name is known only after
 * apply, the user instance the configuration's `user` expression refers to.
 */
function userRef(document: JsonDocument, resource: PlanResource, references: PlanReferences): Fact<UserRef> {
  const name = stringAttribute(document, resource, 'user');
  if (name.known) return (name.sensitive === true ? sensitiveFact<UserRef> : knownFact<UserRef>)({ kind: 'name', name: name.value }, name.location);
  const resolved = references.resolveUser(resource.moduleAddress, resourceAddress(resource), resource.index, 'user');
  if ('userAddress' in resolved) return knownFact({ kind: 'user', userId: resolved.userAddress }, name.location);
  return unknownFact(`${name.unknownReason} and cannot be followed: ${resolved.reason}`, name.location);
}

/**
 * `status` of `aws_iam_access_key`: "Valid values are `Active` and `Inactive`", default `Active`
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key).
 * Older providers declared it computed, so a plan marks an unset status unknown after apply: that is
 * still the default when the configuration does not write `status` (or the plan has no configuration).
 */
function status(document: JsonDocument, resource: PlanResource, references: PlanReferences): Fact<string> {
  const written = stringAttribute(document, resource, 'status');
  // A sensitive status comes from a written value (a sensitive variable or output), never the default.
  if (written.known || isSensitive(resource, 'status')) return written;
  const header = locate(document, resource.node, resource.logicalPath);
  const unknownAfterApply = isUnknownAfterApply(resource, 'status');
  const configured = references.writes(resource.moduleAddress, resourceAddress(resource), 'status');
  if (unknownAfterApply && configured === true) return written;
  return knownFact('Active', header, 'defaulted');
}
