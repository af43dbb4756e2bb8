import type { Diagnostic } from '../core/diagnostic.js';
import { PARSE_ERROR, type Finding } from '../core/finding.js';
import { resolveLimits } from '../core/limits.js';
import { FILE_START } from '../core/location.js';
import { internalError } from '../core/internal-error.js';
import { FileReader } from '../io/file-reader.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read-source.js';
import { cdkAssembly } from '../formats/cdk-assembly/index.js';
import { loadAssemblyUnit } from '../formats/cdk-assembly/load-assemblies.js';
import { reportedKinds, seedWords } from '../formats/relevance.js';
import { linkCredentials } from '../model/link-credentials.js';
import { rules as allRules } from '../../rules/index.js';
import { enabledRules, validateRuleSettings, type RuleSetting } from '../config/rule-settings.js';
import { reportedFinding, runRules } from '../run-rules/run-rules.js';
import { applySuppressions } from '../suppress/apply-suppressions.js';
import path from 'node:path';

/** What both CDK integrations accept (docs/cdk.md, "Options"). */
export interface CredlintCdkOptions {
  /** Rule settings, as the configuration file's `rules`: `"off"`, `"warning"`, `"error"` or `[level, { ignoreInactive }]`. */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /** CloudFormation parameter values to evaluate the templates with, as `--parameter Key=Value`. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The date expiring suppressions are compared with; default today. */
  readonly now?: Date;
}

/** A finding of a synthesized assembly, with what a CDK report names. */
export interface AssemblyFinding extends Finding {
  /** The resource's logical id in its template (absent for a result about a whole file). */
  readonly logicalId?: string;
}

export interface AssemblyCheck {
  /** Rule findings (suppressed ones marked) and `invalid-suppression` results. */
  readonly findings: readonly AssemblyFinding[];
  /** Templates that could not be analysed, as `parse-error` results. */
  readonly problems: readonly Finding[];
}

/**
 * The options, checked as the CLI checks a configuration file's `rules`: a misspelt rule id or level
 * is a mistake in the app's code, so the constructor throws rather than checking less than asked.
 */
export function checkedOptions(options: CredlintCdkOptions): CredlintCdkOptions {
  const problems = validateRuleSettings(options.rules ?? {});
  if (problems.length > 0) throw new Error(`credlint/cdk: invalid rules option: ${problems.join('; ')}`);
  // A JavaScript app may pass `now: '2027-01-02'`: refused here, in the app's own code, because the
  // same mistake met in `validate` would be a plugin failure, which `cdk synth` lets pass.
  const now: unknown = options.now;
  if (now !== undefined && !(now instanceof Date && !Number.isNaN(now.getTime()))) {
    const got = now instanceof Date ? 'an invalid Date' : typeof now === 'string' ? `the string "${now}"` : typeof now;
    throw new Error(`credlint/cdk: invalid now option: expected a valid Date, such as new Date('2026-12-31'), got ${got}`);
  }
  return options;
}

const SEEDS = seedWords(cdkAssembly, reportedKinds(allRules));

function logicalIdOf(finding: Finding): string | undefined {
  return /^Resources\.([^.]+)/.exec(finding.location.logicalPath ?? '')?.[1];
}

function problemOf(diagnostic: Diagnostic): Finding {
  return {
    ruleId: PARSE_ERROR,
    severity: 'error',
    message: diagnostic.message,
    location: diagnostic.location,
    related: [],
    fingerprint: '',
  };
}

/**
 * Checks a synthesized cloud assembly (`cdk.out`, nested assemblies of Stages included) as `credlint
 * cdk.out` does — the same loader, the same rules through `runRules`, the same CloudFormation
 * `Metadata` suppressions — but synchronously, because the CDK calls validation plugins and
 * construct validations synchronously. The assembly directory is the only place read.
 */
export function checkAssembly(dir: string, options: CredlintCdkOptions = {}): AssemblyCheck {
  const root = path.resolve(dir);
  const reader = new FileReader([root], DEFAULT_MAX_FILE_BYTES);
  const loadOptions = { reader, repoRoot: root, cwd: root, limits: resolveLimits(undefined), parameters: options.parameters ?? {}, prefilter: true };
  let loaded: ReturnType<typeof loadAssemblyUnit>;
  try {
    loaded = loadAssemblyUnit(root, loadOptions, SEEDS);
  } catch (error) {
    return { findings: [], problems: [problemOf(internalError({ file: path.join(root, 'manifest.json'), range: FILE_START }, 'CDK cloud assembly', error))] };
  }
  const problems = loaded.diagnostics.filter((d) => d.kind === 'parse-error').map(problemOf);
  const unit = loaded.unit;
  if (!unit) return { findings: [], problems };
  const run = runRules(linkCredentials(unit), enabledRules(options.rules), false);
  const failure = run.failures[0];
  if (failure) return { findings: [], problems: [...problems, problemOf(internalError({ file: unit.root, range: FILE_START }, unit.id, failure.error))] };
  const resources = [...unit.users, ...unit.loginProfiles, ...unit.accessKeys];
  const findings = applySuppressions(
    run.findings.map((found) => ({
      resource: found.resource,
      finding: reportedFinding(found, unit.id, ''),
    })),
    {
      ruleIds: new Set(allRules.map((r) => r.meta.id)),
      today: (options.now ?? new Date()).toISOString().slice(0, 10),
      reportUnused: false,
      // Templates hold no comments: their suppressions are all declared in resource metadata.
      files: [],
      readSource: () => undefined,
      // A template reached twice gives two instances carrying the same metadata entry: report it once.
      declared: uniqueByLocation(resources.flatMap((r) => (r.declaredSuppressions ?? []).map((d) => ({ ...d, kind: 'metadata' as const })))),
      fingerprint: () => '',
    },
  );
  // An `invalid-suppression` result sits on the resource's metadata: give it that resource's construct path.
  const constructPaths = new Map(resources.map((r) => [`${r.location.file}\0${r.location.logicalPath ?? ''}`, r.constructPath]));
  return {
    findings: findings.map((finding) => {
      const logicalId = logicalIdOf(finding);
      if (logicalId === undefined) return finding;
      const constructPath = finding.constructPath ?? constructPaths.get(`${finding.location.file}\0Resources.${logicalId}`);
      return { ...finding, logicalId, ...(constructPath === undefined ? {} : { constructPath }) };
    }),
    problems,
  };
}

function uniqueByLocation<T extends { readonly location: Finding['location'] }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.location.file}:${String(item.location.range.start.line)}:${String(item.location.range.start.column)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
