/**
 * Whether a parsed JSON value is Terraform plan JSON (`terraform show -json <planfile>`): an object
 * with `format_version` and `planned_values` or `resource_changes`, the top-level keys documented in
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation. State JSON
 * (`values` instead of `planned_values`) and other JSON are not plans.
 */
export function looksLikeTerraformPlan(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const plan = value as Record<string, unknown>;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return typeof plan.format_version === 'string' && (isObject(plan.planned_values) || Array.isArray(plan.resource_changes));
}
