import path from 'node:path';
import { note, type Diagnostic } from './core/diagnostic.js';
import { diagnosticsBoundedPerFile } from './core/diagnostics-per-file.js';
import { findingFingerprint } from './core/fingerprint.js';
import { PARSE_ERROR, type Finding, type LintResult } from './core/finding.js';
import { Deadline, monotonicMs } from './core/deadline.js';
import { internalError } from './core/internal-error.js';
import { resolveLimits } from './core/limits.js';
import { compareLocations, FILE_START, startKey, type SourceLocation } from './core/location.js';
import type { RuleMeta } from './core/rule-meta.js';
import type { FileDecision, ScanObserver } from './core/scan-observer.js';
import { discoverFiles } from './discover/discover-files.js';
import { ClaimReads } from './formats/claim-reads.js';
import { formats } from './formats/index.js';
import type { LoadOptions, LoadResult } from './formats/load-options.js';
import { reportedKinds, seedWords } from './formats/relevance.js';
import { walkRules } from './formats/walk-rules.js';
import { undeclaredParameters } from './formats/undeclared-parameters.js';
import { unusedConfigFiles } from './config/unused-config-files.js';
import type { DeploymentUnit } from './model/model.js';
import { rules as allRules } from '../rules/index.js';
import { withConfig, type LintOptions } from './config/lint-options.js';
import { enabledRules } from './config/rule-settings.js';
import { checkUnit, type CheckedUnit } from './run-rules/check-unit.js';
import { FindingsBudget } from './run-rules/findings-budget.js';
import { applySuppressions, type RawFinding } from './suppress/apply-suppressions.js';
import { entriesByFingerprint, entryDescribes } from './suppress/baseline-match.js';
import { ignoreSources } from './discover/ignore-sources.js';
import { appendAll } from './core/append-all.js';

