import type { JsonNode } from '../core/json-tree.js';
import { elements, property, stringValue, type JsonDocument } from './json-tree.js';

/** The resource types credlint models (Terraform AWS provider). */
export const CREDENTIAL_TYPES = new Set(['aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_access_key']);

/**
 * What credlint says of an object a plan forgets: it leaves Terraform's state, not AWS
 * (https://developer.hashicorp.com/terraform/language/state/remove).
 */
export const FORGOTTEN = 'forgotten by this plan: Terraform stops managing it, but it stays in AWS';

/** One managed resource instance that exists once the plan is applied. */
export interface PlanResource {
  /**
   * Instance address, e.g. `module.a["x"].aws_iam_access_key.k[0]`; for a forgotten deposed object or the
   * object a `["create", "forget"]` replacement forgets, the address with the object named after it.
   */
  readonly address: string;
  /** The module instance it is in (`module.a["x"]`), `''` for the root module. */
  readonly moduleAddress: string;
  readonly type: string;
  /** The resource's name in its module (`k` of `aws_iam_access_key.k`). */
  readonly name: string;
  /** `count` index or `for_each` key, when the resource has one. */
  readonly index: string | number | undefined;
  /** The resource's object in the plan: in `planned_values`, else in `resource_changes`. */
  readonly node: JsonNode;
  readonly logicalPath: string;
  /** Its attribute values after apply (`values`, or `change.after`), without the unknown ones. */
  readonly values: JsonNode | undefined;
  readonly valuesPath: string;
  /** `change.after_unknown`: which attributes are only known after apply. */
  readonly afterUnknown: JsonNode | undefined;
  /**
   * Which attributes are sensitive (`sensitive_values` in `planned_values`, `change.after_sensitive`
   * in `resource_changes`): `true` for the whole object or a map of attribute names to `true`.
   */
  readonly sensitive: JsonNode | undefined;
  /**
   * `change.actions` joined: `create`, `update`, `no-op`, `replace` (delete then create, or the reverse, or
   * create then forget), and `forget` for an object the plan forgets.
   */
  readonly plannedAction: string | undefined;
  /** Set for an object the plan forgets ({@link FORGOTTEN}). */
  readonly forgotten?: true;
}

interface Change {
  readonly node: JsonNode;
  readonly index: number;
  readonly address: string;
  /** The key of a deposed object (an old instance awaiting destruction), else undefined. */
  readonly deposed: string | undefined;
  readonly actions: string[];
  readonly before: JsonNode | undefined;
  readonly beforeSensitive: JsonNode | undefined;
  readonly after: JsonNode | undefined;
  readonly afterUnknown: JsonNode | undefined;
  readonly afterSensitive: JsonNode | undefined;
}

/**
 * `resource_changes[].change.actions` as documented in
 * https://developer.hashicorp.com/terraform/internals/json-format#change-representation:
 * `["delete", "create"]`, `["create", "delete"]` and `["create", "forget"]` are replacements.
 */
function joinActions(actions: readonly string[]): string {
  if (actions.length === 2 && actions.includes('create') && (actions.includes('delete') || actions.includes('forget'))) return 'replace';
  return actions.join(',');
}

/**
 * Whether the change's new object exists after apply: a `delete`-only or `forget`-only change leaves
 * none. A deposed object never has a new one.
 */
function existsAfter(change: Change): boolean {
  return change.deposed === undefined && change.actions.some((a) => a === 'create' || a === 'update' || a === 'no-op');
}

/**
 * Whether the change forgets its prior object: `["forget"]` (a `removed` block, or a resource with
 * `lifecycle { destroy = false }` that leaves the configuration or loses instances) and `["create",
 * "forget"]` (such a resource replaced). The object leaves Terraform's state and stays in AWS, with the
 * values of `change.before` ("will no longer be managed by Terraform, but will not be destroyed").
 */
function forgets(change: Change): boolean {
  return change.actions.includes('forget') && change.before?.type === 'object';
}

/**
 * The address shown for a forgotten object: a deposed one as Terraform's plan output names it ("(deposed
 * object 1a2b3c4d)"); the prior object of a `["create", "forget"]` replacement, whose address the new
 * object keeps, as the object replaced.
 */
function forgottenAddress(change: Change): string {
  if (change.deposed !== undefined) return `${change.address} (deposed object ${change.deposed})`;
  return change.actions.includes('create') ? `${change.address} (replaced object)` : change.address;
}

function indexOf(node: JsonNode): string | number | undefined {
  const index = property(node, 'index');
  return index?.type === 'number' || index?.type === 'string' ? (index.value as string | number) : undefined;
}

