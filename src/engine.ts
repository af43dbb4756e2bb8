import path from 'node:path';
import { note, type Diagnostic } from './core/diagnostic.js';
import { PARSE_ERROR, type Finding, type LintResult } from './core/finding.js';
import { Deadline, monotonicMs } from './core/deadline.js';
import { internalError } from './core/internal-error.js';
import { resolveLimits, type Limits } from './core/limits.js';
import { compareLocations, FILE_START, type SourceLocation } from './core/location.js';
import type { RuleMeta } from './core/rule-meta.js';
import type { FileDecision, ScanObserver } from './core/scan-observer.js';
import { boundIgnorePatterns } from './discover/bounded-ignore-patterns.js';
import { discoverFiles } from './discover/discover-files.js';
import { ClaimReads } from './formats/claim-reads.js';
import { formats } from './formats/index.js';
import type { LoadOptions, LoadResult } from './formats/load-options.js';
import { reportedKinds, seedWords } from './formats/relevance.js';
import { walkRules } from './formats/walk-rules.js';
import { undeclaredParameters } from './formats/undeclared-parameters.js';
import { linkCredentials } from './model/link-credentials.js';
import type { DeploymentUnit } from './model/model.js';
import { rules as allRules } from '../rules/index.js';
import { enabledRules, validateRuleSettings, type EnabledRule, type RuleSetting } from './config/rule-settings.js';
import { ConfigError, configFromObject, type ConfigObject, type CredlintConfig } from './config/load-config.js';
import { reportedFinding, runRules } from './run-rules/run-rules.js';
import { applySuppressions, type RawFinding } from './suppress/apply-suppressions.js';
import type { SuppressionDirective } from './suppress/suppression-comments.js';
import { ignoreMatcher } from './discover/ignore-matcher.js';
import { nodeCrypto } from './core/node-crypto.js';

export interface LintOptions {
  /** Files and directories to scan; default `.`. */
  readonly paths?: readonly string[];
  /** Output paths are relative to it; default `process.cwd()`. */
  readonly cwd?: string;
  readonly vars?: readonly (readonly [string, string])[];
  /**
   * Variables files (`--var-file`): paths the caller chose, trusted as written even outside the
   * repository (but one inside the repository may not lead out of it through a symlink).
   */
  readonly varFiles?: readonly string[];
  /**
   * Variables files named by a configuration file that belongs to the scanned repository (applied
   * before `varFiles`): repository content, read only when their real path is inside the repository.
   */
  readonly configVarFiles?: readonly string[];
  /** Notes from before the scan (e.g. a configuration file that was refused), reported with its own. */
  readonly notes?: readonly Diagnostic[];
  readonly parameters?: Readonly<Record<string, string>>;
  /** Environment for `TF_VAR_*`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Report findings that could not be decided because a value was unknown, as warnings. */
  readonly reportUnknown?: boolean;
  /** Skip inputs that cannot hold IAM credentials (default true). */
  readonly prefilter?: boolean;
  /** Do not honour `.gitignore` files, nor the `ignore` patterns (`--no-ignore`). */
  readonly noIgnore?: boolean;
  /**
   * Scan a file argument with the units it belongs to: the root modules that call its Terraform module
   * and the templates that nest it (default true). `false` analyses each file's module directory or
   * template as a root of its own, as a tool judging one directory as a root module needs.
   */
  readonly unitContext?: boolean;
  readonly maxFileBytes?: number;
  /**
   * Rule id to level or `[level, options]`, as in a config file; applied over `config`'s. Checked like
   * a config file: an unknown rule or option, or a wrong type, rejects the call with a `ConfigError`.
   */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /**
   * A configuration: what `loadConfig(file)` returns, or an object of a config file's shape (checked
   * against the same schema; relative `varFiles` resolve from `cwd`). Its rules, ignore globs,
   * variables files, variables and parameters apply before the options of the same name.
   */
  readonly config?: CredlintConfig | ConfigObject;
  /** Globs (gitignore syntax) of files not to scan, relative to `base` (the config file's directory). */
  readonly ignore?: { readonly base: string; readonly patterns: readonly string[] };
  /** Report valid suppressions that suppress nothing (`unused-suppression`). */
  readonly reportUnusedSuppressions?: boolean;
  /** Fingerprints of known findings (`--baseline`): they are marked suppressed. */
  readonly baseline?: { readonly file: string; readonly fingerprints: ReadonlySet<string> };
  /** The date expiring suppressions are compared with; default now. */
  readonly now?: Date;
  /** Budgets that bound the scan (`--limit`); unset ones keep their defaults (docs/security.md). */
  readonly limits?: Partial<Limits>;
  /** Told of the scan's progress, phases and file decisions (the CLI's progress line and `--verbose`). */
  readonly observer?: ScanObserver;
}

