import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Limits } from '../core/limits.js';
import type { DeploymentUnit } from '../model/model.js';

/** What every loader receives besides its inputs. */
export interface LoadOptions {
  /** The current directory; output paths are relative to it. */
  readonly cwd: string;
  /**
   * The boundary nothing is read beyond: the git root of the scanned path, else the path itself.
   * Local module sources and symlinks that lead outside are not followed (a note says so).
   */
  readonly repoRoot: string;
  /** `--var name=value` in command-line order (later wins). */
  readonly vars: readonly (readonly [string, string])[];
  /** `--var-file`s in command-line order (absolute paths). */
  readonly varFiles: readonly string[];
  /** `--parameter Key=Value` for CloudFormation. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Environment, for `TF_VAR_*`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Skip directories and templates that cannot produce a finding (no access key, nested stack or credlint suppression in their unit). */
  readonly prefilter: boolean;
  /** Files over this many bytes are reported as `parse-error` instead of parsed. */
  readonly maxFileBytes: number;
  /** Budgets of the scan (`core/limits.ts`). */
  readonly limits: Limits;
  /**
   * The scan-wide deadline (`limits.scanSeconds`, counted from the start of `lint()`): past it, a loader
   * starts no new file or unit and reports what it left with `notAnalysedByDeadline`. Absent: none.
   */
  readonly deadline?: Deadline;
}

export interface LoadResult {
  readonly units: DeploymentUnit[];
  readonly diagnostics: Diagnostic[];
}