function readChanges(root: JsonNode): Change[] {
  return elements(property(root, 'resource_changes')).flatMap((node, index) => {
    const address = stringValue(property(node, 'address'));
    if (address === undefined) return [];
    const change = property(node, 'change');
    const deposed = property(node, 'deposed');
    return [
      {
        node,
        index,
        address,
        deposed: deposed === undefined ? undefined : (stringValue(deposed) ?? ''),
        actions: elements(property(change, 'actions')).flatMap((a) => stringValue(a) ?? []),
        before: property(change, 'before'),
        beforeSensitive: property(change, 'before_sensitive'),
        after: property(change, 'after'),
        afterUnknown: property(change, 'after_unknown'),
        afterSensitive: property(change, 'after_sensitive'),
      },
    ];
  });
}

/** Whether the change is of a managed IAM user, login profile or access key. */
function isCredential(change: Change): boolean {
  const type = stringValue(property(change.node, 'type'));
  const mode = stringValue(property(change.node, 'mode')) ?? 'managed';
  return type !== undefined && mode === 'managed' && CREDENTIAL_TYPES.has(type) && stringValue(property(change.node, 'name')) !== undefined;
}

/** A resource read from its change alone: its new object (`after`), or the prior object it forgets (`before`). */
function fromChange(change: Change, object: 'after' | 'forgotten'): PlanResource {
  const logicalPath = `resource_changes[${change.index}]`;
  const common = {
    moduleAddress: stringValue(property(change.node, 'module_address')) ?? '',
    type: stringValue(property(change.node, 'type')) ?? '',
    name: stringValue(property(change.node, 'name')) ?? '',
    index: indexOf(change.node),
    node: change.node,
    logicalPath,
  };
  if (object === 'forgotten')
    return {
      ...common,
      address: forgottenAddress(change),
      values: change.before,
      valuesPath: `${logicalPath}.change.before`,
      afterUnknown: undefined,
      sensitive: change.beforeSensitive,
      plannedAction: 'forget',
      forgotten: true,
    };
  return {
    ...common,
    address: change.address,
    values: change.after,
    valuesPath: `${logicalPath}.change.after`,
    afterUnknown: change.afterUnknown,
    sensitive: change.afterSensitive,
    plannedAction: joinActions(change.actions),
  };
}

/**
 * Every managed IAM user, login profile and access key instance that the plan leaves in place, from
 * `planned_values` (root module and nested `child_modules`) joined by address to `resource_changes`;
 * a plan without `planned_values` is read from `resource_changes` alone. Objects the plan forgets follow,
 * from their changes: they stay in AWS with their prior values.
 */
export function collectPlanResources(document: JsonDocument): PlanResource[] {
  const root = document.root;
  const all = readChanges(root);
  const changes = new Map(all.filter((c) => c.deposed === undefined).map((c) => [c.address, c]));
  const forgotten = all.filter((c) => forgets(c) && isCredential(c)).map((c) => fromChange(c, 'forgotten'));
  const resources: PlanResource[] = [];
  const planned = property(property(root, 'planned_values'), 'root_module');

  const visitModule = (module: JsonNode, path: string, moduleAddress: string) => {
    elements(property(module, 'resources')).forEach((node, i) => {
      const address = stringValue(property(node, 'address'));
      const type = stringValue(property(node, 'type'));
      const name = stringValue(property(node, 'name'));
      const mode = stringValue(property(node, 'mode')) ?? 'managed';
      if (address === undefined || type === undefined || name === undefined || mode !== 'managed' || !CREDENTIAL_TYPES.has(type)) return;
      const change = changes.get(address);
      if (change && !existsAfter(change)) return;
      const logicalPath = `${path}.resources[${i}]`;
      resources.push({
        address,
        moduleAddress,
        type,
        name,
        index: indexOf(node),
        node,
        logicalPath,
        values: property(node, 'values'),
        valuesPath: `${logicalPath}.values`,
        afterUnknown: change?.afterUnknown,
        sensitive: property(node, 'sensitive_values') ?? change?.afterSensitive,
        plannedAction: change ? joinActions(change.actions) : undefined,
      });
    });
    elements(property(module, 'child_modules')).forEach((child, i) => {
      visitModule(child, `${path}.child_modules[${i}]`, stringValue(property(child, 'address')) ?? moduleAddress);
    });
  };

  if (planned !== undefined) visitModule(planned, 'planned_values.root_module', '');
  else for (const change of changes.values()) if (isCredential(change) && existsAfter(change)) resources.push(fromChange(change, 'after'));
  return [...resources, ...forgotten];
}