function fingerprint(ruleId: string, repoRoot: string, file: string, address: string): string {
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  return nodeCrypto().createHash('sha256').update(`${ruleId}\0${relative}\0${address}`).digest('hex').slice(0, 32);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * Lets each registered format claim its inputs among the files no earlier format claimed, then loads
 * every format's inputs concurrently. Each format gets its seed words, derived from what the
 * registered rules report (`src/formats/relevance.ts`). Units reach `options.unitLoaded` as the loaders
 * form them (a loader that returns units instead has them passed on here).
 */
async function loadAll(
  files: readonly string[],
  options: LoadOptions & { readonly unitLoaded: (unit: DeploymentUnit) => void },
  watch: ScanWatch,
): Promise<{ diagnostics: Diagnostic[]; filesScanned: number; decisions: FileDecision[] }> {
  const kinds = reportedKinds(allRules);
  const seeds = new Map(formats.map((format) => [format, seedWords(format, kinds)]));
  const reads = new ClaimReads(options.reader, [...seeds.values()].flat());
  const diagnostics: Diagnostic[] = [];
  const loads: (() => Promise<LoadResult>)[] = [];
  let unclaimed = files;
  let filesScanned = 0;
  const skipped = new Map<string, string>();
  const analysed = new Set<string>();
  for (const format of formats) {
    const formatSeeds = seeds.get(format) ?? [];
    const claim = await format.claim(unclaimed, { options, seeds: formatSeeds, reads });
    for (const [file, reason] of claim.skipped ?? []) if (!skipped.has(file)) skipped.set(file, reason);
    for (const file of claim.claimed) if (!claim.skipped?.has(file)) analysed.add(file);
    if (claim.claimed.size > 0) unclaimed = unclaimed.filter((file) => !claim.claimed.has(file));
    watch.progress({ filesRead: files.length - unclaimed.length });
    diagnostics.push(...claim.diagnostics);
    filesScanned += claim.filesScanned;
    if (claim.inputs === undefined) continue;
    const inputs = claim.inputs;
    // Loaders never throw (each isolates its units); should one still do, that format's inputs are
    // reported as not analysed and the other formats' units survive. A format's heavy modules load
    // inside `load`, so a scan without its inputs never loads them.
    loads.push(() =>
      format.load(inputs, options, formatSeeds).catch((error: unknown) => ({
        units: [],
        diagnostics: [internalError({ file: claim.firstFile ?? options.repoRoot, range: FILE_START }, format.label, error)],
      })),
    );
  }
  // Loading starts once every format has claimed; the loaders then share the main thread.
  watch.phaseEnded('claim');
  watch.progress({ filesRead: files.length });
  const results = await Promise.all(
    loads.map(async (load) => {
      const result = await load();
      result.units.forEach(options.unitLoaded);
      return result.diagnostics;
    }),
  );
  watch.phaseEnded('load');
  const decisions = files.map((file): FileDecision => {
    if (analysed.has(file)) return { file, analysed: true };
    return { file, analysed: false, reason: skipped.get(file) ?? 'no input format takes it (not a template, plan, Terraform or CDK file)' };
  });
  return { diagnostics: [...diagnostics, ...results.flat()], filesScanned, decisions };
}

/**
 * The options with their `config` applied and checked: rules, ignore globs, variables files, variables
 * and parameters of the config come first, the options' own after them (so they win). Throws
 * ConfigError for an invalid config or rules option.
 */
function withConfig(options: LintOptions, cwd: string): LintOptions {
  if (options.rules !== undefined) {
    const problems = validateRuleSettings(options.rules);
    if (problems.length > 0) throw new ConfigError(`invalid "rules" option: ${problems.join('; ')}`);
  }
  if (options.config === undefined) return options;
  const config = isLoadedConfig(options.config)
    ? options.config
    : configFromObject(options.config, cwd, 'the config option', (problem) => {
        throw new ConfigError(`invalid "config" option: ${problem}`);
      });
  if (isLoadedConfig(options.config)) {
    const problems = validateRuleSettings(config.rules);
    if (problems.length > 0) throw new ConfigError(`invalid configuration ${config.file}: ${problems.join('; ')}`);
  }
  return {
    ...options,
    rules: { ...config.rules, ...options.rules },
    ...(config.ignore.length > 0 && options.ignore === undefined ? { ignore: { base: config.base, patterns: config.ignore } } : {}),
    varFiles: [...config.varFiles, ...(options.varFiles ?? [])],
    vars: [...config.vars, ...(options.vars ?? [])],
    parameters: { ...config.parameters, ...options.parameters },
  };
}

function isLoadedConfig(config: CredlintConfig | ConfigObject): config is CredlintConfig {
  return typeof (config as { file?: unknown }).file === 'string';
}

/**
 * Scans paths and returns every finding, sorted. Problems in the scanned files never throw: they become
 * `parse-error` findings. An invalid `rules` or `config` option rejects with a ConfigError naming the fix.
 */
export async function lint(givenOptions: LintOptions = {}): Promise<LintResult> {
  const options = withConfig(givenOptions, path.resolve(givenOptions.cwd ?? process.cwd()));
  const limits = resolveLimits(options.limits);
  // The scan-wide deadline counts from here: discovery included, reporting excluded.
  const deadline = Deadline.after(limits.scanSeconds);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const paths = (options.paths && options.paths.length > 0 ? options.paths : ['.']).map((p) => path.resolve(cwd, p));
  const watch = new ScanWatch(options.observer);
  const discovered = await discoverFiles(paths, {
    cwd,
    rules: walkRules,
    noIgnore: options.noIgnore ?? false,
    unitContext: options.unitContext ?? true,
    deadline,
    limits,
    ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
  });
  const reader = discovered.reader;
  watch.phaseEnded('discover');
  watch.progress({ filesFound: discovered.files.length });
  const ignored =
    options.ignore && options.ignore.patterns.length > 0 && options.noIgnore !== true
      ? withoutIgnored(discovered.files, options.ignore, paths)
      : { files: discovered.files, notes: [] };
  const files = ignored.files;
  const enabled = enabledRules(options.rules);
  const reportUnknown = options.reportUnknown ?? false;
  // What the reports need of each unit, kept once the unit is checked; the unit itself is released.
  const checked: CheckedUnit[] = [];
  const loadOptions: LoadOptions & { unitLoaded: (unit: DeploymentUnit) => void } = {
    cwd,
    repoRoot: discovered.repoRoot,
    reader,
    vars: options.vars ?? [],
    repositoryVarFiles: (options.configVarFiles ?? []).map((f) => path.resolve(cwd, f)),
    varFiles: (options.varFiles ?? []).map((f) => path.resolve(cwd, f)),
    parameters: options.parameters ?? {},
    env: options.env ?? process.env,
    prefilter: options.prefilter ?? true,
    maxFileBytes: reader.maxFileBytes,
    limits,
    deadline,
    // Every loaded unit is checked, even past the deadline: linking and rules are cheap next to loading,
    // and the findings found so far are the point of a scan cut short.
    unitLoaded: (unit) => {
      checked.push(checkUnit(unit, checked.length, enabled, reportUnknown, discovered.repoRoot));
      watch.progress({ unitsAnalysed: checked.length });
    },
  };
  const loaded = await loadAll(files, loadOptions, watch);
  options.observer?.filesDecided?.(loaded.decisions);
  // Units arrive in the order the loaders form them, the formats' loaders interleaved: what they left
  // is taken in unit id order, as if every unit had been loaded first, so the output never depends on timing.
  checked.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.order - b.order));
  const diagnostics = distinctDiagnostics([
    ...(options.notes ?? []),
    ...discovered.diagnostics,
    ...ignored.notes,
    ...undeclaredParameters(loadOptions.parameters, files, reader),
    ...nothingToAnalyse(paths, discovered, loaded.decisions),
    ...loaded.diagnostics,
  ]);
  const raw: RawFinding[] = [];
  for (const unit of checked) {
    // One push per finding: spreading a unit's findings into one call overflows the stack past ~100k.
    for (const found of unit.raw) raw.push(found);
    // A bug met while checking one unit costs that unit's findings only.
    if (unit.failure !== undefined) diagnostics.push(unit.failure);
  }
  const succeeded = checked.filter((unit) => unit.failure === undefined);
  const findings = applySuppressions(raw, {
    ruleIds: new Set(allRules.map((r) => r.meta.id)),
    today: (options.now ?? new Date()).toISOString().slice(0, 10),
    reportUnused: options.reportUnusedSuppressions ?? false,
    files: [...new Set(succeeded.flatMap((unit) => unit.anchorFiles))].sort(),
    readSource: (file) => {
      const read = reader.readSource(file);
      return read.ok ? read.text : undefined;
    },
    // A template nested twice gives two instances carrying the same metadata entry: report it once.
    declared: uniqueByLocation(succeeded.flatMap((unit) => unit.declared)),
    fingerprint: (ruleId, file, address) => fingerprint(ruleId, discovered.repoRoot, file, address),
  }).map((finding) =>
    options.baseline && !finding.suppression && options.baseline.fingerprints.has(finding.fingerprint)
      ? { ...finding, suppression: { kind: 'baseline' as const, justification: `known finding in baseline ${options.baseline.file}` } }
      : finding,
  );
  for (const diagnostic of diagnostics) {
    if (diagnostic.kind === 'warning') {
      // A warning about the input itself (a duplicate key): a result of its own id, not a rule's, so
      // it is neither configured nor suppressed like one (README, "Exit codes").
      const ruleId = diagnostic.resultId ?? 'warning';
      findings.push({
        ruleId,
        severity: 'warning',
        message: diagnostic.message,
        location: diagnostic.location,
        related: [],
        fingerprint: fingerprint(ruleId, discovered.repoRoot, diagnostic.location.file, diagnostic.message),
      });
      continue;
    }
    if (diagnostic.kind !== 'parse-error') continue;
    findings.push({
      ruleId: PARSE_ERROR,
      severity: 'error',
      message: diagnostic.message,
      location: diagnostic.location,
      related: [],
      fingerprint: fingerprint(PARSE_ERROR, discovered.repoRoot, diagnostic.location.file, diagnostic.message),
    });
  }
  watch.phaseEnded('check');
  const rulesMeta: RuleMeta[] = enabled.map((e) => e.rule.meta);
  const stacks = diagnostics.flatMap((d) => (d.stack === undefined ? [] : [d.stack]));
  return {
    findings: dedupe(findings).sort(compareFindings),
    notes: diagnostics.filter((d) => d.kind === 'note').sort((a, b) => compareLocations(a.location, b.location)),
    rules: rulesMeta,
    filesScanned: loaded.filesScanned,
    filesSkipped: loaded.decisions.filter((decision) => !decision.analysed).length,
    cwd,
    repoRoot: discovered.repoRoot,
    readSource: (file) => reader.displaySource(file),
    ...(stacks.length > 0 ? { internalErrorStacks: stacks } : {}),
  };
}

