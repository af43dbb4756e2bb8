/**
 * Override files (`override.tf`, `*_override.tf`): which files they are, and a block with an override
 * block merged in, argument by argument, as Terraform merges them after the other files
 * (https://developer.hashicorp.com/terraform/language/files/override).
 */

/** A block's body in the JSON shape the native parser and `.tf.json` share (`module-config.ts`). */
type JsonObject = { readonly [key: string]: unknown };

/**
 * `override.tf`, `*_override.tf` (and `.tf.json`): merged into the blocks of the other files after
 * them, argument by argument (https://developer.hashicorp.com/terraform/language/files/override).
 */
export function isOverrideFile(file: string): boolean {
  return /(?:^|[\\/])(?:override|[^\\/]*_override)\.(?:tf|tofu)(?:\.json)?$/.test(file);
}

/**
 * A block with an override block's arguments merged in, each replacing the block's own. An override
 * may set `count` where the block sets `for_each`, or the other way round: Terraform then keeps both
 * (hashicorp/terraform `internal/configs/module_merge.go`, `Resource.merge` and `ModuleCall.merge`)
 * and expands the block by its `count`, never evaluating the `for_each`
 * (`internal/terraform/node_resource_abstract.go`, `writeResourceState`; `node_module_expand.go`,
 * `DynamicExpand`), so the merged block keeps the `count` alone.
 */
export function overridden(body: JsonObject, override: JsonObject): JsonObject {
  const merged: JsonObject = { ...body, ...override, ...(Object.hasOwn(override, 'lifecycle') ? { lifecycle: mergedLifecycle(body, override) } : {}) };
  if (!Object.hasOwn(merged, 'count') || !Object.hasOwn(merged, 'for_each')) return merged;
  return Object.fromEntries(Object.entries(merged).filter(([name]) => name !== 'for_each'));
}

/**
 * The `lifecycle` of a block an override file's `lifecycle` changes: merged argument by argument
 * (https://developer.hashicorp.com/terraform/language/files/override), except OpenTofu's `enabled`,
 * which an override never sets (opentofu `internal/configs/module_merge.go`: `Resource.merge` copies
 * each other lifecycle argument the override sets, `Enabled` never; `ModuleCall.merge` none), so the
 * block keeps its own `enabled`, or has none. One block, as HCL and Terraform JSON both give it.
 */
function mergedLifecycle(body: JsonObject, override: JsonObject): JsonObject[] {
  const blocks = (value: unknown): JsonObject[] =>
    (Array.isArray(value) ? (value as unknown[]) : [value]).filter((block): block is JsonObject => typeof block === 'object' && block !== null);
  const merged: { [key: string]: unknown } = {};
  for (const block of blocks(body['lifecycle'])) Object.assign(merged, block);
  const own = Object.hasOwn(merged, 'enabled') ? merged['enabled'] : undefined;
  for (const block of blocks(override['lifecycle'])) Object.assign(merged, block);
  delete merged['enabled'];
  if (own !== undefined) merged['enabled'] = own;
  return [merged];
}
