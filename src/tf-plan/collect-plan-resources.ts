import type { JsonNode } from '../core/json-tree.js';
import { elements, property, stringValue, type JsonDocument } from './json-tree.js';

/** The resource types credlint models (Terraform AWS provider). */
export const CREDENTIAL_TYPES = new Set(['aws_iam_user', 'aws_iam_user_login_profile', 'aws_iam_access_key']);

/** One managed resource instance that exists once the plan is applied. */
export interface PlanResource {
  /** Instance address, e.g. `module.a["x"].aws_iam_access_key.k[0]`. */
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
  /** `change.actions` joined: `create`, `update`, `no-op`, `replace` (delete then create, or the reverse). */
  readonly plannedAction: string | undefined;
}

interface Change {
  readonly node: JsonNode;
  readonly index: number;
  readonly actions: string[];
  readonly after: JsonNode | undefined;
  readonly afterUnknown: JsonNode | undefined;
  readonly afterSensitive: JsonNode | undefined;
}

/**
 * `resource_changes[].change.actions` as documented in
 * https://developer.hashicorp.com/terraform/internals/json-format#change-representation:
 * `["delete", "create"]` and `["create", "delete"]` are replacements.
 */
function joinActions(actions: readonly string[]): string {
  if (actions.length === 2 && actions.includes('delete') && actions.includes('create')) return 'replace';
  return actions.join(',');
}

/** Whether the object exists after apply: a `delete`-only or `forget` change removes it from the plan's outcome. */
function existsAfter(actions: readonly string[]): boolean {
  return actions.some((a) => a === 'create' || a === 'update' || a === 'no-op');
}

function indexOf(node: JsonNode): string | number | undefined {
  const index = property(node, 'index');
  return index?.type === 'number' || index?.type === 'string' ? (index.value as string | number) : undefined;
}

function changesByAddress(root: JsonNode): Map<string, Change> {
  const changes = new Map<string, Change>();
  elements(property(root, 'resource_changes')).forEach((node, index) => {
    const address = stringValue(property(node, 'address'));
    // A deposed object is an old instance awaiting destruction: never part of the outcome.
    if (address === undefined || property(node, 'deposed') !== undefined) return;
    const change = property(node, 'change');
    const actions = elements(property(change, 'actions')).flatMap((a) => stringValue(a) ?? []);
    changes.set(address, {
      node,
      index,
      actions,
      after: property(change, 'after'),
      afterUnknown: property(change, 'after_unknown'),
      afterSensitive: property(change, 'after_sensitive'),
    });
  });
  return changes;
}

/**
 * Every managed IAM user, login profile and access key instance that the plan leaves in place, from
 * `planned_values` (root module and nested `child_modules`) joined by address to `resource_changes`;
 * a plan without `planned_values` is read from `resource_changes` alone.
 */
export function collectPlanResources(document: JsonDocument): PlanResource[] {
  const root = document.root;
  const changes = changesByAddress(root);
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
      if (change && !existsAfter(change.actions)) return;
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

  if (planned !== undefined) {
    visitModule(planned, 'planned_values.root_module', '');
    return resources;
  }
  for (const [address, change] of changes) {
    const type = stringValue(property(change.node, 'type'));
    const name = stringValue(property(change.node, 'name'));
    const mode = stringValue(property(change.node, 'mode')) ?? 'managed';
    if (type === undefined || name === undefined || mode !== 'managed' || !CREDENTIAL_TYPES.has(type) || !existsAfter(change.actions)) continue;
    const logicalPath = `resource_changes[${change.index}]`;
    resources.push({
      address,
      moduleAddress: stringValue(property(change.node, 'module_address')) ?? '',
      type,
      name,
      index: indexOf(change.node),
      node: change.node,
      logicalPath,
      values: change.after,
      valuesPath: `${logicalPath}.change.after`,
      afterUnknown: change.afterUnknown,
      sensitive: change.afterSensitive,
      plannedAction: joinActions(change.actions),
    });
  }
  return resources;
}
