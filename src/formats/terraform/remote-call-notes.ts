/**
 * The "not analysed" notes of the module calls in directories the prefilter does not load
 * (`prefilter.ts`, `noteDirectories`): a root module whose only content is a registry or git module
 * that `terraform init` has not downloaded holds nothing credlint reports, but the call must still be
 * named, with and without the prefilter (README, "Terraform"). Only the files that declare module
 * blocks are parsed (a call's note needs its block, and a file that does not parse gives its parse
 * error instead, as when loaded), and the module tree is built by the loader's own code
 * (`src/terraform/module/module-tree.ts`), so the notes are the loader's, word for word.
 */
import type { Diagnostic } from '../../core/diagnostic.js';
import { localCallTargets, rootsOfCallGraph } from '../../terraform/module/find-roots.js';
import { declaredRootDirs } from './declared-roots.js';
import { buildModuleConfig, type ModuleConfig, type ParsedFile } from '../../terraform/module/module-config.js';
import { buildModuleTree, readModulesManifest } from '../../terraform/module/module-tree.js';
import { MODULE_SOURCES, readTerraformFile } from '../../terraform/module/read-module-files.js';
import { EngineReading } from './engine-reading.js';
import { SharedParses } from '../../terraform/parse-hcl.js';
import { isJsonConfigurationFile } from '../../terraform/configuration-files.js';
import type { LoadOptions } from '../load-options.js';
import { hasModuleHeader, readJsonText } from './module-calls.js';
import type { PrefilterResult } from './prefilter.js';

/**
 * Whether a configuration file declares a module block (read lexically, as the prefilter does): known
 * from the prefilter's reading for the files it read, so that they are not read twice.
 */
function declaresModules(file: string, prefiltered: PrefilterResult, options: LoadOptions): boolean {
  const known = prefiltered.moduleBlocks.get(file);
  if (known !== undefined) return known;
  const read = options.reader.readBytes(file);
  // An unreadable file gives its diagnostic when it is parsed.
  if (!read.ok) return true;
  return isJsonConfigurationFile(file) ? readJsonText(read.bytes.toString('utf8'), []).hasModules : hasModuleHeader(read.bytes);
}

/** The files among the scanned note directories that will be parsed for their module calls. */
export function noteFiles(prefiltered: PrefilterResult, options: LoadOptions): ReadonlyMap<string, readonly string[]> {
  const files = new Map<string, readonly string[]>();
  for (const [dir, list] of prefiltered.scannedByDirectory)
    files.set(
      dir,
      list.filter((file) => declaresModules(file, prefiltered, options)),
    );
  return files;
}

/**
 * The notes (and the parse errors of the files read for them) that loading `noteDirectories` would
 * give, from the roots among them, as each engine reads them (`engine-reading.ts`; Terraform's reading
 * only where a directory read holds a `.tofu` file, as the loader does). A directory whose calls can
 * lead to no note (`callsMayBeNoted`) is given as declaring no call, so that only the directories on a
 * way to a note are parsed. `scannedFiles` are the files of the note directories that declare module
 * blocks (`noteFiles`).
 */
export async function remoteCallNotes(
  prefiltered: PrefilterResult,
  scannedFiles: ReadonlyMap<string, readonly string[]>,
  options: LoadOptions,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const report = (diagnostic: Diagnostic): void => {
    diagnostics.push(diagnostic);
  };
  // Only the module blocks are read from the files (their calls are the notes), and of those only
  // the `source` and `version`, all a call's note reads (`buildModuleTree`); copies of one file are parsed once.
  const selected = new SharedParses(MODULE_SOURCES);
  const parse = async (dir: string, files: readonly string[]): Promise<ModuleConfig> => {
    const parsed: ParsedFile[] = [];
    for (const file of files) {
      if (options.deadline?.expired()) break;
      const result = await readTerraformFile(file, options.reader, options.deadline, options.limits, selected);
      if (result.ok) parsed.push(result.parsed);
      else if (!result.abandoned) report(result.diagnostic);
    }
    return buildModuleConfig(dir, parsed);
  };
  const declaring = new Set([...scannedFiles.values()].flat());
  const opentofu = new EngineReading('opentofu', prefiltered.scannedByDirectory);
  const terraform = new EngineReading('terraform', prefiltered.scannedByDirectory);
  const read = async (reading: EngineReading): Promise<ReadingConfigs> => {
    // Each note directory this engine reads → its files that declare module blocks.
    const groups = new Map([...reading.groups].map(([dir, files]) => [dir, files.filter((file) => declaring.has(file))]));
    const configs = new Map<string, ModuleConfig>();
    for (const [dir, files] of groups) configs.set(dir, await parse(dir, files));
    return { reading, configs, declared: declaredRootDirs(groups, options.reader) };
  };
  const first = await read(opentofu);
  const second = opentofu.sawTofu() ? await read(terraform) : undefined;
  // The loader's roots (`rootModules` in `load-terraform.ts`): a directory either reading calls is a module.
  const callees = new Map<string, string[]>();
  for (const { configs } of second === undefined ? [first] : [first, second])
    for (const [dir, config] of configs) callees.set(dir, [...(callees.get(dir) ?? []), ...localCallTargets(config)]);
  const roots = rootsOfCallGraph(callees, new Set([...first.declared, ...(second?.declared ?? [])]));
  await readingNotes(first, roots, prefiltered, options, parse, report);
  if (opentofu.sawTofu()) await readingNotes(second ?? (await read(terraform)), roots, prefiltered, options, parse, report);
  return diagnostics;
}

/** One engine's reading of the scanned note directories: their configurations (module calls only) and declared roots. */
interface ReadingConfigs {
  readonly reading: EngineReading;
  readonly configs: ReadonlyMap<string, ModuleConfig>;
  readonly declared: ReadonlySet<string>;
}

/** The notes of the module trees of `roots` in one engine's reading of the note directories (`remoteCallNotes`). */
async function readingNotes(
  { reading, configs: scanned }: ReadingConfigs,
  roots: readonly string[],
  prefiltered: PrefilterResult,
  options: LoadOptions,
  parse: (dir: string, files: readonly string[]) => Promise<ModuleConfig>,
  report: (diagnostic: Diagnostic) => void,
): Promise<void> {
  const configs = new Map<string, Promise<ModuleConfig | undefined>>([...scanned].map(([dir, config]) => [dir, Promise.resolve(config)]));
  const ignore = (): undefined => undefined;
  const loadDir = (dir: string): Promise<ModuleConfig | undefined> => {
    let config = configs.get(dir);
    if (config !== undefined) return config;
    // Read by the prefilter and found to exist: what it calls leads to no note.
    if (prefiltered.read.has(dir) && !prefiltered.callsMayBeNoted.has(dir)) config = Promise.resolve(buildModuleConfig(dir, []));
    else {
      config = reading.filesOf(dir, options.reader, ignore, report).then(async (files) =>
        files === undefined
          ? undefined
          : parse(
              dir,
              files.filter((file) => declaresModules(file, prefiltered, options)),
            ),
      );
    }
    configs.set(dir, config);
    return config;
  };
  for (const rootDir of roots) {
    const config = scanned.get(rootDir);
    if (config === undefined || options.deadline?.expired()) continue;
    const manifest = readModulesManifest(rootDir, options.reader, report);
    const calls = { remaining: options.limits.moduleInstances };
    await buildModuleTree(config, { rootDir, reader: options.reader, loadDir, report, limits: options.limits, calls }, manifest);
  }
}
