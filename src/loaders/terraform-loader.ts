/**
 * The Terraform loader: `.tf` and `.tf.json` files grouped into modules, root modules evaluated the
 * way `terraform plan` would (variables, locals, count/for_each, module calls), and the resulting
 * IAM users, login profiles and access keys returned as one deployment unit per root.
 */
import { dirname, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import { note, parseError } from '../core/diagnostic.js';
import { FILE_START } from '../core/location.js';
import type { DeploymentUnit } from '../model/model.js';
import { buildIamModel } from '../terraform/module/build-iam-model.js';
import { findRootDirs, groupByDirectory } from '../terraform/module/find-roots.js';
import { buildModuleConfig, type ModuleConfig, type ParsedFile } from '../terraform/module/module-config.js';
import { ModuleInstance } from '../terraform/module/module-instance.js';
import { buildModuleTree, readModulesManifest } from '../terraform/module/module-tree.js';
import { listModuleFiles, readTerraformFile } from '../terraform/module/read-module-files.js';
import { rootVariableInputs } from '../terraform/module/root-variables.js';
import type { LoadOptions, LoadResult } from './loader.js';

/** Collects diagnostics once each: a module shared by several roots is read once but may be reported from each. */
class DiagnosticSink {
  private readonly seen = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];

  report(diagnostic: Diagnostic): void {
    const { file, range } = diagnostic.location;
    const key = `${diagnostic.kind}\0${file}\0${range.start.line}:${range.start.column}\0${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Files read and parsed at once: enough to keep the hcl2json worker pool busy, few enough to stay far
 * below the open-file limit on a repository of thousands of files.
 */
const FILES_IN_FLIGHT = 64;

async function parseFiles(files: readonly string[], options: LoadOptions, sink: DiagnosticSink): Promise<ParsedFile[]> {
  const results: Awaited<ReturnType<typeof readTerraformFile>>[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await readTerraformFile(files[index] as string, options.maxFileBytes, options.limits);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FILES_IN_FLIGHT, files.length) }, worker));
  const parsed: ParsedFile[] = [];
  for (const result of results) {
    if (result.ok) parsed.push(result.parsed);
    else sink.report(result.diagnostic);
  }
  return parsed;
}

function groupParsed(parsed: readonly ParsedFile[]): Map<string, ParsedFile[]> {
  const byDir = new Map<string, ParsedFile[]>();
  for (const file of parsed) {
    const dir = dirname(file.file);
    const list = byDir.get(dir);
    if (list) list.push(file);
    else byDir.set(dir, [file]);
  }
  return byDir;
}

function unitId(rootDir: string, cwd: string): string {
  return `terraform:${relative(cwd, rootDir).split(sep).join('/') || '.'}`;
}

async function load(files: readonly string[], options: LoadOptions, sink: DiagnosticSink): Promise<DeploymentUnit[]> {
  const configs = new Map<string, Promise<ModuleConfig | undefined>>();
  const scanned = new Map<string, ModuleConfig>();
  const groups = groupByDirectory(files);
  const parsedByDir = groupParsed(await parseFiles([...groups.values()].flat(), options, sink));
  for (const dir of groups.keys()) {
    const config = buildModuleConfig(dir, parsedByDir.get(dir) ?? []);
    scanned.set(dir, config);
    configs.set(dir, Promise.resolve(config));
  }
  const loadDir = (dir: string): Promise<ModuleConfig | undefined> => {
    let config = configs.get(dir);
    if (config === undefined) {
      config = listModuleFiles(dir, options.repoRoot).then(async (listed) => {
        for (const file of listed?.outside ?? []) sink.report(note({ file, range: FILE_START }, 'symlink leads outside the repository; not followed'));
        if (listed === undefined || listed.files.length === 0) return undefined;
        return buildModuleConfig(dir, await parseFiles(listed.files, options, sink));
      });
      configs.set(dir, config);
    }
    return config;
  };

  const units: DeploymentUnit[] = [];
  for (const rootDir of findRootDirs(scanned)) {
    const config = scanned.get(rootDir);
    if (config === undefined) continue;
    const manifest = await readModulesManifest(rootDir, options.maxFileBytes);
    const tree = await buildModuleTree(config, { rootDir, repoRoot: options.repoRoot, loadDir, report: (d) => sink.report(d) }, manifest);
    const variables = await rootVariableInputs(config, options);
    variables.diagnostics.forEach((d) => sink.report(d));
    // Without TF_WORKSPACE, Terraform runs in the `default` workspace (https://developer.hashicorp.com/terraform/language/state/workspaces).
    const workspace = options.env['TF_WORKSPACE'] || 'default';
    const root = new ModuleInstance(tree, '', variables.inputs, [], undefined, { rootDir, workspace });
    const model = buildIamModel(root);
    const rootFiles = groups.get(rootDir) ?? [];
    units.push({
      id: unitId(rootDir, options.cwd),
      format: rootFiles.length > 0 && rootFiles.every((file) => file.endsWith('.tf.json')) ? 'terraform-json' : 'terraform',
      root: rootDir,
      ...model,
    });
  }
  return units;
}

/** Loads the discovered `.tf`/`.tf.json` files (absolute paths). Never throws. */
export async function loadTerraform(files: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const sink = new DiagnosticSink();
  try {
    const units = await load(files, options, sink);
    return { units, diagnostics: sink.diagnostics };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const file = files[0] ?? options.cwd;
    sink.report(parseError({ file, range: FILE_START }, `Terraform analysis failed: ${message}`));
    return { units: [], diagnostics: sink.diagnostics };
  }
}
