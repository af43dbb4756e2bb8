import type { Diagnostic } from '../../core/diagnostic.js';
import type { EvalBudget } from '../expr/eval-budget.js';
import type { TfValue } from '../expr/value.js';
import type { PathFunctions } from './expr-api.js';

/** What every module instance of one root shares. */
export interface RunContext {
  /** The root module's directory (absolute). */
  readonly rootDir: string;
  /** The selected workspace (`src/formats/terraform/selected-workspace.ts`). */
  readonly workspace: TfValue;
  /** What the whole unit's evaluation may spend (docs/security.md). */
  readonly budget: EvalBudget;
  /** Where a budget that ran out is reported. */
  report(diagnostic: Diagnostic): void;
  /** `file` and `fileexists` on this root's repository (`EvalScope.pathFunctions`); absent, they are unknown. */
  readonly pathFunctions?: PathFunctions;
  /** The computations under way that are told of reads of one module instance (`Memo`), shared by every module instance. */
  readonly notes?: (Set<string> | undefined)[];
}
