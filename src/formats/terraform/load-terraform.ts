/**
 * The Terraform loader: `.tf` and `.tf.json` files grouped into modules, root modules evaluated the
 * way `terraform plan` would (variables, locals, count/for_each, module calls), and the resulting
 * IAM users, login profiles and access keys returned as one deployment unit per root.
 */
import { relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { reportLeftByDeadline } from '../../core/deadline.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import type { DeploymentUnit } from '../../model/model.js';
import { EvalBudget } from '../../terraform/expr/eval-budget.js';
import { buildIamModel } from '../../terraform/module/build-iam-model.js';
import { groupByDirectory, localCallTargets, rootsOfCallGraph } from '../../terraform/module/find-roots.js';
import { declaredRootDirs } from './declared-roots.js';
import { buildModuleConfig, isLocalSource, type ModuleConfig, type ParsedFile } from '../../terraform/module/module-config.js';
import { repositoryFileFunctions } from '../../terraform/module/file-function.js';
import { ModuleInstance } from '../../terraform/module/module-instance.js';
import type { RunContext } from '../../terraform/module/run-context.js';
import { sourceCandidates, staticModule } from '../../terraform/module/static-sources.js';
import { buildModuleTree, isComputedSource, readModulesManifest, type ModuleTree } from '../../terraform/module/module-tree.js';
import { MODULE_SOURCES, listModuleFiles, readTerraformFile } from '../../terraform/module/read-module-files.js';
import type { Selection } from '../../terraform/parse-hcl.js';
import { isJsonConfigurationFile, withoutShadowedFiles } from '../../terraform/configuration-files.js';
import { readListedVariablesFiles, rootVariableInputs, type ListedVariablesFiles } from '../../terraform/module/root-variables.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { appendAll } from '../../core/append-all.js';
import { selectedWorkspace } from './selected-workspace.js';

/** Collects diagnostics once each: a module shared by several roots is read once but may be reported from each. */
class DiagnosticSink {
  private readonly seen = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];
  /** Set when the scan deadline left files unparsed: a module tree built since may be incomplete. */
  cutShort = false;

  /** `cutShort` read after an await (a parse in between may have set it). */
  wasCutShort(): boolean {
    return this.cutShort;
  }

  report(diagnostic: Diagnostic): void {
    const { file, range } = diagnostic.location;
    const key = `${diagnostic.kind}\0${file}\0${range.start.line}:${range.start.column}\0${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Each root module's input values (its variables files, `-var`s and `TF_VAR_`s), read once per scan:
 * following sources computed early reads a module's values before its unit is analysed, and the unit
 * takes the same ones. A module's values depend on its directory and its variables' declared types,
 * which every reading of it parses from the same files.
 */
class RootVariables {
  private readonly read = new Map<string, ReturnType<typeof rootVariableInputs>>();
  /** The files the configuration and `--var-file` name, read once for every root (`readListedVariablesFiles`). */
  private listedFiles: ListedVariablesFiles | undefined;

  constructor(private readonly options: LoadOptions) {}

  private listed(): ListedVariablesFiles {
    this.listedFiles ??= readListedVariablesFiles(this.options);
    return this.listedFiles;
  }

  /** The module's values, kept for its unit. */
  inputs(config: ModuleConfig): ReturnType<typeof rootVariableInputs>['inputs'] {
    let values = this.read.get(config.dir);
    if (values === undefined) {
      values = rootVariableInputs(config, this.options, this.listed());
      this.read.set(config.dir, values);
    }
    return values.inputs;
  }

  /** The values and the diagnostics of reading them, for the unit: no longer kept (units stream, see `load`). */
  take(config: ModuleConfig): ReturnType<typeof rootVariableInputs> {
    const values = this.read.get(config.dir) ?? rootVariableInputs(config, this.options, this.listed());
    this.read.delete(config.dir);
    return values;
  }
}

/**
 * Reads and parses `files`. Past the scan deadline no new file is started and parses in flight are
 * abandoned, without a diagnostic per file: the caller then analyses no further root module and
 * reports those it left (`reportLeftByDeadline`).
 */
async function parseFiles(files: readonly string[], options: LoadOptions, sink: DiagnosticSink, only?: Selection): Promise<ParsedFile[]> {
  const results = new Array<Awaited<ReturnType<typeof readTerraformFile>> | undefined>(files.length);
  // One file at a time, in the scanning thread: each parse first yields a turn of the event loop, so the
  // deadline's timer and other scans' work run between files.
  for (const [index, file] of files.entries()) {
    if (options.deadline?.expired()) break;
    results[index] = await readTerraformFile(file, options.reader, options.deadline, options.limits, only);
  }
  const parsed: ParsedFile[] = [];
  for (const result of results) {
    if (result === undefined || (!result.ok && result.abandoned)) sink.cutShort = true;
    else if (result.ok) parsed.push(result.parsed);
    else sink.report(result.diagnostic);
  }
  return parsed;
}

function unitId(rootDir: string, cwd: string): string {
  return `terraform:${relative(cwd, rootDir).split(sep).join('/') || '.'}`;
}

/**
 * Whether a file may declare a module call: a native file names the block type `module` literally (an
 * identifier has no escapes, https://developer.hashicorp.com/terraform/language/syntax/configuration);
 * a JSON file may spell the key with `\\u` escapes.
 */
function mayCallModules(file: string, options: LoadOptions): boolean {
  const source = options.reader.readSource(file);
  if (!source.ok) return true;
  return source.text.includes('module') || (isJsonConfigurationFile(file) && source.text.includes('\\u'));
}

/**
 * The directories each scanned directory calls through a local `source`, from its files that may
 * declare a module call, parsed and then dropped: what finding the root modules needs, without
 * keeping every parsed file until the last root is analysed. Only the calls' sources are rendered
 * (`MODULE_SOURCES`); each file is checked whole all the same, so it fails here as it fails when its
 * root parses it again.
 */
async function callGraph(
  groups: ReadonlyMap<string, readonly string[]>,
  options: LoadOptions,
  sink: DiagnosticSink,
  parsedOnce: Set<string>,
  variables: RootVariables,
): Promise<{ readonly callees: Map<string, string[]>; readonly computing: ReadonlySet<string> }> {
  const callees = new Map<string, string[]>();
  const computing = new Set<string>();
  for (const [dir, files] of groups) {
    const callers = files.filter((file) => mayCallModules(file, options));
    callers.forEach((file) => parsedOnce.add(file));
    const config = buildModuleConfig(dir, callers.length === 0 ? [] : await parseFiles(callers, options, sink, MODULE_SOURCES));
    const computed = [...config.moduleCalls.values()].filter((call) => call.source !== undefined && isComputedSource(call.source));
    if (computed.length > 0) computing.add(dir);
    callees.set(dir, [
      ...localCallTargets(config),
      ...(computed.length === 0 ? [] : await computedCallTargets(dir, files, options, sink, parsedOnce, variables)),
    ]);
  }
  return { callees, computing };
}

/**
 * The directories a module whose calls compute their `source` (OpenTofu's early evaluation,
 * `static-sources.ts`) may call: each source's value as a root module (the values `tofu init` would
 * read), and every local path the source may take with other values (`sourceCandidates`). The whole
 * module is parsed for it (the source reads its variables and locals).
 */
async function computedCallTargets(
  dir: string,
  files: readonly string[],
  options: LoadOptions,
  sink: DiagnosticSink,
  parsedOnce: Set<string>,
  variables: RootVariables,
): Promise<string[]> {
  files.forEach((file) => parsedOnce.add(file));
  const config = buildModuleConfig(dir, await parseFiles(files, options, sink));
  // The diagnostics of its variables files are the root module's, reported if it is one.
  const statics = staticModule(
    config,
    variables.inputs(config),
    runContext(dir, options, (d) => {
      sink.report(d);
    }),
  );
  const targets: string[] = [];
  for (const call of config.moduleCalls.values()) {
    if (call.source === undefined || !isComputedSource(call.source)) continue;
    const computed = statics.source(call);
    const sources = [...sourceCandidates(config, call), ...('value' in computed ? [computed.value] : [])];
    for (const source of sources) if (isLocalSource(source)) targets.push(resolve(dir, source));
  }
  return targets.filter((target) => target !== dir);
}

/**
 * The root modules of the call graph `callees`, where a module called by a `source` computed from
 * what its caller passes (`static-sources.ts`) is called too: each root module that reaches a
 * computed source has its module tree built as its unit will build it (every module parsed whole),
 * and calls every directory that tree holds. Only configurations that compute a source pay for it.
 */
async function withComputedCalls(
  callees: Map<string, string[]>,
  computing: ReadonlySet<string>,
  groups: ReadonlyMap<string, readonly string[]>,
  options: LoadOptions,
  sink: DiagnosticSink,
  variables: RootVariables,
  declared: ReadonlySet<string>,
): Promise<string[]> {
  const roots = rootsOfCallGraph(callees, declared);
  if (computing.size === 0) return roots;
  const reaches = (start: string): boolean => {
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      if (computing.has(dir)) return true;
      if (seen.has(dir)) continue;
      seen.add(dir);
      appendAll(stack, callees.get(dir) ?? []);
    }
    return false;
  };
  for (const rootDir of roots) {
    if (!reaches(rootDir) || options.deadline?.expired()) continue;
    const loadDir = (dir: string): Promise<ModuleConfig | undefined> => {
      const scanned = groups.get(dir);
      if (scanned !== undefined) return parseFiles(scanned, options, sink).then((parsed) => buildModuleConfig(dir, parsed));
      return listModuleFiles(dir, options.reader).then(async (listed) =>
        listed === undefined || listed.files.length === 0 ? undefined : buildModuleConfig(dir, await parseFiles(listed.files, options, sink)),
      );
    };
    const config = await loadDir(rootDir);
    if (config === undefined) continue;
    // Its notes are the unit's, given when the unit is analysed.
    const tree = await buildModuleTree(
      config,
      { rootDir, reader: options.reader, loadDir, report: () => undefined, limits: options.limits, calls: { remaining: options.limits.moduleInstances } },
      readModulesManifest(rootDir, options.reader, () => undefined),
      '',
      [],
      staticModule(
        config,
        variables.inputs(config),
        runContext(rootDir, options, () => undefined),
      ),
    );
    const held: string[] = [];
    const collect = (node: ModuleTree): void => {
      for (const child of node.children.values()) {
        if (!('tree' in child)) continue;
        held.push(child.tree.config.dir);
        collect(child.tree);
      }
    };
    collect(tree);
    callees.set(rootDir, [...(callees.get(rootDir) ?? []), ...held.filter((dir) => dir !== rootDir)]);
  }
  return rootsOfCallGraph(callees, declared);
}

/**
 * Analyses the root modules one at a time and hands each unit to `emit` as soon as it is built: a
 * unit's parsed files (its root and the modules it calls, shared within the unit only) are released
 * before the next root is read, so memory grows with the largest unit, not with the repository
 * (docs/architecture.md, "Streaming").
 */
async function load(files: readonly string[], options: LoadOptions, sink: DiagnosticSink, emit: (unit: DeploymentUnit) => void): Promise<void> {
  // Also applied here for callers that pass files without the format's claim (OpenTofu's `.tofu` precedence).
  const groups = groupByDirectory(withoutShadowedFiles(files));
  const parsedOnce = new Set<string>();
  const variables = new RootVariables(options);
  const { callees, computing } = await callGraph(groups, options, sink, parsedOnce, variables);
  const roots = await withComputedCalls(callees, computing, groups, options, sink, variables, declaredRootDirs(groups, options.reader));
  const parseCounted = (list: readonly string[]) => {
    list.forEach((file) => parsedOnce.add(file));
    return parseFiles(list, options, sink);
  };
  for (const [index, rootDir] of roots.entries()) {
    // A root module's entry file: where a problem with the whole unit is reported.
    const entry = { file: groups.get(rootDir)?.[0] ?? rootDir, range: FILE_START };
    if (options.deadline?.expired() || sink.wasCutShort()) {
      reportLeftByDeadline(sink.diagnostics, entry, options.limits, roots.length - index, 'Terraform root module');
      break;
    }
    // The modules of this unit, each parsed once for it; a module another root calls too is parsed again there.
    const configs = new Map<string, Promise<ModuleConfig | undefined>>();
    const loadDir = (dir: string): Promise<ModuleConfig | undefined> => {
      let config = configs.get(dir);
      if (config === undefined) {
        const scanned = groups.get(dir);
        config =
          scanned !== undefined
            ? parseCounted(scanned).then((parsed) => buildModuleConfig(dir, parsed, parsed.length === scanned.length))
            : listModuleFiles(dir, options.reader).then(async (listed) => {
                for (const diagnostic of listed?.outside ?? []) sink.report(diagnostic);
                if (listed === undefined || listed.files.length === 0) return undefined;
                const parsed = await parseFiles(listed.files, options, sink);
                return buildModuleConfig(dir, parsed, parsed.length === listed.files.length);
              });
        configs.set(dir, config);
      }
      return config;
    };
    try {
      const config = (await loadDir(rootDir)) as ModuleConfig;
      const unit = await loadRoot(rootDir, config, groups.get(rootDir) ?? [], options, sink, loadDir, variables.take(config));
      // A module of this root (a called directory) may have been left unparsed at the deadline.
      if (unit === undefined || sink.wasCutShort()) {
        reportLeftByDeadline(sink.diagnostics, entry, options.limits, roots.length - index, 'Terraform root module');
        break;
      }
      emit(unit);
    } catch (error) {
      // A bug met in one root module costs that unit only (reported at its entry file).
      sink.report(internalError(entry, unitId(rootDir, options.cwd), error));
    }
  }
  // A scanned file no root reached (a module only an installed module calls, a call the instance
  // budget cut off) is still parsed, so that its syntax errors are reported as a whole scan reports them.
  const unreached = [...groups.values()].flat().filter((file) => !parsedOnce.has(file));
  if (unreached.length > 0 && !options.deadline?.expired() && !sink.wasCutShort()) await parseFiles(unreached, options, sink);
}

/** What every module instance of the root module `rootDir` shares. */
function runContext(rootDir: string, options: LoadOptions, report: (diagnostic: Diagnostic) => void): RunContext {
  const workspace = selectedWorkspace(rootDir, options.env, options.reader, report);
  return {
    rootDir,
    workspace,
    budget: new EvalBudget(options.limits, options.deadline),
    report,
    pathFunctions: repositoryFileFunctions(rootDir, options.reader),
    notes: [],
  };
}

/** One root module evaluated the way `terraform plan` would, with everything it calls. */
async function loadRoot(
  rootDir: string,
  config: ModuleConfig,
  rootFiles: readonly string[],
  options: LoadOptions,
  sink: DiagnosticSink,
  loadDir: (dir: string) => Promise<ModuleConfig | undefined>,
  variables: ReturnType<typeof rootVariableInputs>,
): Promise<DeploymentUnit | undefined> {
  const report = (d: Diagnostic) => {
    sink.report(d);
  };
  const manifest = readModulesManifest(rootDir, options.reader, report);
  const calls = { remaining: options.limits.moduleInstances };
  variables.diagnostics.forEach(report);
  // The deadline passed while its variables files were read: its values are not all known, and the
  // caller reports the unit as not analysed.
  if (variables.cutShort) {
    sink.cutShort = true;
    return undefined;
  }
  const run = runContext(rootDir, options, report);
  const statics = staticModule(config, variables.inputs, run);
  const tree = await buildModuleTree(config, { rootDir, reader: options.reader, loadDir, report, limits: options.limits, calls }, manifest, '', [], statics);
  // A module of this root left unparsed at the deadline: the caller reports the unit as not analysed,
  // and evaluating the rest would only add a second report of the same deadline.
  if (sink.wasCutShort()) return undefined;
  const root = new ModuleInstance({ tree, addressPrefix: '', inputs: variables.inputs, anchors: [], existenceUnknown: undefined, run });
  const model = buildIamModel(root);
  // A trip no located evaluation took (none is expected) is still reported, at the root module.
  root.reportTrips({ file: rootFiles[0] ?? rootDir, range: FILE_START, logicalPath: 'module' });
  return {
    id: unitId(rootDir, options.cwd),
    format: rootFiles.length > 0 && rootFiles.every(isJsonConfigurationFile) ? 'terraform-json' : 'terraform',
    root: rootDir,
    ...model,
  };
}

/** Loads the discovered `.tf`/`.tf.json` files (absolute paths). Never throws. */
export async function loadTerraform(files: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const sink = new DiagnosticSink();
  const units: DeploymentUnit[] = [];
  try {
    await load(files, options, sink, options.unitLoaded ?? ((unit) => units.push(unit)));
    return { units, diagnostics: sink.diagnostics };
  } catch (error) {
    // Reached only by a bug outside any one root module (reading and grouping the files).
    sink.report(internalError({ file: [...files].sort()[0] ?? options.cwd, range: FILE_START }, 'the Terraform files', error));
    return { units, diagnostics: sink.diagnostics };
  }
}
