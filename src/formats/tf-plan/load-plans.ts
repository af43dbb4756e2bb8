import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { notAnalysedByDeadline } from '../../core/deadline.js';
import { note, parseError } from '../../core/diagnostic.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import type { DeploymentUnit } from '../../model/model.js';
import { buildPlanUnit } from '../../tf-plan/build-plan-unit.js';
import { entries, locate, parseJsonDocument, plainValue, property, propertyOf, type JsonDocument } from '../../tf-plan/json-tree.js';
import { looksLikeTerraformPlan } from '../../tf-plan/detect-plan.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { appendAll } from '../../core/append-all.js';

export { looksLikeTerraformPlan } from '../../tf-plan/detect-plan.js';

/** `tf-plan:<path relative to the current directory>`, with `/` separators. */
export function planUnitId(file: string, cwd: string): string {
  return `tf-plan:${path.relative(cwd, file).split(path.sep).join('/')}`;
}

/** The plan test on the top-level keys only: converting a large plan to values just to test it is waste. */
function isPlan(document: JsonDocument): boolean {
  if (document.root.type !== 'object') return false;
  const shallow = Object.fromEntries(
    entries(document.root).map(([key, node]) => [
      key,
      node.type === 'string' ? plainValue(node) : node.type === 'array' ? [] : node.type === 'object' ? {} : null,
    ]),
  );
  return looksLikeTerraformPlan(shallow);
}

/**
 * A plan from a failed `terraform plan` (`"errored": true`) or one Terraform marks incomplete
 * (`"complete": false`: deferred changes, `-target`) may lack resources, so a clean result proves less
 * (https://developer.hashicorp.com/terraform/internals/json-format#plan-representation).
 */
function incompletePlanNotes(document: JsonDocument): Diagnostic[] {
  const notes: Diagnostic[] = [];
  const errored = property(document.root, 'errored');
  if (errored?.type === 'boolean' && errored.value === true) {
    notes.push(
      note(
        locate(document, propertyOf(errored) ?? errored, 'errored'),
        'the plan is from a failed terraform plan ("errored": true): resources planned after the error are missing',
      ),
    );
  }
  const complete = property(document.root, 'complete');
  if (complete?.type === 'boolean' && complete.value === false) {
    notes.push(
      note(
        locate(document, propertyOf(complete) ?? complete, 'complete'),
        'Terraform marks the plan incomplete ("complete": false): some changes are deferred to a later plan',
      ),
    );
  }
  return notes;
}

/**
 * Loads Terraform plan JSON files: one deployment unit per plan. A file that cannot be read or is not
 * valid JSON is a `parse-error`; valid JSON that is not a plan is ignored silently (README, "What is analysed").
 */
export async function loadTfPlans(files: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const units: DeploymentUnit[] = [];
  const emit = options.unitLoaded ?? ((unit: DeploymentUnit) => units.push(unit));
  const diagnostics: Diagnostic[] = [];
  for (const [index, file] of files.entries()) {
    if (options.deadline?.expired()) {
      diagnostics.push(notAnalysedByDeadline({ file, range: FILE_START }, options.limits, files.length - index, 'Terraform plan'));
      break;
    }
    try {
      const source = options.reader.readSource(file);
      if (!source.ok) {
        diagnostics.push(source.diagnostic);
        continue;
      }
      const parsed = parseJsonDocument(file, source.text, options.limits);
      if (!parsed.ok) {
        diagnostics.push(parseError({ file, range: parsed.range }, parsed.message));
        continue;
      }
      if (!isPlan(parsed.document)) continue;
      const built = buildPlanUnit(parsed.document, { id: planUnitId(file, options.cwd), format: 'tf-plan' }, options.limits);
      emit(built.unit);
      appendAll(diagnostics, built.diagnostics);
      appendAll(diagnostics, incompletePlanNotes(parsed.document));
    } catch (error) {
      // A bug met in one plan costs that unit only.
      diagnostics.push(internalError({ file, range: FILE_START }, planUnitId(file, options.cwd), error));
    }
  }
  return { units, diagnostics };
}
