/**
 * Where a module instance may meet an ephemeral value
 * (https://developer.hashicorp.com/terraform/language/values/outputs#ephemeral-avoid-storing-values-in-state-or-plan-files):
 * Terraform accepts one only in a variable declared `ephemeral` (so a caller's cannot reach a module
 * otherwise), and a called module's output hands one on only if declared `ephemeral`. Ephemeral
 * resources (`ephemeral.<type>.<name>`) are not evaluated at all.
 */
import type { RootReference, Traversal } from './expr-api.js';
import type { ModuleTree } from './module-tree.js';

/**
 * Whether a reference names a value that is ephemeral as a whole (`EvalScope.isEphemeral`): a variable
 * declared `ephemeral`, an ephemeral resource, `terraform.applying`, or an output declared `ephemeral`
 * of a called module (`module.m.out`, `module.m[0].out`).
 */
export function isEphemeralReference(tree: ModuleTree, ref: RootReference, steps: readonly Traversal[]): boolean {
  if (ref.kind === 'var') return tree.config.variables.get(ref.name)?.ephemeral === true;
  if (ref.kind === 'ephemeral') return true;
  if (ref.kind === 'terraform') return ref.name === 'applying';
  if (ref.kind !== 'module') return false;
  const child = tree.children.get(ref.name);
  const [first, second] = steps;
  const step = first?.kind === 'attr' ? first : first?.kind === 'index' && second?.kind === 'attr' ? second : undefined;
  return step !== undefined && child !== undefined && 'tree' in child && child.tree.config.outputs.get(step.name)?.ephemeral === true;
}

/** Whether no value in the module can be ephemeral: no variable and no called module's output is declared so. */
export function holdsNoEphemeralValues(tree: ModuleTree): boolean {
  return (
    ![...tree.config.variables.values()].some((variable) => variable.ephemeral) &&
    ![...tree.children.values()].some((child) => 'tree' in child && [...child.tree.config.outputs.values()].some((output) => output.ephemeral))
  );
}