export type { LintOptions } from './config/lint-options.js';

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
    appendAll(diagnostics, claim.diagnostics);
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
  const ignored = withoutIgnored(discovered.files, options, cwd, paths);
  const files = ignored.files;
  const enabled = enabledRules(options.rules);
  const reportUnknown = options.reportUnknown ?? false;
  // What the reports need of each unit, kept once the unit is checked; the unit itself is released.
  const checked: CheckedUnit[] = [];
  const findingsBudget = new FindingsBudget(limits);
  const unconditional = new Map<string, CheckedUnit>();
  const loadOptions: LoadOptions & { unitLoaded: (unit: DeploymentUnit) => void } = {
    cwd,
    repoRoot: discovered.repoRoot,
    reader,
    vars: options.vars ?? [],
    repositoryVarFiles: (options.configVarFiles ?? []).map((f) => path.resolve(cwd, f)),
    // Without the configuration file (an API caller who did not pass it), an entry leading out is noted
    // at the repository root: never at its own path outside, which names the machine's layout.
    repositoryVarFilesNamedBy: options.configFile === undefined ? discovered.repoRoot : path.resolve(cwd, options.configFile),
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
      // A unit holding only under a condition comes after the unit of its id that holds without it (`DeploymentUnit.onlyWhere`).
      const before = unit.onlyWhere === undefined ? undefined : unconditional.get(unit.id);
      const done = findingsBudget.admit(
        checkUnit(
          unit,
          checked.length,
          enabled,
          reportUnknown,
          discovered.repoRoot,
          before?.raw.map((r) => r.finding),
        ),
      );
      checked.push(done);
      if (unit.onlyWhere === undefined) unconditional.set(unit.id, done);
      watch.progress({ unitsAnalysed: checked.length });
    },
  };
  const loaded = await loadAll(files, loadOptions, watch);
  options.observer?.filesDecided?.(loaded.decisions);
  // Units arrive in the order the loaders form them, the formats' loaders interleaved: what they left
  // is taken in unit id order, as if every unit had been loaded first, so the output never depends on timing.
  checked.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.order - b.order));
  const diagnostics = diagnosticsBoundedPerFile(
    distinctDiagnostics([
      ...(options.notes ?? []),
      ...discovered.diagnostics,
      ...ignored.notes,
      ...undeclaredParameters(loadOptions.parameters, files, reader),
      ...nothingToAnalyse(paths, discovered, loaded.decisions),
      ...(options.configLookup === undefined
        ? []
        : unusedConfigFiles({ files: discovered.files, given: paths, holdsFile: (file) => reader.holdsFile(file) }, options.configLookup.used, cwd)),
      ...loaded.diagnostics,
    ]),
  );
  const raw: RawFinding[] = [];
  for (const unit of checked) {
    // One push per finding: spreading a unit's findings into one call overflows the stack past ~100k.
    for (const found of unit.raw) raw.push(found);
    // A bug met while checking one unit costs that unit's findings only.
    if (unit.failure !== undefined) diagnostics.push(unit.failure);
  }
  const findingsLeft = findingsBudget.diagnostic();
  if (findingsLeft !== undefined) diagnostics.push(findingsLeft);
  const succeeded = checked.filter((unit) => unit.failure === undefined);
  // A unit that lost findings to the `findings` limit cannot tell which suppressions they matched: its
  // suppressions are not judged, not even in a file another unit shares (the scan is incomplete, exit 2).
  const shortened = checked.filter((unit) => findingsBudget.lostFindings(unit.order));
  const unjudgedFiles = new Set(shortened.flatMap((unit) => unit.anchorFiles));
  const unjudgedDeclared = new Set(shortened.flatMap((unit) => unit.declared.map((directive) => startKey(directive.location))));
  const baselineEntries = options.baseline?.entries ? entriesByFingerprint(options.baseline.entries) : undefined;
  const inBaseline = (finding: Finding): boolean => {
    if (!options.baseline?.fingerprints.has(finding.fingerprint)) return false;
    const entries = baselineEntries?.get(finding.fingerprint);
    return entries === undefined || entries.some((entry) => entryDescribes(entry, finding, discovered.repoRoot));
  };
  const findings = applySuppressions(raw, {
    ruleIds: new Set(allRules.map((r) => r.meta.id)),
    today: (options.now ?? new Date()).toISOString().slice(0, 10),
    reportUnused: options.reportUnusedSuppressions ?? false,
    files: [...new Set(succeeded.flatMap((unit) => unit.anchorFiles))].filter((file) => !unjudgedFiles.has(file)).sort(),
    readSource: (file) => {
      const read = reader.readSource(file);
      return read.ok ? read.text : undefined;
    },
    // A template nested twice gives two instances carrying the same metadata entry: report it once.
    declared: uniqueByLocation(succeeded.flatMap((unit) => unit.declared)).filter((directive) => !unjudgedDeclared.has(startKey(directive.location))),
    fingerprint: (ruleId, file, address) => findingFingerprint(ruleId, discovered.repoRoot, file, address),
  }).map((finding) =>
    options.baseline && !finding.suppression && inBaseline(finding)
      ? {
          ...finding,
          suppression: { kind: 'baseline' as const, justification: `known finding in baseline ${options.baseline.shown ?? options.baseline.file}` },
        }
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
        fingerprint: findingFingerprint(ruleId, discovered.repoRoot, diagnostic.location.file, diagnostic.message),
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
      fingerprint: findingFingerprint(PARSE_ERROR, discovered.repoRoot, diagnostic.location.file, diagnostic.message),
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

function uniqueByLocation<T extends { readonly location: SourceLocation }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = startKey(item.location);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `files` without those the configuration's `ignore` or `--ignore-pattern` globs match
 * (`discover/ignore-sources.ts`); a file named on the command line and then ignored gets a note.
 */
function withoutIgnored(files: readonly string[], options: LintOptions, cwd: string, given: readonly string[]): { files: string[]; notes: Diagnostic[] } {
  const sources = ignoreSources(options, cwd);
  if (sources.empty) return { files: [...files], notes: [...sources.notes] };
  const explicit = new Set(given);
  const notes = [...sources.notes];
  const kept = files.filter((file) => {
    const ignored = sources.ignoredBy(file);
    if (ignored === undefined) return true;
    // A file named on the command line and then ignored would vanish without a word (ESLint warns the same way).
    if (explicit.has(file)) notes.push(note({ file, range: FILE_START }, `file ignored because it matches ${ignored.described}; use --no-ignore to scan it`));
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
    // A path that does not exist or cannot be read is already a parse error, and one not followed or
    // not scanned (a link leading out of the repository, a working directory) already has its note.
    if (discovered.diagnostics.some((d) => d.location.file === given)) continue;
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