/**
 * Releases what formats keep between scans (`InputFormat.dispose`; none keeps anything today). For
 * hosts that lint now and then for a long time (an editor server, a bot): call it once every `lint()`
 * started has settled; a later `lint()` starts afresh (README, "Programmatic API").
 */
export async function dispose(): Promise<void> {
  await Promise.all(formats.flatMap((format) => (format.dispose ? [format.dispose()] : [])));
}

/** What is kept of a checked unit: its findings and what suppressions need, nothing of its model or files. */
interface CheckedUnit {
  readonly id: string;
  /** Arrival order, for units of one id. */
  readonly order: number;
  readonly raw: readonly RawFinding[];
  /** The files that declare its resources: their suppression comments are checked. */
  readonly anchorFiles: readonly string[];
  /** Suppressions declared in its resources (CloudFormation metadata). */
  readonly declared: readonly SuppressionDirective[];
  /** A rule that threw on the unit costs its findings: reported instead. */
  readonly failure?: Diagnostic;
}

/** The findings of the enabled rules on one unit, and what its suppressions need. */
function checkUnit(unit: DeploymentUnit, order: number, enabled: readonly EnabledRule[], reportUnknown: boolean, repoRoot: string): CheckedUnit {
  try {
    const { findings, failures } = runRules(linkCredentials(unit), enabled, reportUnknown);
    const failure = failures[0];
    if (failure) throw failure.error;
    const raw: RawFinding[] = [];
    for (const found of findings) {
      const { suppressionAnchors, declaredSuppressions } = found.resource;
      const resource = { suppressionAnchors, ...(declaredSuppressions === undefined ? {} : { declaredSuppressions }) };
      raw.push({
        resource,
        finding: reportedFinding(
          found,
          unit.id,
          fingerprint(found.ruleId, repoRoot, found.location.file, `${found.unknown ? 'unknown:' : ''}${found.address}`),
        ),
      });
    }
    const resources = [...unit.users, ...unit.loginProfiles, ...unit.accessKeys];
    return {
      id: unit.id,
      order,
      raw,
      anchorFiles: [...new Set(resources.flatMap((r) => r.suppressionAnchors.map((a) => a.file)))],
      declared: resources.flatMap((r) => (r.declaredSuppressions ?? []).map((d) => ({ ...d, kind: 'metadata' as const }))),
    };
  } catch (error) {
    return {
      id: unit.id,
      order,
      raw: [],
      anchorFiles: [],
      declared: [],
      failure: internalError({ file: unitEntryFile(unit), range: FILE_START }, unit.id, error),
    };
  }
}

