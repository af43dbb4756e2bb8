/**
 * Which scanned Terraform directories are root modules (docs/architecture.md, "Streaming"): the
 * directories each calls, read from their module blocks alone, and, where a call computes its
 * `source` (OpenTofu's early evaluation), from the module trees that source may reach.
 */
import { resolve } from 'node:path';
import { appendAll } from '../../core/append-all.js';
import { buildModuleConfig, isLocalSource, type ModuleConfig } from '../../terraform/module/module-config.js';
import { localCallTargets, rootsOfCallGraph } from '../../terraform/module/find-roots.js';
import { sourceCandidates, staticModule } from '../../terraform/module/static-sources.js';
import { buildModuleTree, isComputedSource, readModulesManifest, type ModuleTree } from '../../terraform/module/module-tree.js';
import { MODULE_SOURCES } from '../../terraform/module/read-module-files.js';
import { isJsonConfigurationFile, type TerraformEngine } from '../../terraform/configuration-files.js';
import type { LoadOptions } from '../load-options.js';
import { declaredRootDirs } from './declared-roots.js';
import type { EngineReading } from './engine-reading.js';
import { parseFiles, runContext, type DiagnosticSink, type RootVariables } from './terraform-load-context.js';

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

/** Each scanned directory → the directories it calls, and the directories whose calls compute their `source`. */
interface CallGraph {
  readonly callees: ReadonlyMap<string, readonly string[]>;
  readonly computing: ReadonlySet<string>;
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
  known?: { readonly graph: CallGraph; readonly readAlike: (dir: string) => boolean },
): Promise<CallGraph> {
  const callees = new Map<string, readonly string[]>();
  const computing = new Set<string>();
  for (const [dir, files] of groups) {
    // A directory both engines read alike calls what the other reading found (`load`).
    const found = known?.readAlike(dir) === true ? known.graph.callees.get(dir) : undefined;
    if (found !== undefined) {
      callees.set(dir, found);
      if (known?.graph.computing.has(dir) === true) computing.add(dir);
      continue;
    }
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
 * The call graph `graph` where a module called by a `source` computed from what its caller passes
 * (`static-sources.ts`) is called too: each root module of `graph` that reaches a computed source has
 * its module tree built as its unit will build it (every module parsed whole), and calls every
 * directory that tree holds. Only configurations that compute a source pay for it.
 */
async function withComputedCalls(
  graph: CallGraph,
  reading: EngineReading,
  options: LoadOptions,
  sink: DiagnosticSink,
  variables: RootVariables,
  declared: ReadonlySet<string>,
): Promise<ReadonlyMap<string, readonly string[]>> {
  const { computing } = graph;
  if (computing.size === 0) return graph.callees;
  const callees = new Map(graph.callees);
  const roots = rootsOfCallGraph(callees, declared);
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
  const ignore = (): undefined => undefined;
  const loadDir = async (dir: string): Promise<ModuleConfig | undefined> => {
    const files = await reading.filesOf(dir, options.reader, ignore, ignore);
    return files === undefined ? undefined : buildModuleConfig(dir, await parseFiles(files, options, sink));
  };
  for (const rootDir of roots) {
    if (!reaches(rootDir) || options.deadline?.expired()) continue;
    const config = await loadDir(rootDir);
    if (config === undefined) continue;
    // Its notes are the unit's, given when the unit is analysed.
    const tree = await buildModuleTree(
      config,
      { rootDir, reader: options.reader, loadDir, report: ignore, limits: options.limits, calls: { remaining: options.limits.moduleInstances } },
      readModulesManifest(rootDir, options.reader, ignore),
      '',
      [],
      staticModule(config, variables.inputs(config), runContext(rootDir, options, ignore)),
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
  return callees;
}

/**
 * The root modules of both engines' readings (`engine-reading.ts`): a directory is a module when a
 * scanned directory calls it in either reading (a call written in a `.tofu` file too), unless it
 * says it is a root (`declared-roots.ts`, in either reading). So a repository written for OpenTofu
 * alone (`main.tofu` calling `./modules/user`) has no more roots in Terraform's reading, where its
 * modules would be analysed on their own, with none of the inputs their callers give. Terraform's
 * calls are read only when a scanned directory holds a `.tofu` file, and only in such directories.
 */
export async function rootModules(
  readings: Readonly<Record<TerraformEngine, EngineReading>>,
  options: LoadOptions,
  sink: DiagnosticSink,
  parsedOnce: Set<string>,
  variables: Readonly<Record<TerraformEngine, RootVariables>>,
): Promise<string[]> {
  const { opentofu, terraform } = readings;
  const declared = declaredRootDirs(opentofu.groups, options.reader);
  const graph = await callGraph(opentofu.groups, options, sink, parsedOnce, variables.opentofu);
  const callees = new Map(await withComputedCalls(graph, opentofu, options, sink, variables.opentofu, declared));
  if (!opentofu.sawTofu()) return rootsOfCallGraph(callees, declared);
  const readAlike = (dir: string): boolean => terraform.readAlike(dir);
  const declaredByTerraform = declaredRootDirs(new Map([...terraform.groups].filter(([dir]) => !readAlike(dir))), options.reader);
  const terraformGraph = await callGraph(terraform.groups, options, sink, parsedOnce, variables.terraform, { graph, readAlike });
  const allDeclared = new Set([...declared, ...declaredByTerraform]);
  for (const [dir, called] of await withComputedCalls(terraformGraph, terraform, options, sink, variables.terraform, allDeclared))
    callees.set(dir, [...new Set([...(callees.get(dir) ?? []), ...called])]);
  return rootsOfCallGraph(callees, allDeclared);
}
