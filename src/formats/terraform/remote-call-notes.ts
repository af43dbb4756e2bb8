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
import { findRootDirs } from '../../terraform/module/find-roots.js';
import { declaredRootDirs } from './declared-roots.js';
import { buildModuleConfig, type ModuleConfig, type ParsedFile } from '../../terraform/module/module-config.js';
import { buildModuleTree, readModulesManifest } from '../../terraform/module/module-tree.js';
import { MODULE_SOURCES, listModuleFiles, readTerraformFile } from '../../terraform/module/read-module-files.js';
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
 * give, from the roots among them. A directory whose calls can lead to no note (`callsMayBeNoted`)
 * is given as declaring no call, so that only the directories on a way to a note are parsed.
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
  // the `source`, all a call's note names (`buildModuleTree`); copies of one file are parsed once.
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

  const configs = new Map<string, Promise<ModuleConfig | undefined>>();
  for (const [dir, files] of scannedFiles) configs.set(dir, parse(dir, files));
  const loadDir = (dir: string): Promise<ModuleConfig | undefined> => {
    let config = configs.get(dir);
    if (config !== undefined) return config;
    // Read by the prefilter and found to exist: what it calls leads to no note.
    if (prefiltered.read.has(dir) && !prefiltered.callsMayBeNoted.has(dir)) config = Promise.resolve(buildModuleConfig(dir, []));
    else {
      config = listModuleFiles(dir, options.reader).then(async (listed) => {
        (listed?.outside ?? []).forEach(report);
        if (listed === undefined || listed.files.length === 0) return undefined;
        return parse(
          dir,
          listed.files.filter((file) => declaresModules(file, prefiltered, options)),
        );
      });
    }
    configs.set(dir, config);
    return config;
  };

  const scanned = new Map<string, ModuleConfig>();
  for (const dir of scannedFiles.keys()) {
    const config = await configs.get(dir);
    if (config !== undefined) scanned.set(dir, config);
  }
  for (const rootDir of findRootDirs(scanned, declaredRootDirs(scannedFiles, options.reader))) {
    const config = scanned.get(rootDir);
    if (config === undefined || options.deadline?.expired()) continue;
    const manifest = readModulesManifest(rootDir, options.reader, report);
    const calls = { remaining: options.limits.moduleInstances };
    await buildModuleTree(config, { rootDir, reader: options.reader, loadDir, report, limits: options.limits, calls }, manifest);
  }
  return diagnostics;
}