/**
 * Where a problem with a whole unit is reported: the unit's own file (a template, a plan), else the
 * first file under its directory that declares one of its resources (a root module, a CDK project).
 */
function unitEntryFile(unit: DeploymentUnit): string {
  const files = [...new Set([...unit.users, ...unit.loginProfiles, ...unit.accessKeys].map((r) => r.location.file))].sort();
  if (files.length === 0 || files.includes(unit.root)) return unit.root;
  return files.find((file) => file.startsWith(`${unit.root}${path.sep}`)) ?? (files[0] as string);
}

function uniqueByLocation<T extends { readonly location: SourceLocation }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.location.file}:${item.location.range.start.line}:${item.location.range.start.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `files` without those the config file's `ignore` globs match; the globs are bounded like `.gitignore` lines (a pull request may write the config). */
function withoutIgnored(
  files: readonly string[],
  ignore: { readonly base: string; readonly patterns: readonly string[] },
  given: readonly string[],
): { files: string[]; notes: Diagnostic[] } {
  const bounded = boundIgnorePatterns(
    ignore.patterns.flatMap((p) => p.split(/\r?\n/)),
    ignore.base,
  );
  const matcher = ignoreMatcher().add(bounded.patterns);
  const explicit = new Set(given);
  const notes = [...bounded.notes];
  const kept = files.filter((file) => {
    const relative = path.relative(ignore.base, file).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) return true;
    const test = matcher.test(relative);
    if (!test.ignored) return true;
    // A file named on the command line and then ignored would vanish without a word (ESLint warns the same way).
    if (explicit.has(file)) {
      const pattern = test.rule?.pattern;
      notes.push(
        note(
          { file, range: FILE_START },
          `file ignored because it matches the configuration's ignore pattern${pattern === undefined ? '' : ` "${pattern}"`}; use --no-ignore to scan it`,
        ),
      );
    }
    return false;
  });
  return { files: kept, notes };
}

