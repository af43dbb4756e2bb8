/**
 * The Terraform loader: `.tf` and `.tf.json` files grouped into modules, root modules evaluated the
 * way `terraform plan` would (variables, locals, count/for_each, module calls), and the resulting
 * IAM users, login profiles and access keys returned as one deployment unit per root. A directory
 * holding `.tofu` files is analysed as OpenTofu and as Terraform read it (`engine-reading.ts`).
 */
import { relative, sep } from 'node:path';
import type { Diagnostic } from '../../core/diagnostic.js';
import { reportLeftByDeadline } from '../../core/deadline.js';
import { internalError } from '../../core/internal-error.js';
import { FILE_START } from '../../core/location.js';
import type { DeploymentUnit } from '../../model/model.js';
import { buildIamModel } from '../../terraform/module/build-iam-model.js';
import { groupByDirectory } from '../../terraform/module/find-roots.js';
import { buildModuleConfig, type ModuleConfig } from '../../terraform/module/module-config.js';
import { ModuleInstance } from '../../terraform/module/module-instance.js';
import { staticModule } from '../../terraform/module/static-sources.js';
import { buildModuleTree, readModulesManifest } from '../../terraform/module/module-tree.js';
import { isJsonConfigurationFile } from '../../terraform/configuration-files.js';
import type { rootVariableInputs } from '../../terraform/module/root-variables.js';
import type { LoadOptions, LoadResult } from '../load-options.js';
import { EngineReading } from './engine-reading.js';
import { rootModules } from './root-modules.js';
import { DiagnosticSink, parseFiles, RootVariables, runContext } from './terraform-load-context.js';

function unitId(rootDir: string, cwd: string): string {
  return `terraform:${relative(cwd, rootDir).split(sep).join('/') || '.'}`;
}

/**
 * Analyses the root modules as each engine reads them (`engine-reading.ts`), OpenTofu's reading
 * first, and hands each unit to `emit` as soon as it is built. Terraform's reading is analysed only
 * where it may differ, which needs a `.tofu` file: a root module whose module tree read no directory
 * holding a `.tofu` file in OpenTofu's reading reads alike in both, and is not analysed twice. A root
 * analysed in both readings gives a unit of the same id in each, OpenTofu's first; Terraform's carries
 * `onlyWhere`, so that its findings OpenTofu's does not give are `--report-unknown` warnings, and those
 * both give are reported once, as OpenTofu's (`check-unit.ts`).
 */
async function load(files: readonly string[], options: LoadOptions, sink: DiagnosticSink, emit: (unit: DeploymentUnit) => void): Promise<void> {
  const scanned = groupByDirectory(files);
  const parsedOnce = new Set<string>();
  const readings = { opentofu: new EngineReading('opentofu', scanned), terraform: new EngineReading('terraform', scanned) };
  const variables = { opentofu: new RootVariables(options), terraform: new RootVariables(options) };
  const roots = await rootModules(readings, options, sink, parsedOnce, variables);
  const { opentofu, terraform } = readings;
  const first = await analyseRoots(
    opentofu,
    roots.filter((dir) => opentofu.groups.has(dir)),
    options,
    sink,
    emit,
    parsedOnce,
    variables.opentofu,
  );
  // Every directory Terraform reads, OpenTofu reads too (`filesReadBy`): each root of Terraform's reading was analysed in OpenTofu's.
  if (first !== undefined && opentofu.sawTofu()) {
    const again = roots.filter((dir) => terraform.groups.has(dir) && first.readTofu.has(dir));
    await analyseRoots(terraform, again, options, sink, emit, parsedOnce, variables.terraform);
  }
  // A scanned file no root reached (a module only an installed module calls, a call the instance
  // budget cut off) is still parsed, so that its syntax errors are reported as a whole scan reports them.
  const unreached = files.filter((file) => !parsedOnce.has(file));
  if (unreached.length > 0 && !options.deadline?.expired() && !sink.wasCutShort()) await parseFiles(unreached, options, sink);
}

/**
 * Analyses `roots` in one engine's reading one at a time and hands each unit to `emit` as soon as it is built: a
 * unit's parsed files (its root and the modules it calls, shared within the unit only) are released
 * before the next root is read, so memory grows with the largest unit, not with the repository
 * (docs/architecture.md, "Streaming"). Returns the roots whose module tree read a directory holding a
 * `.tofu` file (or whose analysis failed: what it read is not known); undefined when the scan deadline
 * stopped it (reported). A unit of Terraform's reading says, in `onlyWhere`, the `.tofu` files its module
 * tree holds, which Terraform ignores: what only it gives holds only where Terraform deploys the root.
 */
async function analyseRoots(
  reading: EngineReading,
  roots: readonly string[],
  options: LoadOptions,
  sink: DiagnosticSink,
  emit: (unit: DeploymentUnit) => void,
  parsedOnce: Set<string>,
  variables: RootVariables,
): Promise<{ readonly readTofu: ReadonlySet<string> } | undefined> {
  const { groups } = reading;
  const readTofu = new Set<string>();
  const parseCounted = (list: readonly string[]) => {
    list.forEach((file) => parsedOnce.add(file));
    return parseFiles(list, options, sink);
  };
  const report = (diagnostic: Diagnostic): void => {
    sink.report(diagnostic);
  };
  for (const [index, rootDir] of roots.entries()) {
    // A root module's entry file: where a problem with the whole unit is reported.
    const entry = { file: groups.get(rootDir)?.[0] ?? rootDir, range: FILE_START };
    if (options.deadline?.expired() || sink.wasCutShort()) {
      reportLeftByDeadline(sink.diagnostics, entry, options.limits, roots.length - index, 'Terraform root module');
      return undefined;
    }
    // The modules of this unit, each parsed once for it; a module another root calls too is parsed again there.
    const configs = new Map<string, Promise<ModuleConfig | undefined>>();
    const tofuFiles = new Set<string>();
    const readsTofu = (files: readonly string[]): void => {
      readTofu.add(rootDir);
      files.forEach((file) => tofuFiles.add(relative(rootDir, file).split(sep).join('/')));
    };
    const loadDir = (dir: string): Promise<ModuleConfig | undefined> => {
      let config = configs.get(dir);
      if (config === undefined) {
        config = reading.filesOf(dir, options.reader, readsTofu, report).then(async (list) => {
          if (list === undefined) return undefined;
          const parsed = await parseCounted(list);
          return buildModuleConfig(dir, parsed, parsed.length === list.length);
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
        return undefined;
      }
      emit(reading.engine === 'terraform' && tofuFiles.size > 0 ? { ...unit, onlyWhere: onlyWhereTerraform([...tofuFiles].sort()) } : unit);
    } catch (error) {
      // A bug met in one root module costs that unit only (reported at its entry file). Which
      // directories it read is not known: the other engine's reading is analysed too.
      sink.report(internalError(entry, unitId(rootDir, options.cwd), error));
      readTofu.add(rootDir);
    }
  }
  return { readTofu };
}

/** Says that a finding holds only where Terraform, which ignores the root's `.tofu` files, deploys it. */
function onlyWhereTerraform(tofuFiles: readonly string[]): string {
  const shown = tofuFiles.length > 3 ? `${tofuFiles.slice(0, 3).join(', ')} and ${tofuFiles.length - 3} more .tofu files` : tofuFiles.join(', ');
  return `only where Terraform (which ignores ${shown}) deploys the directory, not OpenTofu`;
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
