/**
 * Terraform plans in JSON (`terraform show -json plan.out`,
 * https://developer.hashicorp.com/terraform/internals/json-format): recognised by content among the
 * data files, before CloudFormation claims the rest. One unit per plan. Plans are written by
 * Terraform: resource types appear literally, and no credlint suppression is ever in one.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import { countJsonNodes } from '../../core/count-structure.js';
import { looksLikeCloudFormation } from '../../cloudformation/detect-template.js';
import { looksLikeTerraformPlan } from '../../tf-plan/detect-plan.js';
import { claimDeadlinePassed, DEADLINE_REASON, FOUND_AT_DEADLINE_REASON, PICKING_DATA_FORMATS } from '../claim-deadline.js';
import { isDataFile, readHead } from '../data-files.js';
import type { InputFormat } from '../format.js';
import { holdsSeed } from '../../core/seed-text.js';
import { TERRAFORM_RESOURCE_WORDS } from '../terraform/terraform-words.js';

/** Markers that make an unreadable data file worth a parse error rather than silence. */
const PLAN_HEAD_MARKERS = /"format_version"|"planned_values"/;
/** The top-level keys that make a JSON text a plan (`detect-plan.ts`), for a text too big to parse here. */
const PLAN_MARKERS = /"format_version"\s*:[\s\S]*"(planned_values|resource_changes)"\s*:/;
const TOO_BIG = Symbol('too many JSON values');

/**
 * The value of a JSON text, or undefined when it is not JSON; `TOO_BIG` when it has more values than
 * the `parseNodes` limit (counted without parsing), so that the loader reports the limit.
 */
function parseJson(text: string, maxNodes: number): unknown {
  if (!countJsonNodes(text, maxNodes).within) return TOO_BIG;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const tfPlan: InputFormat<readonly string[]> = {
  id: 'tf-plan',
  label: 'the Terraform plans',
  modelFormats: ['tf-plan'],
  relevance: { perKind: TERRAFORM_RESOURCE_WORDS, always: [] },
  collects: (name) => name.endsWith('.json') || name.endsWith('.template'),
  async claim(files, { options, seeds, reads }) {
    const plans: string[] = [];
    const claimed = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    const skipped = new Map<string, string>();
    const dataFiles = files.filter(isDataFile);
    for (const [index, file] of dataFiles.entries()) {
      // Past the deadline, every data file not claimed yet is left unread, also those this loop passed
      // over, which the CloudFormation claim (the same step) would read: they are taken off the table
      // and counted in one parse-error.
      const unclaimed = (): string[] => dataFiles.filter((other) => !claimed.has(other));
      const found = () => ({ count: plans.length, one: 'Terraform plan', many: 'Terraform plans' });
      const stopped = await claimDeadlinePassed(options, index, PICKING_DATA_FORMATS, unclaimed, found);
      if (stopped !== undefined) {
        diagnostics.push(stopped);
        for (const rest of unclaimed()) {
          claimed.add(rest);
          skipped.set(rest, DEADLINE_REASON);
        }
        // Not loaded: the error counts them (`claimDeadlinePassed`).
        for (const plan of plans.splice(0)) skipped.set(plan, FOUND_AT_DEADLINE_REASON);
        break;
      }
      if (options.prefilter && reads.holdsNone(file, seeds)) continue;
      const read = reads.source(file);
      if (!read.ok) {
        // Not refused (CloudFormation notes those) and meant to be a plan: its read error is reported here.
        if (read.diagnostic.kind !== 'note' && PLAN_HEAD_MARKERS.test(readHead(file, options.reader))) {
          diagnostics.push(read.diagnostic);
          claimed.add(file);
        }
        continue;
      }
      if ((options.prefilter && !holdsSeed(read.text, seeds)) || !(file.endsWith('.json') || file.endsWith('.template'))) continue;
      const value = parseJson(read.text, options.limits.parseNodes);
      if (
        value === TOO_BIG ? PLAN_MARKERS.test(read.text) && !looksLikeCloudFormation(file, read.text) : value !== undefined && looksLikeTerraformPlan(value)
      ) {
        plans.push(file);
        claimed.add(file);
        // The loader reads every claimed plan (`load-plans.ts`).
        reads.handOver(file);
      }
    }
    return {
      inputs: plans.length > 0 ? plans : undefined,
      claimed,
      diagnostics,
      filesScanned: plans.length,
      skipped,
      ...(plans[0] === undefined ? {} : { firstFile: plans[0] }),
    };
  },
  async load(files, options) {
    return (await import('./load-plans.js')).loadTfPlans(files, options);
  },
};