/**
 * A path given to scan that led to nothing analysed is said so, with why: no file the formats read
 * was found under it, or every one was skipped (ignored, ruled out by the prefilter).
 */
function nothingToAnalyse(
  paths: readonly string[],
  discovered: { readonly files: readonly string[]; readonly diagnostics: readonly Diagnostic[] },
  decisions: readonly FileDecision[],
): Diagnostic[] {
  const notes: Diagnostic[] = [];
  for (const given of new Set(paths)) {
    // A path that does not exist or cannot be read is already a parse error.
    if (discovered.diagnostics.some((d) => d.location.file === given && d.kind === 'parse-error')) continue;
    const inside = (file: string) => file === given || file.startsWith(given.endsWith(path.sep) ? given : `${given}${path.sep}`);
    const found = discovered.files.filter(inside);
    if (found.length === 0) {
      notes.push(
        note(
          { file: given, range: FILE_START },
          'nothing to analyse: no Terraform, CloudFormation, plan or CDK file was found here (ignored files are not looked at)',
        ),
      );
      continue;
    }
    // A file argument of a kind no format reads (a README, a script) is said so. Data files that are
    // not templates or plans are passed over silently (README, "What is analysed"), and one the
    // prefilter rules out is not noted either: pre-commit passes every changed file; `--verbose` lists them.
    if (found.includes(given) && !walkRules.collects(path.basename(given)) && !decisions.some((d) => d.file === given && d.analysed)) {
      notes.push(note({ file: given, range: FILE_START }, 'not analysed: credlint reads no file of this kind (see "What is analysed" in the README)'));
    }
  }
  return notes;
}

