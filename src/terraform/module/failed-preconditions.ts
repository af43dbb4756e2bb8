/**
 * A resource instance whose `lifecycle` `precondition` is false: Terraform stops the plan at it
 * ("Resource precondition failed",
 * https://developer.hashicorp.com/terraform/language/expressions/custom-conditions#preconditions-and-postconditions),
 * so it is not created as written, and what it would add is undecided. A condition Terraform cannot
 * decide while planning (an unknown value) is checked when it applies: it says nothing here, nor does
 * one that fails to evaluate.
 */
import { FILE_START } from '../../core/location.js';
import { primitiveToBool } from '../expr/convert.js';
import { isUnknown, unmark } from '../expr/value.js';
import type { InstanceContext } from './expand-instances.js';
import type { ResourceDecl } from './module-config.js';
import type { ModuleInstance } from './module-instance.js';

/** The nested blocks of a body's `name` (HCL and Terraform JSON give one block or a list of them). */
function nestedBlocks(value: unknown): Readonly<Record<string, unknown>>[] {
  const blocks: unknown[] = Array.isArray(value) ? value : [value];
  return blocks.filter((block): block is Readonly<Record<string, unknown>> => typeof block === 'object' && block !== null && !Array.isArray(block));
}

/** Why the instance of `decl` in `context` is refused by one of its preconditions, or undefined. */
export function failedPrecondition(module: ModuleInstance, decl: ResourceDecl, context: InstanceContext): string | undefined {
  const at = { file: decl.file, range: decl.block?.headerRange ?? FILE_START, logicalPath: `${decl.address}.lifecycle.precondition` };
  for (const lifecycle of nestedBlocks(decl.body['lifecycle'])) {
    for (const precondition of nestedBlocks(lifecycle['precondition'])) {
      if (!Object.hasOwn(precondition, 'condition')) continue;
      const result = unmark(module.evaluate(precondition['condition'], context, at));
      if (!isUnknown(result) && primitiveToBool(result) === false) return `a precondition of ${decl.address} is false, so Terraform refuses the plan`;
    }
  }
  return undefined;
}
