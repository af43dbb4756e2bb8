import type { Deadline } from '../core/deadline.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Limits } from '../core/limits.js';
import type { FileReader } from '../io/file-reader.js';
import type { DeploymentUnit } from '../model/model.js';

/** What every loader receives besides its inputs. */
export interface LoadOptions {
  /** The current directory; output paths are relative to it. */
  readonly cwd: string;
  /**
   * The repository of the first scanned path (its git root, else the path itself): SARIF URIs and
   * fingerprints are relative to it, and CDK projects without a marker are rooted at it.
   */
  readonly repoRoot: string;
  /**
   * Every file a loader reads goes through it: only regular files within the size limit whose real
   * path is inside the repositories of the scanned paths (anything else is refused with a note).
   */
  readonly reader: FileReader;
  /** `--var name=value` in command-line order (later wins). */
  readonly vars: readonly (readonly [string, string])[];
  /**
   * Variables files named by a configuration file in the repository (absolute paths, in order):
   * repository content, so read only inside the repository. Applied before `varFiles`.
   */
  readonly repositoryVarFiles: readonly string[];
  /** The configuration file naming `repositoryVarFiles`, where one leading out of the repository is noted. */
  readonly repositoryVarFilesNamedBy?: string;
  /** `--var-file`s in command-line order (absolute paths): written by the person running credlint, trusted as written. */
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
  /**
   * Receives each unit as soon as it is formed, and the loader keeps no reference to it (its `LoadResult`
   * then holds no units): the engine analyses the unit and releases it before the next one is read, so
   * a scan's memory grows with its largest unit (docs/architecture.md, "Streaming"). Absent: the units
   * are returned.
   */
  readonly unitLoaded?: (unit: DeploymentUnit) => void;
}

export interface LoadResult {
  readonly units: DeploymentUnit[];
  readonly diagnostics: Diagnostic[];
}