/** Sends the observer counts and phase timings; a no-op without one. */
class ScanWatch {
  private counts = { filesFound: 0, filesRead: 0, unitsAnalysed: 0 };
  private phaseStart = monotonicMs();

  constructor(private readonly observer: ScanObserver | undefined) {}

  progress(update: Partial<{ filesFound: number; filesRead: number; unitsAnalysed: number }>): void {
    if (this.observer?.progress === undefined) return;
    this.counts = { ...this.counts, ...update };
    this.observer.progress(this.counts);
  }

  phaseEnded(phase: string): void {
    const now = monotonicMs();
    this.observer?.phaseEnded?.(phase, now - this.phaseStart);
    this.phaseStart = now;
  }
}

/** The same file reached from two scan roots (a module shared by two roots) must not report twice at one place for one unit. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.unitId ?? ''}\0${f.location.file}\0${f.location.range.start.line}:${f.location.range.start.column}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { RuleSetting } from './config/rule-settings.js';

/**
 * Each diagnostic once: the same note may come from two places (a module shared by a loaded root
 * module and by one whose module calls the Terraform prefilter notes without loading it), as a
 * loader that reads a module twice reports it once.
 */
function distinctDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const { file, range } = diagnostic.location;
    const key = [diagnostic.kind, file, range.start.line, range.start.column, range.end.line, range.end.column, diagnostic.message].join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
